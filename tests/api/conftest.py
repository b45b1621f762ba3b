"""API fixtures: the sample's people (tests/web/conftest.py's ``people``), a token per person,
and a fresh rate-limit count per test."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _fresh_rate_counts() -> None:
    cache.clear()


@pytest.fixture
def people(sample, django_user_model) -> dict[str, Any]:
    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import Organisation

    users = {u.username: u for u in django_user_model.objects.all()}
    outsider = django_user_model.objects.create_user("outsider", password="x-long-password-1")
    role_assign(
        user=outsider,
        organisation=Organisation.objects.create(name="다른시"),
        role="evaluation_officer",
    )
    users["outsider"] = outsider
    return users


@pytest.fixture
def api_client(people):  # type: ignore[no-untyped-def]
    """A client sending ``name``'s new personal token (none for "anonymous")."""
    from seonggwa.accounts.tokens import token_create

    def client_for(name: str) -> Client:
        if name == "anonymous":
            return Client()
        _token, text = token_create(user=people[name], name="test")
        return Client(headers={"Authorization": f"Bearer {text}"})

    return client_for


@pytest.fixture
def plan(sample) -> Any:
    from seonggwa.plans.models import Plan

    return Plan.objects.get(organisation=sample, year=2026, kind="plan")


@pytest.fixture
def draft(sample) -> Any:
    from seonggwa.plans.models import Plan

    return Plan.objects.get(organisation=sample, year=2026, kind="bsc")


@pytest.fixture
def closed(sample) -> Any:
    from seonggwa.plans.models import Plan

    return Plan.objects.get(organisation=sample, year=2025, kind="plan")
