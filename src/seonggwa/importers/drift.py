"""Layout drift: consistent 성과계획서 / 성과보고서 texts written from a small random plan, and
the same plan written back with the drift real extractions have (issue 13, item 5).

:func:`random_plan` makes a plan whose truth is known exactly (units, strategic goals,
policy goals, indicators, marks, budget figures and a 총괄 consistent with the detail).
:func:`write` prints it in the text layout the importers read (domain.md 4.1-4.4), with the
drift kinds asked for, seeded by an ``int``; every drift it applies is recorded with the line
it touched. :func:`read` runs the importer's parse + checks (no database) and
:func:`judge` compares what was read with the truth: the reading must reproduce the plan and
its 총괄 exactly, or carry an error finding at a line where a drift made the reading
ambiguous — never a silently wrong count.

Pure: no Django. Used by ``tests/importers/test_drift.py`` and ``scripts/drift_run.py``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from seonggwa.engine.findings import Finding
from seonggwa.engine.reconciliation import shares
from seonggwa.engine.text import norm_key
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
from seonggwa.importers.tables import MONEY_FACTORS, PlanTables
from seonggwa.importers.text import char_similarity

__all__ = [
    "ALL_KINDS",
    "DISABLED",
    "PLAN",
    "REPORT",
    "Drift",
    "Outcome",
    "SourcePlan",
    "Written",
    "default_kinds",
    "enabled_kinds",
    "judge",
    "random_plan",
    "read",
    "variant",
    "write",
]

# --- drift kinds ----------------------------------------------------------------------------

#: Every drift kind the writer knows. ``ambiguous`` kinds may legitimately end in an error
#: finding at the drift's line; the others must be read exactly.
ALL_KINDS: tuple[str, ...] = (
    "blank_lines",  # extra empty lines inside and between tables (A12)
    "trailing_cells",  # empty cells added at the end of rows
    "dropped_trailing",  # trailing empty cells of continuation rows dropped
    "summary_page_break",  # 총괄 header repeated in the middle of the summary (000:43-45)
    "page_break",  # detail page break in the middle of a goal: header + first row repeated
    "page_number",  # a "- 12 -" page-number line at a detail page break
    "repeat_typo",  # page-repeated strategic-goal text differs by one character or space
    "repeat_policy_typo",  # page-repeated policy-goal text differs by one character or space
    "suffix_space",  # the "(실국명)" suffix split by a space on a page repeat (A9, 000:88)
    "rounding",  # plan: 백만원 rounding in the 총괄 계 and 비교증감 (R1/R2, info)
    "code_glyph",  # report: the page repeat prints Ⅲ where the first printing had III
    "shift_right",  # a continuation row pushed one cell right (A7)
    "drop_leading_1",  # a continuation row with one leading empty cell dropped
    "drop_leading_2",  # a continuation row with both leading empty cells dropped
    "mark_shifted",  # report: the mark one column right of its place
    "split_policy",  # a policy-goal cell wrapped over two rows (ambiguous)
    "wrapped_space",  # a space inside a word of a goal, policy goal or indicator (A9, 000:88)
    "bullet",  # "○ " before a goal or policy-goal text (000:125)
    "merged_repeat",  # a merged goal/policy cell printed again on each of its rows
    "similar_siblings",  # a policy goal named like the one before it ("보육시설 …"/"체육시설 …")
)

#: (a page-top policy goal one syllable from the one before, alone or with its merged
#: cell repeated on each row and a typo-level repeat, can be read two ways that both agree
#: with the 총괄: the parser then says so with detail.reading_ambiguous at the line)
AMBIGUOUS_KINDS: frozenset[str] = frozenset(
    {"split_policy", "similar_siblings", "repeat_policy_typo", "merged_repeat"}
)

#: Kinds left out of the property test's default set, per document kind, with the failure
#: the current parser shows (re-enable them all with DRIFT_KINDS=all once the content
#: reading of issue 13 item 2/3 lands).
DISABLED: dict[str, dict[str, str]] = {
    "plan": {},
    "report": {},
}


def default_kinds(doc_kind: str) -> tuple[str, ...]:
    """The drift kinds the property test runs for ``doc_kind`` by default."""
    return _DOC_KINDS[doc_kind].default_kinds()


def enabled_kinds(doc_kind: str, spec: str | None = None) -> tuple[str, ...]:
    """The kinds named by ``spec`` for ``doc_kind`` (:meth:`DocKind.enabled_kinds`)."""
    return _DOC_KINDS[doc_kind].enabled_kinds(spec)


# --- the plan -------------------------------------------------------------------------------

UNIT_NAMES = (
    "기획조정실", "경제정책실", "복지정책실", "문화본부", "기후환경본부", "행정국", "재무국",
    "관광체육국", "시민건강국", "안전총괄실", "주택정책실", "도시계획국", "푸른도시국",
    "물순환안전국", "대변인", "시민소통기획관", "여성가족정책실", "평생교육국", "감사위원회",
    "도시교통실", "균형발전본부", "스마트도시정책관", "노동공정상생정책관", "한강사업본부",
)  # fmt: skip
BUDGET_ONLY_NAMES = ("인재개발원", "서울역사박물관", "시립미술관", "의회사무처")
GOAL_HEADS = (
    "시민과 함께하는", "좋은 일자리가 넘치는", "모두가 누리는", "안전하고 깨끗한",
    "미래를 여는", "지속 가능한", "활력 있는", "따뜻하고 포용적인", "공정하고 투명한",
    "걷기 편한", "문화로 풍요로운", "배움이 즐거운",
)  # fmt: skip
GOAL_TAILS = (
    "혁신 시정 구현", "경제도시 실현", "복지도시 조성", "에코도시 서울", "스마트 행정 기반 마련",
    "생활문화 도시 만들기", "재정 운용 체계 확립", "주거 안정 도시 구현", "교통 체계 구축",
    "평생학습 도시 실현", "안심 도시 조성", "녹색 생활권 확대",
)  # fmt: skip
POLICY_OBJECTS = (
    "창업기업", "소상공인", "어르신", "청년", "1인가구", "다문화가족", "장애인", "보행환경",
    "대기질", "하천", "공원녹지", "도서관", "전통시장", "공공데이터", "민원서비스", "세입",
    "문화시설", "체육시설", "주거취약계층", "대중교통", "자전거", "도시재생", "외국인주민",
    "재난대응", "감염병", "보육시설", "노동자", "관광객", "박물관", "한양도성",
)  # fmt: skip
POLICY_ACTIONS = (
    "지원을 통한 경제활력 제고", "생활안정 지원", "참여 기반 조성", "서비스 품질 향상",
    "관리체계 고도화", "이용 활성화", "안전관리 강화", "접근성 확대", "역량 강화",
    "인프라 확충", "협력체계 구축", "환경 개선",
)  # fmt: skip
INDICATOR_TAILS = (
    "지원 건수", "참여자 수", "만족도", "이용률", "개선율", "교육 인원", "설치 개소 수",
    "처리 기간", "발굴 건수", "보급 실적", "점검 횟수", "달성도",
)  # fmt: skip
INDICATOR_HEADS = (
    "상담", "현장", "온라인", "맞춤형", "신규", "연계", "공동", "정기", "긴급", "야간",
    "주말", "찾아가는", "시범", "우수", "통합", "모바일",
)  # fmt: skip
MARKS = ("◎", "○", "×", "-")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
ROMAN_U = ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ", "Ⅺ", "Ⅻ")


@dataclass(slots=True)
class SourceIndicator:
    name: str
    mark: str = ""  # report: ◎ ○ × -


@dataclass(slots=True)
class SourcePolicy:
    name: str
    code: str  # report: "III-2"; plan: ""
    indicators: list[SourceIndicator]
    similar: bool = False  # named like the policy goal before it (kind "similar_siblings")


@dataclass(slots=True)
class SourceGoal:
    name: str
    code: str  # report: roman index 0-based as text ("2" -> III); plan: ""
    amount: int  # detail 예산액/결산액 in the document's money unit
    policies: list[SourcePolicy]
    share: str = ""


@dataclass(slots=True)
class SourceUnit:
    name: str
    goals: list[SourceGoal]
    cells: dict[str, str] = field(default_factory=dict)  # 총괄 row as printed, by key


@dataclass(slots=True)
class SourcePlan:
    """The truth a variant is written from."""

    kind: str  # "plan" | "report"
    units: list[SourceUnit]
    total: dict[str, str] = field(default_factory=dict)  # the 계 row as printed
    unicode_codes: bool = False

    @property
    def money_unit(self) -> str:
        return "백만원" if self.kind == "plan" else "원"

    @property
    def summary_keys(self) -> tuple[str, ...]:
        if self.kind == "plan":
            return (
                "strategic_goals", "policy_goals", "indicators", "unit_programs",
                "budget", "previous_budget", "change",
            )  # fmt: skip
        return (
            "strategic_goals", "policy_goals", "indicators", "exceeded", "achieved",
            "not_achieved", "settlement", "previous_settlement", "change",
        )  # fmt: skip


def _money(value: int, kind: str) -> str:
    text = f"{abs(value):,}"
    if value < 0:
        return ("-" if kind == "plan" else "△") + text
    return text


def _roman(index: int, unicode: bool) -> str:
    return (ROMAN_U if unicode else ROMAN)[index]


def random_plan(
    rng: random.Random,
    kind: str,
    *,
    units: tuple[int, int] = (2, 4),
    similar_siblings: bool = False,
) -> SourcePlan:
    """A small consistent plan: a few units (and perhaps one budget-only unit), one or two
    strategic goals each, one to three policy goals per goal, one to three indicators per
    policy goal; the 총괄 agrees with the detail exactly.

    Sibling policy goals differ by more than the parser's 85 % page-repeat overlap, unless
    ``similar_siblings``: then a policy goal may be named like the one before it, one
    syllable apart, as real plans do ("보육시설 참여 기반 조성" after "체육시설 …")."""
    if kind not in ("plan", "report"):
        raise ValueError(kind)
    n_units = rng.randint(*units)
    names = rng.sample(UNIT_NAMES, n_units)
    heads = rng.sample(GOAL_HEADS, len(GOAL_HEADS))
    tails = rng.sample(GOAL_TAILS, len(GOAL_TAILS))
    objects = rng.sample(POLICY_OBJECTS, len(POLICY_OBJECTS))
    used_indicators: set[str] = set()
    plan = SourcePlan(kind=kind, units=[], unicode_codes=rng.random() < 0.5)
    goal_no = 0
    for name in names:
        unit = SourceUnit(name=name, goals=[])
        for _ in range(1 if rng.random() < 0.75 or goal_no >= 10 else 2):
            goal_name = f"{heads.pop()} {tails.pop()}"
            policies: list[SourcePolicy] = []
            for p in range(rng.randint(1, 3)):
                if not objects:
                    break
                obj = objects.pop()
                policy_name = f"{obj} {rng.choice(POLICY_ACTIONS)}"
                similar = False
                if policies and similar_siblings and rng.random() < 0.3:
                    before = policies[-1].name
                    obj = rng.choice([c for c in "가나다라마바사" if c != before[0]]) + before[1:]
                    obj = obj.split(" ")[0]
                    policy_name = obj + before[len(obj) :]
                    similar = True
                else:
                    while any(char_similarity(policy_name, q.name) >= 0.8 for q in policies):
                        policy_name = f"{obj} {rng.choice(POLICY_ACTIONS)}"
                inds = []
                for _ in range(rng.randint(1, 3)):
                    while True:
                        ind = f"{obj} {rng.choice(INDICATOR_HEADS)} {rng.choice(INDICATOR_TAILS)}"
                        if ind not in used_indicators:
                            break
                    used_indicators.add(ind)
                    mark = rng.choice(MARKS) if kind == "report" else ""
                    inds.append(SourceIndicator(ind, mark))
                code = f"{goal_no}-{p + 1}" if kind == "report" else ""
                policies.append(SourcePolicy(policy_name, code, inds, similar))
            amount = rng.randint(500, 900_000) if kind == "plan" else rng.randint(10**8, 10**11)
            code = str(goal_no) if kind == "report" else ""
            unit.goals.append(SourceGoal(goal_name, code, amount, policies))
            goal_no += 1
        plan.units.append(unit)
    if rng.random() < 0.4:
        plan.units.append(SourceUnit(name=rng.choice(BUDGET_ONLY_NAMES), goals=[]))

    computed = shares({str(i): g.amount for i, g in enumerate(_goals(plan))})
    for i, goal in enumerate(_goals(plan)):
        text = computed[str(i)].text
        goal.share = text if kind == "plan" else f"{text} %"

    totals: dict[str, int] = {}
    for unit in plan.units:
        inds = [i for g in unit.goals for p in g.policies for i in p.indicators]
        budget_extra = rng.randint(0, 5_000) if kind == "plan" else rng.randint(0, 10**9)
        budget = sum(g.amount for g in unit.goals) + budget_extra
        if not unit.goals:
            budget = rng.randint(1_000, 20_000) if kind == "plan" else rng.randint(10**8, 10**10)
        previous = max(0, budget + rng.randint(-budget // 5, budget // 5))
        counts = {
            "strategic_goals": len(unit.goals),
            "policy_goals": sum(len(g.policies) for g in unit.goals),
            "indicators": len(inds),
        }
        if kind == "plan":
            counts["unit_programs"] = counts["policy_goals"] + rng.randint(0, 4) if inds else 0
            money = {"budget": budget, "previous_budget": previous, "change": budget - previous}
        else:
            counts["exceeded"] = sum(i.mark == "◎" for i in inds)
            counts["achieved"] = sum(i.mark == "○" for i in inds)
            counts["not_achieved"] = sum(i.mark in ("×", "-") for i in inds)
            money = {
                "settlement": budget,
                "previous_settlement": previous,
                "change": budget - previous,
            }
        values = counts | money
        for key, value in values.items():
            totals[key] = totals.get(key, 0) + value
        unit.cells = {k: (_money(v, kind) if k in money else str(v)) for k, v in values.items()}
    plan.total = {
        k: (_money(v, kind) if k in ("budget", "previous_budget", "change", "settlement",
                                     "previous_settlement") else str(v))
        for k, v in totals.items()
    }  # fmt: skip
    return plan


def _goals(plan: SourcePlan) -> list[SourceGoal]:
    return [g for u in plan.units for g in u.goals]


def _round_drift(plan: SourcePlan, rng: random.Random) -> list[str]:
    """백만원 rounding: the 계 budget/previous off by one, a row's 비교증감 off by one —
    within the tolerance of R1/R2 (infos). Changes the printed cells, which stay the truth."""
    rows = len(plan.units)
    touched: list[str] = []
    total = {k: _int(v) for k, v in plan.total.items()}
    d_budget, d_prev = rng.choice((-1, 0, 1)), rng.choice((-1, 0, 1))
    unit = rng.choice(plan.units)
    e = rng.choice((-1, 1))
    gap = d_budget - d_prev - e
    if abs(gap) > rows or abs(d_budget - d_prev) > 1:
        d_prev = d_budget
        gap = -e
    total["budget"] += d_budget
    total["previous_budget"] += d_prev
    total["change"] = total["budget"] - total["previous_budget"]
    plan.total["budget"] = _money(total["budget"], "plan")
    plan.total["previous_budget"] = _money(total["previous_budget"], "plan")
    plan.total["change"] = _money(total["change"], "plan")
    unit.cells["change"] = _money(_int(unit.cells["change"]) + e, "plan")
    touched.append(unit.name)
    return touched


def _int(text: str) -> int:
    text = text.replace(",", "").replace("△", "-")
    return int(text)


# --- writing --------------------------------------------------------------------------------


def write(plan: SourcePlan, *, seed: int = 0, kinds: tuple[str, ...] = ()) -> Written:
    """The document text of ``plan`` with the drift ``kinds`` applied at random (seeded).
    With no kinds the text is the clean official layout, with no page breaks.

    The "rounding" kind changes the 총괄 cells of ``plan`` (the printed figures are the
    truth), so write a plan once."""
    rng = random.Random(seed)
    on = set(kinds)
    drifts: list[Drift] = []
    out = Out()
    report = plan.kind == "report"
    p = rng.random  # probability draws

    def blank(where: str) -> None:
        if "blank_lines" in on and p() < 0.15:
            for _ in range(rng.randint(1, 2)):
                drifts.append(Drift("blank_lines", out.add(""), where))

    def cells(row: list[str]) -> str:
        if "trailing_cells" in on and p() < 0.1:
            row = row + [""] * rng.randint(1, 2)
            drifts.append(Drift("trailing_cells", out.next))
        return "\t".join(row)

    # title and summary
    if report:
        for line in ("## 별첨 2023년도 성과보고서", "", "### 3. 성과보고 총괄표", "",
                     "#### 가. 총괄", "", "(단위: 개, 원)", ""):  # fmt: skip
            out.add(line)
        header = [
            "실국명\t성과목표\t정책사업목표\t\t성과달성도\t\t\t결산액\t\t",
            "\t전략 목표수\t개수\t지표수\t초과 달성\t달성\t미달성\t결산액\t전년도 결산액\t비교 증감",
        ]
    else:
        for line in ("3. 성과계획 총괄표", "", "가. 총괄", "", "(단위:개, 백만원)", ""):
            out.add(line)
        header = [
            "실국명\t성과계획\t\t\t\t예산액\t\t",
            "\t전략목표수\t정책사업목표\t\t단위사업수\t예산액\t전년도예산액\t비교증감",
            "\t\t개수\t지표수\t\t\t\t",
        ]
    if "rounding" in on and not report and p() < 0.5:
        for name in _round_drift(plan, rng):
            drifts.append(Drift("rounding", 0, name))
    for line in header:
        out.add(line)
    keys = plan.summary_keys
    out.add(cells(["계", *(plan.total[k] for k in keys)]))
    unit_lines: dict[str, int] = {}
    for i, unit in enumerate(plan.units):
        if "summary_page_break" in on and i > 0 and p() < 0.2:
            out.add("")
            first = out.next
            for line in header:
                out.add(line)
            drifts.append(Drift("summary_page_break", first))
        else:
            blank("summary")
        unit_lines[unit.name] = out.add(cells([unit.name, *(unit.cells[k] for k in keys)]))
    # rounding drifts carry the unit's summary line
    for d in drifts:
        if d.kind == "rounding":
            d.line = unit_lines.get(d.note, 0)
    out.add("")

    # detail
    if report:
        out.add("#### 나. 성과목표 및 재원비중")
        out.add("")
        detail_header = [
            "전략목표명 (실국명)\t정책사업목표명\t성과지표명\t'23년 달성성과\t결산액 (원)\t비중(%)"
        ]
    else:
        out.add("나. 성과계획 및 자원비중")
        out.add("")
        detail_header = [
            "전략목표명 (실국명)\t정책사업목표명\t성과지표명\t예산액 (백만원)\t",
            "\t\t\t\t비중(%)",
        ]
    for line in detail_header:
        out.add(line)

    page_rows = rng.randint(3, 8)
    on_page = 0
    page_no = rng.randint(2, 40)

    def wrapped(name: str) -> str:
        if "wrapped_space" in on and p() < 0.1:
            i = rng.randrange(1, len(name))
            if name[i] != " " and name[i - 1] != " ":
                drifts.append(Drift("wrapped_space", out.next))
                return name[:i] + " " + name[i:]
        return name

    def bullet() -> str:
        if "bullet" in on and p() < 0.1:
            drifts.append(Drift("bullet", out.next))
            return "○ "
        return ""

    def goal_cell(unit: SourceUnit, goal: SourceGoal, *, repeat: bool) -> str:
        name, suffix = wrapped(goal.name), unit.name
        code = ""
        if report:
            uni = plan.unicode_codes
            if repeat and "code_glyph" in on and p() < 0.3:
                uni = not uni
                drifts.append(Drift("code_glyph", out.next))
            code = _roman(int(goal.code), uni) + ". "
        if repeat and "repeat_typo" in on and p() < 0.4:
            name = typo(rng, name)
            drifts.append(Drift("repeat_typo", out.next, name))
        if repeat and "suffix_space" in on and p() < 0.3 and len(suffix) > 2:
            i = rng.randrange(1, len(suffix))
            suffix = suffix[:i] + " " + suffix[i:]
            drifts.append(Drift("suffix_space", out.next))
        return f"{bullet()}{code}{name} ({suffix})"

    def policy_cell(goal: SourceGoal, policy: SourcePolicy, *, repeat: bool) -> str:
        name = wrapped(policy.name)
        if policy.similar and not repeat:
            drifts.append(Drift("similar_siblings", out.next))
        if repeat and "repeat_policy_typo" in on and p() < 0.4:
            name = typo(rng, name)
            drifts.append(Drift("repeat_policy_typo", out.next, name))
        if report:
            g, n = policy.code.split("-")
            return f"{bullet()}{_roman(int(g), plan.unicode_codes)}-{n}. {name}"
        return bullet() + name

    for unit in plan.units:
        for goal in unit.goals:
            first_of_goal = True
            for policy in goal.policies:
                first_of_policy = True
                for ind in policy.indicators:
                    repeat = False
                    if on_page >= page_rows and "page_break" in on:
                        out.add("")
                        if "page_number" in on and p() < 0.5:
                            drifts.append(Drift("page_number", out.add(f"- {page_no} -")))
                            out.add("")
                        page_no += 1
                        first = out.next
                        for line in detail_header:
                            out.add(line)
                        on_page = 0
                        page_rows = rng.randint(3, 8)
                        if not first_of_goal:
                            repeat = True
                            drifts.append(Drift("page_break", first))
                    elif on_page > 0:
                        blank("detail")
                    on_page += 1
                    show_goal = first_of_goal or repeat
                    show_policy = first_of_policy or repeat
                    g = goal_cell(unit, goal, repeat=repeat) if show_goal else ""
                    pol = policy_cell(goal, policy, repeat=repeat and not first_of_policy)
                    pol = pol if show_policy else ""
                    money = [_money(goal.amount, plan.kind), goal.share] if show_goal else []
                    mark = [ind.mark] if report else []
                    row = [g, pol, wrapped(ind.name), *mark]
                    line_no = out.next
                    if show_goal:
                        row += money
                    elif "merged_repeat" in on and p() < 0.1:
                        drifts.append(Drift("merged_repeat", line_no))
                        row[0] = goal_cell(unit, goal, repeat=False)
                        row[1] = policy_cell(goal, policy, repeat=False)
                        row += [""] * ((6 if report else 5) - len(row))
                    elif show_policy and "split_policy" in on and p() < 0.1 and " " in pol:
                        words = pol.split(" ")
                        cut = rng.randrange(1, len(words))
                        row[1] = " ".join(words[:cut])
                        out.add(cells(row + [""] * (6 - len(row) if report else 2)))
                        drifts.append(Drift("split_policy", line_no))
                        drifts.append(Drift("split_policy", out.next))
                        row = ["", " ".join(words[cut:]), ""]
                        out.add(cells(row + [""] * (3 if report else 2)))
                        first_of_goal = first_of_policy = False
                        continue
                    else:
                        row = _continuation(row, report, rng, on, drifts, line_no, show_policy)
                    out.add(cells(row))
                    first_of_goal = first_of_policy = False
    out.add("")
    if report:
        out.lines.append(
            "※ ◎ : 초과달성(130% 이상), ○ : 달성(100~130% 미만), × : 미달성(100% 미만)"
        )
        return Written("\n".join(out.lines), drifts, unit_lines)
    return Written("\n".join(out.lines) + "\n", drifts, unit_lines)


def _continuation(
    row: list[str],
    report: bool,
    rng: random.Random,
    on: set[str],
    drifts: list[Drift],
    line_no: int,
    show_policy: bool,
) -> list[str]:
    """A row that opens no goal, with the cell drift of continuation rows."""
    width = 6 if report else 5
    full = row + [""] * (width - len(row))
    draw = rng.random()
    if not show_policy:
        if "drop_leading_2" in on and draw < 0.05:
            drifts.append(Drift("drop_leading_2", line_no))
            return full[2:]
        if "drop_leading_1" in on and draw < 0.1:
            drifts.append(Drift("drop_leading_1", line_no))
            return full[1:]
    if "shift_right" in on and 0.1 <= draw < 0.15:
        drifts.append(Drift("shift_right", line_no))
        return ["", *full]
    if report and "mark_shifted" in on and 0.15 <= draw < 0.2:
        drifts.append(Drift("mark_shifted", line_no))
        return [*full[:3], "", full[3], ""]
    if "dropped_trailing" in on and 0.2 <= draw < 0.35 and full[-1] == "":
        drifts.append(Drift("dropped_trailing", line_no))
        while full and full[-1] == "":
            full.pop()
    return full


# --- reading and judging --------------------------------------------------------------------


def read(text: str, *, source: str = "drift.txt") -> tuple[PlanTables, list[Finding]]:
    """What the loader reads from ``text`` before writing anything: the tables and every
    finding (:func:`seonggwa.importers.drift_common.read_text`) — no database."""
    _doc, tables, findings = read_text(text, source=source, year=2023)
    return tables, findings


Structure = dict[str, list[tuple[str, Decimal | None, list[tuple[str, list[tuple[str, str]]]]]]]


def truth_structure(plan: SourcePlan) -> Structure:
    factor = MONEY_FACTORS[plan.money_unit]
    return {
        norm_key(u.name): [
            (
                norm_key(g.name),
                Decimal(g.amount * factor),
                [
                    (norm_key(p.name), [(norm_key(i.name), i.mark) for i in p.indicators])
                    for p in g.policies
                ],
            )
            for g in u.goals
        ]
        for u in plan.units
    }


def read_structure(tables: PlanTables) -> Structure:
    out: Structure = {norm_key(u.name): [] for u in tables.units}
    policies: dict[int, list[tuple[str, list[tuple[str, str]]]]] = {}
    for gi, goal in enumerate(tables.goals):
        unit = norm_key(tables.units[tables.owners[goal.owner].unit].name)
        policies[gi] = []
        out.setdefault(unit, []).append((norm_key(goal.name), goal.program_amount, policies[gi]))
    by_policy: dict[int, list[tuple[str, str]]] = {}
    for pi, pol in enumerate(tables.policy_goals):
        by_policy[pi] = []
        policies[pol.goal].append((norm_key(pol.name), by_policy[pi]))
    for ind in tables.indicators:
        entry = (norm_key(ind.name), ind.mark_raw.strip())
        if ind.policy_goal is None:
            policies[ind.goal].append(("", [entry]))
        else:
            by_policy[ind.policy_goal].append(entry)
    return out


def truth_declared(plan: SourcePlan) -> dict[tuple[str, str], Decimal]:
    out = {("계", k): Decimal(_int(v)) for k, v in plan.total.items()}
    for unit in plan.units:
        out |= {(norm_key(unit.name), k): Decimal(_int(v)) for k, v in unit.cells.items()}
    return out


def read_declared(tables: PlanTables) -> dict[tuple[str, str], Decimal | None]:
    return {
        ("계" if d.unit is None else norm_key(d.unit_label), d.key): d.value
        for d in tables.declared
        if d.table == "summary"
    }


# warnings that say, at their line, that the reading there was a choice: the 총괄 decided
# (read_as_*), could not decide (reading_ambiguous), or a policy goal's name came twice under
# one goal (policy_goal_repeated: two alike siblings, or a repeat)
FLAG_CODES = frozenset(
    {
        "detail.reading_ambiguous",
        "detail.read_as_new",
        "detail.read_as_repeat",
        "detail.read_as_continued",
        "detail.policy_goal_repeated",
    }
)


def judge(plan: SourcePlan, written: Written) -> Outcome:
    """Read ``written`` and compare with ``plan``."""
    tables, findings = read(written.text)
    diffs = compare(truth_structure(plan), read_structure(tables), "unit")
    diffs += compare(truth_declared(plan), read_declared(tables), "총괄")
    # a reading the 총괄 could not decide, said at an ambiguous drift's line, flags it too
    return outcome(written, findings, diffs, AMBIGUOUS_KINDS, FLAG_CODES)


def variant(kind: str, seed: int, kinds: tuple[str, ...]) -> tuple[SourcePlan, Written]:
    """Variant ``seed`` of document ``kind``: a random plan and its drifted text."""
    rng = random.Random(seed * 2 + (kind == "report"))
    plan = random_plan(rng, kind, similar_siblings="similar_siblings" in kinds)
    return plan, write(plan, seed=rng.randrange(2**32), kinds=kinds)


def _counts(plan: SourcePlan) -> dict[str, int]:
    goals = _goals(plan)
    return {
        "strategic_goals": len(goals),
        "policy_goals": sum(len(g.policies) for g in goals),
        "indicators": sum(len(p.indicators) for g in goals for p in g.policies),
    }


#: kinds that only show at a detail page break: run with "page_break" when alone
_AT_PAGE_BREAK = ("page_number", "repeat_typo", "repeat_policy_typo", "suffix_space",
                  "code_glyph", "similar_siblings")  # fmt: skip


def _doc_kind(kind: str, not_applied: tuple[str, ...]) -> DocKind[SourcePlan]:
    return DocKind(
        name=kind,
        all_kinds=ALL_KINDS,
        disabled=DISABLED[kind],
        own_kinds=tuple(k for k in ALL_KINDS if k not in not_applied),
        companions={k: ("page_break",) for k in _AT_PAGE_BREAK},
        variant=lambda seed, kinds: variant(kind, seed, kinds),
        judge=judge,
        year=lambda _plan: 2023,
        counts=_counts,
    )


PLAN = _doc_kind("plan", ("code_glyph", "mark_shifted"))
REPORT = _doc_kind("report", ("rounding",))
_DOC_KINDS = {"plan": PLAN, "report": REPORT}
