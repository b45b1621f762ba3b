"""Whole imports of mutated documents: each either lands completely or is refused with a
ServiceError and writes nothing. No other exception escapes, and no partial rows remain."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seonggwa.core.errors import ServiceError
from seonggwa.importers.load import document_import
from seonggwa.plans.models import Indicator, Plan
from seonggwa.results.models import IndicatorValue
from seonggwa.sources.models import DeclaredFigure, SourceDocument, StoredFinding

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
TEXTS = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
# keep each example small: the head of the plan, a few BSC sheets, the 2020 detail section
SAMPLES = {
    "000": "\n".join(TEXTS["000"].split("\n")[:120]),
    "001": "\n".join(TEXTS["001"].split("\n")[:110]),
    "003": "\n".join(TEXTS["003"].split("\n")[1112:1200]),
}


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Plan, Indicator, IndicatorValue, DeclaredFigure, StoredFinding, SourceDocument)
    )


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = SAMPLES[draw(st.sampled_from(sorted(SAMPLES)))].split("\n")
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "dup", "cut", "tabs", "noise", "swap"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "cut":
            lines[i] = lines[i][: draw(st.integers(0, max(len(lines[i]) - 1, 0)))]
        elif action == "tabs":
            lines[i] = lines[i].replace("\t", "\t\t", 1)
        elif action == "noise":
            lines[i] = draw(st.text(alphabet="가나다 0123456789,.-△◎○×()\t%", max_size=40))
        elif len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=mutated(), year=st.sampled_from([2009, 2020, 2022]))
def test_a_mutated_document_imports_whole_or_not_at_all(text: str, year: int) -> None:
    before = _counts()
    try:
        result = document_import(
            organisation_name="퍼즈시", year=year, path_or_text=text, replace=True
        )
    except ServiceError as exc:
        assert str(exc).strip()
        assert _counts() == before  # refused: nothing written
        return
    plan = result.plan
    assert plan.pk is not None
    doc = SourceDocument.objects.get(plan=plan)
    assert Indicator.objects.filter(plan=plan, source_document__isnull=True).count() == 0
    assert StoredFinding.objects.filter(plan=plan).exclude(source_document=doc).count() == 0
    plan.delete()


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", sorted(SAMPLES))
def test_the_unmutated_samples_import(prefix: str) -> None:
    result = document_import(
        organisation_name="퍼즈시", year=2020, path_or_text=SAMPLES[prefix].encode()
    )
    assert Indicator.objects.filter(plan=result.plan).count() > 5
