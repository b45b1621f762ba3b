"""Checks of a read 2009 BSC document's own artefacts, and ``validate``.

The rules — indicator and perspective weights (R9, R10: ``weights.*``) and cumulative
series (R11: ``series.cumulative_broken``) — run on the rows in
:mod:`seonggwa.importers.rules`. What stays here needs the sheets as they were read
(docs/findings.md has every code):

* ``bsc.perspective_redeclared`` — one perspective declared with two weights (A20);
* ``bsc.duplicate_row`` — two rows of one sheet carry identical figures (A8/A19);
* ``bsc.copy_of`` / ``bsc.partial_copy`` — a sheet repeats another owner's table (A19);
* ``bsc.parent_value_differs`` — a sub-unit prints its parent's KPI differently (A20);
* ``bsc.city_target_differs`` — one city KPI with different targets (A20);
* ``indicator.unit_name_mismatch`` — the unit does not fit the KPI name (A16);
* ``bsc.scale_switch`` — a score switches between 100- and 10-point scales (R20);
* ``indicator.direction_unclear`` — both targets are worse than the last actual.

Parser findings (header defects, duplicated cells, header words in cells) are passed through.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.periods import series_point
from seonggwa.engine.text import norm_key
from seonggwa.engine.values import parse_value
from seonggwa.importers.naming import unit_name_finding
from seonggwa.importers.records import (
    ParsedDocument,
    ParsedIndicator,
    ParsedOwner,
    ValueKind,
)
from seonggwa.importers.rules import document_findings
from seonggwa.importers.text import read_weight

__all__ = ["artefact_findings", "decimal_of", "indicators_of", "validate"]


def decimal_of(raw: str) -> Decimal | None:
    """A weight or plain figure ("7.5", "1,483", "20%") as Decimal; None for anything else."""
    return read_weight(raw)


def _first_number(raw: str) -> Decimal | None:
    """The first figure of a value as the value grammar reads it ("9.13 (89.8)" -> 9.13)."""
    value = parse_value(raw)
    if value.number is not None:
        return value.number
    return value.parts[0].number if value.parts else None


def _leading(raw: str) -> Decimal | None:
    """The annual part of ``a(b)``, else the first figure."""
    point = series_point("", raw)
    return point.annual if point.annual is not None else _first_number(raw)


def indicators_of(owner: ParsedOwner) -> list[ParsedIndicator]:
    """The owner's indicators in source order."""
    return sorted(
        (ind for goal in owner.strategic_goals for ind in goal.indicators), key=lambda i: i.line
    )


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


# --- checks -------------------------------------------------------------------------------


def _redeclared(owner: ParsedOwner) -> Iterable[Finding]:
    """A20: a perspective declared again later with another weight."""
    by_perspective: dict[str, Decimal] = defaultdict(Decimal)
    for ind in indicators_of(owner):
        weight = decimal_of(ind.weight.raw) if ind.weight else None
        if weight is not None:
            by_perspective[norm_key(ind.perspective)] += weight
    for perspective in owner.perspectives:
        value = decimal_of(perspective.weight.raw) if perspective.weight else None
        if value is None or perspective.weight is None:
            continue
        for again in perspective.redeclared:
            other = decimal_of(again.raw)
            if other is not None and other != value:
                yield finding(
                    "bsc.perspective_redeclared",
                    unit=owner.name,
                    line=again.line,
                    perspective=perspective.name,
                    first_line=perspective.line,
                    first=perspective.weight.raw,
                    again=again.raw,
                    total=_fmt(by_perspective.get(norm_key(perspective.name), Decimal(0))),
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
            yield finding(
                "bsc.duplicate_row",
                unit=owner.name,
                line=ind.line,
                details={"first_line": str(first.line)},
                indicator=ind.name,
                first_line=first.line,
                first=first.name,
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
                yield finding(
                    "bsc.copy_of",
                    unit=owner.name,
                    line=owner.line,
                    details={"copy_of": other.name},
                    owner=owner.name,
                    other=other.name,
                    other_line=other.line,
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
                    yield finding(
                        "bsc.partial_copy",
                        unit=owner.name,
                        line=owner.line,
                        details={"copy_of": other.name},
                        owner=owner.name,
                        other=other.name,
                        other_line=other.line,
                        missing=len(other_rows) - len(rows),
                    )
                    break
        tables.append((owner, rows))


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
                first_a, first_b = _leading(mine.raw), _leading(pv.raw)
                if first_a is not None and first_b is not None and first_a != first_b:
                    yield finding(
                        "bsc.parent_value_differs",
                        unit=owner.name,
                        line=ind.line,
                        details={"parent_line": str(match.line), "year": str(pv.year)},
                        indicator=ind.name,
                        year=pv.year,
                        owner=owner.name,
                        own=mine.raw,
                        parent=parent.name,
                        parent_line=match.line,
                        parent_value=pv.raw,
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
        yield finding(
            "bsc.city_target_differs",
            unit=first_owner,
            line=first_line,
            details={"lines": ",".join(str(line) for _, line, _ in entries)},
            listing=listing,
        )


def _unit_checks(owner: ParsedOwner) -> Iterable[Finding]:
    for ind in indicators_of(owner):
        found = unit_name_finding(ind.name, ind.unit_of_measure, unit=owner.name, line=ind.line)
        if found is not None:
            yield found


def _scale_switch(owner: ParsedOwner) -> Iterable[Finding]:
    for ind in indicators_of(owner):
        if "점" not in ind.unit_of_measure:
            continue
        numbers = [n for v in ind.values if (n := _first_number(v.raw)) is not None and n > 0]
        small = [n for n in numbers if n <= 10]
        large = [n for n in numbers if n > 10]
        if small and large and any(7 <= big / sm <= 13 for big in large for sm in small):
            yield finding("bsc.scale_switch", unit=owner.name, line=ind.line, indicator=ind.name)


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
            yield finding(
                "indicator.direction_unclear",
                unit=owner.name,
                line=ind.line,
                indicator=ind.name,
                targets=", ".join(t.raw for t in targets),
                actual=actuals[-1].raw,
                comparison="높습니다" if lower else "낮습니다",
            )


def artefact_findings(doc: ParsedDocument) -> list[Finding]:
    """The checks of the sheets' own artefacts (without the parser's own findings). Marks
    each copied sheet's ``copy_of`` (A19)."""
    findings = list(_copies(doc))
    for owner in doc.owners:
        findings.extend(_redeclared(owner))
        findings.extend(_duplicate_rows(owner))
        findings.extend(_unit_checks(owner))
        findings.extend(_scale_switch(owner))
        if owner.copy_of is None:
            findings.extend(_direction(owner))
    findings.extend(_parent_values(doc))
    findings.extend(_city_targets(doc))
    return findings


def validate(doc: ParsedDocument) -> list[Finding]:
    """All findings of a read 2009 BSC document: the parser's, the artefact checks and the
    rules (R9–R11), by line."""
    return [f for f, _ in document_findings(doc, artefact_findings(doc))]
