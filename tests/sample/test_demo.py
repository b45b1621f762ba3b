"""seonggwa generate-demo: the national demo dataset (src/seonggwa/sample/demo.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.cli import main
from seonggwa.engine.values import parse_value
from seonggwa.evaluation.models import EvaluationRun, IndicatorResult
from seonggwa.organisations.models import Organisation
from seonggwa.organisations.selectors import peer_groups
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import plan_tree

SMALL = ["--orgs", "3", "--indicators", "20", "--months", "3", "--years", "2"]
ARGS = ["generate-demo", *SMALL, "--last-year", "2026"]


def _snapshot() -> list[tuple[object, ...]]:
    """Everything a user would read of the demo, without database ids."""
    orgs = list(
        Organisation.objects.filter(demo=True)
        .order_by("name")
        .values_list("name", "kind", "peer_group")
    )
    indicators = list(
        Indicator.objects.filter(plan__organisation__demo=True)
        .order_by("plan__organisation__name", "plan__year", "code")
        .values_list(
            "plan__organisation__name",
            "plan__year",
            "code",
            "name",
            "unit_of_measure",
            "weight",
            "direction",
            "previous__name",
        )
    )
    values = list(
        IndicatorValue.objects.filter(indicator__plan__organisation__demo=True)
        .order_by(
            "indicator__plan__organisation__name",
            "indicator__plan__year",
            "indicator__code",
            "kind",
            "year",
            "quarter",
            "month",
        )
        .values_list(
            "indicator__plan__organisation__name",
            "indicator__code",
            "kind",
            "year",
            "quarter",
            "month",
            "raw_text",
            "value",
            "status",
        )
    )
    return [*orgs, *indicators, *values]


@pytest.mark.django_db
def test_a_small_demo_has_the_asked_shape(sample, capsys):
    before = Organisation.objects.count()
    assert main(ARGS) == 0
    out = capsys.readouterr().out
    assert "가상 데이터를 만들었습니다: 기관 3개" in out and "results.IndicatorValue" in out
    orgs = list(Organisation.objects.filter(demo=True))
    assert len(orgs) == 3 and Organisation.objects.count() == before + 3
    # several peer groups, each name fitting its group (시부: 광역시, 도부: 도)
    groups = {o.peer_group for o in orgs}
    assert len(groups) == 2, groups
    by_group = peer_groups()
    assert sorted(len(by_group[g]) for g in groups) == [1, 2]
    for o in orgs:
        suffix = {"시부": "광역시", "도부": "도"}[o.peer_group]
        assert o.name.endswith(suffix) and o.kind == "metropolitan"
    plans = Plan.objects.filter(organisation__demo=True)
    assert sorted(plans.values_list("year", flat=True)) == [2025] * 3 + [2026] * 3
    assert set(plans.filter(year=2025).values_list("status", flat=True)) == {"closed"}
    assert set(plans.filter(year=2026).values_list("status", flat=True)) == {"confirmed"}
    for org in orgs:
        for plan in org.plans.all():
            n = plan.indicators.count()
            assert 15 <= n <= 20  # about one in twenty indicators is new in a later year
            assert plan.strategic_goals.count() == 2
            assert plan.policy_goals.count() >= 4
            # weights of each owner sum to exactly 100; perspectives carry their share
            for owner_id in set(plan.indicators.values_list("owner_id", flat=True)):
                inds = plan.indicators.filter(owner_id=owner_id)
                assert sum(i.weight for i in inds) == Decimal(100)
                assert sum(
                    p.weight for p in plan.perspectives.filter(owner_id=owner_id)
                ) == Decimal(100)
            assert all(i.perspective_id and i.policy_goal_id for i in plan.indicators.all())
    # multi-year targets: the plan year and the two after it
    ind = Indicator.objects.filter(plan__organisation__demo=True, plan__year=2026).first()
    assert sorted(ind.values.filter(kind="target").values_list("year", flat=True)) == [
        2026,
        2027,
        2028,
    ]
    assert ind.values.filter(kind="baseline", year=2025).exists()
    # the past year is locked and published, the last one open
    past = Period.objects.filter(plan__organisation__demo=True, year=2025)
    assert past.count() == 3 * (1 + 1 + 3)  # year, Q1, three months
    assert all(p.locked and p.published for p in past)
    assert not Period.objects.filter(plan__organisation__demo=True, year=2026, locked=True)


@pytest.mark.django_db
def test_indicators_are_linked_year_to_year(sample):
    assert main(ARGS) == 0
    for org in Organisation.objects.filter(demo=True):
        this = list(Indicator.objects.filter(plan__organisation=org, plan__year=2026))
        last = {i.pk: i for i in Indicator.objects.filter(plan__organisation=org, plan__year=2025)}
        linked = [i for i in this if i.previous_id is not None]
        assert len(linked) == len(last)  # every 2025 indicator goes on in 2026
        for i in linked:
            before = last[i.previous_id]
            assert (before.name, before.owner_id, before.unit_of_measure) == (
                i.name,
                i.owner_id,
                i.unit_of_measure,
            )
        new = [i for i in this if i.previous_id is None]
        assert all(i.name not in {b.name for b in last.values()} for i in new)


@pytest.mark.django_db
def test_missing_actuals_are_no_rows_and_values_keep_their_text(sample):
    assert main(ARGS) == 0
    actuals = IndicatorValue.objects.filter(indicator__plan__organisation__demo=True, kind="actual")
    monthly = actuals.exclude(month=0)
    quarterly = actuals.exclude(quarter=0)
    monthly_indicators = Indicator.objects.filter(
        plan__organisation__demo=True, values__kind="actual", values__month__gt=0
    ).distinct()
    # some months have no data: fewer rows than indicators × months, and none is a 0
    assert 0 < monthly.count() < monthly_indicators.count() * 3
    assert quarterly.exists()
    assert not actuals.filter(value__isnull=True).exists()
    assert not actuals.filter(raw_text="").exists()
    for v in IndicatorValue.objects.filter(indicator__plan__organisation__demo=True):
        parsed = parse_value(v.raw_text)
        assert parsed.number == v.value, (v.raw_text, v.value)
        assert v.qualifier == parsed.kind.value == "absolute"
    # a past year's actual that never came is no data in the stored evaluation, not a 0
    results = IndicatorResult.objects.filter(run__plan__organisation__demo=True)
    assert results.filter(status="ok").exists()
    missing = Indicator.objects.filter(plan__organisation__demo=True, plan__year=2025).exclude(
        values__kind="actual", values__month=0, values__quarter=0
    )
    for ind in missing:
        result = results.get(indicator=ind)
        assert result.status == "no_data" and result.actual_raw == ""
    # the last year's latest actuals wait in the workflow; the past year's are approved
    this_year = actuals.filter(year=2026)
    assert set(this_year.values_list("status", flat=True)) >= {"approved", "submitted"}
    assert set(actuals.filter(year=2025).values_list("status", flat=True)) == {"approved"}


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(sample):
    assert main(ARGS) == 0
    first = _snapshot()
    assert main([*ARGS, "--replace"]) == 0
    assert _snapshot() == first
    assert main([*ARGS, "--replace", "--seed", "2"]) == 0
    assert _snapshot() != first


@pytest.mark.django_db
def test_a_second_run_is_refused_without_replace_and_replace_keeps_other_organisations(
    sample, capsys
):
    sample_indicators = Indicator.objects.filter(plan__organisation=sample).count()
    assert main(ARGS) == 0
    names = set(Organisation.objects.filter(demo=True).values_list("name", flat=True))
    capsys.readouterr()
    assert main(ARGS) == 1
    err = capsys.readouterr().err
    assert "이미 가상 데이터 기관 3개" in err and "--replace" in err
    assert Organisation.objects.filter(demo=True).count() == 3
    # a check leaves stored findings on a demo plan; --replace removes those too
    name = sorted(names)[0]
    assert main(["check", "--org", name, "--year", "2026", "--kind", "plan"]) == 0
    assert main([*ARGS, "--replace", "--orgs", "2"]) == 0
    assert "기존 가상 데이터 기관 3개를 지웠습니다" in capsys.readouterr().out
    assert Organisation.objects.filter(demo=True).count() == 2
    assert Organisation.objects.filter(name="한빛시", demo=False).exists()
    assert Indicator.objects.filter(plan__organisation=sample).count() == sample_indicators
    assert not Plan.objects.filter(organisation__isnull=True).exists()


@pytest.mark.django_db
def test_one_audit_event_records_the_generation_as_the_cli(sample):
    before = AuditEvent.objects.count()
    assert main(ARGS) == 0
    events = AuditEvent.objects.filter(pk__gt=0).order_by("-id")[
        : AuditEvent.objects.count() - before
    ]
    assert len(events) == 1
    event = events[0]
    assert event.actor_label == "cli:generate-demo" and event.action == "create"
    assert event.changes["options"][1]["orgs"] == 3
    assert (
        event.changes["rows"][1]["plans.Indicator"]
        == Indicator.objects.filter(plan__organisation__demo=True).count()
    )


@pytest.mark.django_db
def test_the_checks_reports_and_selectors_accept_the_data(sample, capsys, tmp_path):
    assert main(ARGS) == 0
    org = Organisation.objects.filter(demo=True).order_by("name").first()
    capsys.readouterr()
    assert main(["check", "--org", org.name, "--year", "2026", "--kind", "plan"]) == 0
    out = capsys.readouterr().out
    assert "검토사항 0건 (오류 0, 경고 0, 참고 0)" in out
    # the 성과보고서 of the past year reads its published evaluation run
    run = EvaluationRun.objects.get(plan__organisation=org, plan__year=2025)
    assert run.status == "published"
    path = tmp_path / "report.html"
    assert (
        main(
            [
                *("report", "--org", org.name, "--year", "2025", "--kind", "report"),
                *("--format", "html", "--out", str(path)),
            ]
        )
        == 0
    )
    assert org.name in path.read_text(encoding="utf-8")
    # the public tree shows the past year's approved actuals (a published period)
    plan = org.plans.get(year=2025)
    tree = plan_tree(plan=plan, public=True)
    shown = [
        node
        for owner in tree.owners
        for goal in owner.goals
        for policy in goal.policies
        for node in policy.indicators
        if "actual" in node.values_by_year.get(2025, {})
    ]
    assert shown
