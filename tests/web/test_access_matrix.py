"""Who may open which page: every URL of the URLConf × every role, anonymous and a user of
another organisation, with the status each must get.

The URLs come from the URLConf: a named URL missing from ``SITE`` (or an admin model missing
from ``ADMIN``) fails ``test_every_url_has_expectations``, so a new page cannot ship
without saying who may open it. Each row of ``SITE`` names the object the URL is opened on
(a closed and public plan, the open plan, a draft plan, …) and the expected status per
role; redirects of anonymous users must lead to the sign-in page.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "admin",
    "officer",
    "welfare_head",
    "welfare_staff",
    "committee",
    "outsider",  # the evaluation officer of another organisation
)


def expect(
    anonymous: int,
    admin: int,
    officer: int,
    welfare_head: int,
    welfare_staff: int,
    committee: int,
    outsider: int,
) -> dict[str, int]:
    return dict(
        zip(
            ROLES,
            (anonymous, admin, officer, welfare_head, welfare_staff, committee, outsider),
            strict=True,
        )
    )


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


SIGNED_IN = expect(302, 200, 200, 200, 200, 200, 200)  # anonymous → the sign-in page
ENTERS = expect(302, 200, 200, 200, 200, 403, 403)  # who enters actuals (the grid, the sheet)
REVIEWS = expect(302, 200, 200, 200, 403, 403, 403)  # who approves and returns
OFFICE = expect(302, 200, 200, 403, 403, 403, 403)  # the evaluation office
INSIDE = expect(404, 200, 200, 200, 200, 200, 404)  # the organisation's people only
# graded documents of a plan whose runs are all unpublished: the evaluation office only
UNPUBLISHED = expect(404, 200, 200, 404, 404, 404, 404)


@dataclass(frozen=True)
class Target:
    """One way to open a URL: what it is opened on (``label``), its URL arguments built from
    the sample, the method, and the status per role."""

    label: str
    args: Callable[[dict[str, Any]], list[Any]]
    expected: dict[str, int]
    method: str = "get"
    query: str = ""
    to_sign_in: bool = True  # a redirect of the anonymous user leads to the sign-in page
    body: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # an API call's JSON


def _plan(key: str) -> Callable[[dict[str, Any]], list[Any]]:
    return lambda objs: [objs[key].pk]


def _report(key: str, kind: str, *more: str) -> Callable[[dict[str, Any]], list[Any]]:
    return lambda objs: [objs[key].pk, kind, *more]


NONE: Callable[[dict[str, Any]], list[Any]] = lambda objs: []  # noqa: E731


def _pk(key: str) -> Callable[[dict[str, Any]], list[Any]]:
    return lambda objs: [objs[key].pk]


def _plan_and(key: str, other: str, *more: str) -> Callable[[dict[str, Any]], list[Any]]:
    return lambda objs: [objs[key].pk, objs[other].pk, *more]


def _sustainability(objs: dict[str, Any]) -> Any:
    """The 2019 sustainability plan (a draft) imported from seed 003, made on first use."""
    if "sust" not in objs:
        from pathlib import Path

        from seonggwa.importers.sustainability.load import sustainability_import

        seed = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
        objs["sust"] = sustainability_import(
            user=objs["users"]["officer"],
            organisation_name=objs["sample"].name,
            year=2019,
            path_or_text=seed,
        ).plan
    return objs["sust"]


def _sust_indicator(objs: dict[str, Any]) -> Any:
    """An implementation indicator of the sustainability plan (복지정책국's), made on first use."""
    if "sust_indicator" not in objs:
        from seonggwa.frameworks.models import Task
        from seonggwa.frameworks.services import implementation_indicator_create
        from seonggwa.organisations.models import OrgUnit

        plan = _sustainability(objs)
        objs["sust_indicator"] = implementation_indicator_create(
            user=objs["users"]["officer"],
            task=Task.objects.filter(strategy__field__framework__plan=plan).first(),
            project_name="사업",
            unit=OrgUnit.objects.get(organisation=plan.organisation, name="복지정책국"),
            name="지표",
            targets={2019: "1"},
        )
    return objs["sust_indicator"]


SUST_OFFICE = expect(302, 200, 200, 403, 403, 403, 404)  # the office; a draft hidden outside
SUST_MISSING = expect(302, 404, 404, 403, 403, 403, 404)


def _joint(objs: dict[str, Any]) -> Any:
    """The 2020 joint evaluation (a draft) imported from seed 003, made on first use."""
    if "joint" not in objs:
        from pathlib import Path

        from seonggwa.importers.joint.load import joint_import

        seed = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
        objs["joint"] = joint_import(
            user=objs["users"]["officer"],
            organisation_name=objs["sample"].name,
            year=2020,
            path_or_text=seed,
        ).plan
    return objs["joint"]


def _joint_case(objs: dict[str, Any]) -> list[Any]:
    """The joint plan and its first best case (imported from seed 003)."""
    plan = _joint(objs)
    return [plan.pk, plan.joint_evaluation.best_cases.order_by("position").first().pk]


def _projects(objs: dict[str, Any]) -> tuple[Any, Any]:
    """A draft 2020 major-projects plan with one project of 복지정책국, made on first use."""
    if "projects" not in objs:
        from seonggwa.organisations.models import OrgUnit
        from seonggwa.plans.models import Period, Plan
        from seonggwa.projects.services import project_save

        plan = Plan.objects.create(organisation=objs["sample"], year=2020, kind="projects")
        Period.objects.create(plan=plan, key="2020", frequency="year", year=2020)
        project = project_save(
            user=objs["users"]["officer"],
            plan=plan,
            name="돌봄SOS센터 추진",
            department=OrgUnit.objects.get(organisation=objs["sample"], name="복지정책국"),
            number=1,
            period_raw="2018~",
            total_cost_raw="139,167",
            budget_raw="12,536",
        )
        objs["projects"] = (plan, project)
    return objs["projects"]


def _person(username: str, *more: str) -> Callable[[dict[str, Any]], list[Any]]:
    return lambda objs: [objs["sample"].pk, objs["users"][username].pk, *more]


DASHBOARD = expect(302, 200, 200, 200, 200, 403, 404)
DASHBOARD_OFFICE = expect(302, 200, 200, 403, 403, 403, 404)  # another unit's: the office
DASHBOARD_MISSING = expect(302, 404, 404, 404, 404, 403, 404)
PEOPLE = expect(302, 200, 200, 403, 403, 403, 404)  # the office of the organisation only
PEOPLE_POST = expect(302, 400, 400, 403, 403, 403, 404)  # an empty form: refused with why
PEOPLE_MISSING = expect(302, 404, 404, 403, 403, 403, 404)
JOB = expect(404, 200, 200, 404, 200, 404, 404)  # who asked, and the office


def _row(key: str) -> str:
    """The query naming one row of the entry grid (indicator, period) of ``key``'s value."""
    return f"?indicator={{{key}.indicator_id}}&period=2026"


CONSIGNMENT_READ = expect(302, 200, 200, 200, 200, 200, 404)  # the organisation's people
CONSIGNMENT_OFFICE = expect(302, 200, 200, 403, 403, 403, 404)
CONSIGNMENT_EMPTY_POST = expect(302, 400, 400, 403, 403, 403, 404)  # refused with why


def _org(*more: Any) -> Callable[[dict[str, Any]], list[Any]]:
    return lambda objs: [objs["sample"].pk, *more]


RISKS_NONE = expect(302, 404, 404, 404, 404, 404, 404)


def _risk(key: str) -> Callable[[dict[str, Any]], list[Any]]:
    return lambda objs: [objs["sample"].pk, objs[key].pk]


COUNCIL_OFFICE = expect(302, 200, 200, 404, 404, 404, 404)
COUNCIL_EMPTY_POST = expect(302, 400, 400, 404, 404, 404, 404)
COUNCIL_NONE = expect(302, 404, 404, 404, 404, 404, 404)


def _council(*keys: str) -> Callable[[dict[str, Any]], list[Any]]:
    """The organisation, then each key's object pk (a key not among the objects: as is)."""
    return lambda objs: [
        objs["sample"].pk,
        *(objs[k].pk if k in objs else k for k in keys),
    ]


# "closed": the 2025 plan (closed, every period published: public, but not its grades);
# "open": the 2026 plan (confirmed; its period not published); "draft": the 2026 BSC plan.
SITE: dict[str, list[Target]] = {
    "web:home": [Target("", NONE, everyone(200))],
    "web:my-work": [Target("", NONE, SIGNED_IN)],
    "web:login": [Target("", NONE, expect(200, 302, 302, 302, 302, 302, 302))],
    "web:logout": [Target("GET", NONE, everyone(405))],  # signing out is a POST
    "web:password-change": [Target("", NONE, SIGNED_IN)],
    "web:password-change-done": [Target("", NONE, SIGNED_IN)],
    # a POST changes the language; a GET changes nothing and goes back
    "set_language": [Target("", NONE, everyone(302), to_sign_in=False)],
    "web:plan-detail": [
        Target("closed", _plan("closed"), everyone(200)),
        Target("open", _plan("open"), everyone(200)),
        Target("draft", _plan("draft"), INSIDE),
        Target("missing", lambda objs: [999999], everyone(404)),
    ],
    # the dashboards: the office reads every unit, unit staff and managers theirs (403 for
    # another unit's pages), committee members none (403), other organisations' people 404
    "web:dashboard": [Target("", NONE, expect(302, 200, 302, 302, 302, 200, 302))],
    "web:dashboard-org": [Target("sample", _pk("sample"), DASHBOARD)],
    "web:dashboard-unit": [
        Target("own", _pk("welfare_unit"), DASHBOARD),
        Target("other", _pk("other_unit"), DASHBOARD_OFFICE),
        Target("closed-plan", _pk("welfare_unit"), DASHBOARD, query="?plan={closed.pk}"),
        Target("unknown-plan", _pk("welfare_unit"), DASHBOARD_MISSING, query="?plan=999999"),
    ],
    "web:dashboard-goal": [
        Target("own", _pk("welfare_goal"), DASHBOARD),
        Target("other", _pk("other_goal"), DASHBOARD_OFFICE),
    ],
    "web:dashboard-policy-goal": [
        Target("own", _pk("welfare_policy"), DASHBOARD),
        Target("other", _pk("other_policy"), DASHBOARD_OFFICE),
    ],
    "web:dashboard-indicator": [
        Target("own", _pk("welfare_indicator"), DASHBOARD),
        Target("other", _pk("other_indicator"), DASHBOARD_OFFICE),
        Target("draft-bsc", _pk("bsc_indicator"), expect(302, 200, 200, 403, 403, 403, 404)),
        Target("missing", lambda objs: [999999], expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    # published runs only (public figures): every signed-in user
    "web:dashboard-compare": [Target("", NONE, SIGNED_IN)],
    "web:dashboard-compare-peers": [
        Target("group", _pk("peer_group"), SIGNED_IN),
        Target(
            "unknown-year",
            _pk("peer_group"),
            expect(302, 404, 404, 404, 404, 404, 404),
            query="?year=1999",
        ),
    ],
    # the cascade follows the plan page; the public's reads only its confirmed and closed plans
    "web:plan-cascade": [
        Target("closed", _plan("closed"), everyone(200)),
        Target("open", _plan("open"), everyone(200)),
        Target("draft", _plan("draft"), INSIDE),
        Target("missing", lambda objs: [999999], everyone(404)),
    ],
    # the joint evaluation follows the plan page (a draft: its people); the VPS upload is the
    # office's (an empty form: refused with why)
    "web:joint": [
        Target("joint-draft", lambda objs: [_joint(objs).pk], INSIDE),
        Target("not-joint", _plan("closed"), everyone(404)),
    ],
    "web:joint-regions": [
        Target("joint-draft", lambda objs: [_joint(objs).pk], INSIDE),
        Target("province", lambda objs: [_joint(objs).pk], INSIDE, query="?group=province"),
        Target("bad-group", lambda objs: [_joint(objs).pk], everyone(404), query="?group=x"),
    ],
    "web:joint-vps": [
        Target("empty", lambda objs: [_joint(objs).pk], CONSIGNMENT_EMPTY_POST, method="post"),
    ],
    # a timeline step's dates are the office's (an empty form: refused with why)
    "web:joint-timeline-step": [
        Target(
            "empty",
            lambda objs: [_joint(objs).pk, _joint(objs).joint_evaluation.timeline.first().pk],
            CONSIGNMENT_EMPTY_POST,
            method="post",
        ),
        Target(
            "missing-step",
            lambda objs: [_joint(objs).pk, 999999],
            SUST_MISSING,
            method="post",
        ),
    ],
    # best cases are kept by the office: the form (GET), an empty post refused with why (400),
    # a delete without the version read refused as stale (409); a draft hidden outside
    "web:joint-case-new": [
        Target("joint-draft", lambda objs: [_joint(objs).pk], SUST_OFFICE),
        Target("city", lambda objs: [_joint(objs).pk], SUST_OFFICE, query="?group=city"),
        Target("bad-group", lambda objs: [_joint(objs).pk], SUST_MISSING, query="?group=x"),
        Target("empty", lambda objs: [_joint(objs).pk], CONSIGNMENT_EMPTY_POST, method="post"),
        Target("not-joint", _plan("open"), RISKS_NONE),
    ],
    "web:joint-case-edit": [
        Target("case", _joint_case, SUST_OFFICE),
        Target("empty", _joint_case, CONSIGNMENT_EMPTY_POST, method="post"),
        Target("missing-case", lambda objs: [_joint(objs).pk, 999999], SUST_MISSING),
    ],
    "web:joint-case-delete": [
        Target("stale", _joint_case, expect(302, 409, 409, 403, 403, 403, 404), method="post"),
        Target(
            "missing-case",
            lambda objs: [_joint(objs).pk, 999999],
            SUST_MISSING,
            method="post",
        ),
    ],
    # the sustainability framework follows the plan page; a plan without one has no such page
    "web:sustainability": [
        Target("sust-draft", lambda objs: [_sustainability(objs).pk], INSIDE),
        Target("no-framework", _plan("open"), everyone(404)),
        Target("missing", lambda objs: [999999], everyone(404)),
    ],
    "web:sustainability-implementation": [
        Target("sust-draft", lambda objs: [_sustainability(objs).pk], SUST_OFFICE),
        Target(
            "empty",
            lambda objs: [_sustainability(objs).pk],
            expect(302, 400, 400, 403, 403, 403, 404),
            method="post",
        ),
        Target("no-framework", _plan("open"), expect(302, 404, 404, 403, 403, 403, 403)),
    ],
    "web:sustainability-implementation-edit": [
        Target(
            "indicator",
            lambda objs: [_sustainability(objs).pk, _sust_indicator(objs).pk],
            SUST_OFFICE,
        ),
        Target(
            "empty",
            lambda objs: [_sustainability(objs).pk, _sust_indicator(objs).pk],
            expect(302, 400, 400, 403, 403, 403, 404),
            method="post",
        ),
        Target(
            "plan-indicator",
            lambda objs: [_sustainability(objs).pk, objs["draft_indicator"].pk],
            SUST_MISSING,
        ),
    ],
    "web:sustainability-implementation-remove": [
        Target(
            "missing",
            lambda objs: [_sustainability(objs).pk, 999999],
            SUST_MISSING,
            method="post",
        ),
    ],
    # the committee's review: the office and committee members; departments 403
    "web:sustainability-review": [
        Target(
            "sust-draft",
            lambda objs: [_sustainability(objs).pk],
            expect(302, 200, 200, 403, 403, 200, 404),
        ),
        Target(
            "empty",
            lambda objs: [_sustainability(objs).pk],
            expect(302, 400, 400, 403, 403, 400, 404),
            method="post",
        ),
        Target("no-framework", _plan("open"), expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    # the framework's settings: the office only (policy.can_manage_plan); others who see it 403
    "web:sustainability-settings": [
        Target(
            "sust-draft",
            lambda objs: [_sustainability(objs).pk],
            expect(302, 200, 200, 403, 403, 403, 404),
        ),
        Target(
            "empty",
            lambda objs: [_sustainability(objs).pk],
            expect(302, 400, 400, 403, 403, 403, 404),
            method="post",
        ),
        Target("no-framework", _plan("open"), expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    "web:sustainability-grades": [
        Target("sust-draft", lambda objs: [_sustainability(objs).pk], SUST_OFFICE),
        Target("no-framework", _plan("open"), expect(302, 404, 404, 403, 403, 403, 403)),
    ],
    "web:sustainability-grade-override": [
        Target(
            "missing-run",
            lambda objs: [_sustainability(objs).pk, 999999, 999999],
            SUST_MISSING,
            method="post",
        ),
        # a run of a plan without a framework: not through this page
        Target(
            "no-framework",
            lambda objs: [objs["closed"].pk, objs["run"].pk, objs["welfare_result"].pk],
            expect(302, 404, 404, 403, 403, 403, 403),
            method="post",
        ),
    ],
    # the major projects follow the plan page; a plan of another kind has none
    "web:projects": [
        Target("draft", lambda objs: [_projects(objs)[0].pk], INSIDE),
        Target("period", lambda objs: [_projects(objs)[0].pk], INSIDE, query="?period=2020"),
        Target("other-kind", _plan("open"), everyone(404)),
        Target("missing", lambda objs: [999999], everyone(404)),
    ],
    "web:project": [
        Target("draft", lambda objs: [_projects(objs)[0].pk, _projects(objs)[1].pk], INSIDE),
        Target(
            "set-planned-empty",
            lambda objs: [_projects(objs)[0].pk, _projects(objs)[1].pk],
            expect(404, 400, 400, 403, 403, 403, 404),
            method="post",
        ),
        Target(
            "other-plan",
            lambda objs: [_plan("open")(objs)[0], _projects(objs)[1].pk],
            everyone(404),
        ),
    ],
    # the office adds, changes and deletes projects (a draft plan: hidden outside)
    "web:project-add": [
        Target(
            "empty",
            lambda objs: [_projects(objs)[0].pk],
            expect(404, 400, 400, 403, 403, 403, 404),
            method="post",
        ),
        Target("other-kind", _plan("open"), everyone(404), method="post"),
    ],
    "web:project-edit": [
        Target(
            "empty",
            lambda objs: [_projects(objs)[0].pk, _projects(objs)[1].pk],
            expect(404, 400, 400, 403, 403, 403, 404),
            method="post",
        ),
        Target(
            "other-plan",
            lambda objs: [_plan("open")(objs)[0], _projects(objs)[1].pk],
            everyone(404),
            method="post",
        ),
    ],
    "web:project-delete": [
        # the administrator deletes it first; the officer then finds none
        Target(
            "own",
            lambda objs: [_projects(objs)[0].pk, _projects(objs)[1].pk],
            expect(404, 302, 404, 403, 403, 403, 404),
            method="post",
        ),
    ],
    "web:report-page": [
        # the closed plan has a provisional run ("run" below): its results are the office's
        Target("closed-graded", _report("closed", "report"), UNPUBLISHED),
        Target("closed-plan", _report("closed", "plan"), everyone(200)),
        Target("open-plan", _report("open", "plan"), everyone(200)),
        Target("open-graded", _report("open", "report"), INSIDE),
        Target("draft-bsc", _report("draft", "bsc"), INSIDE),
        Target("sust", lambda objs: [_sustainability(objs).pk, "sustainability"], INSIDE),
        Target("projects", lambda objs: [_projects(objs)[0].pk, "projects"], INSIDE),
        Target("unknown-kind", _report("open", "nonsense"), everyone(404)),
        Target("kind-of-another-plan", _report("open", "bsc"), everyone(404)),
    ],
    # the public portal and the open data (docs/portal.md): everyone sees the same published
    # data, whoever signs in; a draft plan's indicator is missing for everyone there
    "web:portal": [Target("", NONE, everyone(200))],
    "web:portal-search": [Target("", NONE, everyone(200), query="?q=지표")],
    "web:portal-organisation": [
        Target("sample", _pk("sample"), everyone(200)),
        Target("without-public-plans", lambda objs: [objs["other_org"].pk], everyone(404)),
        Target("missing", lambda objs: [999999], everyone(404)),
    ],
    "web:portal-indicator": [
        Target("closed", _pk("closed_indicator"), everyone(200)),
        Target("open", _pk("own_indicator_open"), everyone(200)),
        Target("draft", _pk("draft_indicator"), everyone(404)),
    ],
    "web:portal-indicator-download": [
        Target("closed-csv", lambda objs: [objs["closed_indicator"].pk, "csv"], everyone(200)),
        Target("open-json", lambda objs: [objs["own_indicator_open"].pk, "json"], everyone(200)),
        Target("draft-xlsx", lambda objs: [objs["draft_indicator"].pk, "xlsx"], everyone(404)),
        Target("unknown-format", lambda objs: [objs["closed_indicator"].pk, "exe"], everyone(404)),
    ],
    "web:open-catalogue": [Target("", NONE, everyone(200))],
    "web:open-dictionary": [Target("", NONE, everyone(200))],
    "web:open-dataset": [
        *(
            Target(f"{key}-{fmt}", lambda objs, k=key, f=fmt: [k, f], everyone(200))
            for key in ("organisations", "plans", "indicators", "values", "results")
            for fmt in ("csv", "xlsx", "json")
        ),
        Target("unknown-dataset", lambda objs: ["users", "csv"], everyone(404)),
        Target("unknown-format", lambda objs: ["plans", "html"], everyone(404)),
    ],
    "web:entry-start": [Target("", NONE, expect(302, 200, 200, 302, 302, 200, 200))],
    # the consignment evaluation of 한빛시: 2020 with round 1 (open) and "consigned" scored
    "web:consignment-start": [Target("", NONE, expect(302, 302, 302, 302, 302, 302, 302))],
    "web:consignment-years": [
        Target("", _org(), CONSIGNMENT_READ),
        Target("empty", _org(), CONSIGNMENT_EMPTY_POST, method="post"),
        Target("missing-org", lambda objs: [999999], expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    "web:consignment-year": [
        Target("2020", _org(2020), CONSIGNMENT_READ),
        Target("no-year", _org(2017), expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    "web:consignment-round": [
        Target("open", _org(2020, 1), CONSIGNMENT_OFFICE),
        Target("missing", _org(2020, 9), expect(302, 404, 404, 403, 403, 403, 404)),
    ],
    "web:consignment-round-open": [
        Target("close", _org(2020, 1), expect(302, 302, 302, 403, 403, 403, 404), method="post")
    ],
    "web:consignment-disclosure": [
        Target("page", _org(2020), CONSIGNMENT_READ),
        Target("csv", _org(2020), CONSIGNMENT_READ, query="?format=csv"),
        Target("xlsx", _org(2020), CONSIGNMENT_READ, query="?format=xlsx"),
        Target(
            "unknown-format",
            _org(2020),
            expect(302, 404, 404, 404, 404, 404, 404),
            query="?format=exe",
        ),
    ],
    "web:consignment-service": [
        Target("", lambda objs: [objs["sample"].pk, objs["consigned"].pk], CONSIGNMENT_READ),
        Target(
            "empty",
            lambda objs: [objs["sample"].pk, objs["consigned"].pk],
            CONSIGNMENT_EMPTY_POST,
            method="post",
        ),
    ],
    # the risk register of 한빛시: May 2026 with an issue escalated to 복지정책국 (no response
    # yet) and one escalated to another unit
    "web:risks-start": [Target("", NONE, expect(302, 302, 302, 302, 302, 302, 302))],
    "web:risks-months": [
        Target("", _org(), CONSIGNMENT_READ),
        Target("empty", _org(), CONSIGNMENT_EMPTY_POST, method="post"),
        Target("missing-org", lambda objs: [999999], expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    "web:risks-month": [
        Target("may", _org(2026, 5), CONSIGNMENT_READ),
        Target("empty", _org(2026, 5), CONSIGNMENT_EMPTY_POST, method="post"),
        Target("no-month", _org(2026, 7), expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    "web:risks-report": [
        Target("page", _org(2026, 5), CONSIGNMENT_READ),
        *(
            Target(fmt, _org(2026, 5), CONSIGNMENT_READ, query=f"?format={fmt}")
            for fmt in ("xlsx", "hwpx", "html", "csv")
        ),
        Target("unknown-format", _org(2026, 5), RISKS_NONE, query="?format=exe"),
        Target("no-month", _org(2026, 7), RISKS_NONE),
    ],
    "web:risks-year-report": [
        Target("page", _org(2026), CONSIGNMENT_READ),
        Target("csv", _org(2026), CONSIGNMENT_READ, query="?format=csv"),
        Target("no-year", _org(2017), RISKS_NONE),
    ],
    "web:risks-issue": [
        Target("own", _risk("risk_issue"), CONSIGNMENT_READ),
        Target("missing", lambda objs: [objs["sample"].pk, 999999], RISKS_NONE),
    ],
    "web:risks-issue-press": [
        Target("empty", _risk("risk_issue"), CONSIGNMENT_EMPTY_POST, method="post")
    ],
    "web:risks-issue-review": [
        Target("empty", _risk("risk_issue"), CONSIGNMENT_EMPTY_POST, method="post")
    ],
    "web:risks-issue-escalate": [
        Target("empty", _risk("risk_issue"), CONSIGNMENT_EMPTY_POST, method="post")
    ],
    "web:risks-issue-respond": [
        # the owning unit's people and the office reach the form (empty: refused with why)
        Target(
            "own-unit",
            _risk("risk_issue"),
            expect(302, 400, 400, 400, 400, 403, 404),
            method="post",
        ),
        Target("other-unit", _risk("risk_other"), CONSIGNMENT_EMPTY_POST, method="post"),
    ],
    "web:risks-issue-close": [
        # escalated without a response: the office is refused with why
        Target("unanswered", _risk("risk_issue"), CONSIGNMENT_EMPTY_POST, method="post")
    ],
    # council written questions of 한빛시: one question with an item whose answer attaches
    # the 2026 risk register (the evaluation office only; everyone else finds nothing)
    "web:council-start": [Target("", NONE, expect(302, 302, 302, 404, 404, 404, 302))],
    "web:council-questions": [
        Target("", _org(), COUNCIL_OFFICE),
        Target("empty", _org(), COUNCIL_EMPTY_POST, method="post"),
        Target("missing-org", lambda objs: [999999], COUNCIL_NONE),
    ],
    "web:council-question": [
        Target("own", _council("council_question"), COUNCIL_OFFICE),
        Target("empty", _council("council_question"), COUNCIL_EMPTY_POST, method="post"),
        Target("missing", lambda objs: [objs["sample"].pk, 999999], COUNCIL_NONE),
    ],
    "web:council-item-answer": [
        # an empty answer is an answer still to write: saved
        Target(
            "empty",
            _council("council_question", "council_item"),
            expect(302, 302, 302, 404, 404, 404, 404),
            method="post",
        ),
    ],
    "web:council-item-edit": [
        Target(
            "empty",
            _council("council_question", "council_item"),
            COUNCIL_EMPTY_POST,
            method="post",
        ),
    ],
    "web:council-item-remove": [
        # the administrator removes it first; the officer then finds none
        Target(
            "own",
            _council("council_question", "council_item"),
            expect(302, 302, 404, 404, 404, 404, 404),
            method="post",
        ),
    ],
    "web:council-item-attach": [
        Target(
            "empty",
            _council("council_question", "council_item"),
            COUNCIL_EMPTY_POST,
            method="post",
        ),
    ],
    "web:council-attachment-remove": [
        # the administrator removes it first; the officer then finds none
        Target(
            "own",
            _council("council_question", "council_attachment"),
            expect(302, 302, 404, 404, 404, 404, 404),
            method="post",
        ),
    ],
    "web:council-answered": [
        Target(
            "own",
            _council("council_question"),
            expect(302, 302, 302, 404, 404, 404, 404),
            method="post",
        ),
    ],
    "web:council-pack": [
        *(
            Target(fmt, _council("council_question", fmt), COUNCIL_OFFICE)
            for fmt in ("pdf", "hwpx")
        ),
        Target("unknown-format", _council("council_question", "exe"), COUNCIL_NONE),
    ],
    # the ad-hoc reviews of 한빛시: 2026 review 1 for 복지정책국, its follow-up with a file
    "web:reviews-start": [Target("", NONE, expect(302, 302, 302, 302, 302, 302, 302))],
    "web:reviews-years": [
        Target("", _org(), CONSIGNMENT_READ),
        Target("missing-org", lambda objs: [999999], expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    "web:reviews-new": [
        Target("", _org(), CONSIGNMENT_OFFICE),
        Target("empty", _org(), CONSIGNMENT_EMPTY_POST, method="post"),
    ],
    "web:reviews-year": [
        Target("2026", _org(2026), CONSIGNMENT_READ),
        Target("no-year", _org(2017), expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    "web:reviews-download": [
        Target("xlsx", _org(2026, "xlsx"), CONSIGNMENT_READ),
        Target("csv", _org(2026, "csv"), CONSIGNMENT_READ),
        Target("unknown-format", _org(2026, "exe"), expect(302, 404, 404, 404, 404, 404, 404)),
        Target("no-year", _org(2017, "pdf"), expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    "web:reviews-review": [
        Target("", lambda objs: [objs["sample"].pk, objs["review"].pk], CONSIGNMENT_READ),
        Target(
            "empty",
            lambda objs: [objs["sample"].pk, objs["review"].pk],
            CONSIGNMENT_EMPTY_POST,
            method="post",
        ),
    ],
    "web:reviews-round-edit": [
        Target("1", lambda objs: [objs["sample"].pk, objs["review"].pk, 1], CONSIGNMENT_OFFICE),
        Target(
            "empty",
            lambda objs: [objs["sample"].pk, objs["review"].pk, 1],
            CONSIGNMENT_EMPTY_POST,
            method="post",
        ),
        Target(
            "missing",
            lambda objs: [objs["sample"].pk, objs["review"].pk, 9],
            expect(302, 404, 404, 403, 403, 403, 404),
        ),
    ],
    "web:reviews-item-edit": [
        Target(
            "recommendation",
            lambda objs: [objs["sample"].pk, "recommendation", objs["followup"].recommendation_id],
            CONSIGNMENT_OFFICE,
        ),
        Target(
            "empty",
            lambda objs: [objs["sample"].pk, "recommendation", objs["followup"].recommendation_id],
            CONSIGNMENT_EMPTY_POST,
            method="post",
        ),
        Target(
            "unknown-kind",
            lambda objs: [objs["sample"].pk, "note", 1],
            expect(302, 404, 404, 403, 403, 403, 404),
        ),
    ],
    "web:reviews-edit": [
        Target("", lambda objs: [objs["sample"].pk, objs["review"].pk], CONSIGNMENT_OFFICE),
    ],
    # the follow-up: the organisation's people read it; the office and the target unit file
    # it (an empty form: refused with why), the committee may not
    "web:reviews-followup": [
        Target("", lambda objs: [objs["sample"].pk, objs["followup"].pk], CONSIGNMENT_READ),
        Target(
            "empty",
            lambda objs: [objs["sample"].pk, objs["followup"].pk],
            expect(302, 400, 400, 400, 400, 403, 404),
            method="post",
        ),
    ],
    "web:reviews-evidence": [
        Target(
            "", lambda objs: [objs["sample"].pk, objs["followup_evidence"].pk], CONSIGNMENT_READ
        ),
        Target("missing", _org(999999), expect(302, 404, 404, 404, 404, 404, 404)),
    ],
    "web:entry-grid": [
        Target("open", _plan("open"), ENTERS),
        Target("closed", _plan("closed"), ENTERS),
        Target("draft", _plan("draft"), expect(302, 200, 200, 200, 200, 403, 404)),
    ],
    "web:entry-reading": [
        Target("own-row", _plan("open"), ENTERS, query=_row("draft_value") + "&raw_text=5"),
        Target(
            "other-unit-row",
            _plan("open"),
            expect(302, 200, 200, 403, 403, 403, 403),
            query=_row("other_value") + "&raw_text=5",
        ),
    ],
    "web:entry-row": [
        Target(
            "own-row",
            _plan("open"),
            expect(302, 302, 302, 302, 302, 403, 403),
            query=_row("draft_value"),
        ),
        Target(
            "other-unit-row",
            _plan("open"),
            expect(302, 302, 302, 302, 302, 403, 403),
            query=_row("other_value"),
        ),
    ],
    "web:entry-save": [
        Target("empty", _plan("open"), expect(302, 400, 400, 400, 400, 403, 403), method="post")
    ],
    "web:entry-submit": [
        Target("empty", _plan("open"), expect(302, 302, 302, 302, 302, 403, 403), method="post")
    ],
    "web:entry-sheet-download": [Target("open", _plan("open"), ENTERS, query="?period=2026")],
    "web:entry-sheet": [Target("open", _plan("open"), ENTERS, query="?period=2026")],
    "web:entry-sheet-preview": [
        Target(
            "unknown-upload",
            lambda objs: [objs["open"].pk, "0" * 64],
            expect(302, 404, 404, 404, 404, 403, 403),
        )
    ],
    "web:value-detail": [
        Target("submitted", _pk("submitted"), INSIDE),
        Target("public", _pk("public_value"), everyone(200)),
        Target("draft-bsc", _pk("bsc_value"), INSIDE),
    ],
    "web:evidence-upload": [
        Target(
            "empty", _pk("draft_value"), expect(302, 302, 302, 302, 302, 403, 404), method="post"
        )
    ],
    "web:evidence-download": [
        Target("", _pk("evidence"), expect(302, 200, 200, 200, 200, 200, 404))
    ],
    "web:approvals": [
        Target("open", _plan("open"), REVIEWS),
        Target("closed", _plan("closed"), REVIEWS),
        Target("draft", _plan("draft"), expect(302, 200, 200, 200, 403, 403, 404)),
    ],
    "web:approvals-approve": [
        Target("empty", _plan("open"), expect(302, 400, 400, 400, 403, 403, 403), method="post")
    ],
    "web:approval-reject": [
        Target("form", _plan_and("open", "submitted"), REVIEWS),
        Target(
            "empty",
            _plan_and("open", "submitted"),
            expect(302, 400, 400, 400, 403, 403, 403),
            method="post",
        ),
    ],
    "web:board": [
        Target("open", _plan("open"), OFFICE),
        Target("draft", _plan("draft"), expect(302, 200, 200, 403, 403, 403, 404)),
    ],
    "web:board-remind": [
        Target("empty", _plan("open"), expect(302, 400, 400, 403, 403, 403, 403), method="post")
    ],
    "web:periods": [
        Target("open", _plan("open"), OFFICE),
        Target("closed", _plan("closed"), OFFICE),
    ],
    "web:period-detail": [Target("open", _plan_and("open", "period"), OFFICE)],
    "web:period-action": [
        Target(
            "lock-get",
            _plan_and("open", "period", "lock"),
            expect(302, 405, 405, 405, 405, 405, 405),
        ),
        Target(
            "lock-empty",
            _plan_and("open", "period", "lock"),
            expect(302, 400, 400, 403, 403, 403, 403),
            method="post",
        ),
    ],
    "web:plan-status": [
        Target("get", _plan("open"), expect(302, 404, 404, 403, 403, 403, 403)),
        Target("empty", _plan("open"), expect(302, 302, 302, 403, 403, 403, 403), method="post"),
    ],
    # evaluation rules: the office only (a closed plan's too: its evaluation comes after);
    # an empty POST is refused with why (400)
    "web:evaluation-rules": [
        Target("closed", _plan("closed"), OFFICE),
        Target("draft", _plan("draft"), expect(302, 200, 200, 403, 403, 403, 404)),
        Target("empty", _plan("closed"), expect(302, 400, 400, 403, 403, 403, 403), method="post"),
    ],
    "web:evaluation-indicator-rules": [
        Target("closed", _plan_and("closed", "closed_indicator"), OFFICE),
        Target(
            "empty",
            _plan_and("closed", "closed_indicator"),
            expect(302, 400, 400, 403, 403, 403, 403),
            method="post",
        ),
    ],
    # evaluation runs: the office only; "run" is a provisional run of the closed 2025 plan
    "web:evaluation-runs": [
        Target("closed", _plan("closed"), OFFICE),
        Target("draft", _plan("draft"), expect(302, 200, 200, 403, 403, 403, 404)),
    ],
    "web:evaluation-run-new": [
        # a run is started (or, on the draft, refused with why) and the page redirects
        Target("closed", _plan("closed"), expect(302, 302, 302, 403, 403, 403, 403), method="post"),
        Target("draft", _plan("draft"), expect(302, 302, 302, 403, 403, 403, 404), method="post"),
    ],
    "web:evaluation-run": [Target("run", _plan_and("closed", "run"), OFFICE)],
    "web:evaluation-run-action": [
        Target(
            "finalise-stale",
            _plan_and("closed", "run", "finalise"),
            expect(302, 302, 302, 403, 403, 403, 403),
            method="post",
        ),
        Target(
            "get",
            _plan_and("closed", "run", "publish"),
            expect(302, 405, 405, 405, 405, 405, 405),
        ),
        Target(
            "unknown",
            _plan_and("closed", "run", "nonsense"),
            expect(302, 404, 404, 403, 403, 403, 403),
            method="post",
        ),
    ],
    # committee scoring: "committee_round" is the closed 2025 plan's round, with the
    # committee member appointed and scoring closed (so every change is refused with a message
    # and a redirect); "qualitative" its qualitative indicator
    "web:committee": [
        Target("closed", _plan("closed"), OFFICE),
        Target("draft", _plan("draft"), expect(302, 200, 200, 403, 403, 403, 404)),
    ],
    "web:committee-setup": [
        Target("stale", _plan("closed"), expect(302, 302, 302, 403, 403, 403, 403), method="post")
    ],
    "web:committee-appoint": [
        Target("empty", _plan("closed"), expect(302, 302, 302, 403, 403, 403, 403), method="post")
    ],
    "web:committee-remove": [
        Target(
            "closed-round",
            _plan_and("closed", "committee_member"),
            expect(302, 302, 302, 403, 403, 403, 403),
            method="post",
        )
    ],
    "web:committee-status": [
        Target(
            "open-stale",
            lambda objs: [objs["closed"].pk, "open"],
            expect(302, 302, 302, 403, 403, 403, 403),
            method="post",
        ),
        Target(
            "unknown",
            lambda objs: [objs["closed"].pk, "nonsense"],
            expect(302, 404, 404, 403, 403, 403, 403),
            method="post",
        ),
    ],
    "web:scoring": [
        Target(
            "round",
            lambda objs: [objs["committee_round"].pk],
            expect(302, 403, 403, 403, 403, 200, 403),
        )
    ],
    "web:scoring-save": [
        Target(
            "closed-round",
            lambda objs: [objs["committee_round"].pk, objs["qualitative"].pk],
            expect(302, 403, 403, 403, 403, 302, 403),
            method="post",
        )
    ],
    # sharing, overrides and objections (이의신청): "run" is shared with the units, and
    # 복지정책국 objected to "welfare_result" ("objection", with "objection_evidence")
    "web:evaluation-run-share": [
        Target(
            "empty",
            _plan_and("closed", "run"),
            expect(302, 302, 302, 403, 403, 403, 403),
            method="post",
        )
    ],
    "web:evaluation-run-shared": [
        Target("shared", _plan_and("closed", "run"), expect(302, 200, 200, 200, 200, 403, 403))
    ],
    "web:objection-new": [
        # refused with why (no reason; not the office's to raise) and redirected
        Target(
            "empty",
            lambda objs: [objs["closed"].pk, objs["run"].pk, objs["welfare_result"].pk],
            expect(302, 302, 302, 302, 302, 403, 403),
            method="post",
        )
    ],
    "web:evaluation-override": [
        Target(
            "empty",
            lambda objs: [objs["closed"].pk, objs["run"].pk, objs["welfare_result"].pk],
            expect(302, 302, 302, 403, 403, 403, 403),
            method="post",
        )
    ],
    "web:evaluation-run-csv": [Target("run", _plan_and("closed", "run"), OFFICE)],
    "web:evaluation-override-remove": [
        # none to withdraw: refused with why and redirected
        Target(
            "none",
            lambda objs: [objs["closed"].pk, objs["run"].pk, objs["welfare_result"].pk],
            expect(302, 302, 302, 403, 403, 403, 403),
            method="post",
        )
    ],
    "web:evaluation-objections": [Target("run", _plan_and("closed", "run"), OFFICE)],
    "web:objection-decide": [
        Target(
            "empty-reject",
            lambda objs: [objs["closed"].pk, objs["run"].pk, objs["objection"].pk, "reject"],
            expect(302, 302, 302, 403, 403, 403, 403),
            method="post",
        ),
        Target(
            "unknown",
            lambda objs: [objs["closed"].pk, objs["run"].pk, objs["objection"].pk, "nonsense"],
            expect(302, 404, 404, 403, 403, 403, 403),
            method="post",
        ),
    ],
    "web:objection-evidence": [
        Target("", _pk("objection_evidence"), expect(302, 200, 200, 200, 200, 404, 404))
    ],
    "web:import-new": [Target("", NONE, expect(302, 200, 200, 403, 403, 403, 200))],
    "web:import-confirm": [
        Target("empty", NONE, expect(302, 302, 302, 403, 403, 403, 302), method="post")
    ],
    # a big file's preview read by a job: only its uploader, while the upload waits in their
    # session (tests/jobs/test_import_jobs.py); on another kind of job, nobody
    "web:import-preview-job": [
        Target(
            "staffs", lambda objs: [objs["job"].task_id], expect(302, 404, 404, 403, 403, 403, 404)
        )
    ],
    # planning a year: "round" is a 2027 round opened from the open plan, to which the
    # office invited the committee member as a reviewer (the committee column is that
    # reviewer: reads every draft and comments, but neither edits, returns, accepts nor
    # confirms; an uninvited one: tests/planning/test_reviewers.py); "own_draft" is
    # 복지정책국's draft in it, "other_draft" another unit's; "change" a change request of
    # a 복지정책국 indicator of the open plan
    "web:planning-open": [
        Target("closed", _plan("closed"), OFFICE),
        Target("open-has-a-round", _plan("open"), expect(302, 302, 302, 403, 403, 403, 403)),
    ],
    "web:planning-round": [
        Target("round", _pk("round"), expect(302, 200, 200, 200, 200, 200, 404))
    ],
    "web:planning-reviewers": [
        Target("empty", _pk("round"), expect(302, 404, 404, 403, 403, 403, 404), method="post")
    ],
    "web:planning-confirm": [
        Target(
            "not-ready",
            _pk("round"),
            expect(302, 302, 302, 403, 403, 403, 404),
            method="post",
        )
    ],
    "web:planning-caps": [
        Target("stale", _pk("round"), expect(302, 302, 302, 403, 403, 403, 404), method="post")
    ],
    "web:planning-draft": [
        Target(
            "own",
            lambda objs: [objs["round"].pk, objs["own_draft"].pk],
            expect(302, 200, 200, 200, 200, 200, 404),
        ),
        Target(
            "other-unit",
            lambda objs: [objs["round"].pk, objs["other_draft"].pk],
            expect(302, 200, 200, 403, 403, 200, 404),
        ),
    ],
    "web:planning-draft-reading": [
        Target(
            "own",
            lambda objs: [objs["round"].pk, objs["own_draft"].pk],
            expect(302, 200, 200, 200, 200, 200, 404),
            query="?indicator={own_indicator.pk}&target=1,000",
        )
    ],
    "web:planning-draft-action": [
        Target(
            "submit-stale",
            lambda objs: [objs["round"].pk, objs["own_draft"].pk, "submit"],
            expect(302, 302, 302, 302, 403, 403, 404),
            method="post",
        ),
        Target(
            "add-goal-stale",
            lambda objs: [objs["round"].pk, objs["own_draft"].pk, "add-goal"],
            expect(302, 409, 409, 409, 409, 403, 404),  # the conflict page, keeping the text
            method="post",
        ),
        Target(
            "add-goal-other-unit",
            lambda objs: [objs["round"].pk, objs["other_draft"].pk, "add-goal"],
            expect(302, 409, 409, 403, 403, 403, 404),
            method="post",
        ),
        Target(
            "comment-empty",
            lambda objs: [objs["round"].pk, objs["own_draft"].pk, "comment"],
            expect(302, 302, 302, 403, 403, 302, 404),
            method="post",
        ),
        Target(
            "accept-stale",
            lambda objs: [objs["round"].pk, objs["own_draft"].pk, "accept"],
            expect(302, 302, 302, 403, 403, 403, 404),
            method="post",
        ),
        Target(
            "unknown",
            lambda objs: [objs["round"].pk, objs["own_draft"].pk, "nonsense"],
            expect(302, 404, 404, 404, 404, 404, 404),
            method="post",
        ),
    ],
    "web:plan-versions": [
        Target(
            "draft-round",
            lambda objs: [objs["round"].plan_id],
            expect(302, 200, 200, 200, 200, 200, 404),
        ),
        Target("open", _plan("open"), expect(302, 200, 200, 200, 200, 200, 404)),
    ],
    "web:plan-changes": [Target("open", _plan("open"), ENTERS)],
    "web:change-evidence": [Target("change", _pk("change"), ENTERS)],
    "web:change-decide": [
        Target(
            "approve-stale",
            lambda objs: [objs["change"].pk, "approve"],
            expect(302, 302, 302, 403, 403, 403, 403),
            method="post",
        ),
        Target(
            "unknown",
            lambda objs: [objs["change"].pk, "nonsense"],
            expect(302, 404, 404, 404, 404, 404, 404),
            method="post",
        ),
    ],
    # the evaluation office's people and units: its own organisation only (404 to others)
    "web:people-start": [Target("", NONE, expect(302, 200, 302, 403, 403, 403, 302))],
    "web:people": [
        Target("sample", _pk("sample"), PEOPLE),
        Target("empty", _pk("sample"), PEOPLE_POST, method="post"),
    ],
    "web:person": [Target("staff", _person("welfare_staff"), PEOPLE)],
    "web:person-action": [
        Target("get", _person("welfare_staff", "transfer"), expect(302, *(405,) * 6)),
        Target("empty", _person("welfare_staff", "transfer"), PEOPLE_POST, method="post"),
        Target("unknown", _person("welfare_staff", "x"), PEOPLE_MISSING, method="post"),
    ],
    "web:delegation-revoke": [
        Target("unknown", lambda objs: [objs["sample"].pk, 999999], PEOPLE_MISSING, method="post")
    ],
    # a person's own delegations: every signed-in user (only unit roles may lend)
    "web:my-delegations": [
        Target("", NONE, SIGNED_IN),
        Target("empty", NONE, expect(302, *(400,) * 6), method="post"),
    ],
    "web:my-delegation-revoke": [
        Target("unknown", lambda objs: [999999], expect(302, *(404,) * 6), method="post")
    ],
    "web:units": [Target("sample", _pk("sample"), PEOPLE)],
    "web:unit-action": [
        Target("empty", lambda objs: [objs["sample"].pk, "rename"], PEOPLE_POST, method="post"),
        Target("unknown", lambda objs: [objs["sample"].pk, "x"], PEOPLE_MISSING, method="post"),
    ],
    "web:notifications": [Target("", NONE, SIGNED_IN)],
    # a person's own API tokens: every signed-in user; another person's token is missing
    "web:api-tokens": [
        Target("", NONE, SIGNED_IN),
        Target("empty", NONE, SIGNED_IN, method="post"),  # the form again, saying why
    ],
    "web:api-token-revoke": [
        Target("unknown", lambda objs: [999999], expect(302, *(404,) * 6), method="post")
    ],
    "web:notification-read": [
        Target(
            "staffs", _pk("notification"), expect(302, 404, 404, 404, 302, 404, 404), method="post"
        )
    ],
    # a background job: the person who asked (welfare_staff) and the organisation's office
    "web:job": [
        Target("staffs", lambda objs: [objs["job"].task_id], JOB),
        Target("missing", lambda objs: [uuid.UUID(int=1)], everyone(404)),
    ],
    "web:job-status": [Target("staffs", lambda objs: [objs["job"].task_id], JOB)],
    "web:job-download": [Target("staffs", lambda objs: [objs["job"].task_id], JOB)],
    "web:report-download": [
        Target(
            "closed-csv",
            _report("closed", "report", "csv"),
            UNPUBLISHED,
            query="?table=report_summary",
        ),
        Target(
            "open-graded-csv",
            _report("open", "report", "csv"),
            INSIDE,
            query="?table=report_summary",
        ),
        Target("draft-csv", _report("draft", "bsc", "csv"), INSIDE, query="?table=bsc_1"),
        Target("unknown-format", _report("open", "plan", "docx"), everyone(404)),
    ],
}

NON_STAFF = ("anonymous", "welfare_head", "welfare_staff", "committee")
# Staff users in the admin: per model, the status of its list, add form, and the change,
# history and delete pages of one of 한빛시's rows (of the open 2026 plan where the model
# belongs to a plan). Non-staff users are always sent to the admin's sign-in page.
# 403 on add/delete: the workflow's rows (values, periods, audit) change only through the
# services; 302 for the outsider: the admin does not find another organisation's row.
ADMIN_VIEWS = ("changelist", "add", "change", "history", "delete")
SCOPED_EDITABLE = {
    "admin": (200, 200, 200, 200, 200),
    "officer": (200, 200, 200, 200, 200),
    "outsider": (200, 200, 302, 302, 302),
}
PLAN = {  # the open plan: deleted only as a draft … or not at all once confirmed
    "admin": (200, 200, 200, 200, 403),
    "officer": (200, 200, 200, 200, 403),
    "outsider": (200, 200, 302, 302, 302),
}
SCOPED_READ_ONLY = {
    "admin": (200, 403, 200, 200, 403),
    "officer": (200, 403, 200, 200, 403),
    "outsider": (200, 403, 302, 302, 403),
}
SUPERUSER_ONLY = {
    "admin": (200, 200, 200, 200, 200),
    "officer": (403, 403, 403, 403, 403),
    "outsider": (403, 403, 403, 403, 403),
}
AXES_LOG = {  # django-axes' own admin: read-only logs, for the superuser
    "admin": (200, 403, 200, 200, 200),
    "officer": (403, 403, 403, 403, 403),
    "outsider": (403, 403, 403, 403, 403),
}
TASK_LOG = {  # django-tasks-db's own admin: the queue, read-only, for the superuser
    "admin": (200, 403, 200, 200, 403),
    "officer": (403, 403, 403, 403, 403),
    "outsider": (403, 403, 403, 403, 403),
}
ADMIN: dict[str, dict[str, tuple[int, ...]]] = {
    "auth.group": SUPERUSER_ONLY,
    "auth.user": SUPERUSER_ONLY,
    "accounts.roleassignment": SCOPED_EDITABLE,
    "audit.auditevent": SCOPED_READ_ONLY,
    # the planning round's records change only through the planning pages' services
    "planning.planninground": SCOPED_READ_ONLY,
    "planning.unitdraft": SCOPED_READ_ONLY,
    "planning.reviewcomment": SCOPED_READ_ONLY,
    "planning.roundreviewer": SCOPED_READ_ONLY,
    "planning.planversion": SCOPED_READ_ONLY,
    "planning.changerequest": SCOPED_READ_ONLY,
    "organisations.organisation": SCOPED_EDITABLE,
    "organisations.orgunit": SCOPED_EDITABLE,
    "organisations.planowner": SCOPED_EDITABLE,
    "plans.plan": PLAN,
    "plans.period": SCOPED_READ_ONLY,
    "plans.perspective": SCOPED_EDITABLE,
    "plans.strategicgoal": SCOPED_EDITABLE,
    "plans.policygoal": SCOPED_EDITABLE,
    "plans.programcode": SCOPED_EDITABLE,
    "plans.indicator": SCOPED_EDITABLE,
    "plans.budgetprogram": SCOPED_EDITABLE,
    "results.indicatorvalue": SCOPED_READ_ONLY,
    # so do the ad-hoc reviews
    "reviews.review": SCOPED_READ_ONLY,
    "reviews.reviewround": SCOPED_READ_ONLY,
    "reviews.reviewfinding": SCOPED_READ_ONLY,
    "reviews.recommendation": SCOPED_READ_ONLY,
    "reviews.followup": SCOPED_READ_ONLY,
    "sources.sourcedocument": SCOPED_READ_ONLY,
    # the consignment evaluation changes only through its pages' services
    "consignment.consignedservice": SCOPED_READ_ONLY,
    "consignment.evaluationyear": SCOPED_READ_ONLY,
    "consignment.evaluationround": SCOPED_READ_ONLY,
    "consignment.servicescore": SCOPED_READ_ONLY,
    "consignment.contractevent": SCOPED_READ_ONLY,
    # council questions change only through their pages' services
    "council.writtenquestion": SCOPED_READ_ONLY,
    "council.questionitem": SCOPED_READ_ONLY,
    "council.answerattachment": SCOPED_READ_ONLY,
    # the risk register changes only through its pages' services
    "risks.riskmonth": SCOPED_READ_ONLY,
    "risks.riskissue": SCOPED_READ_ONLY,
    "risks.pressitem": SCOPED_READ_ONLY,
    "sources.declaredfigure": SCOPED_READ_ONLY,
    "sources.storedfinding": SCOPED_READ_ONLY,
    "axes.accessattempt": AXES_LOG,
    "axes.accesslog": AXES_LOG,
    "axes.accessfailurelog": AXES_LOG,
    "django_tasks_database.dbtaskresult": TASK_LOG,
}
ADMIN_PAGES = {"admin:index": ("", 200), "admin:app_list": ("plans", 200)}


def _named_urls(patterns: list[Any], namespace: str | None = None) -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _named_urls(p.url_patterns, p.namespace or namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def _admin_model_urls() -> set[str]:
    return {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_{view}"
        for m in admin.site._registry
        for view in ADMIN_VIEWS
    }


def test_every_url_has_expectations() -> None:
    names = set(_named_urls(get_resolver().url_patterns))
    # the API's own (api-v1:…) and its reference page (api-reference)
    assert {n for n in names if n.startswith("api-")} == set(API)
    site = {n for n in names if not n.startswith(("admin:", "api-"))}
    assert site == set(SITE), (
        f"pages without expectations: {sorted(site - set(SITE))}; "
        f"expectations without a page: {sorted(set(SITE) - site)}"
    )
    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    assert registered == set(ADMIN)
    admin_names = {n for n in names if n.startswith("admin:")}
    covered = _admin_model_urls() | set(ADMIN_PAGES) | {"admin:login", "admin:logout"}
    extra = {"admin:password_change", "admin:password_change_done", "admin:jsi18n"}
    extra |= {"admin:view_on_site", "admin:autocomplete", "admin:auth_user_password_change"}
    assert admin_names - covered <= extra, sorted(admin_names - covered - extra)


@pytest.fixture
def objects(sample, django_user_model) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import Organisation
    from seonggwa.plans.models import Plan

    outsider = django_user_model.objects.create_user("outsider", password="outsider-pw-12345")
    role_assign(
        user=outsider,
        organisation=Organisation.objects.create(name="다른시"),
        role="evaluation_officer",
    )
    from seonggwa.notifications.models import Notification
    from seonggwa.plans.models import Period
    from seonggwa.results.models import IndicatorValue
    from seonggwa.results.services import evidence_attach

    plans = {(p.year, p.kind): p for p in Plan.objects.filter(organisation=sample)}
    assert plans[(2025, "plan")].status == "closed" and plans[(2026, "bsc")].status == "draft"
    users = {u.username: u for u in django_user_model.objects.all()}
    actuals = IndicatorValue.objects.filter(kind="actual").select_related("indicator__owner__unit")
    welfare = actuals.filter(indicator__plan=plans[(2026, "plan")], year=2026)
    draft_value = welfare.get(indicator__owner__unit__name="복지정책국", status="draft")
    evidence = evidence_attach(
        value=draft_value,
        file_name="근거.pdf",
        content=b"%PDF-1.4\n%\xe2\xe3\n",
        user=users["admin"],
    )
    import datetime

    from seonggwa.planning.services import change_request_create, round_open

    rnd = round_open(
        user=users["admin"],
        source_plan=plans[(2026, "plan")],
        deadline=datetime.date.today() + datetime.timedelta(days=30),
    )
    from seonggwa.planning.services import round_reviewer_invite

    round_reviewer_invite(user=users["admin"], rnd=rnd, reviewer=users["committee"])
    change = change_request_create(
        user=users["admin"],
        indicator=draft_value.indicator,
        field="definition",
        new_text="새 정의",
        reason="정의 보완",
        file_name="근거.pdf",
        content=b"%PDF-1.4\n%\xe2\xe3\n",
    )
    from seonggwa.evaluation import committee_services as cs

    committee_round = cs.committee_round_get_or_create(
        user=users["admin"], plan=plans[(2025, "plan")]
    )
    cs.committee_member_appoint(
        user=users["admin"], round=committee_round, person=users["committee"]
    )
    committee_round = cs.committee_scoring_open(
        user=users["admin"], round=committee_round, expected_version=committee_round.version
    )
    committee_round = cs.committee_scoring_close(
        user=users["admin"], round=committee_round, expected_version=committee_round.version
    )

    from seonggwa.evaluation.models import IndicatorResult
    from seonggwa.evaluation.services import Upload, objection_raise, run_share, run_start

    run = run_start(user=users["admin"], plan=plans[(2025, "plan")])
    run = run_share(
        user=users["admin"],
        run=run,
        objections_until=datetime.date.today() + datetime.timedelta(days=7),
        expected_version=run.version,
    )
    welfare_result = IndicatorResult.objects.filter(run=run, owner__unit__name="복지정책국").first()
    objection = objection_raise(
        user=users["welfare_staff"],
        result=welfare_result,
        reason="실적 집계 오류",
        files=[Upload("근거.pdf", b"%PDF-1.4\n%\xe2\xe3\n")],
    )
    from django_tasks_db.models import DBTaskResult

    from seonggwa.jobs.models import JobProgress

    review, followup = _review(sample, users)
    from seonggwa.jobs.services import start_job
    from seonggwa.jobs.tasks import count

    job = start_job(
        count, kind="count", owner=users["welfare_staff"], organisation=sample, args=(1,)
    )
    DBTaskResult.objects.get(id=job.task_id).set_successful(1)
    JobProgress.objects.filter(pk=job.pk).update(
        file_data=b"1", file_name="count.txt", content_type="text/plain"
    )
    consigned = _consignment(sample, users["officer"])
    risk_issue, risk_other = _risks(sample, users["officer"])
    council_question, council_item, council_attachment = _council_question(sample, users["officer"])
    from seonggwa.organisations.models import OrgUnit, PeerGroup

    peers = PeerGroup.objects.create(name="시부")
    peers.members.add(sample, Organisation.objects.get(name="다른시"))
    open_indicators = plans[(2026, "plan")].indicators.select_related("owner__unit")
    welfare_indicator = open_indicators.filter(
        owner__unit__name="복지정책국", policy_goal__isnull=False
    ).first()
    other_indicator = (
        open_indicators.exclude(owner__unit__name="복지정책국")
        .filter(policy_goal__isnull=False)
        .first()
    )
    return {
        "consigned": consigned,
        "risk_issue": risk_issue,
        "council_question": council_question,
        "council_item": council_item,
        "council_attachment": council_attachment,
        "review": review,
        "followup": followup,
        "followup_evidence": followup.evidence.get(),
        "risk_other": risk_other,
        "peer_group": peers,
        "welfare_unit": OrgUnit.objects.get(organisation=sample, name="복지정책국"),
        "other_unit": other_indicator.owner.unit,
        "welfare_goal": welfare_indicator.strategic_goal,
        "other_goal": other_indicator.strategic_goal,
        "welfare_policy": welfare_indicator.policy_goal,
        "other_policy": other_indicator.policy_goal,
        "welfare_indicator": welfare_indicator,
        "other_indicator": other_indicator,
        "bsc_indicator": plans[(2026, "bsc")].indicators.order_by("pk").first(),
        "job": job,
        "committee_round": committee_round,
        "committee_member": committee_round.members.get(),
        "qualitative": plans[(2025, "plan")].indicators.get(name="재난안전 훈련 평가 등급"),
        "users": users,
        "run": run,
        "welfare_result": welfare_result,
        "objection": objection,
        "objection_evidence": objection.evidence.get(),
        "round": rnd,
        "own_draft": rnd.drafts.get(owner__unit__name="복지정책국"),
        "other_draft": rnd.drafts.exclude(owner__unit__name="복지정책국").first(),
        "own_indicator": rnd.plan.indicators.filter(owner__unit__name="복지정책국").first(),
        "change": change,
        "closed": plans[(2025, "plan")],
        "closed_indicator": plans[(2025, "plan")].indicators.order_by("pk").first(),
        "open": plans[(2026, "plan")],
        "own_indicator_open": plans[(2026, "plan")].indicators.order_by("pk").first(),
        "draft": plans[(2026, "bsc")],
        "draft_indicator": plans[(2026, "bsc")].indicators.order_by("pk").first(),
        "other_org": Organisation.objects.get(name="다른시"),
        "period": Period.objects.get(plan=plans[(2026, "plan")], key="2026"),
        "submitted": welfare.get(indicator__owner__unit__name="복지정책국", status="submitted"),
        "draft_value": draft_value,
        "other_value": welfare.exclude(indicator__owner__unit__name="복지정책국").first(),
        "public_value": actuals.filter(indicator__plan=plans[(2025, "plan")], status="approved")
        .order_by("pk")
        .first(),
        "bsc_value": actuals.filter(indicator__plan=plans[(2026, "bsc")]).order_by("pk").first(),
        "evidence": evidence,
        "notification": Notification.objects.filter(user=users["welfare_staff"]).first(),
        "sample": sample,
    }


def _consignment(sample: Any, officer: Any) -> Any:
    """A consigned service of 한빛시 scored in round 1 of 2020 (open), with a council consent
    and a renewal."""
    from seonggwa.consignment.services import (
        ScoreEntry,
        contract_event_record,
        round_create,
        scores_record,
        service_save,
        year_get_or_create,
    )

    service = service_save(
        user=officer,
        organisation=sample,
        name="한빛 청년센터 운영",
        department_label="복지정책국",
        contractor="(사)한빛· (재)청년",
    )
    year = year_get_or_create(user=officer, organisation=sample, year=2020)
    today = datetime.date.today()
    rnd = round_create(
        user=officer,
        evaluation_year=year,
        number=1,
        opens_on=today,
        closes_on=today + datetime.timedelta(days=30),
        is_open=True,
    )
    scores_record(user=officer, round=rnd, entries=[ScoreEntry(service, "", "58.50")])
    contract_event_record(
        user=officer, service=service, kind="consent", date=datetime.date(2015, 1, 5)
    )
    contract_event_record(
        user=officer, service=service, kind="renewal", date=datetime.date(2021, 1, 5)
    )
    return service


def _risks(sample: Any, officer: Any) -> tuple[Any, Any]:
    """May 2026's risk issues of 한빛시: one escalated to 복지정책국 with a press item, one
    escalated to another unit; neither answered."""
    from seonggwa.organisations.models import OrgUnit
    from seonggwa.risks.services import (
        issue_create,
        issue_escalate,
        month_get_or_create,
        press_item_add,
    )

    month = month_get_or_create(user=officer, organisation=sample, year=2026, month=5)
    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    other = OrgUnit.objects.filter(organisation=sample).exclude(pk=welfare.pk).first()
    own = issue_create(user=officer, month=month, title="폭염 대비 취약계층 보호")
    press_item_add(user=officer, issue=own, headline="폭염 특보", outlet="KBS")
    issue_escalate(user=officer, issue=own, unit=welfare)
    foreign = issue_create(user=officer, month=month, title="도로 침하")
    issue_escalate(user=officer, issue=foreign, unit=other)
    return own, foreign


def _council_question(sample: Any, officer: Any) -> tuple[Any, Any, Any]:
    """A written question of 2026 with one item whose answer attaches the risk register."""
    from seonggwa.council.services import attachment_add, item_add, question_create

    question = question_create(
        user=officer, organisation=sample, member="김혜련", title="리스크 관리", year=2026
    )
    item = item_add(user=officer, question=question, number=1, text="리스크 관리 현황")
    return question, item, attachment_add(user=officer, item=item, kind="risks", year=2026)


def _review(sample: Any, users: dict[str, Any]) -> tuple[Any, Any]:
    """An ad-hoc review of 2026 for 복지정책국 with a recommendation whose follow-up the unit
    filed with a file."""
    from seonggwa.organisations.models import OrgUnit
    from seonggwa.reviews.services import ReviewFields, Upload, followup_file, item_add, review_save

    welfare = OrgUnit.objects.get(organisation=sample, name="복지정책국")
    review = review_save(
        user=users["officer"],
        organisation=sample,
        fields=ReviewFields(
            year=2026,
            number=1,
            topic="경로당 냉방 점검",
            department=welfare,
            department_label=welfare.name,
            method="inspection",
        ),
    )
    item_add(user=users["officer"], round=review.rounds.get(), kind="finding", text="고장")
    rec = item_add(
        user=users["officer"], round=review.rounds.get(), kind="recommendation", text="교체"
    )
    followup = followup_file(
        user=users["welfare_staff"],
        followup=rec.followup,
        status="in_progress",
        files=[Upload("근거.pdf", b"%PDF-1.4\n%\xe2\xe3\n")],
    )
    return review, followup


def _client(objects: dict[str, Any], role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(objects["users"][role])
    return client


SITE_CASES = [(name, t) for name, targets in SITE.items() for t in targets]


@pytest.mark.parametrize(
    ("name", "target"), SITE_CASES, ids=[f"{n}[{t.label}]" for n, t in SITE_CASES]
)
def test_site_pages(objects: dict[str, Any], name: str, target: Target) -> None:
    url = reverse(name, args=target.args(objects)) + target.query.format(**objects)
    got = {}
    for role in ROLES:
        response = getattr(_client(objects, role), target.method)(url)
        got[role] = response.status_code
        if response.status_code == 302 and role == "anonymous" and target.to_sign_in:
            assert response["Location"].startswith(reverse("web:login")), url
    assert got == target.expected, url


# --- the REST API (/api/v1/, docs/api.md): each role calls it with a personal token of its
# own; anonymous with none (401 on the writes). A write that reaches its service is refused
# there with a stale or missing version (409), so the matrix changes nothing.

API_PUBLIC = everyone(200)
API_INSIDE = expect(404, 200, 200, 200, 200, 200, 404)
# enterers reach the service (409: the version is stale); the committee is refused (403);
# the outsider sees the open plan but enters nothing (403) and never sees unapproved rows (404)
API_ENTER = expect(401, 409, 409, 409, 409, 403, 403)
API_SUBMIT = expect(401, 409, 409, 409, 409, 403, 404)
API_APPROVE = expect(401, 409, 409, 409, 403, 403, 404)


def _json(**fields: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda objs: {k: v(objs) if callable(v) else v for k, v in fields.items()}


API: dict[str, list[Target]] = {
    "api-v1:api-root": [Target("", NONE, everyone(404))],
    "api-v1:openapi-json": [Target("", NONE, API_PUBLIC)],
    "api-reference": [Target("", NONE, API_PUBLIC)],
    "api-v1:organisations": [Target("", NONE, API_PUBLIC)],
    "api-v1:organisation": [
        Target("sample", _pk("sample"), API_PUBLIC),
        Target("unknown", lambda objs: [999999], everyone(404)),
    ],
    "api-v1:plans": [Target("", NONE, API_PUBLIC, query="?organisation={sample.pk}&year=2026")],
    "api-v1:plan": [
        Target("closed", _plan("closed"), API_PUBLIC),
        Target("draft", _plan("draft"), API_INSIDE),
    ],
    "api-v1:units": [Target("sample", _pk("sample"), API_PUBLIC)],
    "api-v1:goals": [
        Target("closed", _plan("closed"), API_PUBLIC),
        Target("draft", _plan("draft"), API_INSIDE),
    ],
    "api-v1:indicators": [
        Target(
            "open", _plan("open"), API_PUBLIC, query="?unit={draft_value.indicator.owner.unit_id}"
        ),
        Target("draft", _plan("draft"), API_INSIDE),
    ],
    # the closed plan's run is shared, not published: nobody reads it through the API
    "api-v1:results": [Target("closed", _plan("closed"), everyone(404))],
    "api-v1:actual_save": [
        Target(
            "existing-without-version",
            lambda objs: [objs["draft_value"].indicator_id],
            API_ENTER,
            method="post",
            body=_json(year=2026, raw_text="80"),
        ),
        Target(
            "draft-plan",
            lambda objs: [objs["bsc_value"].indicator_id],
            expect(401, 422, 422, 403, 403, 403, 404),  # 422: that actual is approved and locked
            method="post",
            body=_json(year=lambda objs: objs["bsc_value"].year, raw_text="80"),
        ),
    ],
    "api-v1:actual_submit_api": [
        Target(
            "stale",
            _pk("draft_value"),
            API_SUBMIT,
            method="post",
            body=_json(version=999),
        )
    ],
    "api-v1:actual_approve_api": [
        Target(
            "stale",
            _pk("submitted"),
            API_APPROVE,
            method="post",
            body=_json(version=999),
        ),
        Target(  # a closed plan refuses whoever asks (422), before who asks is weighed
            "closed-plan",
            _pk("public_value"),
            expect(401, 422, 422, 422, 422, 422, 404),
            method="post",
            body=_json(version=999),
        ),
    ],
}

API_CASES = [(name, t) for name, targets in API.items() for t in targets]


@pytest.mark.parametrize(
    ("name", "target"), API_CASES, ids=[f"{n}[{t.label}]" for n, t in API_CASES]
)
def test_api_endpoints(objects: dict[str, Any], name: str, target: Target, settings: Any) -> None:
    from seonggwa.accounts.tokens import token_create

    settings.SEONGGWA_API_RATE_ANONYMOUS = settings.SEONGGWA_API_RATE_TOKEN = 0
    url = reverse(name, args=target.args(objects)) + target.query.format(**objects)
    got = {}
    for role in ROLES:
        headers = {}
        if role != "anonymous":
            _token, text = token_create(user=objects["users"][role], name="matrix")
            headers["Authorization"] = f"Bearer {text}"
        client = Client(headers=headers)
        if target.method == "post":
            body = target.body(objects) if target.body else {}
            response = client.post(url, body, content_type="application/json")
        else:
            response = client.get(url)
        got[role] = response.status_code
        if response.status_code >= 400 and name not in ("api-v1:api-root",):
            assert set(response.json()["error"]) == {"code", "message"}, (url, role)
    assert got == target.expected, url


def _rows_the_sample_lacks(open_plan: Any) -> None:
    """One row of each admin model the sample has none of, to open its pages."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group

    from seonggwa.plans.models import ProgramCode
    from seonggwa.sources.models import DeclaredFigure, SourceDocument, StoredFinding

    Group.objects.create(name="평가위원")
    ProgramCode.objects.create(plan=open_plan, code="복지-1")
    document = SourceDocument.objects.create(
        organisation=open_plan.organisation,
        plan=open_plan,
        file_name="계획.txt",
        sha256="0" * 64,
        format="plan",
    )
    DeclaredFigure.objects.create(
        plan=open_plan, source_document=document, unit_label="복지정책국", table="summary", key="x"
    )
    StoredFinding.objects.create(
        plan=open_plan, severity="warning", code="shape.test", message="확인"
    )
    from seonggwa.planning.models import PlanVersion, ReviewComment, UnitDraft

    PlanVersion.objects.create(plan=open_plan, number=1, snapshot={})
    ReviewComment.objects.create(draft=UnitDraft.objects.order_by("pk").first(), text="의견")
    AccessAttempt.objects.create(
        username="x", ip_address="127.0.0.1", user_agent="t", failures_since_start=1
    )
    AccessLog.objects.create(username="x", ip_address="127.0.0.1", user_agent="t")
    AccessFailureLog.objects.create(username="x", ip_address="127.0.0.1", user_agent="t")


def _admin_row(model: Any, sample: Any, open_plan: Any) -> Any:
    from seonggwa.core.ownership import owned
    from seonggwa.plans.models import Plan

    if model is Plan:
        return open_plan
    qs = model._default_manager.order_by("pk")
    try:
        lookup = owned(model._meta.label).lookup_id
    except KeyError:
        return qs.first()
    qs = qs.filter(**{lookup: sample.pk})
    fields = {f.name for f in model._meta.get_fields()}
    for path in ("plan", "indicator__plan"):
        if path.split("__")[0] in fields and qs.filter(**{path: open_plan}).exists():
            return qs.filter(**{path: open_plan}).first()
    return qs.first()


@pytest.mark.parametrize("label", sorted(ADMIN))
def test_admin_pages(objects: dict[str, Any], label: str) -> None:
    app_label, model_name = label.split(".")
    model = next(m for m in admin.site._registry if m._meta.label_lower == label)
    _rows_the_sample_lacks(objects["open"])
    row = _admin_row(model, objects["sample"], objects["open"])
    assert row is not None, f"the sample has no {label} to open"
    urls = [
        reverse(
            f"admin:{app_label}_{model_name}_{view}",
            args=[] if view in ("changelist", "add") else [row.pk],
        )
        for view in ADMIN_VIEWS
    ]
    for role in ROLES:
        client = _client(objects, role)
        statuses = tuple(client.get(u).status_code for u in urls)
        if role in NON_STAFF:
            assert statuses == (302,) * len(urls), (label, role)
            assert client.get(urls[0])["Location"].startswith(reverse("admin:login"))
        else:
            assert statuses == ADMIN[label][role], (label, role, statuses)


def test_admin_index_pages(objects: dict[str, Any]) -> None:
    for name, (arg, status) in ADMIN_PAGES.items():
        url = reverse(name, args=[arg] if arg else [])
        for role in ROLES:
            got = _client(objects, role).get(url).status_code
            assert got == (302 if role in NON_STAFF else status), (name, role)


def test_a_malformed_request_gets_the_sites_400_page(objects: dict[str, Any]) -> None:
    client = _client(objects, "welfare_staff")
    url = reverse("web:entry-save", args=[objects["open"].pk])
    response = client.post(url, {"indicator": "x", "period": "2026"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "아무것도 저장하지 않았습니다" in text and "welfare_staff" in text  # with the header


def test_no_template_comment_spans_lines() -> None:
    """``{# … #}`` is a one-line comment in Django: one spread over lines is printed on the
    page. Longer comments are ``{% comment %}``."""
    from pathlib import Path

    import seonggwa

    root = Path(seonggwa.__file__).parent
    broken = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert not broken, broken
