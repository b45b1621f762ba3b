"""Checks of a read 2020 BSC plan detail's own artefacts, and ``validate``.

The declared "가중치 합계" against the rows (R9: ``weights.*``) runs on the rows in
:mod:`seonggwa.importers.rules`. What stays here (docs/findings.md has every code):

* ``bsc_detail.duplicate_row`` — one KPI name twice in a department;
* ``indicator.unit_name_mismatch`` — the unit does not fit the KPI name (A16);
* ``bsc_detail.two_targets`` — two target figures in one cell ("11.4 3,500", A13);
* ``bsc_detail.composite_part_missing`` — a two-part unit ("% (개소)") with one figure;
* ``bsc_detail.row_shifted`` — cells pushed right; goal text in the 지표명 column (A7).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.text import norm_key
from seonggwa.engine.values import parse_value
from seonggwa.importers.bsc2009.validate import indicators_of
from seonggwa.importers.naming import unit_name_finding
from seonggwa.importers.records import ParsedDocument, ParsedOwner, ValueKind
from seonggwa.importers.rules import document_findings

__all__ = ["validate"]

_CUMULATIVE_MARK = re.compile(r"\(\s*(누계|누적)\s*\)")


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _rows(owner: ParsedOwner) -> Iterable[Finding]:
    seen: dict[str, int] = {}
    for ind in indicators_of(owner):
        key = norm_key(ind.name)
        if key in seen:
            yield finding(
                "bsc_detail.duplicate_row",
                unit=owner.name,
                line=ind.line,
                indicator=ind.name,
                first_line=seen[key],
            )
        else:
            seen[key] = ind.line
        found = unit_name_finding(ind.name, ind.unit_of_measure, unit=owner.name, line=ind.line)
        if found is not None:
            yield found
        if any(note.startswith("셀 밀림") and "+" in note for note in ind.notes):
            yield finding(
                "bsc_detail.row_shifted", unit=owner.name, line=ind.line, indicator=ind.name
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
    value = parse_value(raw)
    figures = len(value.parts) or (1 if value.number is not None else 0)
    bare = re.fullmatch(r"[\d,.\s]+", raw) is not None  # figures only, no pair "a (b)"
    if figures >= 2 and bare:
        yield finding(
            "bsc_detail.two_targets",
            unit=owner.name,
            line=line,
            indicator=name,
            raw=raw,
            unit_of_measure=unit,
        )
    elif len(unit_parts) >= 2 and figures == 1:
        yield finding(
            "bsc_detail.composite_part_missing",
            unit=owner.name,
            line=line,
            indicator=name,
            unit_of_measure=unit,
            raw=raw,
        )


def artefact_findings(doc: ParsedDocument) -> list[Finding]:
    """The checks of the blocks' own artefacts (without the parser's own findings)."""
    return [f for owner in doc.owners for f in _rows(owner)]


def validate(doc: ParsedDocument) -> list[Finding]:
    """All findings of a read 2020 BSC detail: the parser's, the artefact checks and the
    rules (R9), by line."""
    return [f for f, _ in document_findings(doc, artefact_findings(doc))]
