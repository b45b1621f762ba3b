"""Ambiguous page repeats reconciled with the document's own 총괄 (issue 13 item 3).

``plan_page_repeat.txt`` is a three-unit excerpt of seed 000's layout in which every unit
crosses a page: 대변인 repeats its goal and policy goal exactly, 시민소통기획관 repeats the
policy goal that ends page 1 at the top of page 2 (line 32) and then opens a new one, and
1인가구특별대책추진단 repeats its goal with a spacing difference and opens a new policy goal.
The variants edit one repeated text: a typo-level difference is read as a repeat (with a
warning) only when that makes the unit's counts agree with its 총괄 row; a clearly different
text is a new goal, and the count mismatch stays an error.
"""

from __future__ import annotations

from pathlib import Path

from seonggwa.engine.findings import Finding, Severity
from seonggwa.importers.plan import parse, validate
from seonggwa.importers.plan.validate import detail_counts

TEXT = (
    Path(__file__).resolve().parents[2] / "fixtures" / "plan" / "plan_page_repeat.txt"
).read_text(encoding="utf-8")
POLICY = "시민 누구나 미디어를 활용해 소통할 수 있는 능력 함양을 통한 미디어 복지 향상"
REPEAT = f"(시민소통기획관)\t{POLICY}\t미디어 교육 참여자 수"  # line 32, top of page 2


def _variant(old: str, new: str, text: str = TEXT) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _counts(text: str) -> dict[str, tuple[int, int, int]]:
    out = {}
    for owner in parse(text).owners:
        c = detail_counts(owner)
        out[owner.name] = (c.strategic_goals, c.policy_goals, c.indicators)
    return out


EXPECTED = {
    "대변인": (1, 1, 2),
    "시민소통기획관": (1, 3, 8),
    "1인가구특별대책추진단": (1, 2, 2),
}


