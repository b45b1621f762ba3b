"""Building a report runs a fixed number of queries, whatever the size of the plan: every
read goes through ``reports.selectors`` (plan tree, budget programs, declared figures,
evidence, findings), and the builders run none. Each kind is built for a small plan and
for a clearly bigger one with the same features."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seonggwa.organisations.models import PlanOwner
from seonggwa.organisations.services import (
    organisation_get_or_create,
    owner_get_or_create,
    unit_create,
)
from seonggwa.plans.models import BudgetProgram, Plan
from seonggwa.plans.services import (
    indicator_create,
    perspective_create,
    plan_create,
    policy_goal_create,
    strategic_goal_create,
)
from seonggwa.reports.build import report_build
from seonggwa.reports.kinds import REPORT_KINDS
from seonggwa.results.models import Evidence, IndicatorValue
from seonggwa.sources.models import DeclaredFigure, StoredFinding

pytestmark = pytest.mark.django_db


def _admin():  # type: ignore[no-untyped-def]
    """The sample's administrator: services take the acting user."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


YEAR = 2025

#: Queries per report kind: the plan's organisation (1), the plan tree (6: strategic goals,
#: policy goals, indicators, their values, budget programs, perspectives), the stored
#: findings (1), and what the kind reads besides: budget programs with their units and the
#: declared 총괄 figures (plan, report), evidence (indicator cards), approved target changes
#: (report).
EXPECTED_QUERIES = {"plan": 10, "report": 11, "bsc": 8, "indicator-cards": 9, "result": 8}
# the kinds of a plan's own tree (the sustainability and joint kinds read their framework, the
# projects kind its projects: checked below)
FRAMEWORK_PARTS = {"sustainability", "joint", "projects"}
PLAN_TREE_KINDS = [k.key for k in REPORT_KINDS if not FRAMEWORK_PARTS & set(k.reads)]

SMALL = {"units": 1, "goals": 1, "policies": 1, "indicators": 1, "years": 1}
BIG = {"units": 4, "goals": 3, "policies": 2, "indicators": 3, "years": 3}


def plan_make(
    org_name: str,
    plan_kind: str,
    *,
    units: int,
    goals: int,
    policies: int,
    indicators: int,
    years: int,
) -> Plan:
    """A plan with every feature a report reads, sized by the arguments: per unit a unit
    owner and a head owner with two weighted perspectives, ``goals`` strategic goals each with
    ``policies`` policy goals of ``indicators`` weighted indicators, targets and approved
    actuals for ``years`` years, evidence on each actual, a budget program per goal, the
    declared 총괄 figures of each unit and of the 계 row, and a stored finding per unit."""
    org = organisation_get_or_create(name=org_name)
    plan = plan_create(
        user=_admin(),
        organisation=org,
        year=YEAR,
        kind=plan_kind,
        grading_scheme="performance_report",
    )
    n = 0
    values: list[IndicatorValue] = []
    for u in range(units):
        unit = unit_create(organisation=org, name=f"{u + 1}국")
        for owner_kind in (PlanOwner.Kind.UNIT, PlanOwner.Kind.HEAD):
            owner = owner_get_or_create(unit=unit, kind=owner_kind)
            perspectives = [
                perspective_create(
                    user=_admin(), plan=plan, owner=owner, name=name, weight=Decimal(50)
                )
                for name in ("시민고객", "내부역량")
            ]
            for g in range(goals):
                goal = strategic_goal_create(
                    user=_admin(),
                    plan=plan,
                    owner=owner,
                    name=f"{unit.name} 전략목표 {g + 1}",
                    code=f"{owner_kind}{u + 1}-{g + 1}",
                    perspective=perspectives[g % 2],
                )
                BudgetProgram.objects.create(
                    plan=plan,
                    owner=owner,
                    strategic_goal=goal,
                    name=f"{goal.name} 사업",
                    budget=Decimal(1_000_000_000 + n),
                    previous_budget=Decimal(900_000_000),
                    settlement=Decimal(950_000_000),
                    previous_settlement=Decimal(850_000_000),
                )
                for p in range(policies):
                    policy = policy_goal_create(
                        user=_admin(),
                        strategic_goal=goal,
                        name=f"{goal.name} 정책 {p + 1}",
                        code=f"{goal.code}-{p + 1}",
                    )
                    for i in range(indicators):
                        n += 1
                        indicator = indicator_create(
                            user=_admin(),
                            strategic_goal=goal,
                            policy_goal=policy,
                            name=f"지표 {n}",
                            unit_of_measure="건",
                            weight=Decimal(10),
                            perspective=perspectives[i % 2],
                        )
                        for y in range(YEAR - years + 1, YEAR + 1):
                            for kind, number in (("target", 100), ("actual", 90 + n % 50)):
                                values.append(
                                    IndicatorValue(
                                        indicator=indicator,
                                        kind=kind,
                                        year=y,
                                        raw_text=str(number),
                                        value=Decimal(number),
                                        status="approved",
                                    )
                                )
        for position, key in enumerate(("strategic_goals", "budget")):
            DeclaredFigure.objects.create(
                plan=plan,
                unit=unit,
                unit_label=unit.name,
                table="summary",
                key=key,
                value=Decimal(goals * 2 if key == "strategic_goals" else 2_000),
                money_unit="백만원" if key == "budget" else "",
                position=u * 10 + position,
            )
        StoredFinding.objects.create(
            plan=plan, severity="warning", code="R4.count", message="확인", unit_label=unit.name
        )
    DeclaredFigure.objects.create(
        plan=plan, unit=None, unit_label="계", table="summary", key="budget", value=Decimal(1)
    )
    IndicatorValue.objects.bulk_create(values)
    Evidence.objects.bulk_create(
        Evidence(
            value=v,
            file=f"evidence/00/{v.pk}",
            original_name=f"증빙 {v.indicator.name}.pdf",
            content_type="application/pdf",
            size=100,
            sha256=f"{v.pk:064d}",
        )
        for v in values
        if v.kind == "actual"
    )
    return plan


