"""Restore refuses a dump whose text holds a control character before writing anything
(issue 16, item 6): PostgreSQL refuses NUL, and an old SQLite database may hold one."""

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from seonggwa.backup.services import (
    MODELS,
    BackupRefused,
    organisation_dump,
    organisation_restore,
)
from seonggwa.cli import main
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Indicator

pytestmark = pytest.mark.django_db(transaction=False)


def _counts() -> dict[str, int]:
    counts = {label: apps.get_model(label)._default_manager.count() for label in MODELS}
    counts["users"] = get_user_model()._default_manager.count()
    return counts


def _renamed(payload, name="다른시"):  # the dump of a new organisation: nothing to replace
    payload["organisation"] = name
    payload["tables"]["organisations.Organisation"][0]["name"] = name
    return payload


def _with_nul_and_esc(payload):
    indicators = payload["tables"]["plans.Indicator"]
    indicators[2]["name"] = indicators[2]["name"][:2] + "\x00" + indicators[2]["name"][2:]
    indicators[5]["name"] += "\x1b[0m"
    return payload


def test_a_nul_and_an_esc_refuse_the_dump_naming_table_row_field_and_character(sample):
    payload = _with_nul_and_esc(_renamed(organisation_dump(organisation=sample)))
    before = _counts()
    with pytest.raises(BackupRefused) as refused:
        organisation_restore(payload=payload, source="old.json")
    message = str(refused.value)
    assert message.startswith("old.json: plans.Indicator 3번째 행의 name에 제어 문자 U+0000 (NUL)")
    assert "3번째 글자, 백업 전체에 2개" in message
    assert "다시 dump" in message and "아무것도 복원하지 않았습니다" in message
    assert _counts() == before
    assert not Organisation.objects.filter(name="다른시").exists()


def test_replace_refused_keeps_the_existing_organisation(sample):
    payload = _with_nul_and_esc(organisation_dump(organisation=sample))
    before = _counts()
    with pytest.raises(BackupRefused):
        organisation_restore(payload=payload, replace=True)
    assert _counts() == before
    assert Organisation.objects.get(name="한빛시").pk == sample.pk


def test_the_esc_alone_is_named_too_and_json_fields_are_looked_into(sample):
    payload = _renamed(organisation_dump(organisation=sample))
    payload["tables"]["plans.Indicator"][5]["name"] += "\x1b"
    with pytest.raises(
        BackupRefused, match=r"plans.Indicator 6번째 행의 name에 제어 문자 U\+001B \(ESC\)"
    ):
        organisation_restore(payload=payload)
    payload = _renamed(organisation_dump(organisation=sample))
    events = payload["tables"]["audit.AuditEvent"]
    events[0]["changes"] = {"note": [None, "a\x00b"]}
    with pytest.raises(
        BackupRefused, match=r"audit.AuditEvent 1번째 행의 changes에 제어 문자 U\+0000"
    ):
        organisation_restore(payload=payload)


def test_the_command_exits_2_and_writes_nothing(sample, tmp_path, capsys):
    path = tmp_path / "old.json"
    payload = _with_nul_and_esc(_renamed(organisation_dump(organisation=sample)))
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    assert "\\u0000" in path.read_text(encoding="utf-8")  # how JSON writes a NUL
    before = _counts()
    assert main(["restore", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: plans.Indicator 3번째 행의 name에 제어 문자 U+0000 (NUL)" in err
    assert _counts() == before


def test_a_clean_dump_restores_and_form_feeds_are_dropped(sample, tmp_path, capsys):
    payload = _renamed(organisation_dump(organisation=sample))
    name = payload["tables"]["plans.Indicator"][2]["name"]
    payload["tables"]["plans.Indicator"][2]["name"] = name + "\x0c"  # a PDF page break
    payload["tables"]["plans.Indicator"][3]["name"] += "\t"  # TAB is text
    path = tmp_path / "clean.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    assert main(["restore", str(path)]) == 0
    assert "복원 완료" in capsys.readouterr().out
    restored = Organisation.objects.get(name="다른시")
    names = set(
        Indicator.objects.filter(plan__organisation=restored).values_list("name", flat=True)
    )
    assert name in names
    assert not any("\x0c" in n for n in names)
    assert any(n.endswith("\t") for n in names)
