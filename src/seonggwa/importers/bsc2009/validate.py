"""Checks for 2009 BSC sheets: what each sheet declares against what its rows add up to.

Codes (docs/importers-bsc.md has the full table):

* ``BSC_WEIGHT_SUM`` (error) — indicator weights of a sheet do not total 100 (R10);
* ``BSC_PERSPECTIVE_SUM`` (error) — weights inside a perspective differ from its declared
  weight (R10);
* ``BSC_PERSPECTIVE_DECLARED_SUM`` (error) — the declared perspective weights do not total 100;
* ``BSC_PERSPECTIVE_REDECLARED`` (warning) — one perspective declared with two weights (A20);
* ``BSC_ROW_TRUNCATED`` (warning) — the right-hand cells (unit, weight) were cut off (A7);
* ``BSC_DUPLICATE_ROW`` (warning) — two rows of one sheet carry identical figures (A8/A19);
* ``BSC_COPY_OF`` / ``BSC_PARTIAL_COPY`` (info) — a sheet repeats another owner's table (A19);
* ``BSC_CUMULATIVE_BROKEN`` (error) — ``a(b)`` series with cumulative(t) ≠ cumulative(t−1) +
  annual(t) (R11);
* ``BSC_PARENT_VALUE_MISMATCH`` (warning) — a sub-unit prints its parent's KPI differently;
* ``BSC_CITY_TARGET_DIFFERS`` (warning) — one city KPI with different targets (A20);
* ``BSC_UNIT_NAME_MISMATCH`` (warning) — the unit does not fit the KPI name;
* ``BSC_SCALE_SWITCH`` (warning) — a score switches between 100- and 10-point scales;
* ``BSC_DIRECTION_UNCLEAR`` (info) — both targets are worse than the last actual.

Parser findings (header defects, duplicated cells, header words in cells) are passed through.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.text import norm_key
from seonggwa.importers.records import ParsedDocument, ParsedIndicator, ParsedOwner, ValueKind

__all__ = ["decimal_of", "indicators_of", "unit_name_mismatch", "validate"]

_DECIMAL = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
_PAIR = re.compile(r"^\s*(?P<a>-|[\d,]*\.?\d+)\s*\(\s*(?P<b>[\d,]*\.?\d+)\s*[^\d()]*\)\s*$")
_FIRST_NUMBER = re.compile(r"[\d,]*\.?\d+")


def decimal_of(raw: str) -> Decimal | None:
    """A plain number ("7.5", "1,483", "20%") as Decimal; None for anything else."""
    text = raw.strip().rstrip("%").strip()
    if not _DECIMAL.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _first_number(raw: str) -> Decimal | None:
    match = _FIRST_NUMBER.search(raw)
    if not match:
        return None
    try:
        return Decimal(match.group(0).replace(",", ""))
    except InvalidOperation:
        return None


def indicators_of(owner: ParsedOwner) -> list[ParsedIndicator]:
    """The owner's indicators in source order."""
    return sorted(
        (ind for goal in owner.strategic_goals for ind in goal.indicators), key=lambda i: i.line
    )


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# --- unit vs name (shared with bsc_detail) ------------------------------------------------

# (name pattern, unit pattern the unit must match, what the name asks for)
_UNIT_RULES: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...] = (
    (re.compile(r"만족도$"), re.compile(r"점|%|등급|수준"), "점 또는 %"),
    (re.compile(r"(개최|회의)\S*건수$"), re.compile(r"건|회|횟"), "건 또는 회"),
    (re.compile(r"건수$"), re.compile(r"^(?!.*(명|인|%|회|횟)).*$"), "건"),
    (re.compile(r"횟수$"), re.compile(r"회|횟수|건"), "회"),
    (re.compile(r"(인원|인원수|자수|자 수|객수|객 수)$"), re.compile(r"명|인"), "명"),
    (re.compile(r"(업소|업체|기관|개소)\s*수$"), re.compile(r"개|곳|소|업체|기관"), "개소"),
)


