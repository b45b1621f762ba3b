"""A plan as plain table rows: the shape the loader writes and the seonggwa workbook holds.

Three roads meet here, so each conversion is written once:

* a parsed text document (:class:`~seonggwa.importers.records.ParsedDocument`) becomes
  :class:`PlanTables` (:func:`tables_from_document`) and the loader writes those rows;
* the seonggwa workbook (``importers.xlsx``) is these tables, one sheet each;
* a stored plan is read back as these tables (``importers.selectors.plan_tables``), and the
  rules run on them (``importers.rules``) whichever road they came by.

Rows refer to each other by index into their list (owners, goals, …), never by database
id. Pure: no Django, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.text import norm_key
from seonggwa.engine.values import parse_number, parse_value
from seonggwa.importers.records import (
    OwnerKind,
    ParsedDocument,
    ParsedIndicator,
    ParsedOwner,
    RawValue,
    SummaryRow,
)
from seonggwa.importers.text import parse_int_cell, read_share

__all__ = [
    "INDICATOR_PLAIN_FIELDS",
    "MONEY_FACTORS",
    "DeclaredRow",
    "DocumentInfo",
    "FindingRow",
    "GoalRow",
    "IndicatorRow",
    "OwnerRow",
    "PerspectiveRow",
    "PlanTables",
    "PolicyGoalRow",
    "UnitRow",
    "ValueRow",
    "finding_row",
    "indicator_plain_fields",
    "plan_kind_for_format",
    "row_finding",
    "summary_for_owner",
    "tables_from_document",
]

# 원 per unit of the document's money unit (R20).
MONEY_FACTORS: dict[str, int] = {"원": 1, "천원": 1_000, "백만원": 1_000_000, "억원": 100_000_000}

WEIGHT_MAX = Decimal(100)
VALUE_LIMIT = Decimal(10) ** 17  # IndicatorValue.value: 24 digits, 6 after the point


@dataclass(slots=True)
class DocumentInfo:
    """The source document a plan was read from (no content is stored, only its identity)."""

    file_name: str
    sha256: str
    size: int
    format: str
    line_count: int
    money_unit: str


@dataclass(slots=True)
class UnitRow:
    name: str  # as printed
    unit_type: str = "other"
    composition: str = ""
    code_prefix: str = ""


@dataclass(slots=True)
class OwnerRow:
    unit: int  # index into units
    kind: str = OwnerKind.UNIT.value
    label: str = ""


@dataclass(slots=True)
class PerspectiveRow:
    owner: int
    name: str
    weight: Decimal | None
    weight_raw: str
    position: int
    line: int | None


@dataclass(slots=True)
class GoalRow:
    owner: int
    name: str
    code: str
    perspective: int | None
    program_amount: Decimal | None  # 원
    program_amount_raw: str
    position: int
    line: int | None


@dataclass(slots=True)
class PolicyGoalRow:
    goal: int
    name: str
    code: str
    position: int
    line: int | None


@dataclass(slots=True)
class IndicatorRow:
    goal: int
    policy_goal: int | None
    perspective: int | None
    name: str
    position: int
    line: int | None
    code: str = ""
    unit_of_measure: str = ""
    weight: Decimal | None = None
    weight_raw: str = ""
    direction: str = "higher"
    direction_confirmed: bool = False
    measure: str = "quantitative"
    is_cumulative: bool = False
    composite_parts: list[str] = field(default_factory=list)
    definition: str = ""
    formula: str = ""
    data_source: str = ""
    due_month: int | None = None
    due_month_raw: str = ""
    program_codes_raw: str = ""
    parent_owner_label: str = ""
    parent_goal_text: str = ""
    parent_kpi_text: str = ""
    parent_target_text: str = ""
    mark_raw: str = ""
    notes: str = ""


# Fields an IndicatorRow and the Indicator model share under the same name and type.
INDICATOR_PLAIN_FIELDS = (
    "code", "unit_of_measure", "weight", "weight_raw", "direction", "direction_confirmed",
    "measure", "is_cumulative", "definition", "formula", "data_source", "due_month",
    "due_month_raw", "program_codes_raw", "parent_owner_label", "parent_goal_text",
    "parent_kpi_text", "parent_target_text", "mark_raw", "notes",
)  # fmt: skip


def indicator_plain_fields(source: object) -> dict[str, Any]:
    """The shared plain fields of an IndicatorRow or an Indicator, to build the other."""
    return {name: getattr(source, name) for name in INDICATOR_PLAIN_FIELDS}


@dataclass(slots=True)
class ValueRow:
    indicator: int
    kind: str
    year: int
    raw_text: str
    value: Decimal | None
    parts: list[dict[str, str]]
    qualifier: str
    status: str
    line: int | None
    quarter: int = 0
    month: int = 0
    note: str = ""


@dataclass(slots=True)
class DeclaredRow:
    """A figure the document states about itself (a 총괄 cell, a printed share, a weight).

    ``value`` is in the document's own unit (``money_unit`` names it for money)."""

    unit: int | None  # index into units; None for the 계 row
    unit_label: str
    table: str  # "summary" | "detail" | "weights"
    key: str
    raw_text: str
    value: Decimal | None
    money_unit: str
    line: int | None
    position: int


