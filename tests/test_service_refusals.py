"""Every service that changes plan or result data refuses a user without the role.

The cases are checked against the code: every public function of every ``*/services.py``
module (and the importer's loading service) is either a case here — called once by a user
who may (it must succeed) and once by each user who may not (it must raise
``PermissionDenied`` and write nothing) — or listed in ``NOT_ACTING`` with the reason it
takes no acting user. A new service without either fails ``test_every_service_is_covered``.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

import seonggwa
from seonggwa.audit.context import acting_as
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied

pytestmark = pytest.mark.django_db

REPORT = Path(__file__).parent / "fixtures" / "report" / "report_consistent.txt"

# Public functions of the service modules that take no acting user, and why.
NOT_ACTING: dict[str, str] = {
    "accounts.services.role_assign": (
        "the operator's primitive (CLI, sample, directory sign-in); the browser's role_grant "
        "checks first"
    ),
    "accounts.services.password_generate": "makes a temporary password; changes nothing",
    "accounts.services.directory_roles_sync": (
        "the directory at a person's sign-in, no acting user (tests/accounts)"
    ),
    "backup.services.organisation_dump": "reads only",
    "backup.services.organisation_dump_to_file": "reads only",
    "backup.services.organisation_restore": "the machine's operator (CLI); not on the web",
    "backup.services.organisation_restore_from_file": "the machine's operator (CLI)",
    "notifications.services.notify": "called by the services above after their own check",
    "notifications.services.notification_mark_read": (
        "acts only on the user's own notifications (tests/notifications)"
    ),
    "organisations.services.organisation_get_or_create": "the importer and the sample",
    "organisations.services.unit_create": "the importer, the sample and the admin site",
    "organisations.services.unit_find": "reads only",
    "organisations.services.unit_get_or_create": "the importer and the sample",
    "organisations.services.owner_get_or_create": "the importer and the sample",
    "results.services.read_value": "reads only (the value grammar)",
    "results.services.evidence_check": "checks a file's size, type and content (no change)",
    "results.services.reading_refusal": "reads only (why a text cannot be an actual)",
    "evaluation.services.objection_window_refusal": "reads only (why no objection is taken)",
    "importers.consignment_load.consignment_read": "reads and parses a file; writes nothing",
    "importers.reviews_load.reviews_read": "reads and parses a file; writes nothing",
    "reviews.services.followup_reminders_send": (
        "the daily reminders, sent as the system (seonggwa worker, seonggwa remind-followups)"
    ),
    "importers.projects_load.projects_read": "reads and parses a file; writes nothing",
    "projects.services.progress_indicator_name": "names an indicator; changes nothing",
    "importers.risks_load.risks_read": "reads and parses a file; writes nothing",
    "jobs.services.start_job": (
        "enqueues work its caller checked (report_download reads the report as the user); the "
        "task checks the asker's access again when it runs (tests/jobs/test_report_jobs.py)"
    ),
    "jobs.services.progress": "the worker's bookkeeping for the job it runs",
    "jobs.services.heartbeat": "the worker's bookkeeping for the job it runs",
    "jobs.services.current_job_id": "reads which job the running worker executes; writes nothing",
    "jobs.services.keep_file": "the worker's bookkeeping: the running job's own file",
    "jobs.services.keep_result_url": "the worker's bookkeeping: where the running job's result is",
    "jobs.services.job_started": "the worker's bookkeeping (task signals)",
    "jobs.services.job_finished": "the worker's bookkeeping (task signals)",
    "jobs.services.sweep": "the worker's and the operator's housekeeping (seonggwa jobs sweep)",
    "jobs.services.prune": "the worker's and the operator's housekeeping (seonggwa jobs prune)",
    "evaluation.services.override_refusal": "reads only (why a reason cannot carry a grade)",
    "importers.entry_load.entry_sheet_store": "stages an upload by its SHA-256 for the preview",
    "importers.entry_load.entry_sheet_read": "reads a staged upload",
    "importers.entry_load.entry_sheet_discard": "removes a staged upload",
    "importers.entry_load.entry_sheet_preview": "reads only (refuses who enters nothing)",
    "results.services.evidence_store": "stores bytes for evidence_attach, after its check",
    "results.services.value_conflict": "builds the conflict message (no change)",
    "results.services.value_for_update": "locks a value's row for the writing services, "
    "which ask the policy first",
    "results.services.value_save": "saves for the writing services after their policy check",
    "results.services.reminders_send": "the scheduled job (`seonggwa remind`), no person",
    "plans.services.period_window_announce": "tells people of an open window (no change)",
    "plans.services.scheme_version_for": "reads only (the scheme version of a year)",
    "sources.services.source_document_create": "called by document_import after its check",
    "sources.services.declared_figures_write": "called by document_import after its check",
    "sources.services.findings_write": "called by document_import after its check",
    "importers.load.document_read": "reads only",
    "importers.load.document_preview": "reads only (writes nothing)",
    "importers.load.tables_write": "called by document_import after its check",
}


@dataclass
class World:
    """The sample's objects a case acts on."""

    users: dict[str, Any]
    plan: Any
    period: Any
    unit: Any
    owner: Any
    goal: Any
    indicator: Any  # 복지서비스 이용 만족도: no actual yet
    submitted: Any  # 위기가구 발굴 건수: a submitted actual


@pytest.fixture
def world(sample, django_user_model) -> World:  # type: ignore[no-untyped-def]
    from seonggwa.accounts.services import role_assign
    from seonggwa.organisations.models import Organisation
    from seonggwa.plans.models import Indicator, Period, Plan
    from seonggwa.results.models import IndicatorValue

    users: dict[str, Any] = {u.username: u for u in django_user_model.objects.all()}
    outsider = django_user_model.objects.create_user("outsider", password="outsider-pw-12345")
    role_assign(
        user=outsider,
        organisation=Organisation.objects.create(name="다른시"),
        role="evaluation_officer",
    )
    users["outsider"] = outsider
    users["anonymous"] = AnonymousUser()
    plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    indicator = Indicator.objects.select_related("owner__unit", "strategic_goal").get(
        plan=plan, name="복지서비스 이용 만족도"
    )
    submitted = IndicatorValue.objects.get(
        indicator__plan=plan, indicator__name__startswith="위기가구", kind="actual", year=2026
    )
    assert submitted.status == "submitted"
    return World(
        users=users,
        plan=plan,
        period=Period.objects.get(plan=plan, key="2026"),
        unit=indicator.owner.unit,
        owner=indicator.owner,
        goal=indicator.strategic_goal,
        indicator=indicator,
        submitted=submitted,
    )


SEED_003 = Path(__file__).parent / "fixtures" / "seeds" / "003_80f337656145150c.txt"


def _sust_task(w: World) -> Any:
    """A task of the 2019 sustainability plan (imported from seed 003 by the administrator)."""
    from seonggwa.frameworks.models import Task
    from seonggwa.importers.sustainability.load import sustainability_import

    plan = sustainability_import(
        user=w.users["admin"],
        organisation_name=w.plan.organisation.name,
        year=2019,
        path_or_text=SEED_003,
    ).plan
    return Task.objects.filter(strategy__field__framework__plan=plan).order_by("pk").first()


