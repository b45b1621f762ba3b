"""`seonggwa report` shows a progress bar on standard error when that is a terminal, and
nothing extra when it is a pipe or a file."""

from __future__ import annotations

import io
import sys

import pytest

from seonggwa.cli import main

pytestmark = pytest.mark.django_db

ARGS = ["report", "--org", "한빛시", "--year", "2025", "--kind", "plan", "--format", "csv"]


class Terminal(io.StringIO):
    """Standard error as a terminal would be (rich asks isatty)."""

    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar(sample, tmp_path, monkeypatch, capsys):
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert main([*ARGS, "--out", str(tmp_path / "r.zip")]) == 0
    shown = term.getvalue()
    assert "보고서 plan.csv" in shown
    assert "3/3" in shown
    # the result line stays on standard output
    assert "r.zip" in capsys.readouterr().out


def test_a_pipe_gets_no_progress_bar(sample, tmp_path, capsys):
    assert main([*ARGS, "--out", str(tmp_path / "r.zip")]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "r.zip" in captured.out