def unit_name_mismatch(name: str, unit: str) -> str | None:
    """What unit the KPI name asks for, when the printed unit does not fit it.

    >>> unit_name_mismatch("노인 일자리 참여 인원", "%")
    '명'
    >>> unit_name_mismatch("시민 권익구제 만족도", "점") is None
    True
    """
    if not unit:
        return None
    stem = re.sub(r"\s*\([^()]*\)\s*$", "", name.strip())
    for name_rule, unit_rule, expected in _UNIT_RULES:
        if name_rule.search(stem):
            return None if unit_rule.search(unit) else expected
    return None


# --- checks -------------------------------------------------------------------------------


def _weight_checks(owner: ParsedOwner) -> Iterable[Finding]:
    inds = indicators_of(owner)
    if not inds:
        return
    weights = [decimal_of(i.weight.raw) if i.weight else None for i in inds]
    total = sum((w for w in weights if w is not None), Decimal(0))
    lost = [i for i in inds if i.weight is None]
    for ind in lost:
        yield Finding(
            Severity.WARNING,
            "BSC_ROW_TRUNCATED",
            f"'{ind.name}' 행의 오른쪽 칸(단위·가중치)이 잘려 가중치를 알 수 없습니다. 원문에서 "
            "가중치를 확인해 입력하세요.",
            unit=owner.name,
            line=ind.line,
        )
    if total != 100:
        hint = f" 가중치가 유실된 행이 {len(lost)}개 있습니다." if lost else ""
        yield Finding(
            Severity.ERROR,
            "BSC_WEIGHT_SUM",
            f"'{owner.name}' 지표 가중치의 합이 {_fmt(total)}으로 100이 아닙니다.{hint} "
            "가중치를 고쳐 합이 100이 되게 하세요.",
            unit=owner.name,
            line=owner.line,
            details={"sum": _fmt(total), "rows": str(len(inds))},
        )
    declared = [(p, decimal_of(p.weight.raw)) for p in owner.perspectives if p.weight]
    declared_values = [d for _, d in declared if d is not None]
    if declared_values and len(declared_values) == len(owner.perspectives):
        declared_total = sum(declared_values, Decimal(0))
        if declared_total != 100:
            yield Finding(
                Severity.ERROR,
                "BSC_PERSPECTIVE_DECLARED_SUM",
                f"관점 가중치 선언의 합이 {_fmt(declared_total)}으로 100이 아닙니다. 관점별 "
                "가중치를 고치세요.",
                unit=owner.name,
                line=owner.perspectives[0].line,
            )
    by_perspective: dict[str, Decimal] = defaultdict(Decimal)
    for ind, weight in zip(inds, weights, strict=True):
        if weight is not None:
            by_perspective[norm_key(ind.perspective)] += weight
    for perspective, value in declared:
        if value is None:
            continue
        rows = by_perspective.get(norm_key(perspective.name), Decimal(0))
        for again in perspective.redeclared:
            other = decimal_of(again.raw)
            if other is not None and other != value:
                yield Finding(
                    Severity.WARNING,
                    "BSC_PERSPECTIVE_REDECLARED",
                    f"관점 '{perspective.name}'의 가중치가 {perspective.line}행에서 "
                    f"{perspective.weight.raw if perspective.weight else ''}, {again.line}행에서 "
                    f"{again.raw}로 다르게 적혀 있습니다(지표 합 {_fmt(rows)}). 한쪽으로 "
                    "맞추세요.",
                    unit=owner.name,
                    line=again.line,
                )
        if rows != value and not any(decimal_of(r.raw) == rows for r in perspective.redeclared):
            yield Finding(
                Severity.ERROR,
                "BSC_PERSPECTIVE_SUM",
                f"관점 '{perspective.name}'의 선언 가중치는 {_fmt(value)}인데 지표 가중치 합은 "
                f"{_fmt(rows)}입니다. 선언 또는 지표 가중치를 고치세요.",
                unit=owner.name,
                line=perspective.line,
                details={"declared": _fmt(value), "rows": _fmt(rows)},
            )


def _row_signature(ind: ParsedIndicator) -> tuple[str, ...]:
    return (
        *(norm_key(v.raw) for v in ind.values),
        norm_key(ind.unit_of_measure),
        ind.weight.raw if ind.weight else "",
    )


