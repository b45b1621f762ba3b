"""The figures cache (core.readcache, evaluation.read_state; docs/deploy.md "Caching published
figures"): a read is kept under the state of what it shows, so a publication shows at once,
a withdrawal (even a status changed in bulk) or a newer run makes the old figures disappear,
and a corrected value published again shows its new figure — on the plan page, the portal,
the API and the dashboard, read twice each so the second read comes from the cache."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.utils import timezone

from seonggwa.core import readcache
from seonggwa.evaluation.models import EvaluationRun
from seonggwa.evaluation.read_state import plans_state, run_state
from seonggwa.evaluation.services import run_finalise, run_publish, run_start
from seonggwa.plans.models import Period, Plan
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db

RESULTS = 'data-testid="published-results"'


@pytest.fixture
def plan_2025(sample: Any) -> Plan:
    return Plan.objects.get(organisation=sample, year=2025, kind="plan")


def _publish(run: EvaluationRun, officer: Any) -> EvaluationRun:
    run = run_finalise(user=officer, run=run, expected_version=run.version)
    return run_publish(user=officer, run=run, expected_version=run.version)


def _api_results(client: Any, plan: Plan) -> dict[str, Any] | None:
    response = client.get(f"/api/v1/plans/{plan.pk}/results?limit=500")
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return json.loads(response.content)


def _main(html: str) -> str:
    """The page without its per-request parts (the CSRF token): from its title on."""
    return html[html.index('class="page-title"') :]


def _seen(as_user: Any, plan: Plan) -> dict[str, Any]:
    """What a visitor reads of the plan's results, each read twice (the second from the
    cache), with both reads required to agree."""
    visitor = as_user("anonymous")

    def read() -> tuple[Any, ...]:
        return (
            _api_results(visitor, plan),
            RESULTS in visitor.get(f"/plans/{plan.pk}/").content.decode(),
            _main(visitor.get(f"/portal/organisations/{plan.organisation_id}/").content.decode()),
        )

    first = read()
    assert read() == first
    api, plan_page, portal = first
    return {"api": api, "plan_page": plan_page, "portal": portal}


def test_publish_shows_figures_and_a_withdrawal_or_a_newer_run_takes_them_away(
    as_user, people, plan_2025
):
    officer = people["officer"]
    run = run_start(user=officer, plan=plan_2025)
    before = _seen(as_user, plan_2025)
    assert before["api"] is None and not before["plan_page"]
    assert 'id="runs-caption"' not in before["portal"]  # no published run listed

    run = _publish(run, officer)
    published = _seen(as_user, plan_2025)
    assert published["api"]["number"] == 1 and published["api"]["count"] > 0
    assert published["plan_page"] and 'id="runs-caption"' in published["portal"]
    assert timezone.localdate(run.published_at).strftime("%Y-%m-%d") in published["portal"]

    # withdrawn in bulk (no service, no timestamp): the cached figures are not served
    EvaluationRun.objects.filter(pk=run.pk).update(status=EvaluationRun.Status.FINAL)
    withdrawn = _seen(as_user, plan_2025)
    assert withdrawn["api"] is None and not withdrawn["plan_page"]
    assert 'id="runs-caption"' not in withdrawn["portal"]

    # published again, then a newer run published: run 2 replaces run 1 everywhere
    EvaluationRun.objects.filter(pk=run.pk).update(status=EvaluationRun.Status.PUBLISHED)
    assert _seen(as_user, plan_2025)["api"]["number"] == 1
    _publish(run_start(user=officer, plan=plan_2025), officer)
    newer = _seen(as_user, plan_2025)
    assert newer["api"]["number"] == 2
    assert newer["api"]["id"] != run.pk


def test_a_corrected_value_published_again_shows_its_new_figure(as_user, people, plan_2025):
    officer = people["officer"]
    actual = IndicatorValue.objects.get(
        indicator__plan=plan_2025, kind="actual", year=2025, quarter=0, month=0, indicator_id=3
    )
    _publish(run_start(user=officer, plan=plan_2025), officer)
    visitor = as_user("anonymous")

    def figures() -> tuple[str, str, str]:
        api = _api_results(visitor, plan_2025)
        assert api is not None
        row = next(r for r in api["items"] if r["indicator_id"] == actual.indicator_id)
        page = _main(visitor.get(f"/plans/{plan_2025.pk}/").content.decode())
        trend = visitor.get(f"/portal/indicators/{actual.indicator_id}/trend.csv")
        return row["actual"], page, trend.content.decode("utf-8-sig")

    old_api, old_page, old_trend = figures()
    assert old_api == "96.7" and "96.7" in old_page and "96.7" in old_trend
    assert figures() == (old_api, old_page, old_trend)  # from the cache

    # the office reopens the year, corrects the actual, publishes the year and a new run
    period = Period.objects.get(plan=plan_2025, key="2025")
    Period.objects.filter(pk=period.pk).update(published=False)
    IndicatorValue.objects.filter(pk=actual.pk).update(raw_text="91.3", value=Decimal("91.3"))
    hidden = visitor.get(f"/portal/indicators/{actual.indicator_id}/trend.csv")
    assert "91.3" not in hidden.content.decode("utf-8-sig")  # its period is not published
    Period.objects.filter(pk=period.pk).update(published=True, published_at=timezone.now())
    _publish(run_start(user=officer, plan=plan_2025), officer)

    new_api, new_page, new_trend = figures()
    assert new_api == "91.3" and "91.3" in new_page and "91.3" in new_trend
    assert ">96.7<" not in new_page


def test_an_actual_no_longer_approved_leaves_the_public_plan_page(as_user, plan_2025):
    visitor = as_user("anonymous")
    assert "163" in visitor.get(f"/plans/{plan_2025.pk}/").content.decode()
    # a status changed in bulk (no version, no timestamp) still changes the values' state
    IndicatorValue.objects.filter(
        indicator_id=4, kind="actual", year=2025, quarter=0, month=0
    ).update(status=IndicatorValue.Status.SUBMITTED)
    assert ">163<" not in visitor.get(f"/plans/{plan_2025.pk}/").content.decode()


def test_the_dashboard_overview_follows_a_new_run(as_user, people, plan_2025):
    officer = people["officer"]
    client = as_user("officer")
    url = f"/dashboard/org/{plan_2025.organisation_id}/"
    first = _main(client.get(url).content.decode())
    assert _main(client.get(url).content.decode()) == first
    run_start(user=officer, plan=plan_2025)  # the office reads provisional runs too
    after = _main(client.get(url).content.decode())
    stamp = after[after.index('data-testid="run-stamp"') :][:300]
    assert "1" in stamp and after != first


def test_the_state_changes_with_what_a_bulk_update_changes(people, plan_2025):
    run = run_start(user=people["officer"], plan=plan_2025)
    state = run_state(run)
    EvaluationRun.objects.filter(pk=run.pk).update(status=EvaluationRun.Status.PUBLISHED)
    assert run_state(EvaluationRun.objects.get(pk=run.pk)) != state
    plans = plans_state(plan_ids=[plan_2025.pk])
    Period.objects.filter(plan=plan_2025).update(published=False)
    assert plans_state(plan_ids=[plan_2025.pk]) != plans
    values = plans_state(plan_ids=[plan_2025.pk], values_of=plan_2025.pk)
    IndicatorValue.objects.filter(indicator__plan=plan_2025, kind="actual").update(
        status=IndicatorValue.Status.DRAFT
    )
    assert plans_state(plan_ids=[plan_2025.pk], values_of=plan_2025.pk) != values
    # a status moved from one run to another (same counts) is still a change
    other = run_start(user=people["officer"], plan=plan_2025)
    runs = plans_state(plan_ids=[plan_2025.pk])
    EvaluationRun.objects.filter(pk=run.pk).update(status=EvaluationRun.Status.FINAL)
    EvaluationRun.objects.filter(pk=other.pk).update(status=EvaluationRun.Status.PUBLISHED)
    assert plans_state(plan_ids=[plan_2025.pk]) != runs


def test_the_file_cache_is_shared_by_the_workers(tmp_path):
    """Two gunicorn workers are two processes with their own cache objects: with the file
    backend (the default of SEONGGWA_FIGURES_CACHE) what one stores the other reads."""
    one = FileBasedCache(str(tmp_path), {})
    two = FileBasedCache(str(tmp_path), {})
    key = readcache.state_key("x", (1, "published", 2))
    one.set(key, {"figure": Decimal("1.5")})
    assert two.get(key) == {"figure": Decimal("1.5")}


def test_cached_builds_once_per_state():
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert readcache.cached("t", (1,), build) == 1
    assert readcache.cached("t", (1,), build) == 1
    assert readcache.cached("t", (2,), build) == 2
    assert len(calls) == 2


def test_a_public_pages_state_ignores_drafts_and_sees_an_approval(plan):
    actual = IndicatorValue.objects.filter(indicator__plan=plan, kind="actual").first()
    IndicatorValue.objects.filter(pk=actual.pk).update(status=IndicatorValue.Status.DRAFT)

    def state(public: bool) -> tuple[Any, ...]:
        return plans_state(plan_ids=[plan.pk], values_of=plan.pk, public_values=public)

    public, inside = state(True), state(False)
    # the draft is saved again: the office's pages change, the public's do not
    IndicatorValue.objects.filter(pk=actual.pk).update(
        raw_text="12", value=Decimal("12"), version=actual.version + 1, updated_at=timezone.now()
    )
    assert state(True) == public and state(False) != inside
    IndicatorValue.objects.filter(pk=actual.pk).update(status=IndicatorValue.Status.APPROVED)
    assert state(True) != public


def test_the_database_cache_is_shared_by_every_machine(settings):
    """SEONGGWA_FIGURES_CACHE=db: `seonggwa init` creates the table (createcachetable), and
    what one process stores every other reads from the database."""
    from django.core.cache.backends.db import DatabaseCache
    from django.core.management import call_command

    settings.CACHES = {
        **settings.CACHES,
        "figures": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "seonggwa_figures_cache",
        },
    }
    call_command("createcachetable", verbosity=0)
    assert readcache.cached("db", (1,), lambda: "computed") == "computed"
    other = DatabaseCache("seonggwa_figures_cache", {})
    assert other.get(readcache.state_key("db", (1,))) == "computed"


# --- the drill-down, the portal's home, the value stamps, the reader's scope ------------------


def _welfare_indicator(plan: Plan) -> Any:
    from seonggwa.plans.models import Indicator

    return (
        Indicator.objects.filter(
            plan=plan, owner__unit__name="복지정책국", policy_goal__isnull=False
        )
        .select_related("owner__unit")
        .order_by("pk")
        .first()
    )


def _year_actual(indicator: Any) -> IndicatorValue:
    return (
        IndicatorValue.objects.filter(
            indicator=indicator, kind="actual", year=indicator.plan.year, quarter=0, month=0
        ).first()
        or IndicatorValue.objects.filter(indicator=indicator, kind="actual").first()
    )


def test_every_drill_down_page_shows_a_value_changed_in_bulk(as_user, plan_2025):
    """An actual's text changed by a bulk update (no service, no version, no timestamp):
    the goal, policy goal and indicator pages, read warm before, show the new text."""
    indicator = _welfare_indicator(plan_2025)
    actual = _year_actual(indicator)
    assert actual is not None
    client = as_user("officer")
    urls = [
        f"/dashboard/goals/{indicator.strategic_goal_id}/?plan={plan_2025.pk}",
        f"/dashboard/policy-goals/{indicator.policy_goal_id}/",
        f"/dashboard/indicators/{indicator.pk}/",
    ]
    for url in urls:
        first = _main(client.get(url).content.decode())
        assert _main(client.get(url).content.decode()) == first  # the second from the cache
    IndicatorValue.objects.filter(pk=actual.pk).update(raw_text="98765.4")
    for url in urls:
        assert "98765.4" in client.get(url).content.decode(), url


def test_the_drill_down_follows_a_new_run_and_an_override(as_user, people, plan_2025):
    from seonggwa.evaluation.models import IndicatorResult
    from seonggwa.evaluation.services import grade_override_apply

    officer = people["officer"]
    indicator = _welfare_indicator(plan_2025)
    client = as_user("officer")
    url = f"/dashboard/policy-goals/{indicator.policy_goal_id}/"
    before = _main(client.get(url).content.decode())
    run = run_start(user=officer, plan=plan_2025)
    with_run = _main(client.get(url).content.decode())
    assert with_run != before and 'data-testid="run-stamp"' in with_run
    result = IndicatorResult.objects.get(run=run, indicator=indicator)
    band = "not_achieved" if result.grade_code != "not_achieved" else "achieved"
    reason = "실적 산출 불가" if band == "not_achieved" else "조기달성"
    grade_override_apply(
        user=officer, result=result, band=band, reason=reason, expected_version=run.version
    )
    assert _main(client.get(url).content.decode()) != with_run


def test_the_portal_home_follows_a_plan_made_public_or_not(as_user, sample):
    visitor = as_user("anonymous")
    link = f"/portal/organisations/{sample.pk}/"
    assert link in visitor.get("/portal/").content.decode()
    assert link in visitor.get("/portal/").content.decode()  # from the cache
    public = Plan.objects.filter(organisation=sample, status__in=["confirmed", "closed"])
    ids = list(public.values_list("pk", flat=True))
    Plan.objects.filter(pk__in=ids).update(status=Plan.Status.DRAFT)  # in bulk: no stamp
    assert link not in visitor.get("/portal/").content.decode()
    Plan.objects.filter(pk__in=ids).update(status=Plan.Status.CONFIRMED)
    assert link in visitor.get("/portal/").content.decode()


def test_the_value_stamps_see_raw_statements_and_keep_drafts_from_the_public(plan):
    """The database's triggers raise the stamps whatever writes: a raw UPDATE or DELETE
    changes the plan's values state; a draft inserted leaves the public state alone."""
    from django.db import connection

    def state(public: bool = False) -> tuple[Any, ...]:
        return plans_state(plan_ids=[plan.pk], values_of=plan.pk, public_values=public)

    actual = IndicatorValue.objects.filter(indicator__plan=plan, kind="actual").first()
    inside, public = state(), state(True)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE results_indicatorvalue SET raw_text = %s WHERE id = %s", ["1", actual.pk]
        )
    assert state() != inside
    inside, public = state(), state(True)
    draft = IndicatorValue.objects.create(
        indicator=actual.indicator, kind="actual", year=plan.year, quarter=0, month=7,
        raw_text="3", value=Decimal("3"), status=IndicatorValue.Status.DRAFT,
    )  # fmt: skip
    assert state() != inside and state(True) == public
    inside = state()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM results_indicatorvalue WHERE id = %s", [draft.pk])
    assert state() != inside and state(True) == public


