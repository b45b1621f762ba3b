"""Loading seed 003's sustainability tables: one transaction, provenance, permissions, and
the stored framework reproduces the printed figures through the selectors (R13, R14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.frameworks.models import FrameworkIndicator, SustainabilityFramework, Task
from seonggwa.frameworks.selectors import sustainability_summary
from seonggwa.importers.load import ImportFileError
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.plans.models import Indicator, Plan
from seonggwa.sources.models import StoredFinding

SEED = Path(__file__).parents[2] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db


def _officer():  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username="officer")


def _import(**kwargs):  # type: ignore[no-untyped-def]
    args = {
        "user": _officer(),
        "organisation_name": "한빛시",
        "year": 2019,
        "path_or_text": SEED,
    } | kwargs
    return sustainability_import(**args)


def test_seed_003_reproduces_the_printed_figures(sample) -> None:  # type: ignore[no-untyped-def]
    result = _import()
    assert result.counts == {
        "fields": 4,
        "strategies": 15,
        "tasks": 35,
        "core_indicators": 30,
        "criteria": 4,
    }
    summary = sustainability_summary(result.framework)
    assert len(summary.core) == 30
    assert {k: c.text for k, c in summary.field_means.items()} == {
        "환경": "79.4",
        "사회문화": "76.3",
        "경제": "78.1",
    }
    assert summary.overall.text == "77.9"
    got = [(c.field, c.totals[0], c.total) for c in summary.counts]
    assert got == [
        ("환경", 75, 110),
        ("사회문화", 103, 152),
        ("경제", 55, 84),
        ("추진기반", 41, 59),
    ]
    assert (summary.count_totals, summary.count_total) == ((274, 102, 29), 405)
    assert summary.overall_share.text == "67.7%"
    for c in summary.counts:  # the rows add up to the header cells as printed
        assert c.totals == c.declared


def test_core_indicators_are_indicators_of_a_sustainability_plan(sample) -> None:  # type: ignore[no-untyped-def]
    result = _import()
    plan = result.plan
    assert plan.kind == Plan.Kind.SUSTAINABILITY
    indicators = Indicator.objects.filter(plan=plan)
    assert indicators.count() == 30
    flood = indicators.get(name="침수취약지역 수")
    assert (flood.code, flood.strategic_goal.name, flood.source_line) == (
        "환경-02",
        "회복력 증대와 쾌적한 환경 조성",
        189,
    )
    link = flood.framework_link
    assert (link.keyword, link.achievement_raw, link.achievement_line) == ("기후변화", "61.0%", 242)
    excluded = FrameworkIndicator.objects.filter(field__framework=result.framework, excluded=True)
    assert sorted(x.indicator.name for x in excluded) == [
        "마을형 문화공간 수",
        "적정 소득기준 보장률",
    ]
    assert all(x.indicator.not_rated for x in excluded)
    assert flood.source_document.file_name == SEED.name
    stored = list(StoredFinding.objects.filter(plan=plan).values_list("code", "line"))
    assert ("sustainability.name_differs", 250) in stored
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.IMPORT, object_pk=str(plan.pk), actor__username="officer"
    ).exists()


def test_the_implementation_field_is_built_from_its_count_table(sample) -> None:  # type: ignore[no-untyped-def]
    result = _import()
    field = result.framework.fields.get(name="추진기반")
    assert not field.has_core_indicators
    assert (field.declared_achieved, field.declared_total) == (41, 59)
    tasks = Task.objects.filter(strategy__field=field)
    assert tasks.count() == 7
    first = tasks.get(count_line=331)
    assert (first.strategy.name, first.name, first.declared_achieved) == (
        "행정의 수평적 소통강화",
        "공무원 직무수행능력을 강화한다",
        5,
    )


def test_same_file_again_is_recognised_and_another_needs_replace(sample) -> None:  # type: ignore[no-untyped-def]
    first = _import()
    again = _import()
    assert again.already_imported and again.plan.pk == first.plan.pk
    changed = SEED.read_text(encoding="utf-8").replace("67.9%", "68.9%")
    with pytest.raises(ServiceError, match="이미 있습니다"):
        _import(path_or_text=changed, source_name="003b.txt")
    replaced = _import(path_or_text=changed, source_name="003b.txt", replace=True)
    assert SustainabilityFramework.objects.filter(plan__organisation__name="한빛시").count() == 1
    assert sustainability_summary(replaced.framework).field_means["환경"].text == "79.5"


def test_a_department_user_may_not_import_and_nothing_is_written(sample) -> None:  # type: ignore[no-untyped-def]
    staff = get_user_model().objects.get(username="welfare_staff")
    with pytest.raises(PermissionDenied):
        _import(user=staff)
    assert not Plan.objects.filter(kind=Plan.Kind.SUSTAINABILITY).exists()


def test_a_file_without_the_tables_is_refused_in_korean(sample) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportFileError, match="지속가능성 평가 표"):
        _import(path_or_text="다른 문서\n내용\n", source_name="other.txt")
    assert not Plan.objects.filter(kind=Plan.Kind.SUSTAINABILITY).exists()


def test_cli_import_sustainability_prints_the_figures(sample, capsys) -> None:  # type: ignore[no-untyped-def]
    from seonggwa.cli import main

    code = main(["import-sustainability", str(SEED), "--org", "한빛시", "--year", "2019"])
    out = capsys.readouterr().out
    assert code == 0
    assert "환경 79.4, 사회문화 76.3, 경제 78.1; 전체(분야 평균의 평균) 77.9" in out
    assert "계 274/405" in out
    assert "sustainability.name_differs (250행)" in out
