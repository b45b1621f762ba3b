"""A backup always finishes: an evidence file missing from storage is listed (stderr, exit 0)
and the rest is written; ``--strict`` refuses (exit 2) and writes nothing."""

import json

import pytest
from django.core.files.storage import default_storage

from seonggwa.backup.services import (
    DumpIncomplete,
    organisation_dump_to_file,
    organisation_restore_from_file,
)
from seonggwa.cli import main
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Indicator
from seonggwa.results.models import Evidence
from seonggwa.results.services import actual_enter, evidence_attach

pytestmark = pytest.mark.django_db(transaction=False)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
KEPT = b"%PDF-1.4\n% kept\n%%EOF\n"


@pytest.fixture
def two_evidence(sample, tmp_path, settings, django_user_model):
    """Two evidence files on one actual; the first one's file is then deleted."""
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = django_user_model.objects.get(username="welfare_staff")
    ind = Indicator.objects.get(plan__year=2026, plan__kind="plan", name="복지서비스 이용 만족도")
    value = actual_enter(indicator=ind, year=2026, raw_text="4.1", user=staff)
    lost = evidence_attach(value=value, file_name="측정결과.pdf", content=PDF, user=staff)
    evidence_attach(value=value, file_name="남은파일.pdf", content=KEPT, user=staff)
    default_storage.delete(lost.file.name)
    return lost


def test_dump_lists_the_missing_file_and_still_writes_the_backup(two_evidence, sample, tmp_path):
    path = tmp_path / "b.json"
    result = organisation_dump_to_file(organisation=sample, path=path)
    assert [(m.model, m.record, m.name) for m in result.missing] == [
        ("results.Evidence", "측정결과.pdf", two_evidence.file.name)
    ]
    records = json.loads(path.read_text())["tables"]["results.Evidence"]
    by_name = {r["original_name"]: r["file"] for r in records}
    assert by_name["측정결과.pdf"] == {"name": two_evidence.file.name, "base64": None}
    assert by_name["남은파일.pdf"]["base64"]  # the other file travels as usual


def test_strict_dump_refuses_and_writes_nothing(two_evidence, sample, tmp_path):
    path = tmp_path / "b.json"
    with pytest.raises(DumpIncomplete) as exc:
        organisation_dump_to_file(organisation=sample, path=path, strict=True)
    assert two_evidence.file.name in str(exc.value)
    assert len(exc.value.missing) == 1
    assert not path.exists()


def test_the_command_warns_on_stderr_and_exits_0_or_refuses_with_2_when_strict(
    two_evidence, tmp_path, capsys
):
    path = tmp_path / "b.json"
    assert main(["dump", str(path), "--org", "한빛시"]) == 0
    captured = capsys.readouterr()
    assert "측정결과.pdf" in captured.err and two_evidence.file.name in captured.err
    assert "--strict" in captured.err
    assert "백업 완료" in captured.out
    assert path.exists()

    strict = tmp_path / "strict.json"
    assert main(["dump", str(strict), "--org", "한빛시", "--strict"]) == 2
    captured = capsys.readouterr()
    assert two_evidence.file.name in captured.err and "백업 완료" not in captured.out
    assert not strict.exists()


def test_a_complete_dump_is_unchanged_by_strict(sample, tmp_path, capsys):
    path = tmp_path / "b.json"
    assert main(["dump", str(path), "--org", "한빛시", "--strict"]) == 0
    assert capsys.readouterr().err == ""
    assert path.exists()


def test_a_backup_with_a_missing_file_restores_and_dumps_again_identically(
    two_evidence, sample, tmp_path
):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    organisation_dump_to_file(organisation=sample, path=first)
    organisation_restore_from_file(path=first, replace=True)
    restored = Organisation.objects.get(name="한빛시")
    assert restored.pk != sample.pk
    evidence = {
        e.original_name: e
        for e in Evidence.objects.filter(value__indicator__plan__organisation=restored)
    }
    assert evidence["측정결과.pdf"].file.name == two_evidence.file.name  # the name is kept
    assert evidence["남은파일.pdf"].file.read() == KEPT
    again = organisation_dump_to_file(organisation=restored, path=second)
    assert len(again.missing) == 1
    assert first.read_bytes() == second.read_bytes()
