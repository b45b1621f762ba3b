"""Layout drift for the 2009 BSC sheets (성과관리계획, "〈owner〉 균형성과계획", domain.md 4.5;
issue 13, item 5): a small random BSC document whose truth is known exactly, written in seed
001's text layout with the drift real extractions show, read by parse + checks (no
database) and judged like :mod:`seonggwa.importers.drift` does for plans and reports.

:func:`random_bsc` makes 2-4 sheets: perspectives with declared weights summing to 100,
strategic goals each under one perspective with its parent (서울시) goal / KPI / target,
KPIs with unit, weight (per perspective summing to its weight, per sheet to 100), four year
values (two actuals, two targets) and program codes. :func:`write` prints it with the drift
kinds asked for, each recorded with the line it touched; :func:`judge` reads the text and
compares sheet by sheet: the reading must be exact, or carry an error at a line an
ambiguous drift touched — never a silently wrong reading.

Pure: no Django. Used by ``tests/importers/test_drift_bsc.py`` and ``scripts/drift_run.py``.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from seonggwa.engine.findings import Finding
from seonggwa.engine.text import norm_key
from seonggwa.importers.drift import (
    GOAL_HEADS,
    GOAL_TAILS,
    INDICATOR_HEADS,
    INDICATOR_TAILS,
    POLICY_OBJECTS,
    UNIT_NAMES,
)
from seonggwa.importers.drift_common import (
    DocKind,
    Drift,
    Out,
    Outcome,
    Written,
    compare,
    outcome,
    read_text,
    typo,
)
from seonggwa.importers.records import ParsedDocument
from seonggwa.importers.tables import PlanTables
from seonggwa.importers.text import read_weight

__all__ = [
    "ALL_KINDS",
    "BSC",
    "DISABLED",
    "SourceBsc",
    "Written",
    "judge",
    "random_bsc",
    "read",
    "variant",
    "write",
]

#: Every drift kind the BSC writer knows (the last three change the document itself: the
#: truth follows them).
ALL_KINDS: tuple[str, ...] = (
    "blank_lines",  # empty lines between rows and before a header
    "trailing_cells",  # empty cells added at the end of rows
    "dropped_trailing",  # a row without program code ends at its weight
    "page_break",  # a sheet continued on the next page, its three header rows repeated (A2)
    "page_number",  # a "- 12 -" or "12" line at a page break
    "title_repeat",  # the sheet's title printed again above the repeated header (A2)
    "page_repeat",  # the perspective, parent and goal cells printed again after a page break
    "repeat_typo",  # ... and the repeated goal differs by a space or a syllable
    "value_blank",  # a spurious blank cell among the year values (001:46,530)
    "shift_left",  # a continuation row with its leading empty cell dropped (A6)
    "shift_right",  # a continuation row pushed one cell right (A7)
    "header_variant",  # 가중치 for 비중, years without 년, letter-spaced 서 울 시 (A17), 과목
    "title_variant",  # "균형성과 계획", no space before "(…)"
    "wrapped_space",  # a space inside a word of a goal or KPI name (A9)
    "wrapped_row",  # a KPI name wrapped: its tail alone on the next line, in the name column
    "footnote",  # "※ 기타주요사업 …" / "· …" lines under a sheet
    "perspective_pct",  # a perspective weight printed "(20%)"
    "perspective_space",  # "시민고객 (20)", "창 의(10)": spaces dropped or added in the cell
    "no_weight",  # a KPI printed without unit and with weight "-" (seonggwa's own sheets)
    "unit_blank",  # a KPI with its unit cell blank before the weight
)

#: Kinds whose drift may legitimately end in an error at its line.
AMBIGUOUS_KINDS: frozenset[str] = frozenset()

#: Kinds left out of the default set, per document kind (as ``drift.DISABLED``), with the
#: failure the current parser shows and a fixture in tests/fixtures/drift/.
DISABLED: dict[str, dict[str, str]] = {"bsc": {}}

PERSPECTIVES = ("시민 고객", "정책 성과", "창의", "조직 역량")
UNITS = ("건", "%", "시간", "개소", "명", "회", "점", "km", "천명")
PARENT_TARGETS = ("44.5%", "100%", "67.5%", "전년대비 5%이상", "65%", "기준점", "80점")
COMPOSITIONS = ("1담당관", "5 담당관", "2기획관 1단 11담당관", "3과", "4담당관 2사업소")


@dataclass(slots=True)
class SourceKpi:
    name: str
    unit: str
    weight: int | None  # None: printed "-" (no weight)
    values: list[str]  # 2 actuals, 2 targets, as printed
    codes: str = ""


@dataclass(slots=True)
class SourceGoal:
    name: str
    perspective: int  # index into the sheet's perspectives
    parent: tuple[str, str, str]  # parent goal, parent KPI, parent target
    kpis: list[SourceKpi]


@dataclass(slots=True)
class SourceSheet:
    owner: str
    composition: str
    perspectives: list[tuple[str, int]]  # (name as printed, weight)
    goals: list[SourceGoal]


@dataclass(slots=True)
class SourceBsc:
    """The truth a variant is written from."""

    sheets: list[SourceSheet]
    years: tuple[int, int, int, int]
    parent_label: str = "서울시"


# --- the document ---------------------------------------------------------------------------


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` as ``parts`` positive integers."""
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


