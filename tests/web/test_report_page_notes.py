"""The web report page prints the report's own notes under its title, as the documents do."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.organisations.models import Organisation
from seonggwa.reports.build import plan_for_report

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
pytestmark = pytest.mark.django_db


def test_the_sustainability_page_shows_the_cycle_note(sample, client):
    officer = get_user_model().objects.get(username="officer")
    sustainability_import(user=officer, organisation_name="한빛시", year=2019, path_or_text=SEED)
    plan = plan_for_report(Organisation.objects.get(name="한빛시"), 2019, "sustainability")
    client.force_login(officer)
    page = client.get(reverse("web:report-page", args=[plan.pk, "sustainability"]))
    assert page.status_code == 200
    html = page.content.decode()
    notes = html[html.index('data-testid="report-notes"') :]
    assert "평가 주기: 2년마다" in notes[: notes.index("</div>")]
