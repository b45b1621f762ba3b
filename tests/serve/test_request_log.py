"""One JSON log line a request with method, path, status, duration, user id and request id."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client, override_settings

from seonggwa.core.jsonlog import JsonFormatter

WITH_REQUEST_LOG = ["seonggwa.web.request_log.RequestLogMiddleware", *settings.MIDDLEWARE]


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("seonggwa.request")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def lines_of(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.django_db
@override_settings(MIDDLEWARE=WITH_REQUEST_LOG)
def test_a_signed_in_request_makes_one_json_line(log_lines, django_user_model) -> None:
    user = django_user_model.objects.create_user("kim", password="x-long-password-1")
    client = Client()
    client.force_login(user)
    response = client.get("/", HTTP_X_REQUEST_ID="lb-7f3a.42")
    lines = lines_of(log_lines)
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET" and line["path"] == "/"
    assert line["status"] == response.status_code
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_id"] == user.pk
    # the proxy's request id is kept, and given back
    assert line["request_id"] == "lb-7f3a.42" == response["X-Request-ID"]
    assert line["level"] == "INFO" and line["logger"] == "seonggwa.request"


@pytest.mark.django_db
@override_settings(MIDDLEWARE=WITH_REQUEST_LOG)
def test_an_anonymous_404_gets_a_new_request_id(log_lines) -> None:
    response = Client().get("/no-such-page/", HTTP_X_REQUEST_ID="bad id with spaces")
    (line,) = lines_of(log_lines)
    assert line["status"] == 404 == response.status_code
    assert line["user_id"] is None
    assert line["request_id"] != "bad id with spaces"
    assert len(line["request_id"]) == 32 and line["request_id"] == response["X-Request-ID"]
