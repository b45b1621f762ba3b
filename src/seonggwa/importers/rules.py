"""The rule checks (R1–R5, R9–R11) of a plan, run on its rows.

A plan's rows (:class:`~seonggwa.importers.tables.PlanTables`) come from a parsed document
(at import) or from the database (``seonggwa check``, ``seonggwa summary``); either way this
module maps them onto the engine's plain inputs and the engine decides
(:mod:`seonggwa.engine.reconciliation`, :mod:`seonggwa.engine.scoring`,
:mod:`seonggwa.engine.periods`). Each format's ``validate.py`` keeps only the checks of the
document's own artefacts (A-codes), which need the text as it was read.

:func:`owner_rows` groups the rows per plan owner the way the document printed them; the
summary JSON (``importers.selectors.plan_summary``) reads the same grouping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.grading import PERFORMANCE_REPORT
from seonggwa.engine.periods import check_cumulative, series_point
from seonggwa.engine.reconciliation import (
    STRUCTURE_LABELS,
    MarkedIndicator,
    MoneyUnit,
    PrintedShare,
    check_change,
    check_grade_counts,
    check_shares,
    check_status_sum,
    check_structure_counts,
    check_total,
)
from seonggwa.engine.scoring import DeclaredWeight, TotalRow, WeightRow, check_weights
from seonggwa.engine.text import norm_key
from seonggwa.importers.records import SUMMARY_COUNT_KEYS, SUMMARY_MONEY_KEYS, ParsedDocument
from seonggwa.importers.tables import (
    DeclaredRow,
    DocumentInfo,
    GoalRow,
    IndicatorRow,
    PlanTables,
    PolicyGoalRow,
    ValueRow,
    tables_from_document,
)
from seonggwa.importers.text import parse_int_cell, read_weight

__all__ = [
    "COUNT_KEYS",
    "LABELS",
    "MONEY_KEYS",
    "GoalRows",
    "OwnerRows",
    "SummaryCells",
    "document_findings",
    "owner_rows",
    "rule_findings",
    "rules_format",
    "summary_cells",
    "summary_int",
]

COUNT_KEYS = SUMMARY_COUNT_KEYS
MONEY_KEYS = SUMMARY_MONEY_KEYS
LABELS = {
    **STRUCTURE_LABELS,
    "unit_programs": "단위사업수",
    "budget": "예산액",
    "previous_budget": "전년도예산액",
    "change": "비교증감",
    "exceeded": "초과달성",
    "achieved": "달성",
    "not_achieved": "미달성",
    "settlement": "결산액",
    "previous_settlement": "전년도 결산액",
}
STATUS_KEYS = ("exceeded", "achieved", "not_achieved")


def summary_int(raw: str) -> int | None:
    """A 총괄 cell as a number: blank is unknown (None), "-" is 0."""
    text = raw.strip()
    if text in ("", "-"):
        return 0 if text == "-" else None
    return parse_int_cell(raw)


# --- the rows grouped as the document printed them ------------------------------------------


@dataclass(slots=True)
class SummaryCells:
    """One row of the 총괄 table: raw cells by column key."""

    unit: int | None  # index into tables.units; None for the 계 row
    label: str
    line: int | None
    cells: dict[str, str] = field(default_factory=dict)


def summary_cells(tables: PlanTables) -> tuple[SummaryCells | None, list[SummaryCells]]:
    """The 계 row and the unit rows of the 총괄 table, in the document's order."""
    rows: dict[tuple[int | None, str], SummaryCells] = {}
    for fig in sorted(tables.declared, key=lambda d: d.position):
        if fig.table != "summary":
            continue
        key = (fig.unit, norm_key(fig.unit_label))
        row = rows.setdefault(key, SummaryCells(fig.unit, fig.unit_label, fig.line))
        row.cells[fig.key] = fig.raw_text
    total = next((r for r in rows.values() if r.unit is None), None)
    return total, [r for r in rows.values() if r.unit is not None]