@dataclass(slots=True)
class FindingRow:
    severity: str
    code: str
    message: str
    unit_label: str
    line: int | None
    position: int
    from_document: bool  # raised while reading the document (kept by ``seonggwa check``)
    details: dict[str, str] = field(default_factory=dict)  # e.g. {"suggested": "○"} (R5)


def finding_row(finding: Finding, *, position: int, from_document: bool) -> FindingRow:
    """A finding as a row of the tables (the stored form)."""
    return FindingRow(
        severity=str(finding.severity),
        code=finding.code,
        message=finding.message,
        unit_label=finding.unit or "",
        line=finding.line,
        position=position,
        from_document=from_document,
        details=dict(finding.details),
    )


def row_finding(row: FindingRow) -> Finding:
    """The engine's :class:`Finding` a stored finding row holds."""
    return Finding(
        severity=Severity(row.severity),
        code=row.code,
        message=row.message,
        unit=row.unit_label or None,
        line=row.line,
        details=dict(row.details),
    )


@dataclass(slots=True)
class PlanTables:
    kind: str  # Plan.Kind value: plan | bsc | report
    title: str
    document: DocumentInfo | None
    units: list[UnitRow] = field(default_factory=list)
    owners: list[OwnerRow] = field(default_factory=list)
    perspectives: list[PerspectiveRow] = field(default_factory=list)
    goals: list[GoalRow] = field(default_factory=list)
    policy_goals: list[PolicyGoalRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    values: list[ValueRow] = field(default_factory=list)
    declared: list[DeclaredRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)


def plan_kind_for_format(fmt: str) -> str:
    """The Plan.Kind value a document format imports into."""
    return {"plan": "plan", "report": "report", "bsc2009": "bsc", "bsc-detail": "bsc"}[fmt]


# --- ParsedDocument -> tables ---------------------------------------------------------------

_UNIT_TYPES = (
    ("위원회", "committee"),
    ("사무처", "committee"),
    ("담당관", "damdanggwan"),
    ("비서실", "office"),
    ("부시장실", "office"),
    ("조정실", "sil"),
    ("특보", "office"),
    ("본부", "bonbu"),
    ("사업소", "facility"),
    ("연구원", "facility"),
    ("박물관", "facility"),
    ("미술관", "facility"),
    ("병원", "facility"),
    ("개발원", "facility"),
    ("센터", "gwa"),
    ("기획관", "gwan"),
    ("정책관", "gwan"),
    ("관", "gwan"),
    ("단", "dan"),
    ("실", "sil"),
    ("국", "guk"),
    ("과", "gwa"),
    ("팀", "gwa"),
)


def unit_type_for(name: str) -> str:
    """OrgUnit.UnitType value guessed from the name's ending (7.1); "other" when unsure.

    >>> unit_type_for("기 획조정실"), unit_type_for("자치경찰위원회"), unit_type_for("서울")
    ('sil', 'committee', 'other')
    """
    key = norm_key(name)
    for ending, kind in _UNIT_TYPES:
        if key.endswith(ending):
            return kind
    return "other"


_DUE_MONTH = re.compile(r"(\d{1,2})\s*월")


def due_month_from(raw: str) -> int | None:
    """The month in a 최종실적월 cell ("12월에 달성도 평가 예정" -> 12), else None."""
    m = _DUE_MONTH.search(raw)
    if m is None:
        return None
    month = int(m.group(1))
    return month if 1 <= month <= 12 else None


def _weight(
    raw: RawValue | None, *, what: str, unit: str, source: str, extra: list[Finding]
) -> tuple[Decimal | None, str]:
    if raw is None or not raw.raw.strip():
        return None, "" if raw is None else raw.raw
    number = parse_number(raw.raw.strip().strip("()%"))
    if number is None or not (0 <= number <= WEIGHT_MAX) or number.as_tuple().exponent < -3:  # type: ignore[operator]
        extra.append(
            finding(
                "import.weight_not_number",
                unit=unit,
                line=raw.line,
                file=source,
                what=what,
                raw=raw.raw,
            )
        )
        return None, raw.raw
    return number, raw.raw


def owner_label(owner: ParsedOwner) -> str:
    """The owner as printed: the unit name, or for a position/office the title's owner part."""
    if owner.kind == OwnerKind.UNIT or not owner.title:
        return owner.name
    return re.split(r"\s*균\s*형\s*성\s*과", owner.title)[0].strip() or owner.name


def summary_for_owner(doc: ParsedDocument, owner: ParsedOwner) -> SummaryRow | None:
    """The summary row of an owner: same name without whitespace, else a unique prefix."""
    key = norm_key(owner.name)
    rows = [r for r in doc.summary_rows if norm_key(r.unit) == key]
    if rows:
        return rows[0]
    rows = [
        r
        for r in doc.summary_rows
        if key and (norm_key(r.unit).startswith(key) or key.startswith(norm_key(r.unit)))
    ]
    return rows[0] if len(rows) == 1 else None


def tables_from_document(
    doc: ParsedDocument, *, year: int, document: DocumentInfo | None
) -> PlanTables:
    """The rows to store for a parsed document. What the conversion itself notices (a value
    that collides, a weight that is not a number) is in ``tables.findings``; the document's
    other findings are added by ``importers.rules.document_findings``."""
    source = doc.source or (document.file_name if document else "")
    fmt = doc.format.value
    tables = PlanTables(kind=plan_kind_for_format(fmt), title=doc.title[:300], document=document)
    money_unit = doc.money_unit
    factor = MONEY_FACTORS.get(money_unit)
    extra: list[Finding] = []

    unit_index: dict[str, int] = {}

    def unit_for(name: str, *, composition: str = "") -> int:
        key = norm_key(name)
        if key not in unit_index:
            unit_index[key] = len(tables.units)
            tables.units.append(
                UnitRow(name=name.strip(), unit_type=unit_type_for(name), composition=composition)
            )
        elif composition and not tables.units[unit_index[key]].composition:
            tables.units[unit_index[key]].composition = composition
        return unit_index[key]

    # summary table (4.1, 4.3): every cell is a declared figure
    position = 0
    money_keys = {"budget", "previous_budget", "change", "settlement", "previous_settlement"}
    for row in ([doc.summary_total] if doc.summary_total else []) + doc.summary_rows:
        is_total = row is doc.summary_total
        unit = None if is_total else unit_for(row.unit)
        for key, raw in row.cells.items():
            is_money = key in money_keys
            number = parse_int_cell(raw) if raw.strip() not in ("", "-") else None
            if raw.strip() == "-" and not is_money:
                number = 0
            tables.declared.append(
                DeclaredRow(
                    unit=unit,
                    unit_label=row.unit,
                    table="summary",
                    key=key,
                    raw_text=raw,
                    value=None if number is None else Decimal(number),
                    money_unit=money_unit if is_money else "",
                    line=row.line,
                    position=position,
                )
            )
            position += 1

    owner_index: dict[tuple[int, str], int] = {}
    for owner in doc.owners:
        summary_row = summary_for_owner(doc, owner) if doc.summary_rows else None
        unit = unit_for(
            summary_row.unit if summary_row is not None else owner.name,
            composition=owner.composition,
        )
        okey = (unit, owner.kind.value)
        if okey not in owner_index:
            owner_index[okey] = len(tables.owners)
            tables.owners.append(
                OwnerRow(unit=unit, kind=owner.kind.value, label=owner_label(owner))
            )
        oi = owner_index[okey]
        label = owner_label(owner)
        # the sheet heading: where the owner starts, its title and parent group (BSC)
        sheet_heading = fmt in ("bsc2009", "bsc-detail")
        printed = owner.name if owner.name != tables.units[unit].name else ""
        for key, text in (
            ("name", printed),  # the owner as printed where it differs ("물순 환안전국")
            ("title", owner.title or owner.name if sheet_heading else ""),
            ("parent", owner.parent_label if sheet_heading else ""),
        ):
            if text:
                tables.declared.append(
                    DeclaredRow(
                        unit=unit,
                        unit_label=label,
                        table="owner",
                        key=key,
                        raw_text=text,
                        value=None,
                        money_unit="",
                        line=owner.line,
                        position=position,
                    )
                )
                position += 1
        persp_index: dict[str, int] = {
            norm_key(p.name): i for i, p in enumerate(tables.perspectives) if p.owner == oi
        }

        def perspective_for(
            name: str, line: int, *, _oi: int = oi, _pi: dict[str, int] = persp_index
        ) -> int | None:
            if not name.strip():
                return None
            key = norm_key(name)
            if key not in _pi:
                _pi[key] = len(tables.perspectives)
                tables.perspectives.append(
                    PerspectiveRow(
                        owner=_oi,
                        name=name,
                        weight=None,
                        weight_raw="",
                        position=len(_pi) - 1,
                        line=line,
                    )
                )
            return _pi[key]

        for persp in owner.perspectives:
            known = norm_key(persp.name) in persp_index
            pi = perspective_for(persp.name, persp.line)
            assert pi is not None
            again = list(persp.redeclared)
            if known and persp.weight is not None:  # a second sheet declares it again (A20)
                again.insert(0, persp.weight)
            elif not known:
                weight, raw = _weight(
                    persp.weight,
                    what=f"관점 '{persp.name}'",
                    unit=owner.name,
                    source=source,
                    extra=extra,
                )
                tables.perspectives[pi].weight = weight
                tables.perspectives[pi].weight_raw = raw
                if persp.weight is not None:
                    key = f"perspective:{norm_key(persp.name)}"
                    tables.declared.append(_weight_figure(unit, label, key, persp.weight, position))
                    position += 1
            for value in again:
                key = f"perspective_again:{norm_key(persp.name)}"
                tables.declared.append(_weight_figure(unit, label, key, value, position))
                position += 1
        if owner.declared_weight_total is not None:
            tables.declared.append(
                _weight_figure(unit, label, "weight_total", owner.declared_weight_total, position)
            )
            position += 1

        for goal in owner.strategic_goals:
            amount: Decimal | None = None
            amount_raw = goal.amount.raw if goal.amount is not None else ""
            if goal.amount is not None and goal.amount.raw.strip():
                number = parse_int_cell(goal.amount.raw)
                if number is not None and factor is not None:
                    amount = Decimal(number) * factor
                elif number is not None:
                    extra.append(
                        finding(
                            "import.money_unit_unknown",
                            unit=owner.name,
                            line=goal.amount.line,
                            file=source,
                            money_unit=money_unit,
                            raw=goal.amount.raw,
                        )
                    )
            gi = len(tables.goals)
            tables.goals.append(
                GoalRow(
                    owner=oi,
                    name=goal.name,
                    code=goal.code,
                    perspective=perspective_for(goal.perspective, goal.line),
                    program_amount=amount,
                    program_amount_raw=amount_raw,
                    position=gi,
                    line=goal.line,
                )
            )
            figures: list[tuple[str, RawValue | None]] = [
                ("amount", goal.amount),
                ("share_pct", goal.share),
            ]
            for amount_again, share_again in goal.repeats:
                figures += [("amount_again", amount_again), ("share_pct_again", share_again)]
            for key, figure in figures:
                if figure is not None:
                    tables.declared.append(
                        _detail_figure(unit, summary_row, owner, key, figure, money_unit, position)
                    )
                    position += 1
            for ind in goal.indicators:
                _add_indicator(tables, ind, gi, None, perspective_for, year, source, owner, extra)
            for pg in goal.policy_goals:
                pgi = len(tables.policy_goals)
                tables.policy_goals.append(
                    PolicyGoalRow(goal=gi, name=pg.name, code=pg.code, position=pgi, line=pg.line)
                )
                for ind in pg.indicators:
                    _add_indicator(
                        tables, ind, gi, pgi, perspective_for, year, source, owner, extra
                    )

    if doc.year is not None and doc.year != year:
        extra.append(finding("import.year_differs", file=source, document_year=doc.year, year=year))
    tables.findings = [finding_row(f, position=i, from_document=True) for i, f in enumerate(extra)]
    return tables


def _weight_figure(unit: int, label: str, key: str, value: RawValue, position: int) -> DeclaredRow:
    number = parse_number(value.raw.strip().strip("()%"))
    return DeclaredRow(
        unit=unit,
        unit_label=label,
        table="weights",
        key=key[:40],
        raw_text=value.raw,
        value=number,
        money_unit="",
        line=value.line,
        position=position,
    )


def _detail_figure(
    unit: int,
    row: SummaryRow | None,
    owner: ParsedOwner,
    key: str,
    value: RawValue,
    money_unit: str,
    position: int,
) -> DeclaredRow:
    number: Decimal | None
    if key.startswith("share"):
        number = read_share(value.raw)
    else:
        integer = parse_int_cell(value.raw)
        number = Decimal(integer) if integer is not None else None
    return DeclaredRow(
        unit=unit,
        unit_label=row.unit if row is not None else owner.name,
        table="detail",
        key=key,
        raw_text=value.raw,
        value=number,
        money_unit="" if key.startswith("share") else money_unit,
        line=value.line,
        position=position,
    )


def value_row(
    *, indicator: int, kind: str, year: int, raw: str, line: int | None, status: str
) -> ValueRow:
    """A value row with the value grammar applied (numbers, parts, qualifier) to ``raw``."""
    parsed = parse_value(raw)
    number = parsed.number
    if number is not None and (abs(number) >= VALUE_LIMIT or number.as_tuple().exponent < -6):  # type: ignore[operator]
        number = None
    parts = [
        {"name": p.name, "value": str(p.number), "unit": p.unit, "kind": p.kind.value}
        for p in parsed.parts
    ]
    return ValueRow(
        indicator=indicator,
        kind=kind,
        year=year,
        raw_text=raw,
        value=number,
        parts=parts,
        qualifier=parsed.kind.value,
        status=status,
        line=line,
    )


def _add_indicator(
    tables: PlanTables,
    ind: ParsedIndicator,
    goal: int,
    policy_goal: int | None,
    perspective_for: object,
    year: int,
    source: str,
    owner: ParsedOwner,
    extra: list[Finding],
) -> None:
    assert callable(perspective_for)
    weight, weight_raw = _weight(
        ind.weight, what=f"지표 '{ind.name}'", unit=owner.name, source=source, extra=extra
    )
    ii = len(tables.indicators)
    parent = ind.parent
    tables.indicators.append(
        IndicatorRow(
            goal=goal,
            policy_goal=policy_goal,
            perspective=perspective_for(ind.perspective, ind.line),
            name=ind.name,
            position=ii,
            line=ind.line,
            unit_of_measure=ind.unit_of_measure,
            weight=weight,
            weight_raw=weight_raw,
            is_cumulative=any(w in ind.unit_of_measure for w in ("누계", "누적")),
            due_month=due_month_from(ind.due_month),
            due_month_raw=ind.due_month,
            program_codes_raw=ind.program_codes,
            parent_owner_label=parent.parent_owner if parent else "",
            parent_goal_text=parent.goal if parent else "",
            parent_kpi_text=parent.kpi if parent else "",
            parent_target_text=parent.target if parent else "",
            mark_raw=ind.mark or "",
            notes="\n".join(ind.notes),
        )
    )
    seen: set[tuple[str, int]] = set()
    for value in ind.values:
        if not value.raw.strip():
            continue  # a blank cell is "no data": no row (results/models.py)
        value_year = value.year if value.year is not None else year
        key = (value.kind.value, value_year)
        if key in seen:
            extra.append(
                finding(
                    "import.value_duplicate",
                    unit=owner.name,
                    line=value.line,
                    file=source,
                    indicator=ind.name,
                    year=value_year,
                    kind=value.kind.value,
                    raw=value.raw,
                )
            )
            continue
        seen.add(key)
        tables.values.append(
            value_row(
                indicator=ii,
                kind=value.kind.value,
                year=value_year,
                raw=value.raw,
                line=value.line,
                status="approved",
            )
        )
