from decimal import Decimal

import pytest

from seonggwa.engine.values import Qualifier, parse_number, parse_value

K = Qualifier


@pytest.mark.parametrize(
    ("raw", "kind", "number", "unit"),
    [
        ("28,604", K.ABSOLUTE, "28604", ""),
        ("163건", K.ABSOLUTE, "163", "건"),
        ("5%", K.ABSOLUTE, "5", "%"),
        ("0.35 %", K.ABSOLUTE, "0.35", "%"),
        ("1635", K.ABSOLUTE, "1635", ""),
        ("-98", K.ABSOLUTE, "-98", ""),
        ("△1,234,567", K.ABSOLUTE, "-1234567", ""),
        ("△20분", K.ABSOLUTE, "-20", "분"),
        ("6천만건", K.ABSOLUTE, "60000000", "건"),
        ("776만", K.ABSOLUTE, "7760000", ""),
        ("10만", K.ABSOLUTE, "100000", ""),
        ("^(100%)", K.ABSOLUTE, "100", "%"),
        ("↑11.7%p", K.ABSOLUTE, "11.7", "%p"),
        ("전년대비 5% 증가", K.RELATIVE_INCREASE, "5", "%"),
        ("전년 대비 5% 증가", K.RELATIVE_INCREASE, "5", "%"),
        ("전년대비 5%이상", K.RELATIVE_INCREASE, "5", "%"),
        ("1%이상 감축", K.RELATIVE_DECREASE, "1", "%"),
        ("기준점 +0.5", K.BASELINE_OFFSET, "0.5", ""),
        ("75점이상", K.THRESHOLD_MIN, "75", "점"),
        ("3건이하", K.THRESHOLD_MAX, "3", "건"),
        ("±7", K.BAND, "7", ""),
        ("설계완료 38.2", K.MILESTONE, "38.2", ""),
    ],
)
def test_parse_value_reads_numbers_kinds_and_units(raw, kind, number, unit):
    parsed = parse_value(raw)
    assert (parsed.kind, parsed.number, parsed.unit) == (kind, Decimal(number), unit)
    assert parsed.raw == raw


@pytest.mark.parametrize(
    ("raw", "parts"),
    [
        ("21(22)", [("a", "21", ""), ("b", "22", "")]),
        ("9.38 (9.07)", [("a", "9.38", ""), ("b", "9.07", "")]),
        ("11 (34개소)", [("a", "11", ""), ("b", "34", "개소")]),
        ("17.6 (2,221)", [("a", "17.6", ""), ("b", "2221", "")]),
        ("8,804 / 5,206", [("a", "8804", ""), ("b", "5206", "")]),
        ("137/22", [("a", "137", ""), ("b", "22", "")]),
        ("11.4 3,500", [("a", "11.4", ""), ("b", "3500", "")]),
        (
            "응대율 80 배차율 80 탑승률 80",
            [("응대율", "80", ""), ("배차율", "80", ""), ("탑승률", "80", "")],
        ),
        ("점검 24회 조치 85%", [("점검", "24", "회"), ("조치", "85", "%")]),
        ("- 5,809 - 1,134", [("a", "5809", ""), ("b", "1134", "")]),
    ],
)
def test_composite_values_keep_named_parts(raw, parts):
    parsed = parse_value(raw)
    assert parsed.kind is K.COMPOSITE
    assert parsed.number is None
    assert [(p.name, p.number, p.unit) for p in parsed.parts] == [
        (n, Decimal(v), u) for n, v, u in parts
    ]


@pytest.mark.parametrize(
    ("raw", "kind", "label"),
    [
        ("기준점", K.BASELINE, ""),
        ("-", K.NONE, ""),
        ("", K.NONE, ""),
        ("   ", K.NONE, ""),
        ("중", K.GRADE, "중"),
        ("중·상 (75점이상)", K.GRADE, "중·상"),
        ("◎", K.GRADE, "◎"),
        ("재계약 배제", K.GRADE, "재계약 배제"),
        ("공사착공", K.MILESTONE, "공사착공"),
        ("4개년 계획수립", K.MILESTONE, "4개년 계획수립"),
        ("이것은 알 수 없는 글", K.TEXT, ""),
    ],
)
def test_non_numeric_values_get_kind_and_label(raw, kind, label):
    parsed = parse_value(raw)
    assert parsed.kind is kind
    assert parsed.label == label


def test_threshold_pairs_become_composite_threshold_parts():
    parsed = parse_value("3건이하 5건이하")
    assert parsed.kind is K.COMPOSITE
    assert [(p.number, p.kind) for p in parsed.parts] == [
        (Decimal(3), K.THRESHOLD_MAX),
        (Decimal(5), K.THRESHOLD_MAX),
    ]


def test_number_with_text_note_keeps_the_note():
    parsed = parse_value("9.8% (18.12월 교체)")
    assert (parsed.kind, parsed.number, parsed.note) == (K.ABSOLUTE, Decimal("9.8"), "18.12월 교체")


def test_markup_is_stripped_before_parsing():
    assert parse_value("<p>163건</p>").number == Decimal(163)


def test_parse_number_returns_none_for_text():
    assert parse_number("미정") is None
    assert parse_number("△1,234") == Decimal(-1234)


def test_parse_value_never_raises_on_odd_input():
    for raw in ["((", "1,2,3,", "△", "±", "기준점 abc", "%%", "1..2", "\x00", None]:
        parsed = parse_value(raw)
        assert parsed.raw == ("" if raw is None else raw)


@pytest.mark.parametrize(
    "raw", ["0", "7", "87.5", "100.00", "1,234", "28,604.25", "1,000,000", "0.001", "003"]
)
def test_a_plain_figure_reads_as_the_grammar_reads_it(raw):
    """The shortcut for plain figures gives exactly what the full grammar gives."""
    from seonggwa.engine.values import _parse_grammar

    assert parse_value(raw) == _parse_grammar(raw)
    assert parse_value(raw).kind is Qualifier.ABSOLUTE
