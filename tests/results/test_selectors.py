"""What the plan tree holds for whom, the collection board, and last year's actual for
relative targets."""

from decimal import Decimal

import pytest

from seonggwa.engine.grading import PERFORMANCE_REPORT
from seonggwa.plans.models import Period, Plan
from seonggwa.plans.services import period_lock, period_publish
from seonggwa.reports.evaluate import indicator_evaluate
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import collection_board, plan_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(sample):
    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


def _nodes(tree):  # type: ignore[no-untyped-def]
    return {
        n.indicator.name: n
        for o in tree.owners
        for g in o.goals
        for p in g.policies
        for n in p.indicators
    }


def _actuals(tree):  # type: ignore[no-untyped-def]
    return {
        name: node.values_by_year.get(2026, {}).get("actual") for name, node in _nodes(tree).items()
    }


def test_the_organisation_sees_every_actual_with_its_status(plan):
    statuses = {k: v.status for k, v in _actuals(plan_tree(plan=plan)).items() if v is not None}
    assert {"draft", "submitted", "approved", "rejected"} <= set(statuses.values())


def test_the_public_sees_approved_actuals_of_published_periods_only(plan, django_user_model):
    public = _actuals(plan_tree(plan=plan, public=True))
    assert all(v is None for v in public.values())  # 2026 is not published yet
    officer = django_user_model.objects.get(username="officer")
    period = Period.objects.get(plan=plan, key="2026")
    period = period_lock(user=officer, period=period, reason="끝", expected_version=period.version)
    period_publish(user=officer, period=period, expected_version=period.version)
    public = {k: v for k, v in _actuals(plan_tree(plan=plan, public=True)).items() if v is not None}
    assert public and {v.status for v in public.values()} == {"approved"}
    everything = plan_tree(plan=plan, public=True)
    targets = [n.values_by_year.get(2026, {}).get("target") for n in _nodes(everything).values()]
    assert all(t is not None for t in targets)  # targets of a visible plan are public


def test_a_relative_target_reads_last_years_actual_of_the_linked_indicator(plan):
    node = _nodes(plan_tree(plan=plan))["시민 제안 채택 건수"]
    assert node.indicator.previous is not None and node.indicator.previous.plan.year == 2025
    assert node.previous_actual is not None and node.previous_actual.raw_text == "163"
    ev = indicator_evaluate(
        node.indicator,
        node.values_by_year,
        2026,
        PERFORMANCE_REPORT,
        previous_actual=node.previous_actual,
    )
    assert ev.achievement.explanation.inputs["목표값"].startswith("171.15")  # 163 × 1.05
    assert ev.grade.mark == "×"  # 140 against 171.15


def test_a_baseline_offset_in_a_new_plan_adds_to_last_years_actual(plan):
    from types import SimpleNamespace

    node = _nodes(plan_tree(plan=plan))["복지서비스 이용 만족도"]
    assert node.values_by_year[2026]["target"].raw_text == "기준점 +0.5"
    assert node.previous_actual is not None and node.previous_actual.raw_text == "79.1"
    actual = SimpleNamespace(raw_text="79.8", value=Decimal("79.8"), status="approved")
    values = {2026: {**node.values_by_year[2026], "actual": actual}}
    ev = indicator_evaluate(
        node.indicator, values, 2026, PERFORMANCE_REPORT, previous_actual=node.previous_actual
    )
    assert ev.achievement.explanation.inputs["목표값"] == "79.6"  # 79.1 + 0.5
    assert ev.grade.mark == "○"
    alone = indicator_evaluate(node.indicator, values, 2026, PERFORMANCE_REPORT)
    assert alone.grade.mark == "-"  # no baseline on record: not computed


def test_without_last_years_actual_a_relative_target_stays_unresolved(plan):
    node = _nodes(plan_tree(plan=plan))["시민 제안 채택 건수"]
    ev = indicator_evaluate(node.indicator, node.values_by_year, 2026, PERFORMANCE_REPORT)
    assert ev.grade.mark == "-"


def test_the_collection_board_counts_every_state_per_unit(plan):
    board = {row.unit.name: row for row in collection_board(plan=plan)}
    welfare = board["복지정책국"]
    assert welfare.indicators == 4
    assert welfare.counts == {"submitted": 1, "not_started": 1, "rejected": 1, "draft": 1}
    assert welfare.waiting == 3
    total = sum(row.indicators for row in board.values())
    assert total == plan.indicators.count()
    actuals = IndicatorValue.objects.filter(indicator__plan=plan, kind="actual", year=2026)
    assert (
        sum(r.counts.get("approved", 0) for r in board.values())
        == actuals.filter(status="approved").count()
    )


