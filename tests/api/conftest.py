"""API fixtures: the sample's people (tests/conftest.py's ``people``), and a token per person (the
rate-limit counts start afresh: tests/conftest.py empties the cache before each test)."""

from __future__ import annotations

import pytest
from django.test import Client


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