@dataclass(slots=True)
class GoalRows:
    index: int  # into tables.goals
    row: GoalRow
    policy_goals: list[PolicyGoalRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)  # direct ones first
    share: DeclaredRow | None = None  # detail 비중 (first printing)
    repeats: list[DeclaredRow] = field(default_factory=list)  # amount/share printed again (A4)


@dataclass(slots=True)
class OwnerRows:
    index: int  # into tables.owners
    unit: int  # into tables.units
    name: str  # as printed in the detail table or sheet title
    line: int  # where the owner starts (sheet title, else its first row)
    goals: list[GoalRows] = field(default_factory=list)
    perspectives: list[DeclaredWeight] = field(default_factory=list)
    weight_total: DeclaredRow | None = None  # "가중치 합계" (2020 BSC)

    @property
    def indicators(self) -> list[IndicatorRow]:
        return [i for g in self.goals for i in g.indicators]

    def lines(self) -> tuple[int, int]:
        """First and last line of the owner's detail rows."""
        lines = [self.line]
        for g in self.goals:
            lines.append(g.row.line or 0)
            lines.extend(r.line or 0 for r in g.repeats)
            lines.extend(i.line or 0 for i in g.indicators)
            lines.extend(p.line or 0 for p in g.policy_goals)
        lines = [n for n in lines if n] or [0]
        return min(lines), max(lines)


def owner_rows(tables: PlanTables) -> list[OwnerRows]:
    """The rows of each plan owner, grouped under its goals as the document printed them.
    Detail amounts and shares belong to the goal printed on or before their line."""
    owners = [
        OwnerRows(index=i, unit=o.unit, name=tables.units[o.unit].name, line=0)
        for i, o in enumerate(tables.owners)
    ]
    goals = [GoalRows(i, g) for i, g in enumerate(tables.goals)]
    for g in goals:
        owners[g.row.owner].goals.append(g)
    policy_indices: dict[int, list[int]] = {}
    for pi, policy in enumerate(tables.policy_goals):
        goals[policy.goal].policy_goals.append(policy)
        policy_indices.setdefault(policy.goal, []).append(pi)
    direct: dict[int, list[IndicatorRow]] = {}
    under: dict[int, list[IndicatorRow]] = {}
    for ind in tables.indicators:
        if ind.policy_goal is None:
            direct.setdefault(ind.goal, []).append(ind)
        else:
            under.setdefault(ind.policy_goal, []).append(ind)
    for gi, g in enumerate(goals):  # direct indicators first, then each policy goal's
        g.indicators = list(direct.get(gi, []))
        for pi in policy_indices.get(gi, []):
            g.indicators.extend(under.get(pi, []))
    for persp in tables.perspectives:
        owners[persp.owner].perspectives.append(
            DeclaredWeight(
                name=persp.name,
                key=norm_key(persp.name),
                weight=read_weight(persp.weight_raw) if persp.weight_raw else None,
                line=persp.line,
            )
        )

    def owner_of(unit: int | None, label: str) -> OwnerRows | None:
        candidates = [o for o in owners if o.unit == unit]
        if len(candidates) > 1:
            named = [
                o for o in candidates if norm_key(tables.owners[o.index].label) == norm_key(label)
            ]
            candidates = named or candidates
        return candidates[0] if candidates else None

    again: dict[tuple[int, str], list[Decimal]] = {}
    for fig in sorted(tables.declared, key=lambda d: d.position):
        if fig.table == "summary":
            continue
        held = owner_of(fig.unit, fig.unit_label)
        if held is None:
            continue
        owner = held
        if fig.table == "owner":
            if fig.key == "name":
                owner.name = fig.raw_text
            elif fig.key == "title" and not owner.line:
                owner.line = fig.line or 0
            continue
        if fig.table == "weights":
            if fig.key == "weight_total":
                owner.weight_total = fig
            elif fig.key.startswith("perspective_again:"):
                value = read_weight(fig.raw_text)
                if value is not None:
                    again.setdefault((owner.index, fig.key.split(":", 1)[1]), []).append(value)
            continue
        if not owner.goals:
            continue
        line = fig.line or 0
        goal = next((g for g in reversed(owner.goals) if (g.row.line or 0) <= line), owner.goals[0])
        if fig.key == "share_pct":
            goal.share = fig
        elif fig.key in ("amount_again", "share_pct_again"):
            goal.repeats.append(fig)
    for owner in owners:
        owner.perspectives = [
            DeclaredWeight(
                p.name, p.key, p.weight, p.line, tuple(again.get((owner.index, p.key), ()))
            )
            for p in owner.perspectives
        ]
        if not owner.line:
            lines = [g.row.line for g in owner.goals] + [p.line for p in owner.perspectives]
            owner.line = min((n for n in lines if n), default=0)
    return owners


