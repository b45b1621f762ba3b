"""The office keeps the joint evaluation's best cases (우수사례) by hand
(docs/joint-evaluation.md): added for a region (the group follows the region's), changed
with the version read, deleted; only the office, never on a closed plan; a region or an
indicator of another evaluation is refused at its field; every change is audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.frameworks.joint_services import best_case_delete, best_case_save
from seonggwa.frameworks.models import BestCase, JointIndicator
from seonggwa.importers.joint.load import joint_import
from seonggwa.plans.models import Plan

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db


def _user(name: str) -> Any:
    return get_user_model().objects.get(username=name)


def _import(org: str, year: int) -> Any:
    return joint_import(
        user=_user("officer") if org == "한빛시" else None,
        organisation_name=org,
        year=year,
        path_or_text=SEED,
    ).evaluation


@pytest.fixture
def joint(sample) -> Any:  # type: ignore[no-untyped-def]
    return _import(sample.name, 2020)


def _add(joint: Any, user: Any = None, **fields: Any) -> BestCase:
    values: dict[str, Any] = {
        "region": joint.regions.get(name="부산"),
        "title": "  찾아가는   마을 돌봄  ",
        "selection": BestCase.Selection.PANEL,
        "summary": "동 주민센터가 돌봄 대상자를 찾아간다.",
    }
    values.update(fields)
    return best_case_save(user=user or _user("officer"), evaluation=joint, **values)


def test_the_office_adds_a_case_in_the_regions_group_and_it_is_audited(joint) -> None:  # type: ignore[no-untyped-def]
    indicator = JointIndicator.objects.get(goal__evaluation=joint, number=99)
    before = joint.best_cases.count()
    case = _add(joint, indicator=indicator)
    assert (case.group, case.title, case.indicator, case.version) == (
        "city",
        "찾아가는 마을 돌봄",
        indicator,
        1,
    )
    assert joint.best_cases.count() == before + 1
    assert case.position == max(c.position for c in joint.best_cases.all())
    event = AuditEvent.objects.get(model="frameworks.BestCase", object_pk=str(case.pk))
    assert (event.action, event.actor_label, event.changes["title"]) == (
        "create",
        "officer",
        [None, "찾아가는 마을 돌봄"],
    )
    assert event.organisation_id_ref == joint.plan.organisation_id


def test_changing_the_region_moves_the_case_to_its_group_and_a_stale_edit_is_refused(joint) -> None:  # type: ignore[no-untyped-def]
    case = _add(joint)
    officer = _user("officer")
    changed = best_case_save(
        user=officer,
        evaluation=joint,
        case=case,
        expected_version=1,
        region=joint.regions.get(name="충북"),
        title="찾아가는 마을 돌봄",
        selection=BestCase.Selection.PUBLIC,
        summary="",
    )
    assert (changed.group, changed.selection, changed.summary, changed.version) == (
        "province",
        "public",
        "",
        2,
    )
    update = AuditEvent.objects.get(
        model="frameworks.BestCase", object_pk=str(case.pk), action="update"
    )
    assert update.changes["group"] == ["city", "province"]
    with pytest.raises(ConflictError, match="읽은 버전 1, 현재 버전 2"):
        best_case_save(
            user=officer,
            evaluation=joint,
            case=case,
            expected_version=1,
            region=joint.regions.get(name="부산"),
            title="다른 제목",
        )
    assert BestCase.objects.get(pk=case.pk).title == "찾아가는 마을 돌봄"
    with pytest.raises(ConflictError):
        best_case_delete(user=officer, case=case, expected_version=1)
    best_case_delete(user=officer, case=case, expected_version=2)
    assert not BestCase.objects.filter(pk=case.pk).exists()
    assert AuditEvent.objects.filter(
        model="frameworks.BestCase", object_pk=str(case.pk), action="delete", actor_label="officer"
    ).exists()


def test_an_unchanged_save_writes_nothing(joint) -> None:  # type: ignore[no-untyped-def]
    case = _add(joint)
    again = best_case_save(
        user=_user("officer"),
        evaluation=joint,
        case=case,
        expected_version=1,
        region=case.region,
        title=case.title,
        selection=case.selection,
        summary=case.summary,
    )
    assert again.version == 1
    assert AuditEvent.objects.filter(model="frameworks.BestCase", action="update").count() == 0


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"region": None}, "region", "시·도를 고르세요"),
        ({"title": "   "}, "title", "우수사례명을 입력하세요"),
        ({"title": "가" * 301}, "title", "300자까지"),
        ({"selection": "jury"}, "selection", "선정 구분 'jury'"),
    ],
)
def test_missing_or_bad_fields_are_refused_at_their_field(joint, fields, field, message) -> None:  # type: ignore[no-untyped-def]
    before = joint.best_cases.count()
    with pytest.raises(ServiceError, match=message) as refused:
        _add(joint, **fields)
    assert refused.value.field == field
    assert joint.best_cases.count() == before


def test_a_region_or_indicator_of_another_evaluation_is_refused(joint, sample) -> None:  # type: ignore[no-untyped-def]
    other = _import(sample.name, 2021)
    with pytest.raises(ServiceError, match="시·도 '부산'은\\(는\\) 이 합동평가의") as region:
        _add(joint, region=other.regions.get(name="부산"))
    assert region.value.field == "region"
    foreign = JointIndicator.objects.get(goal__evaluation=other, number=5)
    with pytest.raises(ServiceError, match="지표 '5'은\\(는\\) 이 합동평가의") as indicator:
        _add(joint, indicator=foreign)
    assert indicator.value.field == "indicator"
    case = _add(other, user=_user("officer"))
    with pytest.raises(ServiceError, match="이 합동평가의 우수사례가 아닙니다"):
        best_case_save(
            user=_user("officer"),
            evaluation=joint,
            case=case,
            expected_version=1,
            region=joint.regions.get(name="부산"),
            title="x",
        )


@pytest.mark.parametrize("who", ["welfare_head", "welfare_staff", "committee"])
def test_only_the_office_adds_changes_or_deletes(joint, who) -> None:  # type: ignore[no-untyped-def]
    case = _add(joint)
    with pytest.raises(PermissionDenied, match="우수사례는 평가담당관이나 관리자만"):
        _add(joint, user=_user(who))
    with pytest.raises(PermissionDenied):
        best_case_delete(user=_user(who), case=case, expected_version=1)
    assert BestCase.objects.filter(pk=case.pk).exists()
    _add(joint, user=_user("admin"))  # the administrator may


def test_a_closed_plan_refuses_every_change(joint) -> None:  # type: ignore[no-untyped-def]
    case = _add(joint)
    Plan.objects.filter(pk=joint.plan_id).update(status=Plan.Status.CLOSED)
    with pytest.raises(ServiceError, match="마감되어 바꿀 수 없습니다"):
        _add(joint)
    with pytest.raises(ServiceError, match="마감되어"):
        best_case_delete(user=_user("admin"), case=case, expected_version=1)
    assert BestCase.objects.filter(pk=case.pk).exists()