def _value(rng: random.Random, scale: int) -> str:
    draw = rng.random()
    if draw < 0.08:
        return "-"
    if draw < 0.25:
        return f"{rng.randint(1, 999)}.{rng.randint(1, 9)}"
    if draw < 0.35:
        return f"{rng.randint(1, 99)}%"
    return f"{rng.randint(1, scale):,}"


def random_bsc(
    rng: random.Random, *, no_weight: bool = False, unit_blank: bool = False
) -> SourceBsc:
    """A small consistent BSC document: 2-4 sheets, 2-4 perspectives each, one or two goals
    per perspective, one to three KPIs per goal; weights add up."""
    base = rng.randint(2005, 2012)
    doc = SourceBsc(sheets=[], years=(base, base + 1, base + 2, base + 3))
    owners = rng.sample(UNIT_NAMES, rng.choice((2, 2, 3, 3, 4)))
    for owner in owners:
        heads = rng.sample(GOAL_HEADS, len(GOAL_HEADS))
        tails = rng.sample(GOAL_TAILS, len(GOAL_TAILS))
        objects = rng.sample(POLICY_OBJECTS, len(POLICY_OBJECTS))
        used: set[str] = set()
        n_persp = rng.randint(2, 4)
        chosen = set(rng.sample(PERSPECTIVES, n_persp))
        names = [p for p in PERSPECTIVES if p in chosen]
        weights = [5 * w for w in _split(20, n_persp, rng)]
        sheet = SourceSheet(
            owner=owner,
            composition=rng.choice(COMPOSITIONS),
            perspectives=list(zip(names, weights, strict=True)),
            goals=[],
        )
        code_no = 0
        for pi, (_, pweight) in enumerate(sheet.perspectives):
            n_goals = 1 if pweight < 10 or rng.random() < 0.6 else 2
            n_kpis = [rng.choice((1, 1, 2, 2, 3)) for _ in range(n_goals)]
            total = min(sum(n_kpis), pweight)
            kpi_weights = _split(pweight, total, rng)
            for g in range(n_goals):
                take = min(n_kpis[g], len(kpi_weights) - (n_goals - g - 1))
                if take <= 0:
                    break
                mine, kpi_weights = kpi_weights[:take], kpi_weights[take:]
                if g == n_goals - 1 and kpi_weights:
                    mine += kpi_weights
                    kpi_weights = []
                obj = objects.pop()
                goal = SourceGoal(
                    name=f"{heads.pop()} {tails.pop()}",
                    perspective=pi,
                    parent=(
                        f"{rng.choice(GOAL_HEADS)} {rng.choice(GOAL_TAILS)}",
                        f"{rng.choice(POLICY_OBJECTS)} {rng.choice(INDICATOR_TAILS)}",
                        rng.choice(PARENT_TARGETS),
                    ),
                    kpis=[],
                )
                for w in mine:
                    while True:
                        name = f"{obj} {rng.choice(INDICATOR_HEADS)} {rng.choice(INDICATOR_TAILS)}"
                        if name not in used:
                            break
                    used.add(name)
                    scale = rng.choice((100, 1_000, 50_000))
                    codes = ""
                    if rng.random() < 0.5:
                        code_no += 1
                        codes = f"{owner[:2]}-{code_no}"
                    unit = "" if unit_blank and rng.random() < 0.1 else rng.choice(UNITS)
                    values = [_value(rng, scale) for _ in range(4)]
                    if all(v == "-" for v in values):
                        values[3] = "1"
                    goal.kpis.append(SourceKpi(name, unit, w, values, codes))
                if no_weight and rng.random() < 0.15:
                    name = f"{obj} 참고 {rng.choice(INDICATOR_TAILS)}"
                    if name not in used:
                        used.add(name)
                        values = [_value(rng, 1_000) for _ in range(4)]
                        values[3] = str(rng.randint(1, 99))
                        goal.kpis.append(SourceKpi(name, "", None, values))
                sheet.goals.append(goal)
        doc.sheets.append(sheet)
    return doc


