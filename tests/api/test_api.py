"""The REST API: what the public reads (published plans, targets, approved actuals of
published periods, published evaluation results), what a token adds, the writes through the
results services with their refusals as error bodies, paging, filters and the rate limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seonggwa.audit.models import AuditEvent
from seonggwa.evaluation.services import run_finalise, run_publish, run_start
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Indicator, Plan
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db

SATISFACTION = "복지서비스 이용 만족도"


def _ind(plan: Any, name: str = SATISFACTION) -> Indicator:
    return Indicator.objects.get(plan=plan, name=name)


def test_the_public_reads_published_plans_only(api_client, plan, closed, draft):
    c = api_client("anonymous")
    body = c.get("/api/v1/plans").json()
    assert {p["id"] for p in body["items"]} == {plan.pk, closed.pk}
    assert body["count"] == 2
    assert c.get(f"/api/v1/plans/{closed.pk}").json()["status"] == "closed"
    missing = c.get(f"/api/v1/plans/{draft.pk}")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert "공개되지 않았습니다" in missing.json()["error"]["message"]
    for url in (f"/api/v1/plans/{draft.pk}/indicators", f"/api/v1/plans/{draft.pk}/goals"):
        assert c.get(url).status_code == 404


def test_a_token_sees_its_organisations_drafts_and_another_organisation_does_not(api_client, draft):
    assert api_client("welfare_staff").get(f"/api/v1/plans/{draft.pk}").status_code == 200
    assert api_client("outsider").get(f"/api/v1/plans/{draft.pk}").status_code == 404


def test_filters_and_paging(api_client, plan, closed, sample):
    c = api_client("anonymous")
    by_year = c.get("/api/v1/plans?year=2025").json()
    assert [p["id"] for p in by_year["items"]] == [closed.pk]
    assert c.get(f"/api/v1/plans?organisation={sample.pk + 999}").json() == {
        "count": 0,
        "items": [],
    }
    everything = c.get(f"/api/v1/plans/{plan.pk}/indicators?limit=500").json()
    first = c.get(f"/api/v1/plans/{plan.pk}/indicators?limit=2").json()
    second = c.get(f"/api/v1/plans/{plan.pk}/indicators?limit=2&offset=2").json()
    assert first["count"] == second["count"] == everything["count"] > 4
    assert [i["id"] for i in first["items"] + second["items"]] == [
        i["id"] for i in everything["items"][:4]
    ]
    welfare = _ind(plan).owner.unit_id
    mine = c.get(f"/api/v1/plans/{plan.pk}/indicators?unit={welfare}&limit=500").json()
    assert 0 < mine["count"] < everything["count"]
    assert {i["unit_id"] for i in mine["items"]} == {welfare}
    goals = c.get(f"/api/v1/plans/{plan.pk}/goals?unit={welfare}").json()
    assert goals["count"] > 0 and {g["unit_id"] for g in goals["items"]} == {welfare}
    units = c.get(f"/api/v1/organisations/{sample.pk}/units?limit=500").json()
    assert welfare in {u["id"] for u in units["items"]}
    bad = c.get("/api/v1/plans?limit=0")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid"
    assert "limit" in bad.json()["error"]["message"]
    bad = c.get("/api/v1/plans?year=soon")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid"


def _values(client: Any, plan: Any, indicator: Indicator) -> list[dict[str, Any]]:
    body = client.get(f"/api/v1/plans/{plan.pk}/indicators?limit=500").json()
    (row,) = [i for i in body["items"] if i["id"] == indicator.pk]
    return row["values"]


def test_an_unapproved_actual_is_for_the_organisation_only(api_client, plan, people):
    from seonggwa.results.services import actual_enter

    ind = _ind(plan)
    v = actual_enter(indicator=ind, year=2026, raw_text="80", user=people["welfare_staff"])
    public = _values(api_client("anonymous"), plan, ind)
    assert v.pk not in {x["id"] for x in public}
    assert {x["kind"] for x in public} <= {"target", "baseline", "actual"}
    assert all(x["status"] is None and x["version"] is None for x in public)
    inside = _values(api_client("officer"), plan, ind)
    (row,) = [x for x in inside if x["id"] == v.pk]
    assert row["status"] == "draft" and row["version"] == v.version and row["value"] == "80"
    assert v.pk not in {x["id"] for x in _values(api_client("outsider"), plan, ind)}


def test_published_results_for_everyone_provisional_ones_for_nobody(api_client, people, closed):
    officer = people["officer"]
    run = run_start(user=officer, plan=closed)
    c = api_client("anonymous")
    assert c.get(f"/api/v1/plans/{closed.pk}/results").status_code == 404
    run = run_finalise(user=officer, run=run, expected_version=run.version)
    run = run_publish(user=officer, run=run, expected_version=run.version)
    run_start(user=officer, plan=closed)  # a newer provisional run stays for the office
    body = c.get(f"/api/v1/plans/{closed.pk}/results?limit=3").json()
    assert body["id"] == run.pk and body["count"] > 3 and len(body["items"]) == 3
    assert {"grade", "score", "achievement", "target", "actual"} <= set(body["items"][0])


def test_entry_submission_and_approval_through_the_services(api_client, plan, people):
    ind = _ind(plan)
    staff = api_client("welfare_staff")
    url = f"/api/v1/indicators/{ind.pk}/actuals"
    saved = staff.post(url, {"year": 2026, "raw_text": "82.5"}, content_type="application/json")
    assert saved.status_code == 200, saved.content
    value = saved.json()
    assert value["status"] == "draft" and value["value"] == "82.5"
    stored = IndicatorValue.objects.get(pk=value["id"])
    assert stored.entered_by == people["welfare_staff"] and stored.raw_text == "82.5"

    again = staff.post(url, {"year": 2026, "raw_text": "83"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    assert "읽은 버전" in again.json()["error"]["message"]
    unreadable = staff.post(
        url,
        {"year": 2026, "raw_text": "대략 80", "version": value["version"]},
        content_type="application/json",
    )
    assert unreadable.status_code == 422 and unreadable.json()["error"]["code"] == "refused"

    submit = f"/api/v1/actuals/{value['id']}/submit"
    stale = staff.post(submit, {"version": value["version"] + 5}, content_type="application/json")
    assert stale.status_code == 409
    done = staff.post(submit, {"version": value["version"]}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "submitted"

    approve = f"/api/v1/actuals/{value['id']}/approve"
    body = {"version": done.json()["version"]}
    refused = staff.post(approve, body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    hidden = api_client("outsider").post(approve, body, content_type="application/json")
    assert hidden.status_code == 404
    ok = api_client("welfare_head").post(approve, body, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert IndicatorValue.objects.get(pk=value["id"]).approved_by == people["welfare_head"]


def test_writes_need_a_valid_token(api_client, plan, people):
    from seonggwa.accounts.tokens import token_create, token_revoke

    url = f"/api/v1/indicators/{_ind(plan).pk}/actuals"
    data = {"year": 2026, "raw_text": "80"}
    anonymous = api_client("anonymous").post(url, data, content_type="application/json")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "unauthenticated"
    token, text = token_create(user=people["welfare_staff"], name="연계")
    token_revoke(user=people["welfare_staff"], token=token)
    from django.test import Client

    revoked = Client(headers={"Authorization": f"Bearer {text}"})
    assert revoked.post(url, data, content_type="application/json").status_code == 401
    assert revoked.get("/api/v1/plans").status_code == 401  # never read as anonymous
    wrong = Client(headers={"Authorization": f"Bearer {text[:-2]}xx"})
    assert wrong.get("/api/v1/plans").status_code == 401
    assert not IndicatorValue.objects.filter(indicator__plan=plan, raw_text="80").exists()


def test_tokens_are_stored_hashed_and_audited(people):
    from seonggwa.accounts.models import ApiToken
    from seonggwa.accounts.tokens import token_create, token_revoke, token_user

    staff = people["welfare_staff"]
    token, text = token_create(user=staff, name="열린데이터")
    assert text.startswith(f"sg_{token.prefix}_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert text not in (stored.digest, stored.prefix) and len(stored.digest) == 64
    assert token_user(text) == staff
    from seonggwa.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        token_revoke(user=people["welfare_head"], token=token)
    token_revoke(user=staff, token=token)
    assert token_user(text) is None
    events = AuditEvent.objects.filter(model="accounts.ApiToken", object_pk=str(token.pk))
    assert sorted(e.action for e in events) == ["create", "update"]
    assert all(text not in str(e.changes) for e in events)


def test_the_rate_limit_answers_429_with_retry_after(api_client, settings):
    settings.SEONGGWA_API_RATE_ANONYMOUS = 3
    c = api_client("anonymous")
    assert [c.get("/api/v1/organisations").status_code for _ in range(3)] == [200] * 3
    over = c.get("/api/v1/organisations")
    assert over.status_code == 429
    assert 1 <= int(over["Retry-After"]) <= settings.SEONGGWA_API_RATE_WINDOW
    assert over.json()["error"]["code"] == "rate_limited"
    assert api_client("officer").get("/api/v1/organisations").status_code == 200  # per client


def test_errors_in_english_when_asked(api_client, draft):
    r = api_client("anonymous").get(f"/api/v1/plans/{draft.pk}", headers={"Accept-Language": "en"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert "not published" in r.json()["error"]["message"]


def test_the_openapi_document_and_its_page(api_client):
    c = api_client("anonymous")
    doc = c.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/v1/plans", "/api/v1/indicators/{indicator_id}/actuals"} <= set(doc["paths"])
    assert c.get("/api/v1/docs").status_code == 200


LISTS = [
    "/api/v1/organisations",
    "/api/v1/plans",
    "/api/v1/organisations/{org}/units",
    "/api/v1/plans/{plan}/goals",
    "/api/v1/plans/{plan}/indicators",
    "/api/v1/plans/{plan}/results",
]


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow_with_the_page(url, api_client, people, closed, sample):
    run = run_start(user=people["officer"], plan=closed)
    run = run_finalise(user=people["officer"], run=run, expected_version=run.version)
    run_publish(user=people["officer"], run=run, expected_version=run.version)
    other = Organisation.objects.create(name="새빛시")
    Plan.objects.create(organisation=other, year=2026, kind="plan", status="confirmed")
    c = api_client("officer")
    full = url.format(org=sample.pk, plan=closed.pk)
    c.get(full)  # the token's first use is recorded once
    counts = []
    for limit in (1, 500):
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(f"{full}?limit={limit}")
        assert r.status_code == 200, r.content
        counts.append(len(ctx.captured_queries))
    assert len(r.json()["items"]) > 1
    assert counts[0] == counts[1] <= 12, counts


def test_the_token_page_creates_shows_once_and_revokes(people):
    from django.test import Client

    from seonggwa.accounts.models import ApiToken

    c = Client()
    assert c.get("/accounts/tokens/").status_code == 302  # sign in first
    c.force_login(people["welfare_staff"])
    page = c.get("/accounts/tokens/")
    assert page.status_code == 200 and "API 토큰" in page.content.decode()
    created = c.post("/accounts/tokens/", {"name": "열린데이터 연계"})
    html = created.content.decode()
    token = ApiToken.objects.get(user=people["welfare_staff"])
    (text,) = [w.split('"')[0] for w in html.split('value="')[1:] if w.startswith("sg_")]
    assert text.startswith(f"sg_{token.prefix}_") and created["Cache-Control"] == "no-store"
    assert text not in c.get("/accounts/tokens/").content.decode()  # shown once
    api = Client(headers={"Authorization": f"Bearer {text}"})
    assert api.get("/api/v1/plans").status_code == 200
    assert c.post("/accounts/tokens/", {"name": "  "}).status_code == 200
    assert ApiToken.objects.filter(user=people["welfare_staff"]).count() == 1

    other = Client()
    other.force_login(people["welfare_head"])
    assert other.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    done = c.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert done.status_code == 302
    assert api.get("/api/v1/plans").status_code == 401
