"""시정 주요사업 수시평가 결과 (report kind ``reviews``): a year's reviews in the layout of
`003:713-1112` — the list ``연번 | 년도 | 평가사업명 | 평가시기 | 대상실국`` (the year cell
"2020 (10)" on the first row), then one table per review headed by its numbered title: its
overview (▶ fields) first, then its findings (점검결과) and recommendations (검토의견) round
by round, and each recommendation's follow-up (status, owner, due date)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import CellKind, Column, Report, Row, RowKind, Table, one_row_header
from .cells import count, text

if TYPE_CHECKING:
    from seonggwa.reviews.models import Recommendation, Review, ReviewFinding, ReviewRound

PROJECT_LABELS = (
    ("추진기간", "period_raw"),
    ("추진방향", "direction"),
    ("주요내용", "content"),
    ("총사업비", "total_cost"),
)
INSPECTION_LABELS = (
    ("점검기간", "period_raw"),
    ("점검대상", "subject"),
    ("점검내용", "content"),
    ("점검방법", "approach"),
)

STATUS = {"open": "미착수", "in_progress": "진행 중", "done": "완료", "dropped": "중단"}


def list_table(reviews: Sequence[Review], year: int) -> Table:
    columns = [
        Column("number", "연번", CellKind.INT, 5),
        Column("year", "년도", CellKind.TEXT, 10),
        Column("topic", "평가사업명", CellKind.TEXT, 44),
        Column("timing", "평가시기", CellKind.TEXT, 10),
        Column("department", "대상실국", CellKind.TEXT, 16),
    ]
    out = Table(
        key="reviews",
        title="시정 주요사업 수시평가 결과",
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
    )
    for n, review in enumerate(reviews):
        out.rows.append(
            Row(
                [
                    count(review.number),
                    text(f"{year} ({len(reviews)})" if n == 0 else ""),
                    text(review.topic),
                    text(review.timing_raw or _month(review)),
                    text(review.department_label),
                ]
            )
        )
    if not reviews:
        out.footnotes.append(f"{year}년 수시평가가 없습니다.")
    return out


def _month(review: Review) -> str:
    start = review.timing_start
    return f"'{start.year % 100:02d}.{start.month}월" if start else "-"


def overview_lines(review: Review) -> list[str]:
    """The overview as the record prints it: its heading and ▶ fields."""
    labels = PROJECT_LABELS if review.method == "project" else INSPECTION_LABELS
    lines = [review.overview_title] if review.overview_title else []
    for label, attr in labels:
        value = str(getattr(review, attr) or "")
        if value:
            first, *rest = value.split("\n")
            lines.append(f"▶ {label} : {first}")
            lines.extend(f"  {r}" for r in rest)
    for label, value in review.other_fields:
        lines.append(f"▶ {label} : {value}".rstrip(" :"))
    return lines


def _item_text(item: ReviewFinding | Recommendation) -> str:
    head = f"<{item.heading}> " if item.heading else ""
    details = "".join(f"\n  - {d}" for d in item.details)
    return f"{head}{item.text}{details}"


def review_table(review: Review, rounds: Sequence[ReviewRound]) -> Table:
    columns = [
        Column("round", "차수", CellKind.TEXT, 6),
        Column("part", "구분", CellKind.TEXT, 9),
        Column("text", "내용", CellKind.TEXT, 70),
        Column("status", "후속조치", CellKind.TEXT, 10),
        Column("owner", "담당", CellKind.TEXT, 14),
        Column("due", "기한", CellKind.TEXT, 11),
    ]
    method = "사업검토" if review.method == "project" else "점검"
    out = Table(
        key=f"review_{review.number}",
        title=f"{review.number}. {review.topic}",
        unit_line=f"({method} · 대상실국 {review.department_label})",
        columns=columns,
        header_rows=one_row_header(columns),
        heading=review.record_title if review.record_title != review.topic else "",
    )
    # the overview comes first, as the record prints it above its findings
    for line in overview_lines(review):
        out.rows.append(Row([text(""), text("개요"), text(line)] + [text("")] * 3))
    several = len(rounds) > 1
    for rnd in rounds:
        label = f"{rnd.number}차" if several else ""
        if several and rnd.title:
            out.rows.append(
                Row(
                    [text(label), text(""), text(f"{label} 점검 : {rnd.title}")] + [text("")] * 3,
                    RowKind.GROUP,
                )
            )
        for f in rnd.findings.all():
            out.rows.append(
                Row([text(label), text("점검결과"), text(_item_text(f))] + [text("")] * 3)
            )
        for r in rnd.recommendations.all():
            follow = getattr(r, "followup", None)
            out.rows.append(
                Row(
                    [
                        text(label),
                        text("검토의견"),
                        text(_item_text(r)),
                        text(STATUS.get(follow.status, follow.status) if follow else "-"),
                        text(str(follow.owner_unit or follow.owner or "") if follow else ""),
                        text(follow.due_on.isoformat() if follow and follow.due_on else "-"),
                    ]
                )
            )
    return out


def build_reviews(
    reviews: Sequence[tuple[Review, Sequence[ReviewRound]]], *, organisation: str, year: int
) -> Report:
    """The year's ad-hoc review document: the list, then each review with its rounds."""
    report = Report(
        kind="reviews",
        title=f"{year}년 시정 주요사업 수시평가 결과",
        subtitle=f"{organisation} · {year}년",
        organisation=organisation,
        year=year,
    )
    report.tables = [list_table([r for r, _rounds in reviews], year)]
    report.tables += [review_table(r, rounds) for r, rounds in reviews]
    report.footnotes = [
        "검토의견마다 후속조치(담당, 기한, 상태: 미착수·진행 중·완료·중단)를 적었습니다."
    ]
    return report