# --- writing --------------------------------------------------------------------------------

WIDTH = 13
HEADER2 = (
    "",
    "전략목표",
    "핵심성과지표",
    "목표치",
    "전략목표",
    "핵심성과지표",
    "실적치",
    "",
    "목표치",
    "",
    "단위",
)
NAME_COL = 5


def write(doc: SourceBsc, *, seed: int, kinds: tuple[str, ...] = ()) -> Written:
    """``doc`` in seed 001's layout with the drift ``kinds``, seeded by ``seed``."""
    rng = random.Random(seed)
    on = set(kinds)
    p = rng.random
    out = Out()
    drifts: list[Drift] = []

    def blank(where: str) -> None:
        if "blank_lines" in on and p() < 0.12:
            for _ in range(rng.randint(1, 2)):
                drifts.append(Drift("blank_lines", out.add(""), where))

    def wrapped(name: str) -> str:
        if "wrapped_space" in on and p() < 0.08:
            i = rng.randrange(1, len(name))
            if name[i] != " " and name[i - 1] != " ":
                drifts.append(Drift("wrapped_space", out.next))
                return name[:i] + " " + name[i:]
        return name

    for line in ("", "", "맑고 매력있는 세계도시 서울!", "", "BSC에 기반한",
                 f"{doc.years[2]}년도 성과관리계획", "", "", ""):  # fmt: skip
        out.add(line)

    for sheet in doc.sheets:
        variant = "header_variant" in on and p() < 0.3
        years = [f"{y}년" for y in doc.years]
        parent_label, weight_word, first_cell = doc.parent_label, "비중", "관점"
        if variant:
            choice = rng.randrange(4)
            if choice == 0:
                weight_word = "가중치"
            elif choice == 1:
                years = [str(y) for y in doc.years]
            elif choice == 2:
                parent_label = " ".join(doc.parent_label)
            else:
                first_cell = "과목"
        header = [
            "\t".join(
                [first_cell, parent_label, "", "", sheet.owner, *[""] * 7, "주요사업 코드번호"]
            ),
            "\t".join([*HEADER2[:11], weight_word, ""]),
            "\t".join(["", "", "", "", "", "", *years, "", "", ""]),
        ]
        title = f"{sheet.owner} 균형성과계획 ({sheet.composition})"
        if "title_variant" in on and p() < 0.3:
            title = (
                f"{sheet.owner} 균형성과 계획 ({sheet.composition})"
                if p() < 0.5
                else f"{sheet.owner} 균형성과계획({sheet.composition})"
            )
            drifts.append(Drift("title_variant", out.next))
        out.add(title)
        out.add("")
        first = out.next
        for line in header:
            out.add(line)
        if variant:
            drifts.append(Drift("header_variant", first))

        rows_on_page = 0
        page_rows = rng.randint(2, 6)
        page_no = rng.randint(2, 60)
        seen_persp: set[int] = set()
        for goal in sheet.goals:
            first_of_goal = True
            for kpi in goal.kpis:
                repeat = False
                if "page_break" in on and rows_on_page >= page_rows:
                    out.add("")
                    if "page_number" in on and p() < 0.5:
                        text = f"- {page_no} -" if p() < 0.5 else str(page_no)
                        drifts.append(Drift("page_number", out.add(text)))
                        out.add("")
                    page_no += 1
                    br = out.next
                    if "title_repeat" in on and p() < 0.3:
                        drifts.append(Drift("title_repeat", out.add(title)))
                        out.add("")
                    for line in header:
                        out.add(line)
                    drifts.append(Drift("page_break", br))
                    rows_on_page = 0
                    page_rows = rng.randint(2, 6)
                    repeat = not first_of_goal and "page_repeat" in on and p() < 0.5
                elif rows_on_page:
                    blank("rows")
                rows_on_page += 1
                line_no = out.next
                pname, pweight = sheet.perspectives[goal.perspective]
                show_persp = goal.perspective not in seen_persp and first_of_goal
                seen_persp.add(goal.perspective)
                cells = [""] * WIDTH
                if show_persp or repeat:
                    pct = "perspective_pct" in on and p() < 0.2
                    if pct:
                        drifts.append(Drift("perspective_pct", line_no))
                    shown, gap = pname, " "
                    if "perspective_space" in on and p() < 0.2:
                        if " " in pname:
                            shown = pname.replace(" ", "")
                        else:
                            shown = pname[0] + " " + pname[1:]
                        gap = rng.choice(("", " ", "  "))
                        drifts.append(Drift("perspective_space", line_no))
                    weight_text = f"{gap}({pweight}{'%' if pct else ''})"
                    if repeat and p() < 0.5:
                        weight_text = ""  # the repeat without its weight
                    cells[0] = shown + weight_text
                if first_of_goal or repeat:
                    cells[1], cells[2], cells[3] = goal.parent
                    name = goal.name
                    if repeat:
                        drifts.append(Drift("page_repeat", line_no))
                        if "repeat_typo" in on and p() < 0.4:
                            name = typo(rng, name)
                            drifts.append(Drift("repeat_typo", line_no, name))
                    cells[4] = wrapped(name)
                kname = wrapped(kpi.name)
                tail = ""
                if "wrapped_row" in on and p() < 0.05 and " " in kname:
                    cut = kname.rindex(" ")
                    kname, tail = kname[:cut], kname[cut + 1 :]
                cells[5] = kname
                cells[6:10] = kpi.values
                cells[10] = kpi.unit
                cells[11] = "-" if kpi.weight is None else str(kpi.weight)
                cells[12] = kpi.codes
                if kpi.weight is None:
                    drifts.append(Drift("no_weight", line_no))
                elif not kpi.unit:
                    drifts.append(Drift("unit_blank", line_no))
                # not with the unit blank too: the parser then reads the KPI name as the unit
                # (tests/fixtures/drift/bsc_value_blank_unit_blank.txt)
                if "value_blank" in on and kpi.unit and p() < 0.05:
                    at = rng.randint(7, 9)
                    cells.insert(at, "")
                    drifts.append(Drift("value_blank", line_no))
                continuation = not any(cells[:5])
                draw = p()
                if continuation and "shift_left" in on and draw < 0.06:
                    cells = cells[1:]
                    drifts.append(Drift("shift_left", line_no))
                elif continuation and "shift_right" in on and draw < 0.12:
                    cells = ["", *cells]
                    drifts.append(Drift("shift_right", line_no))
                if not cells[-1] and "dropped_trailing" in on and 0.12 <= draw < 0.3:
                    while cells and not cells[-1]:
                        cells.pop()
                    drifts.append(Drift("dropped_trailing", line_no))
                elif "trailing_cells" in on and 0.3 <= draw < 0.4:
                    cells += [""] * rng.randint(1, 3)
                    drifts.append(Drift("trailing_cells", line_no))
                out.add("\t".join(cells))
                if tail:
                    drifts.append(Drift("wrapped_row", out.add("\t" * NAME_COL + tail)))
                    drifts.append(Drift("wrapped_row", line_no))
                first_of_goal = False
        if "footnote" in on and p() < 0.4:
            out.add("")
            for _ in range(rng.randint(1, 2)):
                text = (
                    f"※ 기타주요사업 : {rng.choice(POLICY_OBJECTS)} 지원"
                    if p() < 0.5
                    else f"· {rng.choice(POLICY_OBJECTS)} 관련 지표는 연말 실적 기준"
                )
                drifts.append(Drift("footnote", out.add(text)))
        out.add("")
        blank("sheets")
    return Written("\n".join(out.lines), drifts)