# --- the rules --------------------------------------------------------------------------------

_TEXT_FORMATS = ("plan", "report", "bsc2009", "bsc-detail")


def rules_format(tables: PlanTables) -> str:
    """The document format whose rules apply to the rows: the source document's, else the
    plan kind's (a plan typed in or made by the sample)."""
    fmt = tables.document.format if tables.document else ""
    if fmt in _TEXT_FORMATS:
        return fmt
    return {"plan": "plan", "report": "report", "bsc": "bsc-detail"}[tables.kind]


def rule_findings(
    tables: PlanTables, fmt: str, *, document_findings: Sequence[Finding] = ()
) -> list[Finding]:
    """The rule findings of a plan's rows in format ``fmt`` (plan, report, bsc2009,
    bsc-detail). ``document_findings`` are what was noticed reading the document: a sheet
    marked as a copy of another (A19) is not checked for R11 again."""
    owners = owner_rows(tables)
    if fmt in ("plan", "report"):
        return _table_rules(tables, owners, fmt)
    copies = {f.line for f in document_findings if f.code == "bsc.copy_of"}
    out: list[Finding] = []
    # only a printed 2020 BSC sheet has a "가중치 합계" row to miss: a plan typed in (or made
    # in seonggwa and saved as its workbook) declares none, and R9 checks its weights sum to 100
    expects_total_row = fmt == "bsc-detail" and _printed(tables)
    for owner in owners:
        out += _weight_rules(tables, owner, expects_total_row=expects_total_row)
        if fmt == "bsc2009" and owner.line not in copies:
            out += _series_rules(tables, owner)
    return out


def _printed(tables: PlanTables) -> bool:
    """Whether the rows were read from a printed document (a text layout), not typed in or
    made in seonggwa: only a printed document has a 총괄 table or "가중치 합계" row to miss."""
    return tables.document is not None and tables.document.format in _TEXT_FORMATS


def _money_unit(tables: PlanTables) -> MoneyUnit | None:
    return MoneyUnit.from_text(tables.document.money_unit) if tables.document else None


