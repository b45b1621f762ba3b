"""The models and the committed, named migrations agree."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[1] / "src" / "seonggwa"


@pytest.mark.django_db
def test_makemigrations_check_finds_nothing_to_do():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_migrations_have_descriptive_names():
    names = [p.name for p in SRC.glob("*/migrations/0*.py")]
    assert names
    for name in names:
        assert not re.fullmatch(r"\d{4}_(initial|auto_\d+_\d+)\.py", name), name
