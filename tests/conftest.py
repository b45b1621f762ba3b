"""Shared fixtures. The sample organisation is loaded once per test session; every test
runs in a transaction that is rolled back, so tests may change it freely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from seonggwa.sample.load import sample_load

    with django_db_blocker.unblock():
        sample_load()


@pytest.fixture
def sample(db):  # type: ignore[no-untyped-def]
    from seonggwa.organisations.models import Organisation

    return Organisation.objects.get(name="한빛시")


@pytest.fixture
def seed_text():  # type: ignore[no-untyped-def]
    def read(prefix: str) -> str:
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        return path.read_text(encoding="utf-8")

    return read


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """A request with Accept-Language: en must not leave English active for the next test."""
    from django.utils import translation

    yield
    translation.deactivate()


# the sample's people by name (plus ``outsider``, an officer of another organisation) and the
# sample's plans: the web and API tests share them


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


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Every test starts with an empty cache: the sample is loaded once, so two tests' data
    can carry the same timestamps, which the open data's cache keys read."""
    from django.core.cache import cache, caches

    from seonggwa.core.readcache import local_clear

    cache.clear()
    caches["figures"].clear()
    local_clear()
    yield