def _duplicate_rows(owner: ParsedOwner) -> Iterable[Finding]:
    seen: dict[tuple[str, ...], ParsedIndicator] = {}
    for ind in indicators_of(owner):
        numbers = [v for v in ind.values if any(ch.isdigit() for ch in v.raw)]
        if len(numbers) < 3:
            continue
        raws = {norm_key(v.raw) for v in numbers}
        if len(raws) < 2:  # e.g. "100 100 100": too common to mean a copy
            continue
        signature = _row_signature(ind)
        first = seen.get(signature)
        if first is not None:
            yield Finding(
                Severity.WARNING,
                "BSC_DUPLICATE_ROW",
                f"'{ind.name}' 행의 값·단위·가중치가 {first.line}행 '{first.name}'과 같습니다. "
                "중복 행이면 한 행을 지우고 가중치를 다시 맞추세요.",
                unit=owner.name,
                line=ind.line,
                details={"first_line": str(first.line)},
            )
        else:
            seen[signature] = ind


def _table_key(ind: ParsedIndicator) -> tuple[str, ...]:
    return (norm_key(ind.name), *_row_signature(ind))


def _copies(doc: ParsedDocument) -> Iterable[Finding]:
    """A19: a sheet identical to an earlier owner's is marked ``copy_of``; a near-copy is info."""
    tables: list[tuple[ParsedOwner, list[tuple[str, ...]]]] = []
    for owner in doc.owners:
        rows = [_table_key(i) for i in indicators_of(owner)]
        if not rows:
            continue
        for other, other_rows in tables:
            same_names = sum(1 for a, b in zip(rows, other_rows, strict=False) if a[0] == b[0])
            identical = [r[1:] for r in rows] == [r[1:] for r in other_rows]
            # figures identical; names may differ by a typo (육내/옥내, 001:1176)
            if identical and same_names * 2 >= len(rows):
                owner.copy_of = other.name
                yield Finding(
                    Severity.INFO,
                    "BSC_COPY_OF",
                    f"'{owner.name}'의 표가 '{other.name}'({other.line}행)의 표와 같습니다. "
                    "별도 소유자로 가져오되 시 합계에서는 한 번만 셉니다.",
                    unit=owner.name,
                    line=owner.line,
                    details={"copy_of": other.name},
                )
                break
            other_sigs = [r[1:] for r in other_rows]
            sigs = [r[1:] for r in rows]
            if len(rows) >= 5 and len(rows) < len(other_rows):
                remaining = list(other_sigs)
                matched = 0
                for sig in sigs:
                    if sig in remaining:
                        remaining.remove(sig)
                        matched += 1
                if matched == len(sigs):
                    yield Finding(
                        Severity.INFO,
                        "BSC_PARTIAL_COPY",
                        f"'{owner.name}'의 표는 '{other.name}'({other.line}행) 표에서 "
                        f"{len(other_rows) - len(rows)}개 행이 빠진 사본입니다. 빠진 행이 "
                        "의도된 것인지 확인하세요.",
                        unit=owner.name,
                        line=owner.line,
                        details={"copy_of": other.name},
                    )
                    break
        tables.append((owner, rows))


def _pair(raw: str) -> tuple[Decimal, Decimal] | None:
    match = _PAIR.match(raw)
    if not match:
        return None
    a = match.group("a")
    try:
        annual = Decimal(0) if a == "-" else Decimal(a.replace(",", ""))
        return annual, Decimal(match.group("b").replace(",", ""))
    except InvalidOperation:
        return None


def cumulative_breaks(ind: ParsedIndicator) -> list[tuple[int, str]]:
    """(line, description) for each broken step of an ``a(b)`` annual(cumulative) series.

    A series counts as cumulative only when at least one non-zero step adds up, because
    ``a(b)`` also means own(external), 10-point(100-point) … (section 6).
    """
    values = sorted((v for v in ind.values if v.year is not None), key=lambda v: v.year or 0)
    holds = 0
    broken: list[tuple[int, str]] = []
    previous: Decimal | None = None
    for value in values:
        pair = _pair(value.raw)
        if pair is None:
            plain = decimal_of(value.raw)
            previous = plain
            continue
        annual, cumulative = pair
        if previous is not None:
            if previous + annual == cumulative:
                holds += 1 if annual != 0 else 0
            else:
                broken.append(
                    (value.line, f"{_fmt(previous)} + {_fmt(annual)} ≠ {_fmt(cumulative)}")
                )
        previous = cumulative
    cumulative_named = "누계" in ind.name + ind.unit_of_measure or "누적" in (
        ind.name + ind.unit_of_measure
    )
    return broken if (holds or cumulative_named) else []


