"""The drift machinery shared by every document kind (issue 13, item 5): drift records, the
written text, reading a text as the loader does (no database), judging a reading against
the truth, and choosing the drift kinds a run applies.

Each document kind supplies only its generator and its comparison, as a :class:`DocKind`:
``plan`` and ``report`` in :mod:`seonggwa.importers.drift`, ``bsc`` (the 2009 BSC sheets)
in :mod:`seonggwa.importers.drift_bsc`. :func:`doc_kinds` lists them for the property test
(``tests/importers/test_drift_common.py``) and ``scripts/drift_run.py``.

>>> kinds = doc_kinds()
>>> list(kinds)
['plan', 'report', 'bsc']
>>> kinds["bsc"].enabled_kinds("page_break, page_number")
('page_break', 'page_number')

Pure: no Django.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from seonggwa.engine.findings import Finding, Severity
from seonggwa.importers.detect import TEXT_FORMATS, detect_format
from seonggwa.importers.records import ParsedDocument
from seonggwa.importers.rules import document_findings
from seonggwa.importers.tables import DocumentInfo, PlanTables, row_finding, tables_from_document

__all__ = [
    "DocKind",
    "Drift",
    "Out",
    "Outcome",
    "Written",
    "compare",
    "doc_kinds",
    "error_lines",
    "outcome",
    "read_text",
    "typo",
]

T = TypeVar("T")


# --- what a writer records ------------------------------------------------------------------


@dataclass(slots=True)
class Drift:
    kind: str
    line: int  # 1-based line of the text the drift touched
    note: str = ""


@dataclass(slots=True)
class Written:
    text: str
    drifts: list[Drift]
    unit_lines: dict[str, int] = field(default_factory=dict)  # plans: unit -> its 총괄 line


class Out:
    """The lines a writer prints, numbered from 1."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str) -> int:
        self.lines.append(line)
        return len(self.lines)

    @property
    def next(self) -> int:
        return len(self.lines) + 1


def typo(rng: random.Random, text: str) -> str:
    """A typo-level difference: a space added or removed, or one syllable replaced."""
    choice = rng.random()
    if choice < 0.35 and " " in text:
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        i = rng.choice(spaces)
        return text[:i] + text[i + 1 :]
    if choice < 0.7:
        i = rng.randrange(1, len(text))
        if text[i] != " " and text[i - 1] != " ":
            return text[:i] + " " + text[i:]
    letters = [i for i, ch in enumerate(text) if "가" <= ch <= "힣"]
    i = rng.choice(letters)
    replacement = rng.choice("의을를이가은는에로와과")
    if replacement == text[i]:
        replacement = "다"
    return text[:i] + replacement + text[i + 1 :]


# --- reading and judging --------------------------------------------------------------------


def read_text(
    text: str, *, source: str, year: int | None = None
) -> tuple[ParsedDocument, PlanTables, list[Finding]]:
    """What the loader reads from ``text`` before writing anything: detect, parse, the
    tables (for ``year``, else the document's own year, else 2009), and every finding
    (parser, artefact checks, rules, conversion) — no database."""
    found = detect_format(text, source=source)
    module = TEXT_FORMATS[found.format][0]
    doc = module.parse(text, source=source)
    info = DocumentInfo(
        file_name=source,
        sha256="",
        size=len(text.encode()),
        format=found.format.value,
        line_count=doc.line_count,
        money_unit=doc.money_unit,
    )
    tables = tables_from_document(doc, year=year or doc.year or 2009, document=info)
    checked = [f for f, _ in document_findings(doc, module.artefact_findings(doc), tables=tables)]
    return doc, tables, checked + [row_finding(r) for r in tables.findings]


@dataclass(slots=True)
class Outcome:
    """How one variant was read. ``status``:

    * "exact": the document reproduced, no error finding;
    * "flagged": every error names a line (or, for a count mismatch, a detail range holding
      a line) that an ambiguous drift touched — the reading may differ there;
    * "wrong_flagged": read differently although the drift left the layout readable; an
      error covering a drift line says so (a false error for the user);
    * "silent_wrong": read differently with no error at any drift line;
    * "false_error": read right, with an error no ambiguous drift explains.

    Only "exact" and "flagged" pass."""

    status: str
    drifts: list[Drift]
    errors: list[Finding]
    differences: list[str]

    @property
    def ok(self) -> bool:
        return self.status in ("exact", "flagged")


