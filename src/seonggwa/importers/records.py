"""What every parser produces: plain records with source lines, nothing parsed away.

Each format's ``parse.py`` turns text (or workbook rows) into one :class:`ParsedDocument`.
The loader (``importers/load.py``) writes it to the database in one transaction; each
format's ``validate.py`` compares what the document declares with what its detail adds up
to and returns :class:`~seonggwa.engine.findings.Finding` records.

Rules for parsers:

* every record carries ``line`` (1-based line of the source where it was read);
* every value is kept as its **raw text** (``RawValue.raw``) exactly as printed after
  markup stripping; parsing of numbers/qualifiers happens in ``seonggwa.engine.values``;
* names are stored as printed; ``norm_key`` (whitespace removed) is for matching only;
* a parser raises :class:`ParseError` (with the line and what was expected) only when the
  file is not this format at all or is unreadable; defects inside a recognisable document
  become findings instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from seonggwa.engine.findings import Finding


class ParseError(Exception):
    """The file cannot be read as the requested format. Says where and what was expected."""

    def __init__(self, message: str, *, line: int | None = None, source: str | None = None):
        self.message = message
        self.line = line
        self.source = source
        where = source or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"{line}행"
        super().__init__(f"{where}: {message}" if where else message)


class DocumentFormat(StrEnum):
    PLAN = "plan"  # 성과계획서 총괄 + 자원비중 (seed 000)
    REPORT = "report"  # 성과보고서 총괄 + 재원비중 with marks
    BSC2009 = "bsc2009"  # 균형성과계획 sheets (seed 001)
    BSC_DETAIL = "bsc-detail"  # 성과관리계획 상세 평가내용 (seed 003, 2020)
    XLSX = "xlsx"  # seonggwa's own workbook


class ValueKind(StrEnum):
    TARGET = "target"
    ACTUAL = "actual"
    BASELINE = "baseline"
    SCORE = "score"  # 점수 column of the 2020 BSC detail


class OwnerKind(StrEnum):
    UNIT = "unit"
    HEAD = "head"  # 본부장, 실장 ...
    DEPUTY = "deputy"  # 부본부장 ...
    OFFICE = "office"  # 시장비서실, 정무부시장실 ...


@dataclass(slots=True)
class RawValue:
    """A printed cell: raw text and where it was read. Empty raw means a blank cell."""

    raw: str
    line: int


@dataclass(slots=True)
class PrintedValue:
    """A target/actual/baseline/score of one indicator for one year."""

    kind: ValueKind
    year: int | None
    raw: str
    line: int


@dataclass(slots=True)
class ParentLink:
    """The higher-level goal / KPI / target a BSC row cascades from (raw text)."""

    parent_owner: str  # the group label: "서울시", "경영기획실장", ...
    goal: str
    kpi: str
    target: str
    line: int


@dataclass(slots=True)
class ParsedIndicator:
    name: str
    line: int
    unit_of_measure: str = ""  # as printed ("%", "개소 (누계)"), or taken from the name
    weight: RawValue | None = None  # 비중/가중치 as printed; None when the column is absent
    perspective: str = ""  # 관점 name (BSC)
    values: list[PrintedValue] = field(default_factory=list)
    program_codes: str = ""  # 주요사업 코드번호 raw cell
    parent: ParentLink | None = None
    mark: str | None = None  # report: ◎ ○ × - (None when the cell is missing)
    due_month: str = ""  # 최종실적월 raw
    notes: list[str] = field(default_factory=list)  # e.g. "stripped 실적치 from cell"


@dataclass(slots=True)
class ParsedPolicyGoal:
    """정책사업목표. BSC formats have none: their indicators hang off the strategic goal."""

    name: str
    line: int
    code: str = ""  # "III-14"
    indicators: list[ParsedIndicator] = field(default_factory=list)


@dataclass(slots=True)
class ParsedStrategicGoal:
    name: str
    line: int
    code: str = ""  # "III"
    perspective: str = ""  # BSC: the perspective the goal sits under
    policy_goals: list[ParsedPolicyGoal] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)  # BSC: direct KPIs
    amount: RawValue | None = None  # detail 예산액 / 결산액 (first printing)
    share: RawValue | None = None  # detail 비중(%) (first printing)
    # later printings of amount/share on page repeats (A4), kept to detect A20 differences
    repeats: list[tuple[RawValue | None, RawValue | None]] = field(default_factory=list)


@dataclass(slots=True)
class ParsedPerspective:
    name: str  # as printed, e.g. "시민 고객"
    weight: RawValue | None  # "(20)" -> raw "20"; None when not declared
    line: int
    redeclared: list[RawValue] = field(default_factory=list)  # A20: declared again later


@dataclass(slots=True)
class ParsedOwner:
    """A plan owner: a unit (실국), a position (head/deputy) or an office."""

    name: str  # unit name as printed ("대변인", "기 획조정실" stays as printed)
    line: int
    kind: OwnerKind = OwnerKind.UNIT
    title: str = ""  # full sheet title (BSC)
    composition: str = ""  # "(2기획관 1단 11담당관 …)"
    parent_label: str = ""  # BSC parent group label ("서울시", "경영기획실장")
    perspectives: list[ParsedPerspective] = field(default_factory=list)
    strategic_goals: list[ParsedStrategicGoal] = field(default_factory=list)
    declared_weight_total: RawValue | None = None  # "가중치 합계" row (2020 BSC)
    footnotes: list[RawValue] = field(default_factory=list)
    copy_of: str | None = None  # A19: name of the owner whose table this duplicates


# The columns of the 총괄 table of each kind of plan: the keys of ``SummaryRow.cells`` and of
# the stored declared figures (``DeclaredFigure.key``).
SUMMARY_COUNT_KEYS: dict[str, tuple[str, ...]] = {
    "plan": ("strategic_goals", "policy_goals", "indicators", "unit_programs"),
    "report": (
        "strategic_goals",
        "policy_goals",
        "indicators",
        "exceeded",
        "achieved",
        "not_achieved",
    ),
    "bsc": ("strategic_goals", "policy_goals", "indicators"),
}
SUMMARY_MONEY_KEYS: dict[str, tuple[str, ...]] = {
    "plan": ("budget", "previous_budget", "change"),
    "report": ("settlement", "previous_settlement", "change"),
    "bsc": (),
}


@dataclass(slots=True)
class SummaryRow:
    """One row of a "가. 총괄" table: raw cells by logical column key.

    Keys (plan): strategic_goals, policy_goals, indicators, unit_programs, budget,
    previous_budget, change. Keys (report): strategic_goals, policy_goals, indicators,
    exceeded, achieved, not_achieved, settlement, previous_settlement, change.
    """

    unit: str  # "계" for the total row
    line: int
    cells: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedDocument:
    format: DocumentFormat
    source: str = ""  # file name, set by the caller
    title: str = ""
    section_path: list[str] = field(default_factory=list)  # report markdown headings
    year: int | None = None  # when the document states it
    money_unit: str = ""  # "백만원" | "원" | "" (from the unit line)
    summary_total: SummaryRow | None = None  # the 계 row
    summary_rows: list[SummaryRow] = field(default_factory=list)
    owners: list[ParsedOwner] = field(default_factory=list)
    legend: RawValue | None = None  # report legend line "※ ◎ : 초과달성(130% 이상) …"
    findings: list[Finding] = field(default_factory=list)  # noticed while parsing
    line_count: int = 0
