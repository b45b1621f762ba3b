"""Shared fixtures. The sample organisation is loaded once per test session; every test
runs in a transaction that is rolled back, so tests may change it freely."""

from __future__ import annotations

from pathlib import Path

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


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Every test starts with an empty cache: the sample is loaded once, so two tests' data
    can carry the same timestamps, which the open data's cache keys read."""
    from django.core.cache import cache

    cache.clear()
    yield
