"""Korean first, English available: the translation catalogues and what users see.

UI labels are English msgids translated in ``locale/ko``; messages written in Korean
(service errors, CLI output) are Korean msgids translated in ``locale/en``. See docs/i18n.md.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

import seonggwa


def _admin():  # type: ignore[no-untyped-def]
    """The sample's administrator: services take the acting user."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


LOCALE = Path(seonggwa.__file__).resolve().parent / "locale"
LANGS = ["ko", "en"]
HANGUL = re.compile("[\uac00-\ud7a3]")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


# --- a tiny .po parser (no polib in the environment) ------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> str:
        """The key ``gettext.GNUTranslations`` uses in its catalogue for a singular entry."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (header included as msgid ""); obsolete ``#~`` entries skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # which string continuation lines extend

    def start() -> Entry:
        nonlocal current
        if current is None or current.msgstr:
            current = Entry()
            entries.append(current)
        return current

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                target = None
            continue
        if line.startswith("#,"):
            start().flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
        elif line.startswith("#:"):
            start().references += line[2:].split()
        elif line.startswith("#"):
            start()
        elif line.startswith("msgctxt "):
            start().msgctxt = _unquote(line[8:])
            target = ("msgctxt", 0)
        elif line.startswith("msgid_plural "):
            assert current is not None
            current.msgid_plural = _unquote(line[13:])
            target = ("msgid_plural", 0)
        elif line.startswith("msgid "):
            entry = start()
            entry.msgid, entry.line = _unquote(line[6:]), number
            target = ("msgid", 0)
        elif line.startswith("msgstr"):
            assert current is not None, f"{path}:{number}: msgstr without msgid"
            match = re.match(r"msgstr(?:\[(\d+)\])?\s+(\".*\")$", line)
            assert match, f"{path}:{number}: cannot read {line!r}"
            index = int(match.group(1) or 0)
            current.msgstr[index] = _unquote(match.group(2))
            target = ("msgstr", index)
        elif line.startswith('"'):
            assert current is not None and target is not None, f"{path}:{number}: stray string"
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, name, (getattr(current, name) or "") + _unquote(line))
        else:
            raise AssertionError(f"{path}:{number}: cannot read {line!r}")
    return entries


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def messages(lang: str) -> list[Entry]:
    return [e for e in parse_po(po_path(lang)) if e.msgid]


def is_korean_source(entry: Entry) -> bool:
    """Messages written in Korean in services and the CLI (the rest are UI labels)."""
    return any("services.py" in r or r.startswith("cli/") for r in entry.references)


# --- the catalogues ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_msgid_has_a_translation_and_none_is_fuzzy(lang):
    entries = messages(lang)
    assert len(entries) > 200
    problems = [
        f"{po_path(lang)}:{e.line}: {e.msgid!r}"
        + (" is fuzzy" if "fuzzy" in e.flags else " has an empty msgstr")
        for e in entries
        if "fuzzy" in e.flags or not e.msgstr or not all(s.strip() for s in e.msgstr.values())
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_the_header_declares_utf8_and_the_language(lang):
    (header,) = [e for e in parse_po(po_path(lang)) if not e.msgid]
    assert "fuzzy" not in header.flags
    assert "charset=UTF-8" in header.msgstr[0]
    assert f"Language: {lang}\n" in header.msgstr[0]


def test_both_catalogues_hold_the_same_msgids():
    assert [e.key for e in messages("ko")] == [e.key for e in messages("en")]


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders(lang):
    wrong = [
        (e.msgid, e.msgstr[0])
        for e in messages(lang)
        if sorted(set(PLACEHOLDER.findall(e.msgid)))
        != sorted(set(PLACEHOLDER.findall(e.msgstr[0])))
    ]
    assert not wrong


def test_korean_labels_use_the_official_terms():
    ko = {e.msgid: e.msgstr[0] for e in messages("ko")}
    expected = {
        "strategic goal": "전략목표",
        "policy program goal": "정책사업목표",
        "indicator": "성과지표",
        "perspective": "관점",
        "weight": "가중치",
        "actual": "실적",
        "target": "목표",
        "baseline": "기준점",
        "settlement (결산액, 원)": "결산액 (원)",
        "budget (원)": "예산액 (원)",
        "unit program (단위사업)": "단위사업",
        "major program (주요사업)": "주요사업",
        "evaluation officer (평가담당관)": "평가담당관",
        "performance plan (성과계획서)": "성과계획서",
        "performance report (성과보고서)": "성과보고서",
        "evaluation month (최종실적월)": "최종실적월",
    }
    assert {k: ko[k] for k in expected} == expected
    # every UI label is translated into Korean (apart from a few codes and units)
    untranslated = [m for m, s in ko.items() if not HANGUL.search(s)]
    assert sorted(untranslated) == ["%", "SHA-256"]  # a unit, a code


def test_korean_source_messages_stay_korean_in_ko_and_are_english_in_en():
    ko = [e for e in messages("ko") if is_korean_source(e)]
    en = {e.msgid: e.msgstr[0] for e in messages("en") if is_korean_source(e)}
    assert len(ko) >= 50
    for e in ko:
        assert HANGUL.search(e.msgid), e.msgid
        assert e.msgstr[0] == e.msgid  # the Korean source is shown as written
        english = en[e.msgid]
        assert english != e.msgid and not HANGUL.search(english.replace("(평가담당관)", "")), (
            e.msgid,
            english,
        )


@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_mo_matches_the_po(lang):
    with (po_path(lang).with_suffix(".mo")).open("rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]
    compiled = {k: v for k, v in catalog.items() if k != ""}
    expected = {
        e.key: e.msgstr[0]
        for e in messages(lang)
        if e.msgid_plural is None and "fuzzy" not in e.flags and e.msgstr.get(0)
    }
    plural = {
        (e.key, i): s
        for e in messages(lang)
        if e.msgid_plural is not None and "fuzzy" not in e.flags
        for i, s in e.msgstr.items()
    }
    assert compiled == expected | plural, "run scripts/messages.sh and commit the .mo"


@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_mo_is_what_msgfmt_makes_of_the_po(lang, tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po_path(lang))], check=True)
    committed = po_path(lang).with_suffix(".mo")
    with fresh.open("rb") as a, committed.open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (  # type: ignore[attr-defined]
            "run scripts/messages.sh and commit the .mo"
        )


# --- what users see ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _keep_the_language():
    """A request with Accept-Language activates its language; put the default back after."""
    yield
    translation.deactivate()


@pytest.fixture
def superuser_client(client, sample, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def test_admin_index_is_korean_by_default(superuser_client):
    html = superuser_client.get("/admin/").content.decode()
    for label in ["계획", "전략목표", "정책사업목표", "성과지표", "관점", "지표 값"]:
        assert label in html, label
    assert "Strategic goals" not in html and "Indicators" not in html


def test_admin_index_is_english_with_accept_language_en(superuser_client):
    html = superuser_client.get("/admin/", headers={"accept-language": "en"}).content.decode()
    for label in ["Strategic goals", "Policy program goals", "Indicators", "Perspectives"]:
        assert label in html, label
    assert "전략목표" not in html and "성과지표" not in html


def test_admin_change_form_shows_korean_field_labels(superuser_client):
    html = superuser_client.get("/admin/plans/indicator/add/").content.decode()
    for label in ["전략목표", "정책사업목표", "가중치", "최종실적월", "누계"]:
        assert label in html, label


def _plan_url(sample) -> str:
    from django.urls import reverse

    from seonggwa.plans.models import Plan

    plan = Plan.objects.get(organisation=sample, year=2026, kind="plan")
    return reverse("web:plan-detail", args=[plan.pk])


def test_plan_page_is_korean_by_default(client, sample):
    html = client.get(_plan_url(sample)).content.decode()
    assert '<html lang="ko">' in html
    for header in ["정책사업목표", "성과지표", "단위", "가중치", "지표 방향"]:
        assert f"<th>{header}</th>" in html, header
    assert "목표</th>" in html and "실적</th>" in html
    assert "상태: " in html and "로그인" in html


def test_plan_page_is_english_with_accept_language_en(client, sample):
    html = client.get(_plan_url(sample), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html
    for header in ["policy program goal", "indicator", "unit of measure", "weight", "direction"]:
        assert f"<th>{header}</th>" in html, header
    assert "<th>정책사업목표</th>" not in html and "<th>성과지표</th>" not in html
    assert "status: " in html and "Log in" in html


def test_the_language_selector_switches_to_english(client, sample):
    url = _plan_url(sample)
    response = client.post("/i18n/setlang/", {"language": "en", "next": url})
    assert response.status_code == 302
    assert "<th>policy program goal</th>" in client.get(url).content.decode()
    client.post("/i18n/setlang/", {"language": "ko", "next": url})
    assert "<th>정책사업목표</th>" in client.get(url).content.decode()


# --- service and CLI messages -----------------------------------------------------------


def _error(call) -> str:  # type: ignore[no-untyped-def]
    from seonggwa.core.errors import ServiceError

    with pytest.raises(ServiceError) as exc:
        call()
    return str(exc.value)


@pytest.mark.django_db
def test_a_service_error_is_korean_by_default_and_english_under_en():
    from seonggwa.results.services import actual_reject

    def reject() -> None:
        actual_reject(value=None, expected_version=1, user=None, reason=" ")  # type: ignore[arg-type]

    assert _error(reject) == "반려 사유를 입력하세요."
    with translation.override("ko"):
        assert _error(reject) == "반려 사유를 입력하세요."
    with translation.override("en"):
        assert _error(reject) == "Enter the reason for the rejection."


@pytest.mark.django_db
def test_service_errors_keep_what_they_name_in_both_languages():
    from seonggwa.backup.services import SCHEMA_VERSION, organisation_restore
    from seonggwa.results.services import evidence_attach

    def empty() -> None:
        evidence_attach(value=None, file_name="실적.pdf", content=b"", user=None)  # type: ignore[arg-type]

    def too_new() -> None:
        payload = {"format": "seonggwa-dump", "schema_version": 99, "organisation": "x"}
        organisation_restore(payload={**payload, "tables": {}}, source="b.json")

    with translation.override("ko"):
        assert _error(empty) == "'실적.pdf': 빈 파일입니다."
        assert _error(too_new).startswith(
            f"b.json: 백업 스키마 버전 99은(는) 이 프로그램의 버전 {SCHEMA_VERSION}"
        )
    with translation.override("en"):
        assert _error(empty) == "'실적.pdf': the file is empty."
        assert _error(too_new).startswith(
            f"b.json: the backup's schema version 99 differs from this program's version "
            f"{SCHEMA_VERSION}."
        )


def test_labels_inside_a_message_follow_the_language(sample):
    from seonggwa.plans.services import plan_create

    def duplicate() -> None:
        plan_create(user=_admin(), organisation=sample, year=2025, kind="plan")

    with translation.override("ko"):
        assert _error(duplicate) == "한빛시 2025년 성과계획서 계획이 이미 있습니다."
    with translation.override("en"):
        assert _error(duplicate) == "한빛시 already has a 2025 performance plan (성과계획서)."


@pytest.mark.django_db
def test_cli_messages_follow_the_language(capsys, tmp_path):
    from seonggwa.cli import main

    assert main(["dump", str(tmp_path / "x.json"), "--org", "없는시"]) == 1
    assert "기관 '없는시'이(가) 없습니다. 기관 이름을 확인하세요." in capsys.readouterr().err
    with translation.override("en"):
        assert main(["dump", str(tmp_path / "x.json"), "--org", "없는시"]) == 1
    assert "The organisation '없는시' does not exist." in capsys.readouterr().err
