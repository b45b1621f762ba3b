"""Evaluation runs: stored results, re-runs, the lifecycle, the query count and the CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seonggwa.audit.models import AuditEvent
from seonggwa.cli import main
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.evaluation.models import EvaluationRun, IndicatorResult, OwnerResult
from seonggwa.evaluation.selectors import run_changes, run_json, run_previous
from seonggwa.evaluation.services import run_finalise, run_publish, run_start
from seonggwa.plans.models import Plan
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db


def _plan(sample: Any, year: int) -> Plan:
    return Plan.objects.get(organisation=sample, year=year, kind="plan")


def _users(django_user_model: Any) -> dict[str, Any]:
    return {u.username: u for u in django_user_model.objects.all()}


# The sample's 2025 plan (src/seonggwa/sample/data.py, PLAN_2025), graded BY HAND with the
# performance-report scheme: ◎ rate ≥ 130, ○ 100 ≤ rate < 130, × below 100, "-" not rated;
# score = min(max(rate, 0), 100) half-up to 2 places; no score where there is no rate.
# indicator: (grade mark, score, status)
HAND_2025: dict[str, tuple[str, Decimal | None, str]] = {
    # 88.4 ÷ 85 × 100 = 104.0
    "성과지표 목표 달성률": ("○", Decimal("100.00"), "ok"),
    # 16 ÷ 12 × 100 = 133.33…
    "재정사업 자율평가 우수 등급 사업 수": ("◎", Decimal("100.00"), "ok"),
    # "95%이상" is a floor of 95: 96.7 ÷ 95 × 100 = 101.79…
    "예산 집행률": ("○", Decimal("100.00"), "ok"),
    # 163 ÷ 120 × 100 = 135.83…
    "시민 제안 채택 건수": ("◎", Decimal("100.00"), "ok"),
    # lower is better: 3.0 ÷ 2.7 × 100 = 111.11…
    "민원 처리 지연율": ("○", Decimal("100.00"), "ok"),
    # composite 450(1,650) vs 512(1,712), on the first part: 512 ÷ 450 × 100 = 113.78
    "위기가구 발굴 건수 (누계)": ("○", Decimal("100.00"), "ok"),
    # 79.1 ÷ 80 × 100 = 98.875 → score 98.88 (half-up)
    "복지서비스 이용 만족도": ("×", Decimal("98.88"), "ok"),
    # 31 ÷ 24 × 100 = 129.17 (just under 130)
    "공공 돌봄시설 확충 (누적)": ("○", Decimal("100.00"), "ok"),
    # lower: 18 ÷ 19 × 100 = 94.736… → 94.74
    "초미세먼지 연평균 농도": ("×", Decimal("94.74"), "ok"),
    # "1%이상 감축" of 2024's 2,480 → target 2,480 × 0.99 = 2,455.2; lower: 2,455.2 ÷ 2,430 ×
    # 100 = 101.04
    "온실가스 배출량": ("○", Decimal("100.00"), "ok"),
    # 9.6 ÷ 9.5 × 100 = 101.05
    "1인당 생활권 녹지 면적": ("○", Decimal("100.00"), "ok"),
    # 91.2 ÷ 92 × 100 = 99.13
    "시내버스 정시 운행률": ("×", Decimal("99.13"), "ok"),
    # a milestone with no stage percentages configured: not rated, no score (not 0)
    "교통안전시설 정비 공정": ("-", None, "unresolved"),
    # a qualitative grade with no grade scores configured: not rated, no score
    "재난안전 훈련 평가 등급": ("-", None, "unresolved"),
    # ±7 band around 0, actual 5: |5 − 0| = 5 ≤ 7 → 100
    "하천 수위 관리 편차": ("○", Decimal("100.00"), "ok"),
}


def test_a_run_over_the_2025_plan_gives_the_hand_computed_grades(sample, django_user_model):
    officer = _users(django_user_model)["officer"]
    run = run_start(user=officer, plan=_plan(sample, 2025))
    got = {
        r.indicator_name: (r.grade_mark, r.score, r.status)
        for r in IndicatorResult.objects.filter(run=run)
    }
    assert got == HAND_2025
    assert run.status == "provisional" and run.number == 1 and run.period_key == "2025"
    assert (run.scheme_name, run.scheme_version) == ("performance_report", 1)
    satisfaction = IndicatorResult.objects.get(run=run, indicator_name="복지서비스 이용 만족도")
    assert satisfaction.achievement == Decimal("98.875")
    assert (satisfaction.target_raw, satisfaction.actual_raw) == ("80", "79.1")
    assert satisfaction.actual_parsed["number"] == "79.1"
    assert "실적 ÷ 목표 × 100" in satisfaction.explanation
    greenhouse = IndicatorResult.objects.get(run=run, indicator_name="온실가스 배출량")
    assert greenhouse.prior_actual == Decimal("2480")
    # welfare (복지정책국): ○ ○ × — counts per grade, none unrated
    welfare = OwnerResult.objects.get(run=run, owner_name__startswith="복지정책국")
    assert welfare.grade_counts == {"exceeded": 0, "achieved": 2, "not_achieved": 1}
    assert welfare.not_rated == 0 and welfare.indicators == 3
    # the run start is audited as its user
    assert AuditEvent.objects.filter(model="evaluation.EvaluationRun", actor=officer).exists()


def test_the_run_stores_the_figures_of_the_result_sheet(sample, django_user_model):
    """The owner scores and counts equal those the result report computes on the fly."""
    from seonggwa.reports.builders.result import result_tables
    from seonggwa.reports.evaluate import scheme_for
    from seonggwa.results.selectors import plan_tree

    plan = Plan.objects.get(organisation=sample, year=2026, kind="bsc")  # weighted
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CONFIRMED)
    plan.refresh_from_db()
    # approved 2026 actuals at 90 % of each numeric target (and one indicator left without)
    targets = IndicatorValue.objects.filter(
        indicator__plan=plan, kind="target", year=2026, quarter=0, month=0, value__isnull=False
    ).order_by("pk")
    for n, target in enumerate(targets[1:]):
        actual = target.value * Decimal("0.9") + n
        IndicatorValue.objects.update_or_create(
            indicator=target.indicator,
            kind="actual",
            year=2026,
            quarter=0,
            month=0,
            defaults={"raw_text": str(actual), "value": actual, "status": "approved"},
        )
    run = run_start(user=_users(django_user_model)["officer"], plan=plan)
    (table,), _charts = result_tables(plan, plan_tree(plan=plan), scheme_for(""), None)
    totals = {
        row.cells[1].text.removesuffix(" 종합"): row.cells[4].text
        for row in table.rows
        if row.cells[1].text.endswith(" 종합")
    }
    stored = {
        o.owner_name: "-" if o.score is None else f"{o.score:.2f}"
        for o in OwnerResult.objects.filter(run=run)
    }
    assert totals == stored
    assert any(s != "-" for s in stored.values())


def _stored(run: EvaluationRun) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in row.items() if k not in ("id", "run_id")}
        for row in IndicatorResult.objects.filter(run=run).order_by("position").values()
    ] + [
        {k: v for k, v in row.items() if k not in ("id", "run_id")}
        for row in OwnerResult.objects.filter(run=run).order_by("position").values()
    ]


def test_re_running_an_unchanged_plan_stores_identical_results(sample, django_user_model):
    officer = _users(django_user_model)["officer"]
    plan = _plan(sample, 2026)
    first = run_start(user=officer, plan=plan)
    second = run_start(user=officer, plan=plan)
    assert second.number == first.number + 1
    assert _stored(first) == _stored(second)
    assert len(_stored(first)) > 10
    assert run_previous(run=second) == first
    assert run_changes(run=second, previous=first) == []


def test_re_running_shows_what_changed(sample, django_user_model):
    officer = _users(django_user_model)["officer"]
    plan = _plan(sample, 2025)
    first = run_start(user=officer, plan=plan)
    value = IndicatorValue.objects.get(
        indicator__plan=plan, indicator__name="복지서비스 이용 만족도", kind="actual", year=2025
    )
    IndicatorValue.objects.filter(pk=value.pk).update(raw_text="81", value=Decimal("81"))
    second = run_start(user=officer, plan=plan)
    changes = {
        (c.indicator, c.field): (c.before, c.after) for c in run_changes(run=second, previous=first)
    }
    assert changes[("복지서비스 이용 만족도", "actual_raw")] == ("79.1", "81")
    assert changes[("복지서비스 이용 만족도", "grade_mark")] == ("×", "○")
    assert changes[("복지서비스 이용 만족도", "score")] == ("98.88", "100")
    assert {name for name, _f in changes} == {"복지서비스 이용 만족도"}


def test_finalise_then_publish_with_versions(sample, django_user_model):
    officer = _users(django_user_model)["officer"]
    run = run_start(user=officer, plan=_plan(sample, 2025))
    with pytest.raises(ServiceError, match="확정"):
        run_publish(user=officer, run=run, expected_version=run.version)
    with pytest.raises(ConflictError):
        run_finalise(user=officer, run=run, expected_version=run.version + 1)
    final = run_finalise(user=officer, run=run, expected_version=run.version)
    assert final.status == "final" and final.finalised_by == officer
    published = run_publish(user=officer, run=final, expected_version=final.version)
    assert published.status == "published" and published.published_at is not None
    steps = AuditEvent.objects.filter(model="evaluation.EvaluationRun", object_pk=str(run.pk))
    assert steps.filter(action="update", actor=officer).count() == 2
    with pytest.raises(ServiceError, match="이미 공개"):
        run_publish(user=officer, run=published, expected_version=published.version)


def test_only_the_newest_run_is_finalised(sample, django_user_model):
    officer = _users(django_user_model)["officer"]
    plan = _plan(sample, 2025)
    first = run_start(user=officer, plan=plan)
    run_start(user=officer, plan=plan)
    with pytest.raises(ServiceError, match="가장 최근"):
        run_finalise(user=officer, run=first, expected_version=first.version)


def test_a_draft_plan_is_refused_and_others_may_not_run(sample, django_user_model):
    users = _users(django_user_model)
    plan = _plan(sample, 2026)
    for who in ("welfare_head", "welfare_staff", "committee"):
        with pytest.raises(PermissionDenied):
            run_start(user=users[who], plan=plan)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    plan.refresh_from_db()
    with pytest.raises(ServiceError, match="초안"):
        run_start(user=users["officer"], plan=plan)
    assert not EvaluationRun.objects.filter(plan=plan).exists()


def test_a_run_makes_a_fixed_number_of_queries(sample, django_user_model):
    """The plan is read as one tree and the results written in bulk: the count does not
    grow with the indicators (15 in 2025, 12 in 2026)."""
    counts = {}
    for year in (2025, 2026):
        officer = django_user_model.objects.get(username="officer")  # roles not cached
        with CaptureQueriesContext(connection) as queries:
            run_start(user=officer, plan=_plan(sample, year))
        counts[year] = len(queries)
    sizes = {
        year: IndicatorResult.objects.filter(run__plan__year=year, run__plan__kind="plan").count()
        for year in (2025, 2026)
    }
    assert sizes == {2025: 15, 2026: 12}
    # savepoints, the acting user's roles (one query with the unread count and whether a
    # delegation is active: accounts.selectors.standing), the plan tree (+1 for last year's linked actuals,
    # which the 2025 plan has none of), the plan locked and read with its organisation, the
    # period's R8 overrides, number, the run, its audit event, the indicator results, the owner
    # results, and the scores of a closed committee round (one query). On PostgreSQL the
    # indicator results are one COPY (core.bulk), which goes past Django's query log
    copied = 1 if connection.vendor == "postgresql" else 0
    assert counts == {2025: 18 - copied, 2026: 19 - copied}, counts


def test_the_cli_prints_the_stored_results_as_json(sample, capsys):
    assert main(["evaluate", "--org", "한빛시", "--year", "2025", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    run = EvaluationRun.objects.get(plan__year=2025, number=data["run"])
    assert run.started_by_label == "cli:evaluate"
    assert data == json.loads(json.dumps(run_json(run=run)))
    row = next(r for r in data["results"] if r["indicator"] == "복지서비스 이용 만족도")
    assert {k: row[k] for k in ("target", "actual", "rate", "grade", "score", "status")} == {
        "target": "80",
        "actual": "79.1",
        "rate": "98.875",
        "grade": "×",
        "score": "98.88",
        "status": "ok",
    }
    assert row["unit"].startswith("복지정책국") and "98.875" in row["explanation"]
    milestone = next(r for r in data["results"] if r["indicator"] == "교통안전시설 정비 공정")
    assert (milestone["rate"], milestone["score"], milestone["grade"]) == (None, None, "-")
    keys = {
        "indicator",
        "unit",
        "target",
        "actual",
        "rate",
        "grade",
        "score",
        "status",
        "explanation",
    }
    assert keys <= set(row)


def test_the_cli_text_output_and_the_changes_of_a_re_run(sample, capsys):
    assert main(["evaluate", "--org", "한빛시", "--year", "2025"]) == 0
    assert main(["evaluate", "--org", "한빛시", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "평가 1" in out and "평가 2" in out and "달라진 것: 0건" in out
    assert "복지정책국: - (◎ 0, ○ 2, × 1, - 0)" in out


def test_the_cli_needs_kind_only_when_the_year_has_several_plans(sample, capsys):
    plan = _plan(sample, 2025)
    Plan.objects.create(organisation=sample, year=2025, kind="report", status="confirmed")
    assert main(["evaluate", "--org", "한빛시", "--year", "2025"]) == 1
    assert "--kind 로 하나를 고르세요" in capsys.readouterr().err
    assert main(["evaluate", "--org", "한빛시", "--year", "2025", "--kind", "plan"]) == 0
    assert EvaluationRun.objects.filter(plan=plan).count() == 1
    assert main(["evaluate", "--org", "한빛시", "--year", "2019"]) == 1
    assert "평가할 수 있는 2019년 계획이 없습니다" in capsys.readouterr().err


def test_runs_travel_in_the_dump(sample, tmp_path, django_user_model):
    """A run and its stored results are in the organisation's backup and restore exactly."""
    from seonggwa.backup.services import organisation_dump_to_file, organisation_restore_from_file
    from seonggwa.organisations.models import Organisation

    run = run_start(user=_users(django_user_model)["officer"], plan=_plan(sample, 2025))
    run = run_finalise(user=None, run=run, expected_version=run.version)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    organisation_dump_to_file(organisation=sample, path=first)
    tables = json.loads(first.read_text())["tables"]
    assert len(tables["evaluation.IndicatorResult"]) == 15
    assert len(tables["evaluation.OwnerResult"]) == 6
    organisation_restore_from_file(path=first, replace=True)
    restored = Organisation.objects.get(name="한빛시")
    organisation_dump_to_file(organisation=restored, path=second)
    # the same bytes, but for the one event the restore itself recorded
    dumped = json.loads(second.read_text())
    assert dumped["tables"]["audit.AuditEvent"].pop()["action"] == "restore"
    text = json.dumps(dumped, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert first.read_bytes() == text.encode("utf-8")
    copy = EvaluationRun.objects.get(plan__organisation=restored)
    assert (copy.status, copy.started_by.username, copy.finalised_by) == ("final", "officer", None)
    got = {r.indicator_name: (r.grade_mark, r.score, r.status) for r in copy.results.all()}
    assert got == HAND_2025


def test_a_run_of_a_quarter_grades_that_quarters_actuals(sample, django_user_model):
    from seonggwa.plans.models import Period

    plan = _plan(sample, 2025)
    quarter = Period.objects.create(
        plan=plan, key="2025-Q4", frequency="quarter", year=2025, quarter=4
    )
    satisfaction = plan.indicators.get(name="복지서비스 이용 만족도")
    IndicatorValue.objects.create(
        indicator=satisfaction,
        kind="actual",
        year=2025,
        quarter=4,
        raw_text="84",
        value=Decimal("84"),
        status="approved",
    )
    run = run_start(user=_users(django_user_model)["officer"], plan=plan, period=quarter)
    assert (run.period_key, run.number, run.period) == ("2025-Q4", 1, quarter)
    results = {r.indicator_name: r for r in run.results.all()}
    # the quarter's 84 against the year's target 80: 105 %
    got = results["복지서비스 이용 만족도"]
    assert (got.actual_raw, got.achievement, got.grade_mark) == ("84", Decimal("105"), "○")
    # no Q4 actual elsewhere: no data, not 0
    other = results["시내버스 정시 운행률"]
    assert (other.status, other.score, other.grade_mark) == ("no_data", None, "-")
