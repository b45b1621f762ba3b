import json
from decimal import Decimal

import pytest

from seonggwa.backup.services import (
    SCHEMA_VERSION,
    organisation_dump,
    organisation_dump_to_file,
    organisation_restore,
    organisation_restore_from_file,
)
from seonggwa.core.errors import ServiceError
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.plans.models import Indicator
from seonggwa.results.models import Evidence, IndicatorValue
from seonggwa.results.services import actual_enter, evidence_attach

pytestmark = pytest.mark.django_db(transaction=False)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def test_dump_restore_dump_is_byte_identical(sample, tmp_path, settings, django_user_model):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = django_user_model.objects.get(username="welfare_staff")
    ind = Indicator.objects.get(plan__year=2026, plan__kind="plan", name="복지서비스 이용 만족도")
    v = actual_enter(indicator=ind, year=2026, raw_text="4.1", user=staff)
    evidence_attach(value=v, file_name="측정결과.pdf", content=PDF, user=staff)
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    organisation_dump_to_file(organisation=sample, path=first)
    counts = {k: len(v) for k, v in json.loads(first.read_text())["tables"].items()}
    organisation_restore_from_file(path=first, replace=True)
    restored = Organisation.objects.get(name="한빛시")
    assert restored.pk != sample.pk
    organisation_dump_to_file(organisation=restored, path=second)
    # the same bytes, but for the one event the restore itself recorded in the organisation
    again = json.loads(second.read_text())
    restore_event = again["tables"]["audit.AuditEvent"].pop()
    assert (restore_event["action"], restore_event["model"]) == (
        "restore",
        "organisations.Organisation",
    )
    again_text = json.dumps(again, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert first.read_bytes() == again_text.encode("utf-8")
    assert (
        counts["plans.Indicator"]
        == Indicator.objects.filter(plan__organisation=restored).count()
        > 30
    )
    assert counts["results.Evidence"] == 1
    assert Evidence.objects.get(value__indicator__plan__organisation=restored).file.read() == PDF


def test_restore_keeps_decimals_statuses_history_and_renames_exactly(sample):
    payload = organisation_dump(organisation=sample)
    before = {
        (v.indicator.name, v.kind, v.year, v.indicator.plan.year): (
            v.raw_text,
            v.value,
            v.status,
            v.version,
            v.parts,
        )
        for v in IndicatorValue.objects.filter(indicator__plan__organisation=sample).select_related(
            "indicator__plan"
        )
    }
    organisation_restore(payload=payload, replace=True)
    org = Organisation.objects.get(name="한빛시")
    after = {
        (v.indicator.name, v.kind, v.year, v.indicator.plan.year): (
            v.raw_text,
            v.value,
            v.status,
            v.version,
            v.parts,
        )
        for v in IndicatorValue.objects.filter(indicator__plan__organisation=org).select_related(
            "indicator__plan"
        )
    }
    assert after == before
    assert any(isinstance(x[1], Decimal) for x in after.values())
    new_unit = OrgUnit.objects.get(organisation=org, name="기후환경국")
    assert [u.name for u in new_unit.predecessors.all()] == ["환경녹지국"]


def test_restore_refuses_an_existing_organisation_without_replace(sample):
    payload = organisation_dump(organisation=sample)
    with pytest.raises(ServiceError, match="--replace"):
        organisation_restore(payload=payload)


def test_restore_refuses_another_schema_version_and_changes_nothing(sample, tmp_path):
    payload = organisation_dump(organisation=sample)
    payload["schema_version"] = SCHEMA_VERSION + 1
    path = tmp_path / "future.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    count = Indicator.objects.count()
    with pytest.raises(ServiceError, match=f"스키마 버전 {SCHEMA_VERSION + 1}"):
        organisation_restore_from_file(path=path, replace=True)
    assert Indicator.objects.count() == count


@pytest.mark.parametrize("content", ["not json", '{"format": "other"}', "[]"])
def test_restore_refuses_files_that_are_not_backups(tmp_path, content, db):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ServiceError, match=str(path)):
        organisation_restore_from_file(path=path)


def test_a_corrupt_backup_writes_nothing(sample):
    payload = organisation_dump(organisation=sample)
    payload["organisation"] = "복원시"
    payload["tables"]["organisations.Organisation"][0]["name"] = "복원시"
    payload["tables"]["plans.Indicator"][3]["strategic_goal"] = ["plans.StrategicGoal", 9999]
    with pytest.raises(ServiceError, match="손상"):
        organisation_restore(payload=payload)
    assert not Organisation.objects.filter(name="복원시").exists()


