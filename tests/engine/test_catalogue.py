"""The catalogue of finding codes: every code emitted is catalogued, every catalogued code is
emitted somewhere and documented, and the documentation is current."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from seonggwa.engine.catalogue import CATALOGUE, LEGACY_CODES, catalogue_markdown, finding

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "seonggwa"
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _sources() -> dict[Path, str]:
    return {
        p: p.read_text(encoding="utf-8")
        for p in SRC.rglob("*.py")
        if "migrations" not in p.parts and p.name != "catalogue.py"
    }


def test_every_code_follows_the_naming_scheme():
    areas = {"summary", "detail", "weights", "series", "grading", "indicator", "bsc"}
    areas |= {"bsc_detail", "consignment", "import", "risks", "sustainability", "joint", "vps"}
    areas |= {"projects", "reviews"}
    for code in CATALOGUE:
        assert CODE.match(code), code
        assert code.split(".")[0] in areas, code


def test_every_code_a_finding_is_made_with_is_catalogued():
    emitted = set()
    for path, text in _sources().items():
        for code in re.findall(r'finding\(\s*"([^"]+)"', text):
            assert code in CATALOGUE, f"{path.relative_to(ROOT)}: {code}"
            emitted.add(code)
        # a Finding made by hand would bypass the catalogue
        assert not re.search(r"\bFinding\(\s*(severity=)?Severity\.", text), path
    assert emitted


def test_every_catalogued_code_is_emitted_somewhere():
    text = "\n".join(_sources().values())
    silent = [code for code in CATALOGUE if f'"{code}"' not in text]
    assert silent == []


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_a_template_names_only_fields_a_check_can_fill(code: str) -> None:
    entry = CATALOGUE[code]
    fields = {name for _, name, _, _ in string.Formatter().parse(entry.template) if name}
    message = finding(
        code, unit="u", line=1, **dict.fromkeys(fields - {"unit", "line"}, "x")
    ).message
    assert "{" not in message
    assert entry.title and entry.severity


def test_every_code_is_documented_and_the_document_is_current():
    doc = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    assert doc == catalogue_markdown(), "run: python scripts/findings_doc.py"
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', glossary))
    importing = (ROOT / "docs" / "importing.md").read_text(encoding="utf-8")
    for entry in CATALOGUE.values():
        if entry.rule:
            assert entry.rule.lower() in anchors, (entry.code, entry.rule)
        else:
            assert '<a id="findings"></a>' in importing, entry.code


def test_every_old_code_maps_to_a_catalogued_one():
    assert set(LEGACY_CODES.values()) <= set(CATALOGUE)
    assert not set(LEGACY_CODES) & set(CATALOGUE)