def queries_to_build(plan: Plan, kind: str, *, unit: str | None = None) -> list[str]:
    plan = Plan.objects.get(pk=plan.pk)  # nothing cached from the set-up
    with CaptureQueriesContext(connection) as ctx:
        report = report_build(plan, kind, unit=unit)
    assert report.tables[-1].key == "findings"
    return [q["sql"] for q in ctx.captured_queries]


def test_report_build_query_count_does_not_grow_with_the_plan() -> None:
    """Per kind: queries for the small plan, the big plan and one unit of the big plan."""
    small = plan_make("작은시", "plan", **SMALL)
    big = plan_make("큰시", "plan", **BIG)
    assert (small.indicators.count(), big.indicators.count()) == (2, 4 * 2 * 3 * 2 * 3)
    counts = {
        kind: (
            len(queries_to_build(small, kind)),
            len(queries_to_build(big, kind)),
            len(queries_to_build(big, kind, unit="2국")),
        )
        for kind in PLAN_TREE_KINDS
    }
    assert counts == {kind: (n, n, n) for kind, n in EXPECTED_QUERIES.items()}

    # ... for reports that really show the big plan's data
    tables = {kind: report_build(big, kind).tables for kind in PLAN_TREE_KINDS}
    assert len(tables["plan"][0].data_rows()) == 4  # one row per unit
    assert tables["plan"][0].rows[1].cells[3].value == 36  # indicators of a unit
    assert tables["plan"][0].rows[0].cells[5].explanation.startswith("문서 기재값")  # declared 계
    assert len(tables["report"][1].rows) == 144  # one row per indicator
    assert len([t for t in tables["bsc"] if t.key.startswith("bsc_")]) == 8  # one per owner
    cards = [t for t in tables["indicator-cards"] if t.key.startswith("card_")]
    assert len(cards) == 144 and len(cards[0].rows) == 3  # three years
    assert "증빙 지표 1.pdf" in cards[0].footnotes[-1]
    assert len(tables["result"][0].rows) == 8 * 3  # two perspectives and 종합 per owner
    assert len(tables["plan"][-1].rows) == 4  # one finding per unit