# --- reading and judging --------------------------------------------------------------------


def read(
    text: str, *, source: str = "drift_bsc.txt"
) -> tuple[ParsedDocument, PlanTables, list[Finding]]:
    """What the loader reads before writing: the parsed document, the tables, every finding
    (:func:`seonggwa.importers.drift_common.read_text`) — no database."""
    return read_text(text, source=source)


Kpi = tuple[str, str, Decimal | None, tuple[tuple[str, int | None, str], ...], str, tuple[str, ...]]
Sheet = tuple[
    str, tuple[tuple[str, Decimal | None], ...], tuple[tuple[str, str, tuple[Kpi, ...]], ...]
]


def truth_sheets(doc: SourceBsc) -> dict[int, Sheet]:
    kinds = ("actual", "actual", "target", "target")
    out: dict[int, Sheet] = {}
    for si, sheet in enumerate(doc.sheets):
        goals = []
        for goal in sheet.goals:
            kpis = tuple(
                (
                    norm_key(k.name),
                    k.unit,
                    None if k.weight is None else Decimal(k.weight),
                    tuple((kinds[i], doc.years[i], v) for i, v in enumerate(k.values) if v),
                    k.codes,
                    tuple(norm_key(x) for x in goal.parent),
                )
                for k in goal.kpis
            )
            goals.append(
                (norm_key(goal.name), norm_key(sheet.perspectives[goal.perspective][0]), kpis)
            )
        persp = tuple((norm_key(n), Decimal(w)) for n, w in sheet.perspectives)
        out[si] = (norm_key(sheet.owner), persp, tuple(goals))
    return out


