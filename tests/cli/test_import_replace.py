"""`seonggwa import --replace`: finished work (a closed plan, actuals approved in the workflow
or locked) is not replaced without --force-replace and a reason (exit 2, nothing changed); a
replace writes the organisation's backup first and audits every row it deletes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seonggwa.audit.models import AuditEvent
from seonggwa.backup.services import organisation_restore_from_file
from seonggwa.cli import main
from seonggwa.importers.load import document_import
from seonggwa.plans.models import Indicator, Plan
from seonggwa.results.models import IndicatorValue

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "report"
ORG = "바꾸기시"


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def replace_argv(*extra: str) -> list[str]:
    return [
        "import",
        str(REPORTS / "report_defects.txt"),
        "--org",
        ORG,
        "--year",
        "2021",
        "--replace",
        *extra,
    ]


@pytest.fixture
def report(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.SEONGGWA_BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = document_import(
        organisation_name=ORG, year=2021, path_or_text=REPORTS / "report_consistent.txt"
    ).plan
    # actuals as a report import stores them: approved, from the published document
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator=indicator,
            kind=IndicatorValue.Kind.ACTUAL,
            year=2021,
            raw_text="95",
            value=95,
            status=IndicatorValue.Status.APPROVED,
            source_document=plan.source_document,
        )
        for indicator in Indicator.objects.filter(plan=plan).order_by("pk")
    )
    return plan


def _actuals(plan: Plan):  # type: ignore[no-untyped-def]
    return IndicatorValue.objects.filter(indicator__plan=plan, kind=IndicatorValue.Kind.ACTUAL)


def _state(plan: Plan) -> tuple[object, ...]:
    return (
        Plan.objects.filter(pk=plan.pk).exists(),
        Indicator.objects.filter(plan=plan).count(),
        list(_actuals(plan).values_list("pk", "status", "locked").order_by("pk")),
    )


def test_an_imported_report_is_replaced_without_force(report, capsys):
    """Actuals read approved from the published document are what a new file replaces."""
    code, out, _ = run(capsys, *replace_argv())
    assert code == 0, out
    assert not Plan.objects.filter(pk=report.pk).exists()


@pytest.mark.parametrize(
    ("protect", "lost"),
    [
        (lambda plan, user: Plan.objects.filter(pk=plan.pk).update(status="closed"), "마감된 계획"),
        (
            lambda plan, user: (
                _actuals(plan).filter(pk=_actuals(plan).first().pk).update(approved_by=user)
            ),
            "승인된 실적 1건",
        ),
        (lambda plan, user: _actuals(plan).update(locked=True), "잠긴 실적"),
    ],
    ids=["closed", "approved", "locked"],
)
def test_a_protected_plan_is_refused_with_exit_2_naming_what_would_be_lost(
    report, capsys, django_user_model, protect, lost
):
    officer = django_user_model.objects.create_user("officer_x", password="x")
    assert _actuals(report).exists()
    protect(report, officer)
    before = _state(report)
    events = AuditEvent.objects.count()
    code, _, err = run(capsys, *replace_argv())
    assert code == 2
    assert lost in err and ORG in err and "--force-replace" in err
    assert _state(report) == before and AuditEvent.objects.count() == events


def test_force_without_a_reason_is_refused(report, capsys):
    _actuals(report).update(locked=True)
    before = _state(report)
    code, _, err = run(capsys, *replace_argv("--force-replace"))
    assert code == 2 and "--reason" in err
    assert _state(report) == before


def test_a_forced_replace_writes_a_backup_first_and_audits_every_deleted_row(
    report, capsys, settings
):
    _actuals(report).update(locked=True)
    indicator = Indicator.objects.filter(plan=report).order_by("pk").first()
    rows = {
        "plans.Plan": 1,
        "plans.Indicator": Indicator.objects.filter(plan=report).count(),
        "results.IndicatorValue": IndicatorValue.objects.filter(indicator__plan=report).count(),
    }
    code, out, _ = run(capsys, *replace_argv("--force-replace", "--reason", "원본 오류 정정"))
    assert code == 0, out
    assert not Plan.objects.filter(pk=report.pk).exists()

    (backup,) = (settings.SEONGGWA_BACKUP_DIR / "replace").glob("*.json")
    assert str(backup) in out
    dumped = json.loads(backup.read_text(encoding="utf-8"))
    assert len(dumped["tables"]["plans.Indicator"]) == rows["plans.Indicator"]

    deleted = AuditEvent.objects.filter(action="delete", organisation_id_ref=report.organisation_id)
    for label, count in rows.items():
        assert deleted.filter(model=label).count() == count, label
    event = deleted.get(model="plans.Indicator", object_pk=str(indicator.pk))
    assert event.changes["name"] == [indicator.name, None]
    assert event.changes["reason"] == [None, "원본 오류 정정"]
    assert event.changes["backup"] == [None, str(backup)]
    locked = deleted.filter(model="results.IndicatorValue", changes__locked__0=True)
    assert locked.count() == _count_actuals_in(dumped)
    summary = AuditEvent.objects.get(action="import", changes__replaced__1=True)
    assert summary.changes["reason"] == [None, "원본 오류 정정"]
    assert "잠긴 실적" in summary.changes["lost"][0][0]

    # the replaced plan comes back from the backup
    organisation_restore_from_file(path=backup, replace=True)
    plan = Plan.objects.get(organisation__name=ORG, year=2021)
    assert _actuals(plan).filter(locked=True).count() == _count_actuals_in(dumped)


def _count_actuals_in(dumped: dict) -> int:  # type: ignore[type-arg]
    return sum(1 for v in dumped["tables"]["results.IndicatorValue"] if v["kind"] == "actual")


def test_the_deletion_audit_reads_each_model_once(report, django_assert_max_num_queries):
    from seonggwa.importers.replace import replace_deletion_audit

    rows = (
        Indicator.objects.filter(plan=report).count()
        + IndicatorValue.objects.filter(indicator__plan=report).count()
    )
    assert rows > 30
    with django_assert_max_num_queries(30):
        written = replace_deletion_audit(
            report, actor=None, actor_label="test", reason="", backup=""
        )
    assert written > rows
