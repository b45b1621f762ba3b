"""core.bulk: COPY on PostgreSQL, bulk_create elsewhere — the same rows either way."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from seonggwa.core.bulk import bulk_insert, bulk_insert_rows, copy_text
from seonggwa.organisations.models import Organisation
from seonggwa.results.models import IndicatorValue

AWKWARD = "탭\there, 줄\nbreak, back\\slash, \\N, 캐리지\r리턴"


def test_copy_text_escapes_what_ends_a_value_or_a_row():
    text = copy_text(
        [[AWKWARD, None, True, 3, Decimal("1.50"), {"a": "\t"}, datetime.date(2025, 1, 2)]],
        [False, False, False, False, False, True, False],
    )
    assert text == (
        "탭\\there, 줄\\nbreak, back\\\\slash, \\\\N, 캐리지\\r리턴\t\\N\tt\t3\t1.50\t"
        '{"a": "\\\\t"}\t2025-01-02\n'
    )
    with pytest.raises(ValueError):
        copy_text([[1, 2]], [False])


@pytest.mark.django_db
def test_bulk_insert_gives_ids_and_keeps_every_character():
    made = bulk_insert(
        Organisation,
        [Organisation(name=f"{AWKWARD} {n}", kind="basic", peer_group="기초 시") for n in range(3)],
        with_ids=True,
    )
    assert all(o.pk is not None for o in made)
    stored = {o.pk: o for o in Organisation.objects.filter(pk__in=[o.pk for o in made])}
    assert [stored[o.pk].name for o in made] == [f"{AWKWARD} {n}" for n in range(3)]
    assert all(stored[o.pk].created_at is not None for o in made)


@pytest.mark.django_db
def test_bulk_insert_rows_fills_defaults_and_json(sample):
    from seonggwa.plans.models import Indicator

    indicator = Indicator.objects.filter(plan__organisation=sample).first()
    assert indicator is not None
    before = IndicatorValue.objects.filter(indicator=indicator).count()
    bulk_insert_rows(
        IndicatorValue,
        [
            {
                "indicator_id": indicator.pk,
                "kind": "target",
                "year": 2040 + n,
                "raw_text": f"1,23{n}",
                "value": Decimal(f"123{n}"),
                "parts": [{"name": "a", "value": "\t"}],
            }
            for n in range(2)
        ],
    )
    rows = IndicatorValue.objects.filter(indicator=indicator, year__gte=2040).order_by("year")
    assert IndicatorValue.objects.filter(indicator=indicator).count() == before + 2
    assert [(r.raw_text, r.value, r.parts, r.quarter, r.month) for r in rows] == [
        ("1,230", Decimal("1230"), [{"name": "a", "value": "\t"}], 0, 0),
        ("1,231", Decimal("1231"), [{"name": "a", "value": "\t"}], 0, 0),
    ]
    assert all(r.created_at is not None and r.status for r in rows)
