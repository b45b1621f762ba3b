"""The actuals workflow as the services enforce it: who may do what, in which state, and
what is refused whoever asks (a closed plan, a locked period, a closed window, a locked
value); every write is audited as the acting user and told to the people who act next."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.storage import default_storage

from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.notifications.models import Notification
from seonggwa.plans.models import Indicator, Period
from seonggwa.plans.services import period_lock, period_reopen, period_window_set
from seonggwa.results.models import Evidence, IndicatorValue
from seonggwa.results.services import (
    actual_approve,
    actual_approve_many,
    actual_enter,
    actual_reject,
    actual_submit,
    evidence_attach,
    reminders_send,
    unit_remind,
    value_set,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(sample):
    """복지정책국's 2026 indicator with no actual yet (the sample's staff enter it)."""
    return Indicator.objects.get(plan__year=2026, plan__kind="plan", name="복지서비스 이용 만족도")


@pytest.fixture
def other_unit_indicator(sample):
    return Indicator.objects.get(plan__year=2026, plan__kind="plan", name="초미세먼지 연평균 농도")


@pytest.fixture
def people(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


@pytest.fixture
def staff(people):
    return people["welfare_staff"]


@pytest.fixture
def manager(people):
    return people["welfare_head"]


def _period(indicator):  # type: ignore[no-untyped-def]
    return Period.objects.get(plan=indicator.plan, key="2026")


def test_raw_text_is_kept_beside_the_parsed_parts(indicator, people):
    v = value_set(
        user=people["officer"],
        indicator=indicator,
        kind="target",
        year=2027,
        raw_text="21(22)",
        value=Decimal(21),
        parts=[("연간", Decimal(21)), ("누계", Decimal(22))],
        qualifier="composite",
    )
    v.refresh_from_db()
    assert v.raw_text == "21(22)"
    assert v.parts == [{"name": "연간", "value": "21"}, {"name": "누계", "value": "22"}]


def test_no_data_is_kept_apart_from_zero(indicator, people):
    officer = people["officer"]
    none = value_set(
        user=officer,
        indicator=indicator,
        kind="target",
        year=2027,
        raw_text="-",
        value=None,
        qualifier="none",
    )
    zero = value_set(
        user=officer,
        indicator=indicator,
        kind="baseline",
        year=2027,
        raw_text="0",
        value=Decimal(0),
    )
    none.refresh_from_db()
    zero.refresh_from_db()
    assert none.value is None and zero.value == Decimal(0)


def test_targets_are_the_officers_not_the_units(indicator, staff):
    with pytest.raises(PermissionDenied):
        value_set(user=staff, indicator=indicator, kind="target", year=2026, raw_text="99")


def test_the_value_grammar_reads_what_staff_type(indicator, staff):
    v = actual_enter(indicator=indicator, year=2026, raw_text="230(1,942)", user=staff)
    assert (v.value, v.qualifier) == (Decimal(230), "composite")
    assert [p["value"] for p in v.parts] == ["230", "1942"]


def test_actual_workflow_draft_submit_approve_locks(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2026, raw_text="4.1", user=staff)
    assert (v.status, v.version, v.entered_by) == ("draft", 1, staff)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    assert v.submitted_at is not None
    v = actual_approve(value=v, expected_version=v.version, user=manager)
    assert v.status == "approved" and v.locked and v.approved_by == manager and v.version == 3
    with pytest.raises(ServiceError, match="잠겨"):
        actual_enter(indicator=indicator, year=2026, raw_text="4.2", user=staff, expected_version=3)


def test_every_step_is_audited_as_the_person_who_took_it(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2026, raw_text="4.1", user=staff)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    actual_approve(value=v, expected_version=v.version, user=manager)
    events = AuditEvent.objects.filter(model="results.IndicatorValue", object_pk=str(v.pk))
    by = [(e.actor_label, e.changes.get("status", [None, None])[1]) for e in events.order_by("id")]
    assert by == [
        ("welfare_staff", "draft"),
        ("welfare_staff", "submitted"),
        ("welfare_head", "approved"),
    ]


def test_submitting_tells_the_units_manager_and_deciding_tells_the_person_who_entered(
    indicator, staff, manager, django_capture_on_commit_callbacks
):
    manager.email, staff.email = "head@hanbit.example", "staff@hanbit.example"
    manager.save()
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        v = actual_enter(indicator=indicator, year=2026, raw_text="4.1", user=staff)
        v = actual_submit(value=v, expected_version=v.version, user=staff)
    note = Notification.objects.get(user=manager, kind="submitted", link=f"/values/{v.pk}/")
    assert note.params["indicator"] == indicator.name and note.params["by"] == "welfare_staff"
    assert [m.to for m in mail.outbox] == [["head@hanbit.example"]]
    with django_capture_on_commit_callbacks(execute=True):
        actual_reject(value=v, expected_version=v.version, user=manager, reason="집계표 누락")
    rejected = Notification.objects.get(user=staff, kind="rejected", link=f"/values/{v.pk}/")
    assert rejected.params["reason"] == "집계표 누락"
    assert "집계표 누락" in mail.outbox[-1].body


def test_rejected_actual_needs_a_reason_keeps_it_and_can_be_reentered(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    with pytest.raises(ServiceError, match="사유"):
        actual_reject(value=v, expected_version=v.version, user=manager, reason=" ")
    v = actual_reject(value=v, expected_version=v.version, user=manager, reason="증빙 누락")
    assert v.review_note == "증빙 누락"
    v = actual_enter(
        indicator=indicator, year=2026, raw_text="4.3", user=staff, expected_version=v.version
    )
    assert v.status == "draft" and v.raw_text == "4.3" and v.review_note == "증빙 누락"
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    assert v.status == "submitted"


def test_two_people_editing_the_same_actual_the_second_gets_a_conflict(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    read_version = v.version
    actual_enter(
        indicator=indicator, year=2026, raw_text="4.2", user=staff, expected_version=read_version
    )
    with pytest.raises(ConflictError, match="먼저 수정"):
        actual_enter(
            indicator=indicator,
            year=2026,
            raw_text="9",
            user=manager,
            expected_version=read_version,
        )
    assert IndicatorValue.objects.get(pk=v.pk).raw_text == "4.2"


def test_entering_over_an_existing_actual_without_a_version_is_refused(indicator, staff):
    actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    with pytest.raises(ConflictError):
        actual_enter(indicator=indicator, year=2026, raw_text="5", user=staff)


def test_approving_a_draft_is_refused(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    with pytest.raises(ServiceError):
        actual_approve(value=v, expected_version=v.version, user=manager)


@pytest.mark.parametrize("who", ["welfare_staff", "committee"])
def test_only_the_units_manager_and_the_office_may_approve(indicator, staff, people, who):
    v = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    with pytest.raises(PermissionDenied):
        actual_approve(value=v, expected_version=v.version, user=people[who])
    with pytest.raises(PermissionDenied):
        actual_reject(value=v, expected_version=v.version, user=people[who], reason="x")
    assert actual_approve(value=v, expected_version=v.version, user=people["officer"]).status == (
        "approved"
    )


@pytest.mark.parametrize("who", ["welfare_staff", "welfare_head", "committee"])
def test_nobody_enters_for_a_unit_that_is_not_theirs(other_unit_indicator, people, who):
    with pytest.raises(PermissionDenied, match="기후환경국"):
        actual_enter(indicator=other_unit_indicator, year=2026, raw_text="1", user=people[who])


def test_anonymous_and_users_of_another_organisation_are_refused(indicator, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x")
    for user in (None, stranger):
        with pytest.raises(PermissionDenied):
            actual_enter(indicator=indicator, year=2026, raw_text="1", user=user)


def test_a_closed_plan_takes_no_actuals_from_anyone(sample, people):
    closed = Indicator.objects.filter(plan__year=2025, plan__kind="plan").first()
    for who in ("welfare_staff", "officer", "admin"):
        with pytest.raises(ServiceError, match="마감"):
            actual_enter(indicator=closed, year=2025, raw_text="1", user=people[who])


def test_a_locked_period_refuses_entry_submission_approval_and_evidence(
    indicator, staff, manager, people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    officer = people["officer"]
    draft = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    submitted_value = Indicator.objects.get(
        plan=indicator.plan, name="위기가구 발굴 건수 (누계)"
    ).values.get(kind="actual", year=2026)
    period = _period(indicator)
    period = period_lock(
        user=officer, period=period, reason="수집 끝", expected_version=period.version
    )
    for call in (
        lambda: actual_enter(
            indicator=indicator, year=2026, raw_text="5", user=staff, expected_version=draft.version
        ),
        lambda: actual_submit(value=draft, expected_version=draft.version, user=staff),
        lambda: evidence_attach(value=draft, file_name="a.pdf", content=PDF, user=staff),
        lambda: actual_approve(
            value=submitted_value, expected_version=submitted_value.version, user=manager
        ),
        lambda: actual_enter(
            indicator=indicator,
            year=2026,
            raw_text="5",
            user=officer,
            expected_version=draft.version,
        ),
    ):
        with pytest.raises(ServiceError, match="잠겨"):
            call()
    with pytest.raises(ServiceError, match="사유"):
        period_reopen(user=officer, period=period, reason="", expected_version=period.version)
    period_reopen(user=officer, period=period, reason="보완 요청", expected_version=period.version)
    assert (
        actual_submit(value=draft, expected_version=draft.version, user=staff).status == "submitted"
    )


def test_outside_the_window_staff_are_refused_with_the_dates_and_the_office_is_not(
    indicator, staff, people
):
    officer = people["officer"]
    period = _period(indicator)
    period_window_set(
        user=officer,
        period=period,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 1, 31),
        expected_version=period.version,
    )
    with pytest.raises(ServiceError, match="2026-01-01 ~ 2026-01-31"):
        actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    assert (
        actual_enter(indicator=indicator, year=2026, raw_text="4", user=officer).status == "draft"
    )


def test_a_period_the_plan_does_not_have_takes_no_actual(indicator, staff, people):
    for who in (staff, people["officer"]):
        with pytest.raises(ServiceError, match="기간이 없습니다"):
            actual_enter(indicator=indicator, year=2026, quarter=1, raw_text="4", user=who)


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_is_stored_by_content_with_its_hash(indicator, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    v = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    ev = evidence_attach(value=v, file_name="집계표.pdf", content=PDF, user=staff)
    assert ev.size == len(PDF) and ev.content_type == "application/pdf"
    assert default_storage.open(ev.file.name).read() == PDF
    again = evidence_attach(value=v, file_name="사본.pdf", content=PDF, user=staff)
    assert again.file.name == ev.file.name  # the same bytes are stored once


def test_evidence_goes_with_the_entry_not_after_it(indicator, staff, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    v = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    with pytest.raises(PermissionDenied):
        evidence_attach(value=v, file_name="a.pdf", content=PDF, user=people["committee"])
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    with pytest.raises(ServiceError, match="증빙을 붙일 수 없습니다"):
        evidence_attach(value=v, file_name="a.pdf", content=PDF, user=staff)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "허용되지 않는"),
        ("fake.pdf", b"<html>not a pdf</html>", "내용이"),
        ("empty.pdf", b"", "빈 파일"),
        ("data.xlsx", PDF, "내용이"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(
    indicator, staff, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    v = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    with pytest.raises(ServiceError, match=message):
        evidence_attach(value=v, file_name=name, content=content, user=staff)
    assert not Evidence.objects.filter(value=v).exists()


def test_evidence_over_the_size_limit_is_refused(indicator, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SEONGGWA_MAX_UPLOAD_BYTES = 100
    v = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    with pytest.raises(ServiceError, match="너무 큽니다"):
        evidence_attach(value=v, file_name="big.pdf", content=PDF + b"0" * 200, user=staff)


def test_reminders_go_once_per_unit_and_window_before_the_deadline(indicator, people):
    period = _period(indicator)
    closes = period.closes_on
    deadline = Notification.objects.filter(kind="deadline")
    reminders_send(today=closes - datetime.timedelta(days=10))
    assert not deadline.exists()  # not due yet (open windows may be announced)
    due = closes - datetime.timedelta(days=2)
    reminders_send(today=due)
    first = deadline.count()
    assert first >= 2  # welfare_staff and welfare_head: 복지정책국 has actuals to submit
    assert reminders_send(today=due) == 0  # idempotent
    assert reminders_send(today=closes - datetime.timedelta(days=1)) == 0
    kinds = set(
        Notification.objects.filter(kind="deadline").values_list("user__username", flat=True)
    )
    assert {"welfare_staff", "welfare_head"} <= kinds


def test_the_office_reminds_a_unit_once_a_day(indicator, people):
    period = _period(indicator)
    unit = indicator.owner.unit
    with pytest.raises(PermissionDenied):
        unit_remind(user=people["welfare_head"], period=period, unit=unit)
    assert unit_remind(user=people["officer"], period=period, unit=unit) == 2
    with pytest.raises(ServiceError, match="오늘 이미 2026 실적 입력을 독촉했습니다"):
        unit_remind(user=people["officer"], period=period, unit=unit)
    assert Notification.objects.filter(kind="reminder").count() == 2  # nobody told twice


def test_approving_many_approves_each_and_reports_a_stale_one_without_overwriting_it(
    indicator, staff, manager, people
):
    crisis = IndicatorValue.objects.get(
        indicator__name="위기가구 발굴 건수 (누계)", kind="actual", year=2026
    )
    mine = actual_enter(indicator=indicator, year=2026, raw_text="4.1", user=staff)
    mine = actual_submit(value=mine, expected_version=mine.version, user=staff)
    read = mine.version
    # someone returns it after the manager read it: the manager's approval must not win
    actual_reject(value=mine, expected_version=read, user=people["officer"], reason="확인 필요")
    outcomes = actual_approve_many(items=[(crisis, crisis.version), (mine, read)], user=manager)
    assert [o.done is not None for o in outcomes] == [True, False]
    assert isinstance(outcomes[1].error, ConflictError)
    crisis.refresh_from_db()
    mine.refresh_from_db()
    assert crisis.status == "approved" and mine.status == "rejected"


def test_approving_many_reports_each_refusal_with_its_reason(indicator, staff, people):
    v = actual_enter(indicator=indicator, year=2026, raw_text="4.1", user=staff)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    (outcome,) = actual_approve_many(items=[(v, v.version)], user=people["committee"])
    assert isinstance(outcome.error, PermissionDenied) and outcome.done is None
    v.refresh_from_db()
    assert v.status == "submitted"


def test_a_return_without_a_reason_names_the_reason_field(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2026, raw_text="4.1", user=staff)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    with pytest.raises(ServiceError, match="반려 사유를 입력하세요") as refused:
        actual_reject(value=v, expected_version=v.version, user=manager, reason="  ")
    assert refused.value.field == "reason"


def test_two_people_entering_the_same_new_actual_at_once_the_second_gets_a_conflict(
    sample, monkeypatch
):
    """Both read "not entered yet"; the other's row lands between this read and this write
    (as a concurrent request's would): a conflict, never a server error or an overwrite.
    (Between the check and the insert the database's unique constraint answers the same; the
    load script, benchmarks/load_editors.py, runs that race for real on PostgreSQL.)"""
    from django.contrib.auth import get_user_model

    from seonggwa.core.errors import ConflictError
    from seonggwa.plans.models import Indicator
    from seonggwa.results.models import IndicatorValue
    from seonggwa.results.services import actual_enter

    staff = get_user_model().objects.get(username="welfare_staff")
    indicator = Indicator.objects.get(plan__year=2026, name="복지서비스 이용 만족도")
    assert not IndicatorValue.objects.filter(indicator=indicator, kind="actual").exists()
    checked = IndicatorValue.full_clean

    def the_other_person_first(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(IndicatorValue, "full_clean", checked)
        IndicatorValue.objects.create(
            indicator=indicator, kind="actual", year=2026, raw_text="3.9", value=3.9
        )
        return checked(self, *args, **kwargs)

    monkeypatch.setattr(IndicatorValue, "full_clean", the_other_person_first)
    with pytest.raises(ConflictError, match="먼저 수정했습니다"):
        actual_enter(indicator=indicator, year=2026, raw_text="4.1", user=staff)
    # (the other row was made inside this call's transaction here, so it rolled back too)
    assert not IndicatorValue.objects.filter(indicator=indicator, raw_text="4.1").exists()


def test_a_window_set_for_a_later_day_is_announced_by_the_reminders_that_day(indicator, people):
    from seonggwa.plans.services import period_create

    plan = indicator.plan
    opens = datetime.date(2026, 12, 20)
    quarter = period_create(
        user=people["officer"],
        plan=plan,
        key="2026-Q4",
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=20),
    )
    told = Notification.objects.filter(kind="window_opened", params__period="2026-Q4")
    assert not told.exists()  # set before it opens: nothing yet
    reminders_send(today=opens - datetime.timedelta(days=1))
    assert not told.exists()  # the day before it opens
    reminders_send(today=opens)
    users = set(told.values_list("user__username", flat=True))
    assert {"welfare_staff", "welfare_head"} <= users
    before = told.count()
    reminders_send(today=opens + datetime.timedelta(days=1))
    assert told.count() == before  # once per unit and window
    assert quarter.pk


# --- the one locked write path ----------------------------------------------------------------


def test_value_set_bumps_the_version_and_audits_the_stored_before(indicator, people):
    officer = people["officer"]
    first = value_set(user=officer, indicator=indicator, kind="target", year=2027, raw_text="10")
    assert first.version == 1
    second = value_set(user=officer, indicator=indicator, kind="target", year=2027, raw_text="12")
    third = value_set(
        user=officer,
        indicator=indicator,
        kind="target",
        year=2027,
        raw_text="14",
        expected_version=second.version,
    )
    assert (second.pk, second.version, third.version) == (first.pk, 2, 3)
    events = AuditEvent.objects.filter(
        model="results.IndicatorValue", object_pk=str(first.pk), action="update"
    ).order_by("pk")
    assert [e.changes["version"] for e in events] == [[1, 2], [2, 3]]
    assert [e.changes["raw_text"] for e in events] == [["10", "12"], ["12", "14"]]


def test_value_set_with_a_stale_version_is_a_conflict_and_changes_nothing(indicator, people):
    officer = people["officer"]
    v = value_set(user=officer, indicator=indicator, kind="baseline", year=2026, raw_text="3")
    value_set(user=officer, indicator=indicator, kind="baseline", year=2026, raw_text="4")
    with pytest.raises(ConflictError, match=r"먼저 수정했습니다.*읽은 버전 1, 현재 버전 2"):
        value_set(
            user=officer,
            indicator=indicator,
            kind="baseline",
            year=2026,
            raw_text="5",
            expected_version=v.version,
        )
    assert IndicatorValue.objects.get(pk=v.pk).raw_text == "4"


def test_a_value_set_create_race_is_the_same_conflict_as_an_update_race(
    indicator, people, monkeypatch
):
    """Both writers read "no target yet"; the other's row lands before this one is saved:
    the update race's message, never a raw IntegrityError."""
    checked = IndicatorValue.full_clean

    def the_other_writer_first(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(IndicatorValue, "full_clean", checked)
        IndicatorValue.objects.create(indicator=indicator, kind="target", year=2028, raw_text="1")
        return checked(self, *args, **kwargs)

    monkeypatch.setattr(IndicatorValue, "full_clean", the_other_writer_first)
    with pytest.raises(ConflictError, match=r"먼저 수정했습니다.*읽은 버전 -, 현재 버전 1"):
        value_set(
            user=people["officer"], indicator=indicator, kind="target", year=2028, raw_text="2"
        )


def test_a_create_race_at_the_insert_itself_is_a_conflict(indicator, people, monkeypatch):
    """The other writer's row is committed after this one read "none" and after the model's
    checks: the database's unique constraint answers at the INSERT, and that too is the
    conflict, not a raw IntegrityError."""
    from seonggwa.results import services

    IndicatorValue.objects.create(indicator=indicator, kind="target", year=2028, raw_text="1")
    monkeypatch.setattr(services, "value_for_update", lambda **kwargs: None)  # read: none
    monkeypatch.setattr(IndicatorValue, "full_clean", lambda self, *a, **k: None)
    with pytest.raises(ConflictError, match="먼저 수정했습니다"):
        services.value_set(
            user=people["officer"], indicator=indicator, kind="target", year=2028, raw_text="2"
        )
    assert IndicatorValue.objects.get(indicator=indicator, kind="target", year=2028).raw_text == "1"


def test_the_workflow_steps_bump_the_version_through_the_same_path(indicator, staff, manager):
    v = actual_enter(indicator=indicator, year=2026, raw_text="4", user=staff)
    v = actual_submit(value=v, expected_version=v.version, user=staff)
    assert v.version == 2
    with pytest.raises(ConflictError, match="먼저 수정했습니다"):
        actual_approve(value=v, expected_version=1, user=manager)
    v = actual_approve(value=v, expected_version=2, user=manager)
    assert IndicatorValue.objects.get(pk=v.pk).version == 3
