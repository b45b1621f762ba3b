"""The entry point of report building: :func:`report_build` reads what a report kind needs
(:mod:`seonggwa.reports.selectors`), lets the kind's builder (:mod:`seonggwa.reports.builders`,
named in :mod:`seonggwa.reports.kinds`) lay it out and appends the validation appendix;
:func:`plan_for_report` finds the plan a kind is built from."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.utils import timezone

from seonggwa.evaluation.models import EvaluationRun
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Plan

from .builders.explanations import explanations_table
from .builders.findings import findings_table
from .errors import ReportError
from .kinds import (
    REPORT_KIND_KEYS,
    ReportKind,
    public_may_read,
    report_kind_get,
    report_kinds_for,
)
from .model import Report
from .selectors import (
    RunNotReadable,
    plan_has_runs,
    report_plan_find,
    report_run,
    report_source,
)

__all__ = [
    "ReportError",
    "plan_for_report",
    "report_build",
    "report_for",
    "report_kinds_readable",
    "run_stamp",
]

RUN_STATUS = {"provisional": "잠정(미확정)", "final": "확정", "published": "공개"}
COMPUTED_STAMP = "평가 회차 없음: 승인된 실적으로 지금 계산한 참고용 결과(확정된 평가 결과 아님)"


def _kind(key: str) -> ReportKind:
    kind = report_kind_get(key)
    if kind is None:
        raise ReportError(f"알 수 없는 보고서 종류 '{key}' (가능: {', '.join(REPORT_KIND_KEYS)}).")
    return kind


def plan_for_report(organisation: Organisation, year: int, kind: str) -> Plan:
    """The plan a report kind is built from: the first of the kind's plan kinds
    (``ReportKind.built_from``) the organisation has for ``year``. A 성과보고서 uses the
    year's report plan when one was imported, otherwise the year's performance plan with
    its approved actuals."""
    preferences = _kind(kind).built_from
    plan = report_plan_find(organisation=organisation, year=year, plan_kinds=preferences)
    if plan is None:
        wanted = ", ".join(preferences)
        raise ReportError(
            f"{organisation.name} {year}년에 '{kind}' 보고서를 만들 계획이 없습니다 (필요한 계획 종류: {wanted})."
        )
    return plan


def run_stamp(run: EvaluationRun) -> str:
    """The line every document of a run carries: which run, its status, its publication."""
    published = (
        f"공개일 {timezone.localdate(run.published_at).isoformat()}"
        if run.published_at is not None
        else "미공개"
    )
    status = RUN_STATUS.get(run.status, run.status)
    return f"평가 결과: {run.period_key} 평가 제{run.number}회차 · {status} · {published}"


def report_build(
    plan: Plan,
    kind: str,
    *,
    unit: str | None = None,
    public: bool = False,
    run: EvaluationRun | None = None,
    explain: bool = False,
) -> Report:
    """Build one report of ``kind`` (a key of :data:`~seonggwa.reports.kinds.REPORT_KINDS`)
    from ``plan``; ``unit`` restricts the rows to one 실국 (shares stay relative to the
    whole plan). ``run``: the evaluation run whose stored results a graded kind shows
    (stamped on the document); without one a graded kind computes from the approved
    actuals. ``public``: for the public — only approved actuals of published periods, no
    findings appendix, no explanations unless ``explain``, and a graded kind only from a
    published run. ``explain``: append 부록. 산출 근거 (every computed figure's formula and
    inputs)."""
    spec = _kind(kind)
    graded_run = run if spec.uses_run else None
    if graded_run is not None and graded_run.plan_id != plan.pk:
        raise ReportError(f"평가 회차 {graded_run.pk}은(는) 이 계획의 회차가 아닙니다.")
    published = graded_run is not None and graded_run.status == EvaluationRun.Status.PUBLISHED
    if public and not spec.graded and not published:
        graded_run = None  # grades beside the printed figures: the public's from a published run
    if public and spec.graded and not published:
        raise ReportError(
            f"'{spec.name}'의 등급은 공개된 평가 결과로만 일반에 공개됩니다(평가 회차 공개 후)."
        )
    if not public_may_read(spec, public=public, published=published):
        raise ReportError(f"'{spec.name}'은(는) 일반에 공개되지 않습니다.")
    source = report_source(plan=plan, parts=spec.reads, public=public, run=graded_run)
    report = Report(
        kind=spec.key,
        title=spec.title.format(year=plan.year),
        subtitle=f"{source.organisation} · {plan.year}년",
        organisation=source.organisation,
        year=plan.year,
    )
    spec.build(report, source, unit=unit)
    if graded_run is not None:
        report.stamp = run_stamp(graded_run)
        report.run_number = graded_run.number
    elif spec.graded:
        report.stamp = COMPUTED_STAMP
    if public:
        _without_explanations(report, keep=explain)
    if explain and (appendix := explanations_table(report)) is not None:
        report.tables.append(appendix)
    if not public:
        report.tables.append(findings_table(source.findings))
    return report


def report_for(
    plan: Plan,
    kind: str,
    *,
    user: Any,
    public: bool,
    run: int | None = None,
    unit: str | None = None,
    explain: bool | None = None,
) -> Report:
    """A report of ``plan`` as ``user`` may read it (the web pages and downloads): a graded
    kind reads the run :func:`~.selectors.report_run` gives the user (the office: the newest
    run or ``run``; everyone else: the newest published run); while the plan has no run of
    its year, the organisation's own people get the figures computed from approved actuals
    and the public gets none. ``explain`` None: on for a signed-in reader's graded document,
    off otherwise. A ReportError when there is nothing the user may read."""
    spec = _kind(kind)
    chosen = None
    if spec.uses_run or run is not None:
        try:
            chosen = report_run(plan, user, run)
        except RunNotReadable as exc:
            raise ReportError(f"평가 회차 {run}을(를) 읽을 수 없습니다.") from exc
        if spec.graded and chosen is None and not public and plan_has_runs(plan):
            raise ReportError("공개된 평가 결과가 아직 없습니다.")
    if explain is None:
        explain = spec.graded and not public
    return report_build(plan, kind, unit=unit, public=public, run=chosen, explain=explain)


def _without_explanations(report: Report, *, keep: bool = False) -> None:
    """The public reads the figures as printed: the workflow's statuses stay for signed-in
    users, and so does how each figure was computed (the rules, their versions, the
    inputs) unless the reader asked for the explanations (``keep``)."""
    for table in report.tables:
        for index in reversed([i for i, c in enumerate(table.columns) if c.internal]):
            table.drop_column(index)
        if keep:
            continue
        for row in table.rows:
            row.cells = [replace(cell, explanation="") for cell in row.cells]


def report_kinds_readable(
    plan: Plan, user: Any, *, public: bool, published: bool
) -> list[ReportKind]:
    """The report kinds the plan page offers ``user``: a graded kind only when there is a
    run the user may read (``published``: the plan has a published run), or, for the
    organisation's own people, while the plan has no run at all (computed figures)."""
    from seonggwa.policy import can_run_evaluation

    kinds = report_kinds_for(plan.kind, public=public, published=published)
    if public or published or can_run_evaluation(user, plan) or not plan_has_runs(plan):
        return kinds
    return [k for k in kinds if not k.graded]
