"""schemathesis against the API's OpenAPI document, in process (Django's WSGI app): for
every operation it generates requests from the document, anonymous and with an officer's
token, and checks that no answer is a server error and every answer matches the document
(status codes, content types, bodies). Runs on SQLite and, with DATABASE_URL, PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def api_schema(sample: Any, settings: Any) -> Iterator[Any]:
    settings.SEONGGWA_API_RATE_ANONYMOUS = settings.SEONGGWA_API_RATE_TOKEN = 0
    settings.ALLOWED_HOSTS = ["*"]
    # as Django's test client does: a request must not close the test's database
    # connection (its transaction holds the sample; PostgreSQL would lose it)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# a well-formed entry may still be refused by the results services' rules (a closed plan, a
# locked period, an unreadable value): 422 with the service's message, which the schema
# cannot describe, so "schema-valid data is accepted" does not hold for the writes
EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def officer_token(django_user_model: Any) -> str:
    from seonggwa.accounts.tokens import token_create

    _token, text = token_create(
        user=django_user_model.objects.get(username="officer"), name="schemathesis"
    )
    return text


def test_the_api_answers_as_its_document_says(api_schema: Any, officer_token: str) -> None:
    # schemathesis' lazy pytest loader does not run under pytest 9 (``_nodeid``): each
    # operation's strategy is driven by hypothesis here instead
    token = {"Authorization": f"Bearer {officer_token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case: Any) -> None:
            case.call_and_validate(excluded_checks=EXCLUDED)
            case.call_and_validate(headers=token, excluded_checks=EXCLUDED)

        check()
