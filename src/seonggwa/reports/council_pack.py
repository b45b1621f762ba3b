"""The council answer pack (서면질문 답변서, seed 003 lines 1–75, 695–715): one document with
the cover letter (수신, 제목, the 붙임 list), each item's answer, the author block (담당
부서/담당자) and then the attached tables, each built by its own report builder
(:mod:`.modules` for the registers of a year, :func:`.build.report_build` for the plan
kinds) and concatenated into one :class:`~.model.Report` that the existing writers (HWPX,
PDF) write as they write any report."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from seonggwa.council.catalogue import ATTACHABLE, AttachableKind, attachable
from seonggwa.council.models import AnswerAttachment, WrittenQuestion
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Plan

from .build import report_build
from .errors import ReportError
from .model import Column, Report, Row, RowKind, Table, TableCell, one_row_header
from .modules import module_report_build
from .selectors import report_plan_find

__all__ = ["AvailableKind", "attachment_report", "available_kinds", "council_pack"]


@dataclass(frozen=True, slots=True)
class AvailableKind:
    """A table the organisation's live data can give for a year (``plan``: built from it)."""

    spec: AttachableKind
    year: int
    plan: Plan | None = None

    @property
    def value(self) -> str:
        return f"{self.spec.key}:{self.year}:{self.plan.pk if self.plan else ''}"


def _module_years(organisation: Organisation) -> dict[str, set[int]]:
    from seonggwa.consignment.models import EvaluationYear
    from seonggwa.reviews.models import Review
    from seonggwa.risks.models import RiskMonth

    return {
        "consignment": set(
            EvaluationYear.objects.filter(organisation=organisation).values_list("year", flat=True)
        ),
        "reviews": set(
            Review.objects.filter(organisation=organisation).values_list("year", flat=True)
        ),
        "risks": set(
            RiskMonth.objects.filter(organisation=organisation, issues__isnull=False).values_list(
                "year", flat=True
            )
        ),
    }


def available_kinds(
    organisation: Organisation, years: set[int] | None = None
) -> list[AvailableKind]:
    """Every attachable table the organisation has data for (four queries), newest year
    first within each kind; ``years`` restricts them."""
    module_years = _module_years(organisation)
    plans = list(Plan.objects.filter(organisation=organisation).order_by("-year", "kind", "pk"))
    found: list[AvailableKind] = []
    for spec in ATTACHABLE:
        if not spec.plan_kinds:
            found.extend(
                AvailableKind(spec, y)
                for y in sorted(module_years.get(spec.key, ()), reverse=True)
                if years is None or y in years
            )
            continue
        seen: set[int] = set()
        for plan in plans:  # the first of the kind's plan kinds of each year
            if plan.kind not in spec.plan_kinds or (years is not None and plan.year not in years):
                continue
            if plan.year in seen:
                continue
            preferred = min(
                (p for p in plans if p.year == plan.year and p.kind in spec.plan_kinds),
                key=lambda p: spec.plan_kinds.index(p.kind),
            )
            seen.add(plan.year)
            found.append(AvailableKind(spec, plan.year, preferred))
    return found


def attachment_report(attachment: AnswerAttachment, organisation: Organisation) -> Report:
    """The report an attachment names, as the office reads it (no findings appendix: the
    pack goes out of the organisation)."""
    spec = attachable(attachment.kind)
    if spec is None:
        raise ReportError(f"첨부할 수 없는 보고서 종류 '{attachment.kind}'.")
    if not spec.plan_kinds:
        report = module_report_build(organisation, attachment.year, attachment.kind)
    else:
        plan = attachment.plan or report_plan_find(
            organisation=organisation, year=attachment.year, plan_kinds=spec.plan_kinds
        )
        if plan is None:
            raise ReportError(
                f"{organisation.name} {attachment.year}년에 '{spec.name}'을(를) 만들 계획이 없습니다."
            )
        report = report_build(plan, attachment.kind)
    report.tables = [t for t in report.tables if t.key != "findings"]
    for table in report.tables:
        for index in reversed([i for i, c in enumerate(table.columns) if c.internal]):
            table.drop_column(index)
    return report


def _text(value: str) -> TableCell:
    return TableCell(value, value)


def _table(key: str, title: str, columns: list[Column], rows: list[list[str]]) -> Table:
    return Table(
        key=key,
        title=title,
        unit_line="",
        columns=columns,
        header_rows=one_row_header(columns),
        rows=[Row([_text(v) for v in r]) for r in rows],
    )