def test_the_entry_grid_holds_the_users_units_and_says_why_a_row_is_closed(plan, django_user_model):
    from seonggwa.results.selectors import entry_rows

    people = {u.username: u for u in django_user_model.objects.all()}
    rows = entry_rows(plan=plan, user=people["welfare_staff"])
    assert {r.indicator.owner.unit.name for r in rows} == {"복지정책국"}
    by_name = {r.indicator.name: r for r in rows}
    assert (
        by_name["복지서비스 이용 만족도"].editable
        and by_name["복지서비스 이용 만족도"].actual is None
    )
    submitted = by_name["위기가구 발굴 건수 (누계)"]
    assert not submitted.editable and "승인" in (submitted.refusal or "")
    assert entry_rows(plan=plan, user=people["committee"]) == []
    every = entry_rows(plan=plan, user=people["officer"])
    assert len(every) == plan.indicators.count()


def test_the_approval_queue_is_the_managers_units_submitted_actuals(plan, django_user_model):
    from seonggwa.results.selectors import approval_queue

    people = {u.username: u for u in django_user_model.objects.all()}
    mine = approval_queue(plan=plan, user=people["welfare_head"])
    assert [v.indicator.name for v in mine] == ["위기가구 발굴 건수 (누계)"]
    assert approval_queue(plan=plan, user=people["welfare_staff"]) == []
    everyone = approval_queue(plan=plan, user=people["officer"])
    assert len(everyone) == plan.indicators.filter(values__status="submitted").count() >= 2


def test_the_collection_of_open_periods_names_the_units_still_to_submit(plan):
    import datetime

    from seonggwa.results.selectors import open_collection

    period = Period.objects.get(plan=plan, key="2026")
    rows = open_collection(organisation_ids=[plan.organisation_id], today=period.opens_on)
    # the confirmed 2026 plan: the BSC is a draft (it collects nothing yet); 2025's period is
    # locked and its plan closed
    assert {(r.period.plan.year, r.period.plan.kind) for r in rows} == {(2026, "plan")}
    assert all(r.waiting for r in rows)
    welfare = next(r for r in rows if r.unit.name == "복지정책국" and r.period.plan == plan)
    assert welfare.counts == {"submitted": 1, "not_started": 1, "draft": 1, "rejected": 1}
    before = period.opens_on - datetime.timedelta(days=1)
    assert open_collection(organisation_ids=[plan.organisation_id], today=before) == []
    assert open_collection(organisation_ids=[], today=period.opens_on) == []


def test_the_open_collection_takes_three_queries_however_many_plans(
    plan, django_assert_num_queries
):
    from seonggwa.results.selectors import open_collection

    opens = plan.periods.get().opens_on
    with django_assert_num_queries(3):
        open_collection(organisation_ids=[plan.organisation_id], today=opens)


def test_the_facts_of_a_review_hold_the_target_and_evaluate_the_submitted_actual(
    plan, django_user_model, django_assert_num_queries
):
    from seonggwa.results.selectors import approval_facts, approval_queue

    officer = django_user_model.objects.get(username="officer")
    queue = approval_queue(plan=plan, user=officer)
    with django_assert_num_queries(2):
        facts = approval_facts(values=queue)
    crisis = next(v for v in queue if v.indicator.name == "위기가구 발굴 건수 (누계)")
    fact = facts[crisis.pk]
    assert fact.target is not None and fact.target.raw_text == "480(2,192)"
    evaluation = indicator_evaluate(
        crisis.indicator,
        fact.values_by_year,
        2026,
        PERFORMANCE_REPORT,
        approved_only=False,
        previous_actual=fact.previous_actual,
    )
    assert evaluation.rate_text == "47.9%" and evaluation.grade.band.label == "미달성"


def test_submitted_counts_are_per_open_plan_for_the_managers_units(plan):
    from seonggwa.organisations.models import OrgUnit
    from seonggwa.results.selectors import submitted_counts

    welfare = OrgUnit.objects.get(organisation=plan.organisation, name="복지정책국")
    assert submitted_counts(organisation_id=plan.organisation_id, unit_ids={welfare.pk}) == [
        (plan, 1)
    ]
    everyone = submitted_counts(organisation_id=plan.organisation_id, unit_ids=None)
    assert everyone == [
        (plan, IndicatorValue.objects.filter(indicator__plan=plan, status="submitted").count())
    ]
    assert submitted_counts(organisation_id=plan.organisation_id, unit_ids=set()) == []
