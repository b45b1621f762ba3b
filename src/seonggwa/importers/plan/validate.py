"""Checks of a read 총괄 + 비중 document's own artefacts (A-codes), and ``validate``.

The rules (R1–R4, and R5 for reports) run on the document's rows in
:mod:`seonggwa.importers.rules`; what stays here needs the document as it was read: a
summary row printed twice or a cell that is no number (A15), indicator names fused in one
cell (A13), page repeats printed differently (A20), indicators that are goal text (A23),
units that do not fit the name (A16) and one indicator under several goals (R21). Every
finding names the unit and source line and says how to fix it; nothing is repaired.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.text import norm_key
from seonggwa.importers.naming import unit_name_finding
from seonggwa.importers.plan.parse import SPEC, TableSpec
from seonggwa.importers.records import ParsedDocument, ParsedIndicator, ParsedOwner, SummaryRow
from seonggwa.importers.rules import LABELS, document_findings
from seonggwa.importers.rules import summary_int as cell_int
from seonggwa.importers.tables import summary_for_owner
from seonggwa.importers.text import parse_int_cell, read_share

__all__ = [
    "DetailCounts",
    "artefact_findings",
    "detail_counts",
    "owner_indicators",
    "owner_lines",
    "summary_for_owner",
    "summary_int",
    "validate",
]


@dataclass(slots=True)
class DetailCounts:
    """What the detail table adds up to for one owner (R4, R5)."""

    strategic_goals: int = 0
    policy_goals: int = 0
    indicators: int = 0
    marks: dict[str, int] = field(default_factory=dict)  # "◎" / "○" / "×" / "-" -> n
    missing_marks: int = 0
    far_right: int = 0  # indicators read from the far right of a row (A13)


def owner_indicators(owner: ParsedOwner) -> list[tuple[str, ParsedIndicator]]:
    """(policy-goal name, indicator) for every indicator of the owner."""
    out: list[tuple[str, ParsedIndicator]] = []
    for goal in owner.strategic_goals:
        out.extend(("", ind) for ind in goal.indicators)
        for pg in goal.policy_goals:
            out.extend((pg.name, ind) for ind in pg.indicators)
    return out


def detail_counts(owner: ParsedOwner) -> DetailCounts:
    """Distinct strategic goals, distinct policy goals, indicator rows and marks of an owner."""
    counts = DetailCounts(strategic_goals=len(owner.strategic_goals))
    counts.policy_goals = sum(len(g.policy_goals) for g in owner.strategic_goals)
    for _, ind in owner_indicators(owner):
        counts.indicators += 1
        if ind.mark is None:
            counts.missing_marks += 1
        else:
            counts.marks[ind.mark] = counts.marks.get(ind.mark, 0) + 1
        if any("far right" in n for n in ind.notes):
            counts.far_right += 1
    return counts


def owner_lines(owner: ParsedOwner) -> tuple[int, int]:
    """First and last source line of an owner's detail rows."""
    lines = [owner.line]
    for goal in owner.strategic_goals:
        lines.append(goal.line)
        lines.extend(v.line for pair in goal.repeats for v in pair if v is not None)
        lines.extend(ind.line for ind in goal.indicators)
        for pg in goal.policy_goals:
            lines.append(pg.line)
            lines.extend(ind.line for ind in pg.indicators)
    return min(lines), max(lines)


def _uname(doc: ParsedDocument, owner: ParsedOwner) -> str:
    row = summary_for_owner(doc, owner)
    return row.unit if row is not None else owner.name


def summary_int(row: SummaryRow, key: str) -> int | None:
    """A summary row's cell as a number: blank is unknown (None), "-" is 0."""
    return cell_int(row.cells.get(key, ""))


# --- the 총괄 table as printed ----------------------------------------------------------------


def _summary_artefacts(doc: ParsedDocument, spec: TableSpec) -> list[Finding]:
    out: list[Finding] = []
    seen: dict[str, SummaryRow] = {}
    for row in doc.summary_rows:
        key = norm_key(row.unit)
        if key in seen:
            first = seen[key]
            out.append(
                finding(
                    "summary.duplicate_row",
                    unit=row.unit,
                    line=row.line,
                    details={"first_line": str(first.line)},
                    first_line=first.line,
                    same="값도 같음" if first.cells == row.cells else "값은 다름",
                )
            )
        else:
            seen[key] = row
        for col in (*spec.count_keys, *spec.money_keys):
            raw = row.cells.get(col, "")
            if raw.strip() and raw.strip() != "-" and parse_int_cell(raw) is None:
                out.append(
                    finding(
                        "summary.cell_not_number",
                        unit=row.unit,
                        line=row.line,
                        details={"column": col},
                        label=LABELS.get(col, col),
                        raw=raw,
                    )
                )
    return out


# --- the detail table as printed ---------------------------------------------------------