def _sust_indicator(w: World) -> Any:
    """An implementation indicator of the 2019 sustainability plan (added by the
    administrator)."""
    from seonggwa.frameworks.services import implementation_indicator_create

    return implementation_indicator_create(
        user=w.users["admin"],
        task=_sust_task(w),
        project_name="희망의 집수리",
        unit=w.unit,
        name="집수리 가구 수",
        targets={2019: "100"},
    )


def _joint_evaluation(w: World) -> Any:
    """The 2020 joint evaluation imported from seed 003 by the administrator (its entry
    step has set the plan's entry window)."""
    from seonggwa.importers.joint.load import joint_import

    return joint_import(
        user=w.users["admin"],
        organisation_name=w.plan.organisation.name,
        year=2020,
        path_or_text=SEED_003,
    ).evaluation


def _joint_step_update(w: World, u: Any) -> Any:
    from seonggwa.frameworks.joint_services import timeline_step_update

    step = _joint_evaluation(w).timeline.get(governs="entry")
    return timeline_step_update(
        user=u,
        step=step,
        starts_on=datetime.date(2020, 1, 6),
        ends_on=datetime.date(2020, 2, 21),
        expected_version=step.version,
    )


def _joint_window_apply(w: World, u: Any) -> Any:
    from seonggwa.frameworks.joint_services import entry_window_apply

    evaluation = _joint_evaluation(w)
    evaluation.timeline.filter(governs="entry").update(starts_on=datetime.date(2020, 1, 6))
    return entry_window_apply(user=u, evaluation=evaluation)


def _joint_case_save(w: World, u: Any) -> Any:
    from seonggwa.frameworks.joint_services import best_case_save

    evaluation = _joint_evaluation(w)
    return best_case_save(
        user=u, evaluation=evaluation, region=evaluation.regions.get(name="부산"), title="사례"
    )


def _joint_case_delete(w: World, u: Any) -> Any:
    from seonggwa.frameworks.joint_services import best_case_delete

    case = _joint_evaluation(w).best_cases.first()
    best_case_delete(user=u, case=case, expected_version=case.version)
    return case


def _sust_update(w: World, u: Any) -> Any:
    from seonggwa.frameworks.services import implementation_indicator_update

    indicator = _sust_indicator(w)
    return implementation_indicator_update(
        user=u,
        indicator=indicator,
        expected_updated_at=indicator.updated_at,
        name="집수리 지원 가구 수",
        targets={2019: "120"},
    )


def _sust_delete(w: World, u: Any) -> Any:
    from seonggwa.frameworks.services import implementation_indicator_delete

    indicator = _sust_indicator(w)
    implementation_indicator_delete(user=u, indicator=indicator)
    return indicator  # removed: the case succeeds when nothing is raised


def _sust_review(w: World, u: Any) -> Any:
    from seonggwa.frameworks.services import sustainability_review_save

    framework = _sust_task(w).strategy.field.framework
    return sustainability_review_save(
        user=u,
        framework=framework,
        status="completed",
        reviewed_on=datetime.date(2019, 12, 10),
        comments="원안 의결",
    )


def _sust_settings(w: World, u: Any) -> Any:
    from seonggwa.frameworks.services import framework_settings_save

    framework = _sust_task(w).strategy.field.framework
    return framework_settings_save(
        user=u,
        framework=framework,
        expected_version=framework.version,
        cycle_years=3,
        cycle_start_year=2016,
        status_year=2018,
        committee="지속가능발전위원회",
    )


def _admin(w: World) -> Any:
    return w.users["admin"]


def _draft(w: World) -> Any:
    from seonggwa.results.services import actual_enter

    return actual_enter(indicator=w.indicator, year=2026, raw_text="4.1", user=_admin(w))


def _locked_period(w: World) -> Any:
    from seonggwa.plans.services import period_lock

    return period_lock(
        user=_admin(w), period=w.period, reason="점검", expected_version=w.period.version
    )


# name -> (the call, the user who may, the users who may not)
Call = Callable[[World, Any], Any]
CENTRAL_ONLY = ["welfare_head", "welfare_staff", "committee", "outsider", "anonymous"]
ENTRY_REFUSED = ["committee", "outsider", "anonymous"]
REVIEW_REFUSED = ["welfare_staff", "committee", "outsider", "anonymous"]


def _sheet_apply(w: World, u: Any) -> Any:
    """The welfare unit's entry sheet with one actual filled in, applied as ``u``."""
    import io

    import openpyxl
    from django.utils import timezone

    from seonggwa.importers.entry_load import entry_sheet_apply, entry_sheet_preview
    from seonggwa.reports.entry_sheet import entry_sheet_xlsx
    from seonggwa.results.selectors import entry_rows

    staff = w.users["welfare_staff"]
    sheet = entry_sheet_xlsx(
        plan=w.plan,
        period=w.period,
        rows=entry_rows(plan=w.plan, user=staff, period=w.period),
        user_label="welfare_staff",
        now=timezone.now(),
    )
    book = openpyxl.load_workbook(io.BytesIO(sheet))
    ws = book["실적입력"]
    header = [c.value for c in ws[3]]
    for r in range(4, ws.max_row + 1):
        if ws.cell(r, header.index("성과지표") + 1).value == w.indicator.name:
            ws.cell(r, header.index("실적") + 1).value = 4.2
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    digest = entry_sheet_preview(plan=w.plan, period=w.period, user=staff, data=data).digest
    return entry_sheet_apply(plan=w.plan, period=w.period, user=u, data=data, digest=digest)


def _approve_many(w: World, u: Any) -> Any:
    """Approving several reports each refusal in its outcome: raise the first."""
    outcomes = _results().actual_approve_many(items=[(w.submitted, w.submitted.version)], user=u)
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
    return outcomes


def _accounts() -> Any:
    from seonggwa.accounts import services

    return services


def _units() -> Any:
    from seonggwa.organisations import services

    return services


def _assignment(w: World, username: str) -> Any:
    from seonggwa.accounts.models import RoleAssignment

    return RoleAssignment.objects.get(user=w.users[username], unit=w.unit)


def _other_unit(w: World) -> Any:
    from seonggwa.organisations.models import OrgUnit

    return OrgUnit.objects.get(organisation=w.plan.organisation, name="교통건설국")


def _delegation(w: World) -> Any:
    return _accounts().delegation_create(
        user=_admin(w),
        delegator=w.users["welfare_head"],
        delegate=w.users["welfare_staff"],
        unit=w.unit,
        kind="approval",
        starts_on=datetime.date.today(),
        ends_on=datetime.date.today() + datetime.timedelta(days=6),
    )


PEOPLE_REFUSED = ["welfare_head", "welfare_staff", "committee", "outsider", "anonymous"]
DELEGATION_REFUSED = ["welfare_staff", "committee", "outsider", "anonymous"]