def compare(truth: Mapping[Any, object], got: Mapping[Any, object], what: str) -> list[str]:
    """One line per key whose value differs between ``truth`` and ``got``."""
    diffs = []
    for key in sorted(set(truth) | set(got), key=str):
        if truth.get(key) != got.get(key):
            diffs.append(f"{what} {key}: expected {truth.get(key)!r}, read {got.get(key)!r}")
    return diffs


def error_lines(f: Finding) -> set[int]:
    """The lines a finding names: its own, and a ``detail_lines`` range "12-30"."""
    lines = {f.line} if f.line else set()
    span = f.details.get("detail_lines", "")
    if "-" in span:
        first, last = span.split("-", 1)
        if first.isdigit() and last.isdigit():
            lines |= set(range(int(first), int(last) + 1))
    return lines


def outcome(
    written: Written,
    findings: list[Finding],
    diffs: list[str],
    ambiguous: frozenset[str],
    flags: frozenset[str] = frozenset(),
) -> Outcome:
    """Judge a reading: ``diffs`` are its differences from the truth, ``ambiguous`` the
    drift kinds that may legitimately end in an error at their line, ``flags`` the warning
    codes that say, at such a line, that the reading there was a choice (e.g. the plan's
    ``detail.reading_ambiguous``: several readings agree with the 총괄)."""
    errors = [f for f in findings if f.severity == Severity.ERROR]
    ambiguous_lines = {d.line for d in written.drifts if d.kind in ambiguous}
    drift_lines = {d.line for d in written.drifts}
    explained = [e for e in errors if error_lines(e) & ambiguous_lines]
    undecided = [f for f in findings if f.code in flags and f.line in ambiguous_lines]
    if not diffs and not errors:
        status = "exact"
    elif len(explained) == len(errors):
        # every error names a line an ambiguous drift touched (and there is one, or a flag
        # warning at such a line, if the reading differs)
        status = "flagged" if explained or undecided else "silent_wrong"
    elif not diffs:
        status = "false_error"  # read right, but an error the drift does not explain
    elif any(error_lines(e) & drift_lines for e in errors):
        status = "wrong_flagged"  # read wrong where the layout was readable; an error says so
    else:
        status = "silent_wrong"
    return Outcome(status, written.drifts, errors, diffs)


# --- document kinds -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocKind(Generic[T]):
    """One document kind of the drift test: its generator and its comparison.

    ``disabled`` (drift kind -> the failure it shows) is read at each call, so the kinds
    left out follow the module's ``DISABLED``. ``own_kinds`` are the kinds its writer can
    apply (a run asserts each was exercised); ``companions`` the kinds a kind needs to show
    at all when run alone (``repeat_typo`` needs a page break)."""

    name: str
    all_kinds: tuple[str, ...]
    disabled: Mapping[str, str]
    own_kinds: tuple[str, ...]
    companions: Mapping[str, tuple[str, ...]]
    variant: Callable[[int, tuple[str, ...]], tuple[T, Written]]
    judge: Callable[[T, Written], Outcome]
    year: Callable[[T], int]
    counts: Callable[[T], dict[str, int]]

    def default_kinds(self) -> tuple[str, ...]:
        """The drift kinds the property test runs by default."""
        return tuple(k for k in self.all_kinds if k not in self.disabled)

    def enabled_kinds(self, spec: str | None = None) -> tuple[str, ...]:
        """The kinds named by ``spec`` (default: the ``DRIFT_KINDS`` environment variable):
        "all", a comma list, or empty for :meth:`default_kinds`."""
        spec = os.environ.get("DRIFT_KINDS", "") if spec is None else spec
        spec = spec.strip()
        if not spec:
            return self.default_kinds()
        if spec == "all":
            return self.all_kinds
        kinds = tuple(k.strip() for k in spec.split(",") if k.strip())
        unknown = [k for k in kinds if k not in self.all_kinds]
        if unknown:
            raise ValueError(f"unknown drift kinds: {', '.join(unknown)}")
        return kinds

    def alone(self, kind: str) -> tuple[str, ...]:
        """``kind`` with the kinds it needs to show when run alone."""
        return (*self.companions.get(kind, ()), kind)

    def run(self, seed: int, kinds: tuple[str, ...]) -> tuple[T, Written, Outcome]:
        """Variant ``seed`` with ``kinds``: the truth, the text and how it was read."""
        truth, written = self.variant(seed, kinds)
        return truth, written, self.judge(truth, written)


def doc_kinds() -> dict[str, DocKind[Any]]:
    """Every document kind the drift test knows, by name."""
    # imported here: those modules build on this one
    from seonggwa.importers import drift, drift_bsc

    return {k.name: k for k in (drift.PLAN, drift.REPORT, drift_bsc.BSC)}