def _count_artefacts(doc: ParsedDocument) -> list[Finding]:
    """A13: where the counts differ, indicator cells that read as two names; where they
    match only thanks to second indicators at the far right of rows, say so."""
    out: list[Finding] = []
    for owner in doc.owners:
        row = summary_for_owner(doc, owner)
        if row is None:
            continue
        counts = detail_counts(owner)
        computed = {
            "strategic_goals": counts.strategic_goals,
            "policy_goals": counts.policy_goals,
            "indicators": counts.indicators,
        }
        differs = any(
            summary_int(row, k) is not None and summary_int(row, k) != v
            for k, v in computed.items()
        )
        if differs:
            if counts.indicators < (summary_int(row, "indicators") or 0):
                out.extend(_fused_indicator_findings(doc, owner))
        elif counts.far_right:
            first, last = owner_lines(owner)
            out.append(
                finding(
                    "detail.count_relies_on_far_right",
                    unit=row.unit,
                    line=row.line,
                    details={"detail_lines": f"{first}-{last}"},
                    count=counts.far_right,
                )
            )
    return out


_NAME_HEADS = ("률", "율", "건수", "실적", "추진", "인원", "횟수", "만족도", "달성도")


def _fused_indicator_findings(doc: ParsedDocument, owner: ParsedOwner) -> list[Finding]:
    """Indicator cells that read as two names (A13), in a unit short of indicators."""
    out: list[Finding] = []
    for _, ind in owner_indicators(owner):
        tokens = ind.name.split()
        for k in range(1, len(tokens)):
            left, right = norm_key(" ".join(tokens[:k])), norm_key(" ".join(tokens[k:]))
            if len(left) >= 6 and len(right) >= 5 and left.endswith(_NAME_HEADS):
                out.append(
                    finding(
                        "detail.fused_indicators_suspected",
                        unit=_uname(doc, owner),
                        line=ind.line,
                        owner=owner.name,
                        indicator=ind.name,
                        left=" ".join(tokens[:k]),
                        right=" ".join(tokens[k:]),
                    )
                )
                break
    return out


def _repeat_artefacts(doc: ParsedDocument) -> list[Finding]:
    """A20: the amount or share of a unit printed differently on a later page."""
    out: list[Finding] = []
    for owner in doc.owners:
        for goal in owner.strategic_goals:
            for amount_rep, share_rep in goal.repeats:
                for what, first, again in (
                    ("금액", goal.amount, amount_rep),
                    ("비중", goal.share, share_rep),
                ):
                    if first is None or again is None or first.raw == again.raw:
                        continue
                    same_number = (
                        what == "비중"
                        and read_share(first.raw) is not None
                        and read_share(first.raw) == read_share(again.raw)
                    )
                    out.append(
                        finding(
                            "detail.repeat_differs",
                            unit=_uname(doc, owner),
                            line=again.line,
                            details={
                                "first_line": str(first.line),
                                "same_number": str(same_number),
                            },
                            owner=owner.name,
                            what=what,
                            first_line=first.line,
                            first=first.raw,
                            again=again.raw,
                        )
                    )
    return out


def _pairing_findings(doc: ParsedDocument) -> list[Finding]:
    out: list[Finding] = []
    for owner in doc.owners:
        by_name: dict[str, list[tuple[str, ParsedIndicator]]] = {}
        for policy, ind in owner_indicators(owner):
            by_name.setdefault(norm_key(ind.name), []).append((policy, ind))
            pkey, ikey = norm_key(policy), norm_key(ind.name)
            if policy and (ikey == pkey or (pkey.startswith(ikey) and len(pkey) >= 2 * len(ikey))):
                out.append(
                    finding(
                        "detail.indicator_is_goal_text",
                        unit=_uname(doc, owner),
                        line=ind.line,
                        owner=owner.name,
                        indicator=ind.name,
                    )
                )
            found = unit_name_finding(
                ind.name, ind.unit_of_measure, unit=_uname(doc, owner), line=ind.line
            )
            if found is not None:
                out.append(found)
        for entries in by_name.values():
            policies = {norm_key(p) for p, _ in entries}
            if len(policies) > 1:
                lines = ",".join(str(ind.line) for _, ind in entries)
                out.append(
                    finding(
                        "detail.indicator_under_several_goals",
                        unit=_uname(doc, owner),
                        line=entries[0][1].line,
                        details={"lines": lines},
                        owner=owner.name,
                        indicator=entries[0][1].name,
                        count=len(policies),
                        lines=lines,
                    )
                )
    return out


def artefact_findings(doc: ParsedDocument, spec: TableSpec = SPEC) -> list[Finding]:
    """The checks of the document's own artefacts (without the parser's own findings)."""
    return (
        _summary_artefacts(doc, spec)
        + _count_artefacts(doc)
        + _repeat_artefacts(doc)
        + _pairing_findings(doc)
    )


def validate(doc: ParsedDocument) -> list[Finding]:
    """All findings of a read plan: the parser's, the artefact checks and the rules
    (R1–R4), by line."""
    return [f for f, _ in document_findings(doc, artefact_findings(doc, SPEC))]
