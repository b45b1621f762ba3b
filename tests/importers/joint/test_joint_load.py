"""Loading seed 003's joint-evaluation tables: one transaction, provenance, permissions; the
stored framework keeps the split by goal and type and the printed figures as printed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.frameworks.joint_selectors import joint_overview
from seonggwa.frameworks.models import BestCase, JointIndicator, PrintedResult, Region
from seonggwa.importers.joint.load import joint_import
from seonggwa.importers.load import ImportFileError
from seonggwa.plans.models import Indicator, Plan
from seonggwa.sources.models import StoredFinding

SEED = Path(__file__).parents[2] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db


def _import(**kwargs):  # type: ignore[no-untyped-def]
    args = {
        "user": get_user_model().objects.get(username="officer"),
        "organisation_name": "한빛시",
        "year": 2020,
        "path_or_text": SEED,
    } | kwargs
    return joint_import(**args)


def test_seed_003_golden(sample) -> None:  # type: ignore[no-untyped-def]
    result = _import()
    assert result.counts == {
        "goals": 5,
        "indicators": 122,
        "quantitative": 87,
        "qualitative": 35,
        "regions": 17,
        "printed": 84,
        "timeline": 11,
        "best_cases": 5,
    }
    overview = joint_overview(result.evaluation)
    assert [g.indicators for g in overview.goals] == [8, 17, 62, 29, 6]
    assert [(g.quantitative, g.qualitative) for g in overview.goals] == [
        (3, 5),
        (15, 2),
        (47, 15),
        (19, 10),
        (3, 3),
    ]
    assert overview.totals == (122, 87, 35)
    assert overview.goals[3].printed_city == Decimal("83.70")
    printed = PrintedResult.objects.filter(
        evaluation=result.evaluation, goal__number=4, region__name="서울"
    ).get(measure=PrintedResult.Measure.ACHIEVEMENT)
    assert (printed.value, printed.raw, printed.source_line) == (
        Decimal("92.30"),
        "서울 ^(100%)".replace("100", "92.3"),
        1926,
    )
    assert {
        r.name: r.group for r in Region.objects.filter(evaluation=result.evaluation)
    } == {r: ("city" if n < 8 else "province") for n, r in enumerate(
        ["서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북",
         "충남", "전북", "전남", "경북", "경남", "제주"])}  # fmt: skip


def test_indicators_are_plan_indicators_with_provenance(sample) -> None:  # type: ignore[no-untyped-def]
    result = _import()
    plan = result.plan
    assert plan.kind == Plan.Kind.JOINT_EVALUATION and plan.year == 2020
    ind = Indicator.objects.get(plan=plan, code="098")
    assert (ind.name, ind.source_line, ind.strategic_goal.name) == (
        "지속가능한 산림자원육성 달성률",
        2046,
        "고르게 발전하는 지역",
    )
    link = JointIndicator.objects.get(indicator=ind)
    assert (link.kind, link.ministry, link.goal.number) == ("quantitative", "산림청", 4)
    stored = list(StoredFinding.objects.filter(plan=plan).values_list("code", "line"))
    assert stored == [("joint.number_missing", 2046), ("joint.scope_one_group", 2049)]
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT, object_pk=str(plan.pk))
    assert event.changes["indicators"] == [None, 122]
    assert plan.source_document.format == "joint"


def test_best_cases_and_the_province_only_scope_are_stored(sample) -> None:  # type: ignore[no-untyped-def]
    result = _import()
    cases = list(BestCase.objects.filter(evaluation=result.evaluation).select_related("region"))
    assert [(c.group, c.region.name, c.source_line) for c in cases] == [
        ("city", "대구", 1881),
        ("province", "충북", 1882),
        ("province", "충남", 1883),
        ("province", "경북", 1884),
        ("province", "경북", 1885),
    ]
    assert cases[0].title == "식품산업과 연계한 농업 활성화로 지역농산물 소비 증대"
    assert cases[0].summary.endswith("소비증가 창출(전년대비 약 1억원)")
    assert cases[0].selection == BestCase.Selection.PUBLIC and cases[0].indicator is None
    assert cases[0].source_document == result.plan.source_document
    forest = JointIndicator.objects.get(goal__evaluation=result.evaluation, number=99)
    assert (forest.indicator.name, forest.scope_raw, forest.source_line) == (
        "임도시설 실적률",
        "도부: 공통평가",
        2049,
    )
    assert (forest.scope_for("province"), forest.scope_for("city")) == ("common", "none")


def test_the_command_line_import_sets_the_window_as_the_system(sample) -> None:  # type: ignore[no-untyped-def]
    from seonggwa.plans.models import Period

    result = _import(user=None)
    period = Period.objects.get(plan=result.plan)
    assert (period.opens_on.isoformat(), period.closes_on.isoformat()) == (
        "2020-01-01",
        "2020-02-29",
    )
    event = AuditEvent.objects.get(model="plans.Period", object_pk=str(period.pk))
    assert (event.action, event.actor_label) == ("create", "cli:import-joint-evaluation")


def test_again_is_a_no_op_and_other_file_needs_replace(sample) -> None:  # type: ignore[no-untyped-def]
    first = _import()
    assert _import().already_imported
    other = SEED.read_text(encoding="utf-8") + "\n"
    with pytest.raises(ServiceError):
        _import(path_or_text=other, source_name="other.txt")
    again = _import(path_or_text=other, source_name="other.txt", replace=True)
    assert again.plan.pk != first.plan.pk
    assert Plan.objects.filter(kind=Plan.Kind.JOINT_EVALUATION).count() == 1


def test_refusals_write_nothing(sample) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFileError):
        _import(path_or_text="제목\n\n본문만 있음\n", source_name="empty.txt")
    staff = get_user_model().objects.filter(is_superuser=False).exclude(username="officer")
    outsider = get_user_model().objects.create_user("outsider", password="x")
    with pytest.raises(PermissionDenied):
        _import(user=outsider)
    assert staff is not None
    assert not Plan.objects.filter(kind=Plan.Kind.JOINT_EVALUATION).exists()