def test_a_document_of_a_run_reads_it_in_two_more_queries_whatever_its_size() -> None:
    """The graded kinds read the run's stored indicator and owner results: two queries."""
    from seonggwa.evaluation.services import run_start

    runs = {}
    for name, size in (("작은시", SMALL), ("큰시", BIG)):
        plan = plan_make(name, "plan", **size)
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CONFIRMED)
        runs[name] = run_start(user=_admin(), plan=Plan.objects.get(pk=plan.pk))

    def count(name: str, kind: str) -> int:
        plan = Plan.objects.get(pk=runs[name].plan_id)
        run = type(runs[name]).objects.get(pk=runs[name].pk)
        with CaptureQueriesContext(connection) as ctx:
            report_build(plan, kind, run=run)
        return len(ctx.captured_queries)

    graded = ("report", "indicator-cards", "result")
    assert {k: (count("작은시", k), count("큰시", k)) for k in graded} == {
        k: (EXPECTED_QUERIES[k] + 2, EXPECTED_QUERIES[k] + 2) for k in graded
    }


SMALL_SUSTAINABILITY = "\n".join(
    [
        "\t환경",
        "목표\t깨끗한 환경",
        "전략 01 | 기후",
        "- 과제 1 | 온실가스를 줄인다.",
        "<서울시 지속가능발전 핵심지표>",
        "",
        "환경\t",
        "키워드\t지표",
        "기후\t배출량",
        "",
        "<서울시 지속가능발전 지표별 달성도>",
        "",
        "환경\t",
        "지표\t달성도",
        "배출량\t80.0%",
        "",
        "<서울시 지속가능발전 이행계획 - 환경분야 성과지표 달성도>",
        "",
        "전략\t과제\t달성(1)\t일부달성(0)\t미달성(0)",
        "기후\t온실가스를 줄인다\t1\t-\t-",
        "",
    ]
)


def test_the_sustainability_report_costs_the_same_queries_for_seed_003_as_for_one_indicator() -> (
    None
):
    from pathlib import Path

    from seonggwa.importers.sustainability.load import sustainability_import

    seed = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
    small = sustainability_import(
        user=None, organisation_name="작은시", year=2019, path_or_text=SMALL_SUSTAINABILITY
    ).plan
    big = sustainability_import(
        user=None, organisation_name="큰시", year=2019, path_or_text=seed
    ).plan
    counts = [len(queries_to_build(p, "sustainability")) for p in (small, big)]
    assert counts[0] == counts[1] <= 14, counts  # 14 measured (one: the committee's review)


def test_the_joint_evaluation_report_costs_the_same_queries_with_and_without_vps_results() -> None:
    from pathlib import Path

    from seonggwa.importers.joint.load import joint_import
    from seonggwa.importers.joint.vps_load import vps_import

    seed = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
    plan = joint_import(user=None, organisation_name="큰시", year=2020, path_or_text=seed).plan
    before = len(queries_to_build(plan, "joint-evaluation"))
    sheet = "시도,연번,달성여부\n" + "\n".join(
        f"{r},{n},달성" for r in ("서울", "부산", "경기", "제주") for n in range(5, 60)
    )
    vps_import(user=None, plan=plan, path_or_bytes=sheet.encode(), source_name="v.csv")
    after = len(queries_to_build(plan, "joint-evaluation"))
    # 23 measured: 21, and the best cases and the entry window of the timeline's entry step
    assert before == after <= 23, (before, after)


def test_the_projects_report_costs_the_same_queries_for_seed_003_as_for_one_project() -> None:
    from pathlib import Path

    from seonggwa.importers.projects_load import projects_import

    seed = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
    one = "\n".join(
        [
            "연번\t소관실국\t과제명\t사업기간\t총사업비 (단위:백만원)\t20년 편성액 (단위:백만원)\t추진사항",
            "1\t경제정책실\t핀테크산업 생태계 지원\t2018~\t10,681\t7,246\t◦ 공정률 40%",
        ]
    )
    small = projects_import(
        user=None, organisation_name="작은시", year=2020, path_or_text=one.encode()
    ).plan
    big = projects_import(user=None, organisation_name="큰시", year=2020, path_or_text=seed).plan
    counts = [len(queries_to_build(p, "projects")) for p in (small, big)]
    assert counts[0] == counts[1] <= 12, counts