def test_restore_into_another_database_state_maps_users_by_name(sample, django_user_model):
    payload = organisation_dump(organisation=sample)
    payload["organisation"] = "복원시"
    payload["tables"]["organisations.Organisation"][0]["name"] = "복원시"
    django_user_model.objects.filter(username="committee").delete()
    org = organisation_restore(payload=payload)
    ghost = django_user_model.objects.get(username="committee")
    assert not ghost.is_active and not ghost.has_usable_password()
    assert org.role_assignments.filter(user=ghost).exists()
    staff = django_user_model.objects.get(username="welfare_staff")
    assert IndicatorValue.objects.filter(
        indicator__plan__organisation=org, entered_by=staff
    ).exists()


def test_later_changes_do_not_leak_into_an_earlier_dump(sample, django_user_model):
    payload = organisation_dump(organisation=sample)
    ind = Indicator.objects.get(plan__year=2026, plan__kind="plan", name="복지서비스 이용 만족도")
    staff = django_user_model.objects.get(username="welfare_staff")
    actual_enter(indicator=ind, year=2026, raw_text="1", value=Decimal(1), user=staff)
    assert organisation_dump(organisation=sample) != payload


def test_a_dump_of_schema_version_1_restores_with_catalogue_codes(tmp_path):
    """A backup written before the finding catalogue (schema 1: ``sources.Finding``, codes
    such as ``BSC_WEIGHT_SUM``, the 총괄 key ``program_goals``) restores with today's codes."""
    from pathlib import Path

    from seonggwa.importers.load import document_import
    from seonggwa.sources.models import DeclaredFigure, StoredFinding

    seeds = Path(__file__).parents[1] / "fixtures" / "seeds"
    (plan_seed,) = seeds.glob("000_*.txt")
    (bsc_seed,) = seeds.glob("001_*.txt")
    document_import(organisation_name="옛백업시", year=2022, path_or_text=plan_seed)
    document_import(organisation_name="옛백업시", year=2009, path_or_text=bsc_seed)
    org = Organisation.objects.get(name="옛백업시")
    today = organisation_dump(organisation=org)
    old_names = {"weights.sum": "BSC_WEIGHT_SUM", "bsc.copy_of": "BSC_COPY_OF"}
    findings = [
        {**f, "code": old_names.get(f["code"], f["code"])}
        for f in today["tables"]["sources.StoredFinding"]
    ]
    declared = [
        {**d, "key": "program_goals" if d["key"] == "policy_goals" else d["key"]}
        for d in today["tables"]["sources.DeclaredFigure"]
    ]
    tables = {k: v for k, v in today["tables"].items() if k != "sources.StoredFinding"}
    old = {
        **today,
        "schema_version": 1,
        "tables": {**tables, "sources.Finding": findings, "sources.DeclaredFigure": declared},
    }
    assert any(f["code"] == "BSC_WEIGHT_SUM" for f in old["tables"]["sources.Finding"])

    restored = organisation_restore(payload=old, replace=True)
    codes = set(
        StoredFinding.objects.filter(plan__organisation=restored).values_list("code", flat=True)
    )
    assert {"weights.sum", "bsc.copy_of"} <= codes
    assert not {c for c in codes if c.isupper() or c.startswith("BSC")}
    keys = set(
        DeclaredFigure.objects.filter(plan__organisation=restored).values_list("key", flat=True)
    )
    assert "policy_goals" in keys and "program_goals" not in keys
    again = organisation_dump(organisation=restored)["tables"]
    events = again.pop("audit.AuditEvent")
    assert events.pop()["action"] == "restore"  # the restore's own event, then the dump's
    assert events == today["tables"]["audit.AuditEvent"]
    assert again == {k: v for k, v in today["tables"].items() if k != "audit.AuditEvent"}


def test_transfers_and_delegations_travel_in_the_dump(sample, django_user_model):
    import datetime

    from seonggwa.accounts.models import Delegation, RoleAssignment
    from seonggwa.accounts.services import delegation_create, user_transfer

    users = {u.username: u for u in django_user_model.objects.all()}
    units = {u.name: u for u in OrgUnit.objects.filter(organisation=sample)}
    today = datetime.date.today()
    user_transfer(
        user=users["officer"],
        person=users["welfare_staff"],
        from_unit=units["복지정책국"],
        to_unit=units["교통건설국"],
        on=today + datetime.timedelta(days=10),
    )
    delegation_create(
        user=users["officer"],
        delegator=users["welfare_head"],
        delegate=users["committee"],
        unit=units["복지정책국"],
        kind="approval",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=6),
    )
    payload = organisation_dump(organisation=sample)
    payload["organisation"] = "복원시"
    payload["tables"]["organisations.Organisation"][0]["name"] = "복원시"
    org = organisation_restore(payload=payload)
    moved = RoleAssignment.objects.get(
        organisation=org, user=users["welfare_staff"], unit__name="교통건설국"
    )
    assert moved.valid_from == today + datetime.timedelta(days=10)
    lent = Delegation.objects.get(organisation=org)
    assert (lent.delegator, lent.delegate, lent.unit.name) == (
        users["welfare_head"],
        users["committee"],
        "복지정책국",
    )
    assert lent.unit.organisation == org