def test_a_unit_managers_overview_is_not_the_offices_and_no_cached_page_opens_another_unit(
    as_user, plan_2025
):
    """The overview is kept per reader's scope: the office (every unit) and the welfare
    unit's manager (its units) read different tables, whoever reads first; a page of
    another unit kept warm by the office stays refused to the manager."""
    url = f"/dashboard/org/{plan_2025.organisation_id}/?plan={plan_2025.pk}"
    office, head = as_user("officer"), as_user("welfare_head")
    office_page = _main(office.get(url).content.decode())
    head_page = _main(head.get(url).content.decode())
    assert head_page != office_page
    assert _main(office.get(url).content.decode()) == office_page
    assert _main(head.get(url).content.decode()) == head_page
    other = (
        _welfare_indicator(plan_2025)
        .__class__.objects.filter(plan=plan_2025)
        .exclude(owner__unit__name="복지정책국")
        .select_related("owner__unit")
        .first()
    )
    assert other.owner.unit.name in office_page and other.owner.unit.name not in head_page
    for page in (
        f"/dashboard/units/{other.owner.unit_id}/",
        f"/dashboard/goals/{other.strategic_goal_id}/",
        f"/dashboard/indicators/{other.pk}/",
    ):
        assert office.get(page).status_code == 200  # kept warm by the office
        assert head.get(page).status_code == 403, page


def test_a_goal_renamed_in_place_shows_at_once_on_warm_pages(as_user, plan_2025):
    """Goals and policy goals carry their own timestamp in the state: a rename through a
    save (the admin, a service) is on the next read of the cached page that lists it."""
    from seonggwa.plans.models import PolicyGoal, StrategicGoal

    indicator = _welfare_indicator(plan_2025)
    client = as_user("officer")
    unit_url = f"/dashboard/units/{indicator.owner.unit_id}/?plan={plan_2025.pk}"
    goal_url = f"/dashboard/goals/{indicator.strategic_goal_id}/?plan={plan_2025.pk}"
    for url in (unit_url, goal_url):
        first = _main(client.get(url).content.decode())
        assert _main(client.get(url).content.decode()) == first  # the second from the cache
    goal = StrategicGoal.objects.get(pk=indicator.strategic_goal_id)
    goal.name = "새이름전략목표"
    goal.save()
    assert "새이름전략목표" in client.get(unit_url).content.decode()
    policy = PolicyGoal.objects.get(pk=indicator.policy_goal_id)
    policy.name = "새이름정책목표"
    policy.save()
    assert "새이름정책목표" in client.get(goal_url).content.decode()