def _plans() -> Any:
    from seonggwa.plans import services

    return services


def _results() -> Any:
    from seonggwa.results import services

    return services


CASES: dict[str, tuple[Call, str, list[str]]] = {
    "accounts.services.user_create": (
        lambda w, u: _accounts().user_create(
            user=u,
            username="new_staff",
            password="hanbit-new-staff-2026",
            organisation=w.plan.organisation,
            role="unit_staff",
            unit=w.unit,
        ),
        "officer",
        PEOPLE_REFUSED,
    ),
    "accounts.services.user_deactivate": (
        lambda w, u: _accounts().user_deactivate(
            user=u, person=w.users["welfare_staff"], organisation=w.plan.organisation
        ),
        "officer",
        PEOPLE_REFUSED,
    ),
    "accounts.services.user_password_reset": (
        lambda w, u: _accounts().user_password_reset(
            user=u, person=w.users["welfare_staff"], organisation=w.plan.organisation
        ),
        "officer",
        PEOPLE_REFUSED,
    ),
    "accounts.services.password_change": (
        lambda w, u: _accounts().password_change(
            user=u, person=w.users["welfare_staff"], password="welfare-own-pass-2026"
        ),
        "welfare_staff",
        ["officer", "welfare_head", "committee", "outsider", "anonymous"],
    ),
    "accounts.services.role_grant": (
        lambda w, u: _accounts().role_grant(
            user=u,
            person=w.users["welfare_staff"],
            organisation=w.plan.organisation,
            role="unit_staff",
            unit=_other_unit(w),
        ),
        "officer",
        PEOPLE_REFUSED,
    ),
    "accounts.services.role_end": (
        lambda w, u: (
            _accounts().role_end(user=u, assignment=_assignment(w, "welfare_staff")) or True
        ),
        "officer",
        PEOPLE_REFUSED,
    ),
    "accounts.services.user_transfer": (
        lambda w, u: _accounts().user_transfer(
            user=u,
            person=w.users["welfare_staff"],
            from_unit=w.unit,
            to_unit=_other_unit(w),
            on=datetime.date.today(),
        ),
        "officer",
        PEOPLE_REFUSED,
    ),
    "accounts.services.roles_follow_unit": (
        lambda w, u: _accounts().roles_follow_unit(
            user=u, units=[w.unit], successor=_other_unit(w), on=datetime.date.today()
        ),
        "officer",
        PEOPLE_REFUSED,
    ),
    "accounts.services.delegation_create": (
        lambda w, u: _accounts().delegation_create(
            user=u,
            delegator=w.users["welfare_head"],
            delegate=w.users["welfare_staff"],
            unit=w.unit,
            kind="approval",
            starts_on=datetime.date.today(),
            ends_on=datetime.date.today() + datetime.timedelta(days=6),
        ),
        "officer",
        DELEGATION_REFUSED,
    ),
    "accounts.services.delegation_revoke": (
        lambda w, u: _accounts().delegation_revoke(user=u, delegation=_delegation(w)),
        "welfare_head",
        DELEGATION_REFUSED,
    ),
    "organisations.services.unit_rename": (
        lambda w, u: _units().unit_rename(
            user=u, unit=_other_unit(w), new_name="교통도시국", on=datetime.date(2027, 1, 1)
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "organisations.services.unit_merge": (
        lambda w, u: _units().unit_merge(
            user=u,
            units=[_other_unit(w), w.unit],
            new_name="복지교통국",
            on=datetime.date(2027, 1, 1),
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "organisations.services.unit_split": (
        lambda w, u: _units().unit_split(
            user=u,
            unit=_other_unit(w),
            new_names=["교통국", "건설국"],
            on=datetime.date(2027, 1, 1),
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.plan_create": (
        lambda w, u: _plans().plan_create(
            user=u, organisation=w.plan.organisation, year=2031, kind="plan"
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.plan_set_status": (
        lambda w, u: _plans().plan_set_status(
            user=u, plan=w.plan, status="draft", expected_version=w.plan.version
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.perspective_create": (
        lambda w, u: _plans().perspective_create(
            user=u, plan=w.plan, owner=w.owner, name="새 관점", weight=Decimal("10")
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.strategic_goal_create": (
        lambda w, u: _plans().strategic_goal_create(
            user=u, plan=w.plan, owner=w.owner, name="새 전략목표"
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.policy_goal_create": (
        lambda w, u: _plans().policy_goal_create(
            user=u, strategic_goal=w.goal, name="새 정책사업목표"
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.indicator_create": (
        lambda w, u: _plans().indicator_create(user=u, strategic_goal=w.goal, name="새 지표"),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.indicator_update": (
        lambda w, u: _plans().indicator_update(
            user=u,
            indicator=w.indicator,
            expected_updated_at=w.indicator.updated_at,
            unit_of_measure="점",
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.indicator_rules_update": (
        lambda w, u: _plans().indicator_rules_update(
            user=u,
            indicator=w.indicator,
            expected_version=w.indicator.rules_version,
            grade_scores=[("우수", "100")],
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.plan_rules_update": (
        lambda w, u: _plans().plan_rules_update(
            user=u,
            plan=w.plan,
            expected_version=w.plan.version,
            grading_scheme="traffic_light",
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.period_create": (
        lambda w, u: _plans().period_create(user=u, plan=w.plan, key="2026-Q1"),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.period_window_set": (
        lambda w, u: _plans().period_window_set(
            user=u,
            period=w.period,
            opens_on=datetime.date(2026, 1, 1),
            closes_on=datetime.date(2099, 1, 1),
            expected_version=w.period.version,
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.period_lock": (
        lambda w, u: _plans().period_lock(
            user=u, period=w.period, reason="", expected_version=w.period.version
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.period_reopen": (
        lambda w, u: (
            lambda p: _plans().period_reopen(
                user=u, period=p, reason="정정", expected_version=p.version
            )
        )(_locked_period(w)),
        "officer",
        CENTRAL_ONLY,
    ),
    "plans.services.period_publish": (
        lambda w, u: (
            lambda p: _plans().period_publish(user=u, period=p, expected_version=p.version)
        )(_locked_period(w)),
        "officer",
        CENTRAL_ONLY,
    ),
    "results.services.value_set": (
        lambda w, u: _results().value_set(
            user=u, indicator=w.indicator, kind="target", year=2027, raw_text="80"
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "results.services.actual_enter": (
        lambda w, u: _results().actual_enter(
            indicator=w.indicator, year=2026, raw_text="3.9", user=u
        ),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "results.services.actual_submit": (
        lambda w, u: (
            lambda v: _results().actual_submit(value=v, expected_version=v.version, user=u)
        )(_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "results.services.evidence_attach": (
        lambda w, u: _results().evidence_attach(
            value=_draft(w), file_name="근거.pdf", content=b"%PDF-1.4\n%\xe2\xe3\n", user=u
        ),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "results.services.actual_approve": (
        lambda w, u: _results().actual_approve(
            value=w.submitted, expected_version=w.submitted.version, user=u
        ),
        "welfare_head",
        REVIEW_REFUSED,
    ),
    "results.services.actual_approve_many": (_approve_many, "welfare_head", REVIEW_REFUSED),
    "results.services.actual_reject": (
        lambda w, u: _results().actual_reject(
            value=w.submitted, expected_version=w.submitted.version, user=u, reason="근거 부족"
        ),
        "welfare_head",
        REVIEW_REFUSED,
    ),
    "results.services.unit_remind": (
        lambda w, u: _results().unit_remind(user=u, period=w.period, unit=w.unit),
        "officer",
        CENTRAL_ONLY,
    ),
    "importers.entry_load.entry_sheet_apply": (_sheet_apply, "welfare_staff", ENTRY_REFUSED),
    "importers.sustainability.load.sustainability_import": (
        lambda w, u: __import__(
            "seonggwa.importers.sustainability.load", fromlist=["sustainability_import"]
        ).sustainability_import(
            user=u,
            organisation_name=w.plan.organisation.name,
            year=2019,
            path_or_text=SEED_003,
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "frameworks.services.implementation_indicator_create": (
        lambda w, u: __import__(
            "seonggwa.frameworks.services", fromlist=["implementation_indicator_create"]
        ).implementation_indicator_create(
            user=u,
            task=_sust_task(w),
            project_name="희망의 집수리",
            unit=w.unit,
            name="집수리 가구 수",
            targets={2019: "100"},
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "frameworks.services.implementation_indicator_update": (_sust_update, "officer", CENTRAL_ONLY),
    "frameworks.joint_services.timeline_step_update": (
        _joint_step_update,
        "officer",
        CENTRAL_ONLY,
    ),
    "frameworks.joint_services.best_case_save": (_joint_case_save, "officer", CENTRAL_ONLY),
    "frameworks.joint_services.best_case_delete": (_joint_case_delete, "officer", CENTRAL_ONLY),
    "frameworks.joint_services.entry_window_apply": (
        _joint_window_apply,
        "officer",
        CENTRAL_ONLY,
    ),
    "frameworks.services.implementation_indicator_delete": (_sust_delete, "officer", CENTRAL_ONLY),
    # the office and committee members record the committee's review; departments may not
    "frameworks.services.sustainability_review_save": (
        _sust_review,
        "committee",
        ["welfare_head", "welfare_staff", "outsider", "anonymous"],
    ),
    # the framework's settings (cycle, committee): the office only
    "frameworks.services.framework_settings_save": (_sust_settings, "officer", CENTRAL_ONLY),
    "importers.load.document_import": (
        lambda w, u: __import__(
            "seonggwa.importers.load", fromlist=["document_import"]
        ).document_import(
            organisation_name=w.plan.organisation.name,
            year=2031,
            path_or_text=REPORT,
            user=u,
        ),
        "officer",
        CENTRAL_ONLY,
    ),
}


# --- planning (tests/planning): a 2027 round opened from the 2026 plan by the administrator


def _planning() -> Any:
    from seonggwa.planning import services

    return services


def _round(w: World) -> Any:
    return _planning().round_open(
        user=_admin(w),
        source_plan=w.plan,
        deadline=datetime.date.today() + datetime.timedelta(days=30),
    )


def _reviewed_round(w: World) -> Any:
    rnd = _round(w)
    _planning().round_reviewer_invite(user=_admin(w), rnd=rnd, reviewer=w.users["committee"])
    return rnd


def _welfare_draft(w: World) -> Any:
    return _round(w).drafts.get(owner=w.owner)


def _submitted_draft(w: World) -> Any:
    draft = _welfare_draft(w)
    return _planning().draft_submit(user=_admin(w), draft=draft, expected_version=draft.version)


def _confirmable_round(w: World) -> Any:
    rnd = _round(w)
    for draft in rnd.drafts.all():
        draft = _planning().draft_submit(
            user=_admin(w), draft=draft, expected_version=draft.version
        )
        _planning().draft_accept(user=_admin(w), draft=draft, expected_version=draft.version)
    rnd.refresh_from_db()
    return rnd


def _copy_of(w: World, draft: Any) -> Any:
    return draft.round.plan.indicators.filter(owner=w.owner).first()


def _empty_goal(w: World, draft: Any) -> Any:
    from seonggwa.plans.models import StrategicGoal

    with acting_as(_admin(w)):
        return StrategicGoal.objects.create(plan=draft.round.plan, owner=w.owner, name="빈 목표")


def _policy_of(w: World, draft: Any) -> Any:
    from seonggwa.plans.models import PolicyGoal

    goal = _copy_of(w, draft).strategic_goal
    with acting_as(_admin(w)):
        return PolicyGoal.objects.create(plan=draft.round.plan, strategic_goal=goal, name="정책")


def _program_of(w: World, draft: Any) -> Any:
    from seonggwa.plans.models import BudgetProgram

    with acting_as(_admin(w)):
        return BudgetProgram.objects.create(plan=draft.round.plan, owner=w.owner, name="사업")


PDF = b"%PDF-1.4\n%\xe2\xe3\n"


def _change_request(w: World) -> Any:
    return _planning().change_request_create(
        user=_admin(w),
        indicator=w.indicator,
        field="target",
        new_text="4.5",
        reason="조정",
        file_name="근거.pdf",
        content=PDF,
    )


PLANNING_CASES: dict[str, tuple[Call, str, list[str]]] = {
    "planning.services.round_open": (
        lambda w, u: _planning().round_open(
            user=u, source_plan=w.plan, deadline=datetime.date.today()
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "planning.services.round_caps_set": (
        lambda w, u: (
            lambda r: _planning().round_caps_set(
                user=u, rnd=r, caps={r.drafts.first().pk: (2, 5)}, expected_version=r.version
            )
        )(_round(w)),
        "officer",
        CENTRAL_ONLY,
    ),
    "planning.services.round_reviewer_invite": (
        lambda w, u: _planning().round_reviewer_invite(
            user=u, rnd=_round(w), reviewer=w.users["committee"]
        ),
        "officer",
        CENTRAL_ONLY,
    ),
    "planning.services.round_reviewer_remove": (
        lambda w, u: (
            lambda r: _planning().round_reviewer_remove(
                user=u, rnd=r, reviewer=w.users["committee"]
            )
        )(_reviewed_round(w)),
        "officer",
        CENTRAL_ONLY,
    ),
    "planning.services.draft_indicator_save": (
        lambda w, u: (
            lambda d: _planning().draft_indicator_save(
                user=u,
                indicator=_copy_of(w, d),
                expected_version=d.version,
                name="지표",
                target="10",
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_indicator_add": (
        lambda w, u: (
            lambda d: _planning().draft_indicator_add(
                user=u,
                goal=_copy_of(w, d).strategic_goal,
                name="새 지표",
                expected_version=d.version,
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_indicator_remove": (
        lambda w, u: (
            lambda d: _planning().draft_indicator_remove(
                user=u, indicator=_copy_of(w, d), expected_version=d.version
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_goal_save": (
        lambda w, u: (
            lambda d: _planning().draft_goal_save(
                user=u,
                goal=_copy_of(w, d).strategic_goal,
                expected_version=d.version,
                name="목표",
                parent=None,
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_goal_add": (
        lambda w, u: (
            lambda d: _planning().draft_goal_add(
                user=u, draft=d, name="새 목표", expected_version=d.version
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_goal_remove": (
        lambda w, u: (
            lambda d: _planning().draft_goal_remove(
                user=u, goal=_empty_goal(w, d), expected_version=d.version
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_policy_goal_add": (
        lambda w, u: (
            lambda d: _planning().draft_policy_goal_add(
                user=u, goal=_copy_of(w, d).strategic_goal, name="정책", expected_version=d.version
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_policy_goal_save": (
        lambda w, u: (
            lambda d: _planning().draft_policy_goal_save(
                user=u, policy_goal=_policy_of(w, d), name="새 이름", expected_version=d.version
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_policy_goal_remove": (
        lambda w, u: (
            lambda d: _planning().draft_policy_goal_remove(
                user=u, policy_goal=_policy_of(w, d), expected_version=d.version
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_indicator_place": (
        lambda w, u: (
            lambda d: _planning().draft_indicator_place(
                user=u,
                indicator=_copy_of(w, d),
                goal=_copy_of(w, d).strategic_goal,
                expected_version=d.version,
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_program_link": (
        lambda w, u: (
            lambda d: _planning().draft_program_link(
                user=u,
                program=_program_of(w, d),
                goal=_copy_of(w, d).strategic_goal,
                expected_version=d.version,
            )
        )(_welfare_draft(w)),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.draft_submit": (
        lambda w, u: (
            lambda d: _planning().draft_submit(user=u, draft=d, expected_version=d.version)
        )(_welfare_draft(w)),
        "welfare_head",
        REVIEW_REFUSED,
    ),
    "planning.services.draft_comment": (
        lambda w, u: _planning().draft_comment(user=u, draft=_welfare_draft(w), text="의견"),
        "officer",
        CENTRAL_ONLY,
    ),
    "planning.services.draft_return": (
        lambda w, u: (
            lambda d: _planning().draft_return(
                user=u, draft=d, note="보완", expected_version=d.version
            )
        )(_submitted_draft(w)),
        "officer",
        CENTRAL_ONLY,
    ),
    "planning.services.draft_accept": (
        lambda w, u: (
            lambda d: _planning().draft_accept(user=u, draft=d, expected_version=d.version)
        )(_submitted_draft(w)),
        "officer",
        CENTRAL_ONLY,
    ),
    "planning.services.round_confirm": (
        lambda w, u: (
            lambda r: _planning().round_confirm(user=u, rnd=r, expected_version=r.version)
        )(_confirmable_round(w)),
        "officer",
        CENTRAL_ONLY,
    ),
    "planning.services.change_request_create": (
        lambda w, u: _planning().change_request_create(
            user=u,
            indicator=w.indicator,
            field="target",
            new_text="4.5",
            reason="조정",
            file_name="근거.pdf",
            content=PDF,
        ),
        "welfare_staff",
        ENTRY_REFUSED,
    ),
    "planning.services.change_request_decide": (
        lambda w, u: (
            lambda r: _planning().change_request_decide(
                user=u, request=r, approve=True, expected_version=r.version
            )
        )(_change_request(w)),
        "officer",
        CENTRAL_ONLY,
    ),
}
CASES.update(PLANNING_CASES)


# --- evaluation runs (tests/evaluation): the office runs, finalises and publishes the 2025 plan


def _evaluation() -> Any:
    from seonggwa.evaluation import services

    return services


def _plan_2025(w: World) -> Any:
    from seonggwa.plans.models import Plan

    return Plan.objects.get(organisation_id=w.plan.organisation_id, year=2025, kind="plan")


def _run(w: World) -> Any:
    return _evaluation().run_start(user=_admin(w), plan=_plan_2025(w))


def _final_run(w: World) -> Any:
    run = _run(w)
    return _evaluation().run_finalise(user=_admin(w), run=run, expected_version=run.version)


CASES.update(
    {
        "evaluation.services.run_start": (
            lambda w, u: _evaluation().run_start(user=u, plan=_plan_2025(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.services.runs_start": (
            lambda w, u: _evaluation().runs_start(user=u, plans=[_plan_2025(w)]),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.services.run_finalise": (
            lambda w, u: (
                lambda r: _evaluation().run_finalise(user=u, run=r, expected_version=r.version)
            )(_run(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.services.run_publish": (
            lambda w, u: (
                lambda r: _evaluation().run_publish(user=u, run=r, expected_version=r.version)
            )(_final_run(w)),
            "officer",
            CENTRAL_ONLY,
        ),
    }
)


def _committee() -> Any:
    from seonggwa.evaluation import committee_services

    return committee_services


def _committee_round(w: World, status: str = "preparing") -> Any:
    """The 2025 plan's committee round with the sample's committee member, in ``status``."""
    c = _committee()
    rnd = c.committee_round_get_or_create(user=_admin(w), plan=_plan_2025(w))
    if not rnd.members.exists():
        c.committee_member_appoint(user=_admin(w), round=rnd, person=w.users["committee"])
    if status == "open":
        rnd.refresh_from_db()
        rnd = c.committee_scoring_open(user=_admin(w), round=rnd, expected_version=rnd.version)
    return rnd


def _round_without_members(w: World) -> Any:
    rnd = _committee_round(w)
    with acting_as(_admin(w)):
        rnd.members.all().delete()
    return rnd


def _qualitative(w: World) -> Any:
    from seonggwa.plans.models import Indicator

    return Indicator.objects.get(plan=_plan_2025(w), name="재난안전 훈련 평가 등급")


CASES.update(
    {
        "evaluation.committee_services.committee_round_get_or_create": (
            lambda w, u: _committee().committee_round_get_or_create(user=u, plan=_plan_2025(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.committee_services.committee_method_set": (
            lambda w, u: (
                lambda r: _committee().committee_method_set(
                    user=u, round=r, method="median", expected_version=r.version
                )
            )(_committee_round(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.committee_services.committee_member_appoint": (
            lambda w, u: _committee().committee_member_appoint(
                user=u, round=_round_without_members(w), person=w.users["committee"]
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.committee_services.committee_member_remove": (
            lambda w, u: (
                _committee().committee_member_remove(
                    user=u, member=_committee_round(w).members.get()
                ),
                True,
            )[1],
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.committee_services.committee_scoring_open": (
            lambda w, u: (
                lambda r: _committee().committee_scoring_open(
                    user=u, round=r, expected_version=r.version
                )
            )(_committee_round(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.committee_services.committee_scoring_close": (
            lambda w, u: (
                lambda r: _committee().committee_scoring_close(
                    user=u, round=r, expected_version=r.version
                )
            )(_committee_round(w, "open")),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.committee_services.committee_score_save": (
            lambda w, u: _committee().committee_score_save(
                user=u, round=_committee_round(w, "open"), indicator=_qualitative(w), points="80"
            ),
            "committee",
            ["welfare_head", "welfare_staff", "outsider", "anonymous"],
        ),
    }
)


def _shared_run(w: World) -> Any:
    import datetime as dt

    run = _run(w)
    return _evaluation().run_share(
        user=_admin(w),
        run=run,
        objections_until=dt.date.today() + dt.timedelta(days=7),
        expected_version=run.version,
    )


def _result(run: Any, name: str = "복지서비스 이용 만족도") -> Any:
    from seonggwa.evaluation.models import IndicatorResult

    return IndicatorResult.objects.select_related("run", "owner__unit").get(
        run=run, indicator_name=name
    )


def _overridden_run(w: World) -> Any:
    run = _run(w)
    _evaluation().grade_override_apply(
        user=_admin(w),
        result=_result(run),
        band="achieved",
        reason="조기달성",
        expected_version=run.version,
    )
    run.refresh_from_db()
    return run


def _objection(w: World) -> Any:
    """An open objection of 복지정책국, prepared as the administrator (the preparation's
    audit events are the administrator's)."""
    from seonggwa.evaluation.models import Objection

    run = _shared_run(w)
    result = _result(run)
    with acting_as(_admin(w)):
        return Objection.objects.create(run=run, result=result, unit=result.owner.unit, reason="x")


CASES.update(
    {
        "evaluation.services.run_share": (
            lambda w, u: (
                lambda r: _evaluation().run_share(
                    user=u,
                    run=r,
                    objections_until=datetime.date.today(),
                    expected_version=r.version,
                )
            )(_run(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.services.objection_raise": (
            lambda w, u: _evaluation().objection_raise(
                user=u, result=_result(_shared_run(w)), reason="표본 오류"
            ),
            "welfare_staff",
            ["officer", "committee", "outsider", "anonymous"],
        ),
        "evaluation.services.objection_accept": (
            lambda w, u: (
                lambda o: _evaluation().objection_accept(
                    user=u,
                    objection=o,
                    expected_version=o.version,
                    reason="조기 달성",
                    band="achieved",
                    override_reason="조기달성",
                )
            )(_objection(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.services.objection_reject": (
            lambda w, u: (
                lambda o: _evaluation().objection_reject(
                    user=u, objection=o, expected_version=o.version, reason="근거 부족"
                )
            )(_objection(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.services.grade_override_apply": (
            lambda w, u: (
                lambda r: _evaluation().grade_override_apply(
                    user=u,
                    result=_result(r),
                    band="achieved",
                    reason="조기달성",
                    expected_version=r.version,
                )
            )(_run(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "evaluation.services.grade_override_remove": (
            lambda w, u: (
                lambda r: _evaluation().grade_override_remove(
                    user=u, result=_result(r), expected_version=r.version
                )
            )(_overridden_run(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "results.services.actual_correct": (
            lambda w, u: _results().actual_correct(
                indicator=w.indicator, year=2026, raw_text="4.2", user=u, reason="이의신청 인용"
            ),
            "officer",
            CENTRAL_ONLY,
        ),
    }
)


# --- the consignment evaluation (tests/consignment): the evaluation office writes ----------------


def _consignment() -> Any:
    from seonggwa.consignment import services

    return services


def _consigned(w: World) -> Any:
    """A service of 한빛시 made by the administrator (the preparation)."""
    return _consignment().service_save(
        user=_admin(w),
        organisation=w.plan.organisation,
        name="한빛 청년센터",
        department_label="복지정책국",
        contractor="(사)한빛",
    )


def _consignment_round(w: World) -> Any:
    services = _consignment()
    year = services.year_get_or_create(user=_admin(w), organisation=w.plan.organisation, year=2026)
    return services.round_create(
        user=_admin(w),
        evaluation_year=year,
        number=1,
        opens_on=datetime.date.today(),
        closes_on=datetime.date.today() + datetime.timedelta(days=5),
        is_open=True,
    )


def _consignment_import(w: World, u: Any) -> Any:
    from seonggwa.importers.consignment_load import consignment_import

    table = "\n".join(
        [
            "① 2019년",
            "연번\t평가대상 사무\t사업부서\t수탁기관\t점수\t비 고",
            "1\t한빛 청년센터\t복지정책국\t(사)한빛\t80.00\t",
        ]
    )
    return consignment_import(organisation_name="한빛시", path_or_text=table, user=u)


CASES.update(
    {
        "consignment.services.service_save": (
            lambda w, u: _consignment().service_save(
                user=u,
                organisation=w.plan.organisation,
                name="한빛 노인센터",
                department_label="복지정책국",
                contractor="(재)한빛",
                annual_cost=Decimal("600000000"),
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "consignment.services.year_get_or_create": (
            lambda w, u: _consignment().year_get_or_create(
                user=u, organisation=w.plan.organisation, year=2027
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "consignment.services.round_create": (
            lambda w, u: _consignment().round_create(
                user=u,
                evaluation_year=_consignment().year_get_or_create(
                    user=_admin(w), organisation=w.plan.organisation, year=2027
                ),
                number=2,
                opens_on=datetime.date.today(),
                closes_on=datetime.date.today(),
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "consignment.services.round_set_open": (
            lambda w, u: _consignment().round_set_open(
                user=u, round=_consignment_round(w), is_open=False
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "consignment.services.scores_record": (
            lambda w, u: _consignment().scores_record(
                user=u,
                round=_consignment_round(w),
                entries=[_consignment().ScoreEntry(_consigned(w), "", "71.50")],
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "consignment.services.contract_event_record": (
            lambda w, u: _consignment().contract_event_record(
                user=u, service=_consigned(w), kind="consent", date=datetime.date(2020, 1, 2)
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "importers.consignment_load.consignment_import": (
            _consignment_import,
            "officer",
            CENTRAL_ONLY,
        ),
    }
)


# --- the risk register (tests/risks): the office writes, the owning unit responds ---------------


def _risks() -> Any:
    from seonggwa.risks import services

    return services


def _risk_month(w: World) -> Any:
    return _risks().month_get_or_create(
        user=_admin(w), organisation=w.plan.organisation, year=2026, month=5
    )


def _risk_issue(w: World, *, escalated: bool = False) -> Any:
    """An issue of May 2026 made by the administrator, escalated to the welfare unit."""
    issue = _risks().issue_create(user=_admin(w), month=_risk_month(w), title="폭염 대비")
    if escalated:
        issue = _risks().issue_escalate(user=_admin(w), issue=issue, unit=w.unit)
    return issue


def _risks_import(w: World, u: Any) -> Any:
    from seonggwa.importers.risks_load import risks_import

    text = (
        "시정 리스크 이슈 발굴 · 전파 사례\n① 폭염 대비 ('26)\n- 주요내용 : 가\n- 리스크 :\n - 나\n"
    )
    return risks_import(organisation_name="한빛시", year=2026, path_or_text=text, user=u)


CASES.update(
    {
        "risks.services.month_get_or_create": (
            lambda w, u: _risks().month_get_or_create(
                user=u, organisation=w.plan.organisation, year=2026, month=6
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "risks.services.issue_create": (
            lambda w, u: _risks().issue_create(user=u, month=_risk_month(w), title="도로 침하"),
            "officer",
            CENTRAL_ONLY,
        ),
        "risks.services.press_item_add": (
            lambda w, u: _risks().press_item_add(
                user=u, issue=_risk_issue(w), headline="폭염 특보"
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "risks.services.press_item_remove": (
            lambda w, u: (
                _risks().press_item_remove(
                    user=u,
                    item=_risks().press_item_add(
                        user=_admin(w), issue=_risk_issue(w), headline="x"
                    ),
                )
                or True
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "risks.services.issue_review": (
            lambda w, u: _risks().issue_review(user=u, issue=_risk_issue(w), status="analysed"),
            "officer",
            CENTRAL_ONLY,
        ),
        "risks.services.issue_escalate": (
            lambda w, u: _risks().issue_escalate(user=u, issue=_risk_issue(w), unit=w.unit),
            "officer",
            CENTRAL_ONLY,
        ),
        "risks.services.issue_respond": (
            lambda w, u: _risks().issue_respond(
                user=u, issue=_risk_issue(w, escalated=True), response="쉼터 확대"
            ),
            "welfare_staff",
            ["committee", "outsider", "anonymous"],
        ),
        "risks.services.issue_close": (
            lambda w, u: _risks().issue_close(user=u, issue=_risk_issue(w)),
            "officer",
            CENTRAL_ONLY,
        ),
        "importers.risks_load.risks_import": (_risks_import, "officer", CENTRAL_ONLY),
    }
)


# --- the major projects (tests/projects): the evaluation office writes ---------------------


def _projects_plan(w: World) -> Any:
    """A 2020 plan of kind ``projects`` with its year period (the preparation, as the
    administrator)."""
    from seonggwa.plans.models import Period, Plan

    with acting_as(_admin(w)):
        plan, _ = Plan.objects.get_or_create(
            organisation=w.plan.organisation, year=2020, kind="projects"
        )
        Period.objects.get_or_create(plan=plan, key="2020", frequency="year", year=2020)
    return plan


def _project(w: World) -> Any:
    from seonggwa.projects.services import project_save

    return project_save(
        user=w.users["admin"],
        plan=_projects_plan(w),
        name="돌봄SOS센터 추진",
        department=w.unit,
        number=32,
        total_cost_raw="139,167",
        budget_raw="12,536",
    )


def _projects_import(w: World, u: Any) -> Any:
    from seonggwa.importers.projects_load import projects_import

    return projects_import(
        user=u, organisation_name=w.plan.organisation.name, year=2020, path_or_text=SEED_003
    )


CASES.update(
    {
        "projects.services.project_save": (
            lambda w, u: __import__(
                "seonggwa.projects.services", fromlist=["project_save"]
            ).project_save(
                user=u,
                plan=_projects_plan(w),
                name="스마트서울 전시관",
                department=w.unit,
                number=96,
                total_cost_raw="2,000",
                budget_raw="0",
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "projects.services.progress_target_set": (
            lambda w, u: __import__(
                "seonggwa.projects.services", fromlist=["progress_target_set"]
            ).progress_target_set(
                user=u,
                project=_project(w),
                period=_projects_plan(w).periods.get(key="2020"),
                raw="50",
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "projects.services.project_delete": (
            lambda w, u: (
                __import__(
                    "seonggwa.projects.services", fromlist=["project_delete"]
                ).project_delete(user=u, project=_project(w))
                or True
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "importers.projects_load.projects_import": (_projects_import, "officer", CENTRAL_ONLY),
    }
)


# --- the ad-hoc reviews (tests/reviews): the office writes, the target unit files follow-ups -----


def _reviews() -> Any:
    from seonggwa.reviews import services

    return services


def _review(w: World, number: int = 1) -> Any:
    """A review of 복지정책국 made by the administrator (the preparation)."""
    services = _reviews()
    return services.review_save(
        user=_admin(w),
        organisation=w.plan.organisation,
        fields=services.ReviewFields(
            year=2026,
            number=number,
            topic="경로당 점검",
            department=w.unit,
            department_label=w.unit.name,
            method="inspection",
        ),
    )


def _followup(w: World) -> Any:
    rec = _reviews().item_add(
        user=_admin(w), round=_review(w).rounds.get(), kind="recommendation", text="교체"
    )
    return rec.followup


def _reviews_import(w: World, u: Any) -> Any:
    from seonggwa.importers.reviews_load import reviews_import

    text = "\n".join(
        [
            "연번\t년도\t평가사업명\t평가시기\t대상실국",
            "1\t2019 (1)\t경로당 점검\t'19.7월\t복지정책국",
            "",
            "1. 경로당 점검",
            "점검결과",
            "- 고장 방치",
            "검토의견",
            "- 교체",
        ]
    )
    return reviews_import(organisation_name="한빛시", year=2019, path_or_text=text, user=u)


CASES.update(
    {
        "reviews.services.review_save": (
            lambda w, u: _reviews().review_save(
                user=u,
                organisation=w.plan.organisation,
                fields=_reviews().ReviewFields(
                    year=2026,
                    number=5,
                    topic="점검",
                    department_label="복지정책국",
                    method="project",
                ),
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "reviews.services.round_save": (
            lambda w, u: _reviews().round_save(user=u, review=_review(w), number=2),
            "officer",
            CENTRAL_ONLY,
        ),
        "reviews.services.item_add": (
            lambda w, u: _reviews().item_add(
                user=u, round=_review(w).rounds.get(), kind="finding", text="고장"
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "reviews.services.item_change": (
            lambda w, u: _reviews().item_change(
                user=u, item=_followup(w).recommendation, text="교체 검토"
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "reviews.services.followup_assign": (
            lambda w, u: _reviews().followup_assign(
                user=u, followup=_followup(w), owner_unit=w.unit, due_on=datetime.date.today()
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "reviews.services.followup_file": (
            lambda w, u: _reviews().followup_file(
                user=u, followup=_followup(w), status="in_progress", notes="교체 중"
            ),
            "welfare_staff",
            ["committee", "outsider", "anonymous"],
        ),
        "importers.reviews_load.reviews_import": (_reviews_import, "officer", CENTRAL_ONLY),
    }
)


def _service_functions() -> list[str]:
    """``app.services.function`` for every public function defined in a services module,
    plus the importer's loading service."""
    names = [f"seonggwa.{m.name}.services" for m in pkgutil.iter_modules(seonggwa.__path__)]
    found: list[str] = []
    extra = ["seonggwa.importers.load", "seonggwa.importers.entry_load"]
    extra.append("seonggwa.importers.sustainability.load")
    extra.append("seonggwa.evaluation.committee_services")
    extra.append("seonggwa.importers.consignment_load")
    extra.append("seonggwa.importers.reviews_load")
    extra.append("seonggwa.importers.projects_load")
    extra.append("seonggwa.importers.risks_load")
    extra.append("seonggwa.frameworks.joint_services")
    for module_name in [*names, *extra]:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == module_name and name[0] != "_":
                found.append(f"{module_name.removeprefix('seonggwa.')}.{name}")
    return sorted(found)


# --- the council answer pack (tests/council): the evaluation office only -------------------------


def _council() -> Any:
    from seonggwa.council import services

    return services


def _question(w: World) -> Any:
    return _council().question_create(
        user=_admin(w), organisation=w.plan.organisation, member="김혜련", title="평가", year=2026
    )


def _council_item(w: World) -> Any:
    return _council().item_add(user=_admin(w), question=_question(w), number=1, text="질문")


CASES.update(
    {
        "council.services.question_create": (
            lambda w, u: _council().question_create(
                user=u, organisation=w.plan.organisation, member="김", title="질문", year=2026
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "council.services.item_add": (
            lambda w, u: _council().item_add(
                user=u, question=_question(w), number=2, sub_label="가", text="질문"
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "council.services.item_answer": (
            lambda w, u: _council().item_answer(user=u, item=_council_item(w), answer="답변"),
            "officer",
            CENTRAL_ONLY,
        ),
        "council.services.item_change": (
            lambda w, u: _council().item_change(
                user=u, item=_council_item(w), number=2, sub_label="나", text="바뀐 질문"
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "council.services.item_remove": (
            lambda w, u: _council().item_remove(user=u, item=_council_item(w)) or True,
            "officer",
            CENTRAL_ONLY,
        ),
        "council.services.attachment_add": (
            lambda w, u: _council().attachment_add(
                user=u, item=_council_item(w), kind="risks", year=2026
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "council.services.attachment_remove": (
            lambda w, u: (
                _council().attachment_remove(
                    user=u,
                    attachment=_council().attachment_add(
                        user=_admin(w), item=_council_item(w), kind="risks", year=2026
                    ),
                )
                or True
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "council.services.question_from_text": (
            lambda w, u: _council().question_from_text(
                user=u,
                organisation=w.plan.organisation,
                text="질문의원명\t김혜련\n질문제목\t평가 관련\n<질문내용>\n1. 평가 관련\n- 보고서 제출\n",
                year=2026,
            ),
            "officer",
            CENTRAL_ONLY,
        ),
        "council.services.question_mark_answered": (
            lambda w, u: _council().question_mark_answered(user=u, question=_question(w)),
            "officer",
            CENTRAL_ONLY,
        ),
    }
)


def test_every_service_is_covered() -> None:
    found = _service_functions()
    assert "results.services.actual_approve" in found  # the discovery works
    missing = [f for f in found if f not in CASES and f not in NOT_ACTING]
    assert not missing, f"add a refusal case or a NOT_ACTING reason for: {missing}"
    stale = [f for f in [*CASES, *NOT_ACTING] if f not in found]
    assert not stale, f"no such service any more: {stale}"


def test_every_case_takes_the_acting_user() -> None:
    for name in CASES:
        module_name, function = name.rsplit(".", 1)
        fn = getattr(importlib.import_module(f"seonggwa.{module_name}"), function)
        assert "user" in inspect.signature(fn).parameters, name


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_user_with_the_role_may(world: World, name: str) -> None:
    call, allowed, _refused = CASES[name]
    assert call(world, world.users[allowed]) is not None


REFUSALS = [(name, who) for name, (_c, _a, refused) in sorted(CASES.items()) for who in refused]


@pytest.mark.parametrize(("name", "who"), REFUSALS, ids=[f"{n}-{w}" for n, w in REFUSALS])
def test_a_user_without_the_role_is_refused(world: World, name: str, who: str) -> None:
    call, _allowed, _refused = CASES[name]
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with pytest.raises(PermissionDenied):
        # the preparation (a draft, a locked period) is made by the administrator first
        call(world, world.users[who])
    written = AuditEvent.objects.filter(pk__gt=last).exclude(actor=world.users["admin"])
    assert not written.exists(), list(written.values("model", "action", "actor_label"))


# --- every change of people, units and delegations is audited as its user ---------------------

PEOPLE_SERVICES = sorted(n for n in CASES if n.startswith(("accounts.", "organisations.")))
WATCHED = ["auth.User", "accounts.RoleAssignment", "accounts.Delegation", "organisations.OrgUnit"]
SECRETS = ("pbkdf2_", "argon2", "bcrypt", "sha1$", "md5$", "hanbit-", "-pass-", "sg-")


def _rows() -> dict[tuple[str, str], dict[str, Any]]:
    from django.apps import apps

    from seonggwa.audit.signals import snapshot

    return {
        (label, str(obj.pk)): snapshot(obj)
        for label in WATCHED
        for obj in apps.get_model(label)._default_manager.all()
    }


def test_the_walk_covers_every_people_and_units_service() -> None:
    acting = [
        f
        for f in _service_functions()
        if f.startswith(("accounts.", "organisations.")) and f not in NOT_ACTING
    ]
    assert acting == PEOPLE_SERVICES and len(acting) >= 13


@pytest.mark.parametrize("name", PEOPLE_SERVICES)
def test_every_people_and_units_change_is_audited_as_its_user(world: World, name: str) -> None:
    """Each row the service creates, changes or removes has an audit event naming the acting
    user (the administrator's preparation aside), with before and after of each changed
    field, and no event holds a password or its hash."""
    import json

    call, allowed, _refused = CASES[name]
    user = world.users[allowed]
    before = _rows()
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    result = call(world, user)
    after = _rows()
    events = list(AuditEvent.objects.filter(pk__gt=last).order_by("pk"))
    mine = [e for e in events if e.actor_id == user.pk]
    assert mine, f"{name} wrote no audit event as {allowed}"
    assert all(e.actor_label == user.get_username() for e in mine)
    assert all(e.actor_id in (user.pk, _admin(world).pk) for e in events), [
        (e.model, e.actor_label) for e in events
    ]
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    audited = {(e.model, e.object_pk) for e in events}
    assert changed, name
    assert changed <= audited, f"{name}: changes without an audit event: {changed - audited}"
    for event in mine:
        assert isinstance(event.changes, dict) and event.changes
        for field, pair in event.changes.items():
            assert isinstance(pair, list) and len(pair) == 2, (name, field, pair)
            if event.action == "create":
                assert pair[0] is None, (name, field)
            elif event.action == "delete":
                assert pair[1] is None, (name, field)
            else:
                assert pair[0] != pair[1], (name, field)
        text = json.dumps(event.changes, ensure_ascii=False)
        assert not any(secret in text for secret in SECRETS), (name, text)
        if isinstance(result, str):  # a reset returns the new password: never recorded
            assert result not in text
