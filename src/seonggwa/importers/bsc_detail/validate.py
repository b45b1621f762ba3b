"""Checks for the 2020 BSC plan detail (R9): declared "가중치 합계" against the rows.

Codes (docs/importers-bsc.md):

* ``BSCD_WEIGHT_TOTAL`` (error) — the rows' weights differ from the printed total;
* ``BSCD_WEIGHT_TOTAL_BLANK`` (warning) — the total cell is blank (rows checked against 100);
* ``BSCD_WEIGHT_TOTAL_MISSING`` (warning) — no "가중치 합계" row at all;
* ``BSCD_WEIGHT_SUM`` (error) — no usable total and the rows do not sum to 100;
* ``BSCD_DUPLICATE_ROW`` (warning) — one KPI name twice in a department;
* ``BSCD_UNIT_NAME_MISMATCH`` (warning) — the unit does not fit the KPI name;
* ``BSCD_TWO_TARGETS`` (warning) — two target figures in one cell ("11.4 3,500");
* ``BSCD_COMPOSITE_PART_MISSING`` (warning) — a two-part unit ("% (개소)") with one figure;
* ``BSCD_ROW_SHIFTED`` (info) — cells pushed right; goal text found in the 지표명 column (A7).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.text import norm_key
from seonggwa.importers.bsc2009.validate import decimal_of, indicators_of, unit_name_mismatch
from seonggwa.importers.records import ParsedDocument, ParsedOwner, ValueKind

__all__ = ["validate"]

_CUMULATIVE_MARK = re.compile(r"\(\s*(누계|누적)\s*\)")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PAIR = re.compile(r"^\s*\d[\d,]*(?:\.\d+)?\s*\(\s*\d[\d,]*(?:\.\d+)?\s*\)\s*$")


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _weights(owner: ParsedOwner) -> Iterable[Finding]:
    inds = indicators_of(owner)
    total = sum(
        (w for i in inds if i.weight and (w := decimal_of(i.weight.raw)) is not None), Decimal(0)
    )
    declared = owner.declared_weight_total
    if declared is None:
        yield Finding(
            Severity.WARNING,
            "BSCD_WEIGHT_TOTAL_MISSING",
            f"'{owner.name}' 블록에 '가중치 합계' 행이 없습니다. 합계 행을 보완하세요.",
            unit=owner.name,
            line=owner.line,
        )
    elif not declared.raw:
        yield Finding(
            Severity.WARNING,
            "BSCD_WEIGHT_TOTAL_BLANK",
            f"'{owner.name}'의 '가중치 합계' 칸이 비어 있습니다(지표 가중치 합 {_fmt(total)}). "
            "합계 칸에 100을 적으세요.",
            unit=owner.name,
            line=declared.line,
            details={"rows": _fmt(total)},
        )
    else:
        printed = decimal_of(declared.raw)
        if printed is not None and printed != total:
            yield Finding(
                Severity.ERROR,
                "BSCD_WEIGHT_TOTAL",
                f"'{owner.name}'의 지표 가중치 합은 {_fmt(total)}인데 '가중치 합계'에는 "
                f"{declared.raw}로 적혀 있습니다. 가중치를 고쳐 합계와 맞추세요.",
                unit=owner.name,
                line=declared.line,
                details={"declared": declared.raw, "rows": _fmt(total)},
            )
            return
        if printed is not None and printed == total and total == 100:
            return
    if total != 100:
        yield Finding(
            Severity.ERROR,
            "BSCD_WEIGHT_SUM",
            f"'{owner.name}'의 지표 가중치 합이 {_fmt(total)}으로 100이 아닙니다. 가중치를 "
            "고쳐 합이 100이 되게 하세요.",
            unit=owner.name,
            line=declared.line if declared else owner.line,
        )


def _rows(owner: ParsedOwner) -> Iterable[Finding]:
    seen: dict[str, int] = {}
    for ind in indicators_of(owner):
        key = norm_key(ind.name)
        if key in seen:
            yield Finding(
                Severity.WARNING,
                "BSCD_DUPLICATE_ROW",
                f"'{ind.name}' 지표가 {seen[key]}행과 중복됩니다. 중복 행을 지우세요.",
                unit=owner.name,
                line=ind.line,
            )
        else:
            seen[key] = ind.line
        expected = unit_name_mismatch(ind.name, ind.unit_of_measure)
        if expected is not None:
            yield Finding(
                Severity.WARNING,
                "BSCD_UNIT_NAME_MISMATCH",
                f"'{ind.name}'의 단위가 '{ind.unit_of_measure}'입니다. 지표명으로는 "
                f"{expected} 단위가 맞습니다. 단위나 지표명을 고치세요.",
                unit=owner.name,
                line=ind.line,
            )
        if any(note.startswith("셀 밀림") and "+" in note for note in ind.notes):
            yield Finding(
                Severity.INFO,
                "BSCD_ROW_SHIFTED",
                f"'{ind.name}' 행의 칸이 오른쪽으로 밀려 지표명 칸에 전략목표 문구가 있습니다. "
                "가중치 기준으로 다시 읽었으니 칸 위치를 확인하세요.",
                unit=owner.name,
                line=ind.line,
            )
        yield from _composite(owner, ind.name, ind.unit_of_measure, ind.values, ind.line)


def _composite(
    owner: ParsedOwner, name: str, unit: str, values: Iterable[object], line: int
) -> Iterable[Finding]:
    targets = [v for v in values if getattr(v, "kind", None) is ValueKind.TARGET]
    if not targets:
        return
    raw = str(getattr(targets[0], "raw", ""))
    unit_parts = [p for p in re.split(r"[\s()]+", _CUMULATIVE_MARK.sub("", unit)) if p]
    numbers = _NUMBER.findall(raw)
    if len(numbers) >= 2 and not _PAIR.match(raw) and re.fullmatch(r"[\d,.\s]+", raw):
        yield Finding(
            Severity.WARNING,
            "BSCD_TWO_TARGETS",
            f"'{name}'의 목표 칸에 값 두 개('{raw}', 단위 '{unit}')가 들어 있습니다. 지표를 "
            "나누거나 복합 목표의 각 부분을 정의하세요.",
            unit=owner.name,
            line=line,
        )
    elif len(unit_parts) >= 2 and len(numbers) == 1:
        yield Finding(
            Severity.WARNING,
            "BSCD_COMPOSITE_PART_MISSING",
            f"'{name}'의 단위는 '{unit}'로 두 부분인데 목표는 '{raw}' 하나뿐입니다. 빠진 "
            "부분의 목표를 채우세요.",
            unit=owner.name,
            line=line,
        )


def validate(doc: ParsedDocument) -> list[Finding]:
    """All findings for a parsed 2020 BSC detail, parser findings first."""
    findings = list(doc.findings)
    for owner in doc.owners:
        findings.extend(_weights(owner))
        findings.extend(_rows(owner))
    findings.sort(key=lambda f: (f.line or 0, f.code))
    return findings