def _cumulative(owner: ParsedOwner) -> Iterable[Finding]:
    for ind in indicators_of(owner):
        for line, text in cumulative_breaks(ind)[:1]:
            yield Finding(
                Severity.ERROR,
                "BSC_CUMULATIVE_BROKEN",
                f"'{ind.name}'의 누계가 맞지 않습니다: {text}. 연도별 증가분(누계)을 원문과 "
                "대조해 고치세요.",
                unit=owner.name,
                line=line,
            )


def _owner_by_label(doc: ParsedDocument, label: str) -> ParsedOwner | None:
    key = norm_key(label)
    candidates = [key]
    if key.endswith("장"):
        candidates += [key[:-1], key[:-3] if key.endswith("본부장") else key[:-1]]
    for owner in doc.owners:
        if norm_key(owner.name) in candidates and owner.kind.value == "unit":
            return owner
    return None


def _standard_names(doc: ParsedDocument) -> set[str]:
    """KPI names printed by at least half of the owners (예산 집행률, 1인당 교육시간 …):
    every unit reports its own figure for them, so they are not parent/child copies."""
    counts: dict[str, int] = defaultdict(int)
    for owner in doc.owners:
        for key in {norm_key(i.name) for i in indicators_of(owner)}:
            counts[key] += 1
    return {key for key, n in counts.items() if n * 2 >= len(doc.owners) and n > 2}


def _parent_values(doc: ParsedDocument) -> Iterable[Finding]:
    """A sub-unit reprints a parent KPI series (same name, some years equal) but one year
    differs (001:893 vs 001:865)."""
    standard = _standard_names(doc)
    for owner in doc.owners:
        parent = _owner_by_label(doc, owner.parent_label) if owner.parent_label else None
        if parent is None or parent is owner:
            continue
        parent_rows: dict[str, ParsedIndicator] = {}
        for ind in indicators_of(parent):
            parent_rows.setdefault(norm_key(ind.name), ind)
        for ind in indicators_of(owner):
            match = parent_rows.get(norm_key(ind.name))
            if match is None or norm_key(ind.name) in standard:
                continue
            own = {v.year: v for v in ind.values}
            same = [
                pv
                for pv in match.values
                if pv.year in own
                and norm_key(own[pv.year].raw) == norm_key(pv.raw)
                and any(ch.isdigit() for ch in pv.raw)
            ]
            if not same:
                continue
            for pv in match.values:
                mine = own.get(pv.year)
                if mine is None:
                    continue
                a, b = _pair(mine.raw), _pair(pv.raw)
                first_a = a[0] if a else _first_number(mine.raw)
                first_b = b[0] if b else _first_number(pv.raw)
                if first_a is not None and first_b is not None and first_a != first_b:
                    yield Finding(
                        Severity.WARNING,
                        "BSC_PARENT_VALUE_MISMATCH",
                        f"'{ind.name}' {pv.year}년 값이 하위 부서 '{owner.name}'에서 "
                        f"'{mine.raw}', 상위 '{parent.name}'({match.line}행)에서 '{pv.raw}'로 "
                        "다릅니다. 어느 쪽이 맞는지 확인해 맞추세요.",
                        unit=owner.name,
                        line=ind.line,
                        details={"parent_line": str(match.line), "year": str(pv.year)},
                    )
                    break


def _city_targets(doc: ParsedDocument) -> Iterable[Finding]:
    """A20: the same parent (city) KPI printed with different targets on different sheets."""
    groups: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    owner_keys = {norm_key(o.name) for o in doc.owners}
    seen_lines: set[int] = set()
    for owner in doc.owners:
        if owner.copy_of is not None:
            continue
        for ind in indicators_of(owner):
            link = ind.parent
            if link is None or not link.kpi or not link.target or link.line in seen_lines:
                continue
            label = norm_key(link.parent_owner)
            if label in owner_keys or label.rstrip("장") in owner_keys:
                continue  # a parent unit, not the city
            seen_lines.add(link.line)
            groups[norm_key(link.kpi)].append((link.target, link.line, owner.name))
    for entries in groups.values():
        targets = {norm_key(t) for t, _, _ in entries}
        if len(targets) < 2:
            continue
        _first_target, first_line, first_owner = entries[0]
        listing = ", ".join(f"{t}({line}행)" for t, line, _ in entries)
        yield Finding(
            Severity.WARNING,
            "BSC_CITY_TARGET_DIFFERS",
            f"상위 지표의 목표치가 시트마다 다릅니다: {listing}. 시 목표치 하나로 맞추세요.",
            unit=first_owner,
            line=first_line,
            details={"lines": ",".join(str(line) for _, line, _ in entries)},
        )