def council_pack(question: WrittenQuestion) -> Report:
    """The whole pack of ``question`` (its items and attachments prefetched or not)."""
    organisation = question.organisation
    items = list(question.items.order_by("number", "sub_label"))
    numbered: list[tuple[int, AnswerAttachment]] = []
    for item in items:
        for attachment in item.attachments.select_related("plan").order_by("order", "pk"):
            numbered.append((len(numbered) + 1, attachment))
    by_item: dict[int, list[tuple[int, AnswerAttachment]]] = {}
    for n, attachment in numbered:
        by_item.setdefault(attachment.item_id, []).append((n, attachment))

    member = f"{question.member} 의원" + (f"({question.committee})" if question.committee else "")
    attached = [f"{a.label} {n}. {a.title} ({a.year}년) 1부" for n, a in numbered]
    cover = _table(
        "council_cover",
        "서면질문 답변서",
        [Column("field", "구분", width=14), Column("text", "내용", width=90)],
        [
            ["수신", member],
            ["질문대상자", question.addressee or organisation.name],
            ["제목", f"{question.title} 서면질문 답변서 제출"],
            *(
                ["붙임" if i == 0 else "", line + (". 끝." if i == len(attached) - 1 else "")]
                for i, line in enumerate(attached)
            ),
            *([] if attached else [["붙임", "없음. 끝."]]),
        ],
    )
    cover.heading = f"{organisation.name}"
    with_subs = {i.number for i in items if i.sub_label}
    answer_rows: list[Row] = []
    for item in items:
        refs = [f"{a.label} {n}. {a.title}" for n, a in by_item.get(item.pk, [])]
        if not item.sub_label and item.number in with_subs and not item.answer and not refs:
            # a numbered item whose sub-items carry the answers: its heading as a group line
            heading = f"{item.number}. {item.text}" + (" (답변서 직송)" if item.direct else "")
            answer_rows.append(Row([_text(heading), _text(""), _text("")], RowKind.GROUP))
            continue
        label = item.label + (" (답변서 직송)" if item.direct else "")
        answer = item.answer or "(답변 작성 중)"
        if refs:
            answer += "\n\n" + "\n".join(refs)
        answer_rows.append(Row([_text(label), _text(item.text), _text(answer)]))
    answers = _table(
        "council_answers",
        "질문별 답변",
        [
            Column("item", "번호", width=12),
            Column("question", "질문내용", width=40),
            Column("answer", "답변", width=70),
        ],
        [],
    )
    answers.rows = answer_rows
    people = [line.strip() for line in question.author_names.splitlines() if line.strip()]
    phone = f"☎{question.author_phone.lstrip('☎')}" if question.author_phone else ""
    author_rows = []
    for i, line in enumerate(people or [""]):
        position, _, name = line.rpartition(" ")
        first = f"{organisation.name} ({question.author_unit})" if question.author_unit else ""
        author_rows.append([first if i == 0 else (phone if i == 1 else ""), position, name])
    if len(people) < 2 and phone:
        author_rows.append([phone, "", ""])
    author = _table(
        "council_author",
        "작성자",
        [
            Column("unit", "기관명 (부서명)", width=40),
            Column("position", "직위", width=20),
            Column("name", "성명", width=20),
        ],
        author_rows,
    )
    today = timezone.localdate()
    author.footnotes = [f"작성일 : {today.year}. {today.month}."]
    report = Report(
        kind="council",
        title=f"{question.title} 서면질문 답변",
        subtitle=f"{organisation.name} · {member}",
        organisation=organisation.name,
        year=question.year,
        tables=[cover, answers, author],
    )
    for n, attachment in numbered:
        try:
            part = attachment_report(attachment, organisation)
        except ReportError as exc:
            raise ReportError(f"{attachment.label} {n} ({attachment.title}): {exc}") from exc
        for i, table in enumerate(part.tables):
            table.key = f"att{n}_{table.key}"
            if i == 0:
                heading = f"{attachment.label} {n}. {attachment.title} — {part.title}"
                if part.stamp:  # which evaluation run the grades come from
                    heading += f"\n{part.stamp}"
                table.heading = f"{heading}\n{table.heading}" if table.heading else heading
            report.tables.append(table)
    return report