def _by_code(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def test_the_excerpt_with_exact_repeats_reads_cleanly() -> None:
    assert _counts(TEXT) == EXPECTED
    assert validate(parse(TEXT)) == []


def test_typo_level_repeat_is_read_as_the_same_goal_with_a_warning() -> None:
    typo = "시민 누구나 미디어로 소통하는 능력 함양을 통한 미디어 복지 향상"
    text = _variant(REPEAT, REPEAT.replace(POLICY, typo))
    assert _counts(text) == EXPECTED
    findings = validate(parse(text))
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    (warning,) = _by_code(findings, "detail.read_as_repeat")
    assert warning.severity is Severity.WARNING
    assert warning.line == 32 and warning.unit == "시민소통기획관"
    assert "총괄표의 정책사업목표 수 3과(와) 맞도록" in warning.message
    assert f"'{typo}'을(를) 앞 목표 '{POLICY}'(28행)의 반복으로 읽었습니다" in warning.message
    assert "새 목표로 읽으면 정책사업목표 수가 4" in warning.message


def test_the_same_typo_stays_a_new_goal_when_the_summary_counts_it() -> None:
    typo = "시민 누구나 미디어로 소통하는 능력 함양을 통한 미디어 복지 향상"
    text = _variant(REPEAT, REPEAT.replace(POLICY, typo))
    text = _variant("시민소통기획관\t1\t3\t8\t13", "시민소통기획관\t1\t4\t8\t13", text)
    text = _variant("계\t3\t6\t12", "계\t3\t7\t12", text)
    assert _counts(text)["시민소통기획관"] == (1, 4, 8)
    findings = validate(parse(text))
    assert _by_code(findings, "detail.read_as_repeat") == []
    assert [f for f in findings if f.severity is Severity.ERROR] == []


def test_clearly_different_goal_is_kept_as_two_and_the_mismatch_stays_an_error() -> None:
    other = "시민 참여 글로벌 거버넌스를 통한 도시브랜드 확산"
    text = _variant(REPEAT, REPEAT.replace(POLICY, other))
    assert _counts(text)["시민소통기획관"] == (1, 4, 8)
    findings = validate(parse(text))
    assert _by_code(findings, "detail.read_as_repeat") == []
    (error,) = [f for f in findings if f.severity is Severity.ERROR]
    assert error.code == "detail.count_mismatch" and error.unit == "시민소통기획관"
    assert "정책사업목표 개수 3 → 세부표 4" in error.message


def test_exact_repeat_is_merged_silently_as_before() -> None:
    # an exact repeat at the top of a page is the layout, not an ambiguity: no finding
    findings = validate(parse(TEXT))
    assert _by_code(findings, "detail.read_as_repeat") == []
    assert _counts(TEXT)["시민소통기획관"] == (1, 3, 8)


def test_one_character_off_in_a_short_repeated_strategic_goal_is_reconciled() -> None:
    last = TEXT.rindex("시정 홍보 강화 (대변인)")
    text = TEXT[:last] + TEXT[last:].replace("시정 홍보 강화", "시정 홍보 강하", 1)
    assert _counts(text) == EXPECTED
    findings = validate(parse(text))
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    (warning,) = _by_code(findings, "detail.read_as_repeat")
    assert warning.unit == "대변인" and warning.severity is Severity.WARNING
    assert "총괄표의 전략목표 수 1과(와) 맞도록 '시정 홍보 강하'을(를)" in warning.message


def test_reordered_goals_of_seed_000_are_not_candidates() -> None:
    # alike by characters (Dice 0.6-0.84) but not in order: reworded, not a typo
    from seonggwa.importers.plan.parse import _slightly_differs

    assert not _slightly_differs(
        "공원이용객에게 수준 높은 서비스를 제공하여 만족도 향상",
        "수준 높은 서비스 제공으로 공원이용객 만족도 향상",
    )
    assert not _slightly_differs(
        "공원이용 서비스 향상", "수준 높은 서비스 제공으로 공원이용객 만족도 향상"
    )
    # two words differing by two characters stay a candidate: only the summary can tell
    assert _slightly_differs("재정운영의 건전성 제고", "재정운영의 효율성 제고")


# --- a policy goal split across pages (issue 13 item 3) ---------------------------------------

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "plan"
SPLIT = (FIXTURES / "plan_policy_split_page.txt").read_text(encoding="utf-8")
DROPPED = (FIXTURES / "plan_page_top_indicator_dropped.txt").read_text(encoding="utf-8")


def _shape(text: str) -> list[tuple[str, list[str]]]:
    (owner,) = parse(text).owners
    return [
        (p.name, [i.name for i in p.indicators])
        for g in owner.strategic_goals
        for p in g.policy_goals
    ]


def test_the_tail_of_a_policy_goal_alone_at_a_page_top_joins_it_when_the_summary_agrees() -> None:
    # "보육시설 참여 기반" ends page 1, "조성" alone in the policy column opens page 2 (line 22)
    assert _shape(SPLIT) == [
        (
            "보육시설 참여 기반 조성",
            ["보육시설 통합 발굴 건수", "보육시설 정기 점검 횟수", "보육시설 모바일 만족도"],
        )
    ]
    findings = validate(parse(SPLIT))
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    (warning,) = _by_code(findings, "detail.read_as_continued")
    assert warning.severity is Severity.WARNING and warning.line == 22
    assert warning.unit == "대변인"
    assert "'조성'" in warning.message and "'보육시설 참여 기반'(17행)" in warning.message


def test_the_tail_stays_an_indicator_and_the_mismatch_an_error_when_nothing_agrees() -> None:
    text = SPLIT.replace("\t1\t1\t3\t2\t", "\t1\t1\t5\t2\t")
    assert _shape(text)[0][1][-2:] == ["조성", "보육시설 모바일 만족도"]
    findings = validate(parse(text))
    assert _by_code(findings, "detail.read_as_continued") == []
    assert {f.code for f in findings if f.severity is Severity.ERROR} == {"detail.count_mismatch"}


def test_the_tail_with_its_indicator_at_a_page_top_joins_the_policy_goal() -> None:
    text = SPLIT.replace(
        "\t조성\t\t\t\n\t\t보육시설 모바일 만족도", "\t조성\t보육시설 모바일 만족도"
    )
    assert _shape(text) == _shape(SPLIT)
    findings = validate(parse(text))
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    (warning,) = _by_code(findings, "detail.read_as_continued")
    assert warning.line == 22


def test_an_indicator_with_its_leading_cell_dropped_at_a_page_top_stays_an_indicator() -> None:
    # the same layout as the split tail (`| 지표 | |`), but the summary counts it: the usual
    # reading agrees and stands, with no reconciliation warning
    assert _shape(DROPPED) == [
        (
            "보육시설 참여 기반 조성",
            [
                "보육시설 통합 발굴 건수",
                "보육시설 정기 점검 횟수",
                "보육시설 상담 처리 기간",
                "보육시설 모바일 만족도",
            ],
        )
    ]
    findings = validate(parse(DROPPED))
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert _by_code(findings, "detail.read_as_continued") == []


def test_a_page_top_text_is_joined_only_with_a_warning_when_only_that_agrees() -> None:
    # the layout cannot tell a dropped indicator from a split tail: when only joining fits
    # the 총괄, the text is joined, never silently
    text = DROPPED.replace("\t1\t1\t4\t2\t", "\t1\t1\t3\t2\t")
    findings = validate(parse(text))
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    (warning,) = _by_code(findings, "detail.read_as_continued")
    assert warning.line == 22 and "'보육시설 상담 처리 기간'" in warning.message


def test_a_policy_goal_repeated_at_a_page_top_is_not_a_tail() -> None:
    # the usual page repeat of the policy goal with its next indicator: no candidate
    text = SPLIT.replace(
        "\t조성\t\t\t\n\t\t보육시설 모바일 만족도", "\t보육시설 참여 기반\t보육시설 모바일 만족도"
    )
    assert _shape(text) == [
        (
            "보육시설 참여 기반",
            ["보육시설 통합 발굴 건수", "보육시설 정기 점검 횟수", "보육시설 모바일 만족도"],
        )
    ]
    codes = {f.code for f in validate(parse(text))}
    assert not codes & {"detail.read_as_continued", "detail.reading_ambiguous"}
    assert not [f for f in validate(parse(text)) if f.severity is Severity.ERROR]
