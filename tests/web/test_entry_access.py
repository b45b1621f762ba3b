"""Who reaches each entry page and action, read as a table: the anonymous are sent to sign in
(or get 404 where the page is public), a plan's hidden value answers 404, and a role that
enters nothing gets 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from seonggwa.plans.models import Indicator, Plan
from seonggwa.results.models import IndicatorValue
from seonggwa.results.services import evidence_attach

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HX = {"HX-Request": "true"}
WHO = ["anonymous", "admin", "officer", "welfare_head", "welfare_staff", "committee", "outsider"]


@pytest.fixture
def users(sample, django_user_model):
    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import Organisation

    people: dict[str, Any] = {u.username: u for u in django_user_model.objects.all()}
    outsider = django_user_model.objects.create_user("outsider", password="x-long-password-1")
    role_assign(
        user=outsider,
        organisation=Organisation.objects.create(name="다른시"),
        role="evaluation_officer",
    )
    people["outsider"] = outsider
    people["anonymous"] = None
    return people


@pytest.fixture
def world(sample, settings, tmp_path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    draft = IndicatorValue.objects.get(
        indicator__plan=plan, indicator__name="긴급복지 지원 결정 기간", kind="actual"
    )
    from django.contrib.auth import get_user_model

    evidence = evidence_attach(
        value=draft,
        file_name="집계표.pdf",
        content=PDF,
        user=get_user_model().objects.get(username="welfare_staff"),
    )
    return {
        "plan": plan,
        "draft": draft,
        "evidence": evidence,
        "new": Indicator.objects.get(plan=plan, name="복지서비스 이용 만족도"),
    }


def _grid(c: Client, w: dict[str, Any]) -> Any:
    return c.get(reverse("web:entry-grid", args=[w["plan"].pk]))


def _start(c: Client, w: dict[str, Any]) -> Any:
    return c.get(reverse("web:entry-start"))


def _reading(c: Client, w: dict[str, Any]) -> Any:
    return c.get(
        reverse("web:entry-reading", args=[w["plan"].pk]),
        {"indicator": w["new"].pk, "period": "2026", "raw_text": "80"},
        headers=HX,
    )


def _save(c: Client, w: dict[str, Any]) -> Any:
    return c.post(
        reverse("web:entry-save", args=[w["plan"].pk]),
        {"indicator": w["new"].pk, "period": "2026", "version": "", "raw_text": "80", "note": ""},
        headers=HX,
    )


def _submit(c: Client, w: dict[str, Any]) -> Any:
    d = w["draft"]
    return c.post(
        reverse("web:entry-submit", args=[w["plan"].pk]),
        {"period": "2026", "selected": f"{d.pk}:{d.version}"},
    )


def _attach(c: Client, w: dict[str, Any]) -> Any:
    return c.post(
        reverse("web:evidence-upload", args=[w["draft"].pk]),
        {"place": "grid", "files": [SimpleUploadedFile("b.pdf", PDF)]},
        headers=HX,
    )


def _download(c: Client, w: dict[str, Any]) -> Any:
    return c.get(reverse("web:evidence-download", args=[w["evidence"].pk]))


def _value(c: Client, w: dict[str, Any]) -> Any:
    return c.get(reverse("web:value-detail", args=[w["draft"].pk]))


def _sheet(c: Client, w: dict[str, Any]) -> Any:
    return c.get(reverse("web:entry-sheet-download", args=[w["plan"].pk]))


def _upload_page(c: Client, w: dict[str, Any]) -> Any:
    return c.get(reverse("web:entry-sheet", args=[w["plan"].pk]))


def _preview(c: Client, w: dict[str, Any]) -> Any:
    return c.get(reverse("web:entry-sheet-preview", args=[w["plan"].pk, "0" * 64]))


# page: (anonymous, admin, officer, welfare_head, welfare_staff, committee, outsider)
TABLE: dict[str, tuple[Callable[[Client, dict[str, Any]], Any], tuple[int, ...]]] = {
    "grid": (_grid, (302, 200, 200, 200, 200, 403, 403)),
    "start": (_start, (302, 200, 200, 302, 302, 200, 200)),
    "reading": (_reading, (302, 200, 200, 200, 200, 403, 403)),
    "save": (_save, (302, 200, 200, 200, 200, 403, 403)),
    "submit": (_submit, (302, 302, 302, 302, 302, 403, 403)),
    "attach": (_attach, (302, 200, 200, 200, 200, 403, 404)),
    "download": (_download, (302, 200, 200, 200, 200, 200, 404)),
    "value": (_value, (404, 200, 200, 200, 200, 200, 404)),
    "sheet": (_sheet, (302, 200, 200, 200, 200, 403, 403)),
    "upload page": (_upload_page, (302, 200, 200, 200, 200, 403, 403)),
    "preview of nobody's upload": (_preview, (302, 404, 404, 404, 404, 403, 403)),
}


@pytest.mark.parametrize("page", list(TABLE))
@pytest.mark.parametrize("who", WHO)
def test_who_reaches_which_entry_page(users, world, page, who):
    call, expected = TABLE[page]
    c = Client()
    if users[who] is not None:
        c.force_login(users[who])
    response = call(c, world)
    assert response.status_code == expected[WHO.index(who)], (page, who)
    if response.status_code == 302 and who == "anonymous":
        assert "/accounts/login/" in response["Location"]