def _table_rules(tables: PlanTables, owners: list[OwnerRows], fmt: str) -> list[Finding]:
    kind = "report" if fmt == "report" else "plan"
    counts, money = COUNT_KEYS[kind], MONEY_KEYS[kind]
    money_unit = _money_unit(tables)
    total, rows = summary_cells(tables)
    out: list[Finding] = []
    # R2 on every row with its three money cells, then R1 on every column
    amount, previous = money[0], money[1]
    for summary in ([total] if total is not None else []) + rows:
        out += check_change(
            unit=summary.label,
            current=summary_int(summary.cells.get(amount, "")),
            previous=summary_int(summary.cells.get(previous, "")),
            stated=summary_int(summary.cells.get("change", "")),
            stated_text=summary.cells.get("change", ""),
            money_unit=money_unit,
            label=LABELS[amount],
            previous_label=LABELS[previous],
            line=summary.line,
        )
    if total is None:
        if rows:
            out.append(finding("summary.total_missing", line=rows[0].line))
    else:
        for col in (*counts, *money):
            out += check_total(
                label=LABELS.get(col, col),
                stated=summary_int(total.cells.get(col, "")),
                stated_text=total.cells.get(col, ""),
                values=[summary_int(r.cells.get(col, "")) for r in rows],
                money_unit=money_unit if col in money else None,
                column=col,
                line=total.line,
            )
    # R4: the detail counts of each unit against its summary row
    by_unit = {r.unit: r for r in rows}
    with_rows: set[int | None] = set()
    # a plan typed in has no 총괄 table: its units are not "missing" from one
    no_summary = total is None and not rows and not _printed(tables)
    for owner in owners:
        matched = by_unit.get(owner.unit)
        if matched is None and no_summary:
            continue
        if matched is None:
            out.append(
                finding(
                    "detail.unit_not_in_summary",
                    unit=owner.name,
                    line=owner.line or None,
                    owner=owner.name,
                )
            )
            continue
        with_rows.add(owner.unit)
        out += check_structure_counts(
            unit=matched.label,
            stated={k: summary_int(matched.cells.get(k, "")) for k in STRUCTURE_LABELS},
            computed=_structure(owner),
            line=matched.line,
            detail_lines=owner.lines(),
        )
    for row in rows:
        if row.unit not in with_rows:
            out += check_structure_counts(
                unit=row.label,
                stated={k: summary_int(row.cells.get(k, "")) for k in STRUCTURE_LABELS},
                computed=None,
                line=row.line,
            )
    # R3: every printed share against the table's own amounts
    out += check_shares(
        [
            PrintedShare(
                key=str(g.index),
                owner=owner.name,
                unit=by_unit[owner.unit].label if owner.unit in by_unit else owner.name,
                amount=parse_int_cell(g.row.program_amount_raw)
                if g.row.program_amount_raw.strip()
                else None,
                printed=g.share.raw_text if g.share is not None else None,
                line=g.share.line if g.share is not None else None,
            )
            for owner in owners
            for g in owner.goals
        ]
    )
    if fmt == "report":
        out += _grade_rules(owners, total, rows, by_unit)
    return out


def _structure(owner: OwnerRows) -> dict[str, int]:
    return {
        "strategic_goals": len(owner.goals),
        "policy_goals": sum(len(g.policy_goals) for g in owner.goals),
        "indicators": sum(len(g.indicators) for g in owner.goals),
    }


def _grade_rules(
    owners: list[OwnerRows],
    total: SummaryCells | None,
    rows: list[SummaryCells],
    by_unit: dict[int | None, SummaryCells],
) -> list[Finding]:
    out: list[Finding] = []
    for summary in ([total] if total is not None else []) + rows:
        out += check_status_sum(
            unit=summary.label,
            indicators=summary_int(summary.cells.get("indicators", "")),
            parts=[summary_int(summary.cells.get(k, "")) for k in STATUS_KEYS],
            line=summary.line,
        )
    for owner in owners:
        row = by_unit.get(owner.unit)
        out += check_grade_counts(
            unit=row.label if row is not None else owner.name,
            stated={k: summary_int(row.cells.get(k, "")) for k in STATUS_KEYS}
            if row is not None
            else None,
            indicators=[_marked(i) for i in owner.indicators],
            scheme=PERFORMANCE_REPORT,
            line=row.line if row is not None else None,
        )
    return out


def _marked(ind: IndicatorRow) -> MarkedIndicator:
    note = next((n for n in ind.notes.split("\n") if n.startswith("mark cell")), "")
    return MarkedIndicator(
        name=ind.name,
        mark=ind.mark_raw or None,
        line=ind.line,
        cell=note.replace("mark cell: ", "칸: ") or "빈 칸",
    )


