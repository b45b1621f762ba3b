"""Clean text at the web boundary: a posted field holding a control character is refused
(400) naming the field, before any form or service sees it; nothing is saved."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory

from seonggwa.organisations.models import OrgUnit
from seonggwa.web.clean_input import posted_control_character

pytestmark = pytest.mark.django_db


def test_a_form_post_with_an_esc_is_refused_naming_the_field_and_nothing_is_saved(as_user, sample):
    units = OrgUnit.objects.filter(organisation=sample)
    names = set(units.values_list("name", flat=True))
    welfare, safety = (units.get(name=n) for n in ("복지정책국", "안전총괄과"))
    response = as_user("officer").post(
        f"/organisations/{sample.pk}/units/merge/",
        {
            "merge-units": [welfare.pk, safety.pk],
            "merge-new_name": "복지\x1b안전국",
            "merge-on": datetime.date(datetime.date.today().year + 1, 1, 1).isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "merge-new_name" in page and "U+001B (ESC)" in page
    assert "\x1b" not in page  # the value is never echoed
    assert set(OrgUnit.objects.filter(organisation=sample).values_list("name", flat=True)) == names


def test_the_sign_in_form_refuses_a_nul_with_the_same_page():
    from django.test import Client

    response = Client().post("/accounts/login/", {"username": "a\x00b", "password": "x"})
    assert response.status_code == 400
    assert "username" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "found"),
    [
        ({"note": "줄\n바꿈\t탭\r"}, None),
        ({"note": "가\x0b나"}, ("note", 2, "U+000B (VT)")),
        ({"a": "ok", "b": ["ok", "\x7f"]}, ("b", 1, "U+007F (DEL)")),
        ({"x\x1by": "ok"}, ("xy", 2, "U+001B (ESC)")),
    ],
)
def test_what_counts_as_a_control_character(data, found):
    request = RequestFactory().post("/", data)
    result = posted_control_character(request)
    assert (None if result is None else (result.field, result.position, result.char)) == found
