"""The count tables computed from graded implementation indicators (R14): per task, the
indicators per grade; tasks without a graded indicator left out; the printed header totals
kept beside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from seonggwa.frameworks.models import Task
from seonggwa.frameworks.selectors import graded_counts, implementation_list
from seonggwa.frameworks.services import implementation_indicator_create
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.organisations.models import OrgUnit

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db


def test_counts_per_task_from_the_grades_given(sample) -> None:  # type: ignore[no-untyped-def]
    officer = get_user_model().objects.get(username="officer")
    plan = sustainability_import(
        user=officer, organisation_name="한빛시", year=2019, path_or_text=SEED
    ).plan
    framework = plan.sustainability
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    housing = Task.objects.get(
        strategy__field__framework=framework, name="주거복지 지원을 강화한다."
    )
    climate = Task.objects.get(
        strategy__field__framework=framework, name="온실가스 배출량을 줄인다."
    )
    made = [
        implementation_indicator_create(
            user=officer,
            task=task,
            project_name="사업",
            unit=welfare,
            name=f"지표 {n}",
            targets={2019: "100"},
        )
        for n, task in enumerate([housing, housing, housing, climate])
    ]
    grades = {
        made[0].pk: "achieved",
        made[1].pk: "not_achieved",
        made[2].pk: "achieved",
        made[3].pk: "partly_achieved",
    }
    tables = {t.field: t for t in graded_counts(framework, grades)}
    assert set(tables) == {"환경", "사회문화"}
    social = tables["사회문화"]
    assert [(r.task, r.counts) for r in social.rows] == [("주거복지 지원을 강화한다.", (2, 0, 1))]
    assert social.totals == (2, 0, 1) and social.share.text == "66.7%"
    assert social.declared[0] == 103  # the printed header: 달성 103 of 152
    assert tables["환경"].totals == (0, 1, 0)
    # an indicator not graded (not in the run) is not counted
    assert graded_counts(framework, {made[3].pk: "excluded"}) == []
    assert [link.indicator.name for link in implementation_list(framework)] == [
        "지표 3",
        "지표 0",
        "지표 1",
        "지표 2",
    ]