def read_sheets(doc: ParsedDocument) -> dict[int, Sheet]:
    out: dict[int, Sheet] = {}
    for si, owner in enumerate(doc.owners):
        goals = []
        for goal in owner.strategic_goals:
            kpis = tuple(
                (
                    norm_key(k.name),
                    k.unit_of_measure,
                    None if k.weight is None else read_weight(k.weight.raw),
                    tuple((v.kind.value, v.year, v.raw) for v in k.values),
                    k.program_codes,
                    tuple(
                        norm_key(x)
                        for x in (
                            (k.parent.goal, k.parent.kpi, k.parent.target) if k.parent else ()
                        )
                    ),
                )
                for k in goal.indicators
            )
            goals.append((norm_key(goal.name), norm_key(goal.perspective), kpis))
        persp = tuple(
            (norm_key(p.name), None if p.weight is None else read_weight(p.weight.raw))
            for p in owner.perspectives
        )
        out[si] = (norm_key(owner.name), persp, tuple(goals))
    return out


def judge(doc: SourceBsc, written: Written) -> Outcome:
    """Read ``written`` and compare with ``doc``, sheet by sheet."""
    parsed, tables, findings = read(written.text)
    diffs = compare(truth_sheets(doc), read_sheets(parsed), "sheet")
    n_kpis = sum(len(g.kpis) for s in doc.sheets for g in s.goals)
    if len(tables.indicators) != n_kpis:
        diffs.append(f"tables: {len(tables.indicators)} indicators, expected {n_kpis}")
    return outcome(written, findings, diffs, AMBIGUOUS_KINDS)


def variant(seed: int, kinds: tuple[str, ...]) -> tuple[SourceBsc, Written]:
    """Variant ``seed``: a random BSC document and its drifted text."""
    rng = random.Random(seed * 3 + 2)
    doc = random_bsc(rng, no_weight="no_weight" in kinds, unit_blank="unit_blank" in kinds)
    return doc, write(doc, seed=rng.randrange(2**32), kinds=kinds)


def _counts(doc: SourceBsc) -> dict[str, int]:
    goals = [g for s in doc.sheets for g in s.goals]
    return {"strategic_goals": len(goals), "indicators": sum(len(g.kpis) for g in goals)}


BSC: DocKind[SourceBsc] = DocKind(
    name="bsc",
    all_kinds=ALL_KINDS,
    disabled=DISABLED["bsc"],
    own_kinds=ALL_KINDS,
    companions={
        "page_number": ("page_break",),
        "title_repeat": ("page_break",),
        "page_repeat": ("page_break",),
        "repeat_typo": ("page_break", "page_repeat"),
    },
    variant=variant,
    judge=judge,
    year=lambda doc: doc.years[2],
    counts=_counts,
)