def _unit_checks(owner: ParsedOwner) -> Iterable[Finding]:
    for ind in indicators_of(owner):
        expected = unit_name_mismatch(ind.name, ind.unit_of_measure)
        if expected is not None:
            yield Finding(
                Severity.WARNING,
                "BSC_UNIT_NAME_MISMATCH",
                f"'{ind.name}'의 단위가 '{ind.unit_of_measure}'입니다. 지표명으로는 "
                f"{expected} 단위가 맞습니다. 단위나 지표명을 고치세요.",
                unit=owner.name,
                line=ind.line,
            )


def _scale_switch(owner: ParsedOwner) -> Iterable[Finding]:
    for ind in indicators_of(owner):
        if "점" not in ind.unit_of_measure:
            continue
        numbers = [n for v in ind.values if (n := _first_number(v.raw)) is not None and n > 0]
        small = [n for n in numbers if n <= 10]
        large = [n for n in numbers if n > 10]
        if small and large and any(7 <= big / sm <= 13 for big in large for sm in small):
            yield Finding(
                Severity.WARNING,
                "BSC_SCALE_SWITCH",
                f"'{ind.name}' 행에서 100점 척도와 10점 척도가 섞여 있습니다. 한 척도로 "
                "환산해 적으세요.",
                unit=owner.name,
                line=ind.line,
            )


_LOWER_IS_BETTER = re.compile(
    r"(처리시간|소요시간|소요일수|대기시간|지연율|사고|사망자|부채|오염도|미세먼지|부적합|"
    r"고장률|노후율|순위|발생|체납|민원\s*건수)"
)


def _direction(owner: ParsedOwner) -> Iterable[Finding]:
    for ind in indicators_of(owner):
        actuals = [v for v in ind.values if v.kind is ValueKind.ACTUAL]
        targets = [v for v in ind.values if v.kind is ValueKind.TARGET]
        if not actuals or len(targets) < 2:
            continue
        last = decimal_of(actuals[-1].raw)
        goals = [decimal_of(t.raw) for t in targets]
        if last is None or any(g is None for g in goals):
            continue
        lower = bool(_LOWER_IS_BETTER.search(ind.name))
        worse = [g for g in goals if g is not None and (g > last if lower else g < last)]
        steps = list(itertools.pairwise(goals))
        # higher-is-better: targets fall below the last actual and keep falling (001:40,695);
        # lower-is-better: targets rise above the last actual and do not come down (001:1014)
        trend = all(
            (b >= a if lower else b < a) for a, b in steps if a is not None and b is not None
        )
        if len(worse) == len(goals) and trend:
            yield Finding(
                Severity.INFO,
                "BSC_DIRECTION_UNCLEAR",
                f"'{ind.name}'의 목표({', '.join(t.raw for t in targets)})가 최근 실적 "
                f"{actuals[-1].raw}보다 {'높습니다' if lower else '낮습니다'}. 지표의 방향"
                "(높을수록/낮을수록 좋음)을 부서에 확인하세요.",
                unit=owner.name,
                line=ind.line,
            )


def validate(doc: ParsedDocument) -> list[Finding]:
    """All findings for a parsed 2009 BSC document, parser findings first."""
    findings = list(doc.findings)
    findings.extend(_copies(doc))
    for owner in doc.owners:
        findings.extend(_weight_checks(owner))
        findings.extend(_duplicate_rows(owner))
        findings.extend(_unit_checks(owner))
        findings.extend(_scale_switch(owner))
        if owner.copy_of is None:
            findings.extend(_cumulative(owner))
            findings.extend(_direction(owner))
    findings.extend(_parent_values(doc))
    findings.extend(_city_targets(doc))
    findings.sort(key=lambda f: (f.line or 0, f.code))
    return findings