def _weight_rules(
    tables: PlanTables, owner: OwnerRows, *, expects_total_row: bool
) -> list[Finding]:
    def perspective_key(ind: IndicatorRow) -> str:
        return (
            "" if ind.perspective is None else norm_key(tables.perspectives[ind.perspective].name)
        )

    return check_weights(
        [
            WeightRow(
                indicator=i.name,
                weight=read_weight(i.weight_raw) if i.weight_raw else None,
                line=i.line,
                perspective=perspective_key(i),
                printed=bool(i.weight_raw),
            )
            for i in sorted(owner.indicators, key=lambda i: i.line or 0)
        ],
        owner=owner.name,
        line=owner.line or None,  # 0: the rows have no lines (typed in)
        perspectives=owner.perspectives,
        total_row=TotalRow(owner.weight_total.raw_text, owner.weight_total.line)
        if owner.weight_total is not None
        else None,
        expects_total_row=expects_total_row,
    )


def _series_rules(tables: PlanTables, owner: OwnerRows) -> list[Finding]:
    index = {id(row): i for i, row in enumerate(tables.indicators)}
    values_of: dict[int, list[ValueRow]] = {}
    for v in tables.values:
        values_of.setdefault(v.indicator, []).append(v)
    out: list[Finding] = []
    for ind in sorted(owner.indicators, key=lambda i: i.line or 0):
        values = sorted(values_of.get(index[id(ind)], []), key=lambda v: v.year)
        points = [series_point(str(v.year), v.raw_text, v.line) for v in values]
        named = ind.name + ind.unit_of_measure
        out += check_cumulative(
            points,
            indicator=ind.name,
            unit=owner.name,
            declared_cumulative="누계" in named or "누적" in named,
        )
    return out


def document_findings(
    doc: ParsedDocument, artefacts: Sequence[Finding], *, tables: PlanTables | None = None
) -> list[tuple[Finding, bool]]:
    """Every finding of a read document in the order they are stored (by line):
    the parser's, the artefact checks' (``artefacts``) and the rules' on the document's rows
    (``tables``, built here when not given). Each comes with whether it was noticed reading
    the document (True; ``seonggwa check`` keeps those) or by a rule (False)."""
    if tables is None:
        info = DocumentInfo(
            file_name=doc.source,
            sha256="",
            size=0,
            format=doc.format.value,
            line_count=doc.line_count,
            money_unit=doc.money_unit,
        )
        tables = tables_from_document(doc, year=doc.year or 0, document=info)
    rules = rule_findings(tables, doc.format.value, document_findings=artefacts)
    ranked = [(f, True, -1) for f in doc.findings]
    ranked += [(f, True, _ORDER.get(f.code, 9)) for f in artefacts]
    ranked += [(f, False, _ORDER.get(f.code, 9)) for f in rules]
    ranked.sort(key=lambda entry: (entry[0].line or 0, entry[2]))
    return [(f, noticed) for f, noticed, _ in ranked]


# How the findings of one line are listed: the parser's first, then the 총괄 row's own
# defects, R2 and R1, R4 with its A13 notes, R3 with A20, the pairing notes, and R5.
_ORDER = {
    "summary.duplicate_row": 0,
    "summary.cell_not_number": 0,
    "summary.change_rounding": 1,
    "summary.change_mismatch": 1,
    "summary.total_rounding": 1,
    "summary.total_mismatch": 1,
    "summary.total_missing": 1,
    "detail.unit_not_in_summary": 2,
    "detail.count_mismatch": 2,
    "detail.unit_without_rows": 2,
    "detail.fused_indicators_suspected": 2,
    "detail.count_relies_on_far_right": 2,
    "detail.repeat_differs": 3,
    "detail.share_not_number": 3,
    "detail.share_mismatch": 3,
    "detail.indicator_is_goal_text": 4,
    "indicator.unit_name_mismatch": 4,
    "detail.indicator_under_several_goals": 4,
    "summary.status_sum_mismatch": 5,
    "detail.mark_unknown": 6,
    "detail.mark_missing": 6,
    "detail.status_count_mismatch": 6,
}
