"""The entry point of report building: :func:`report_build` reads what a report kind needs
(:mod:`seonggwa.reports.selectors`), lets the kind's builder (:mod:`seonggwa.reports.builders`,
named in :mod:`seonggwa.reports.kinds`) lay it out and appends the validation appendix;
:func:`plan_for_report` finds the plan a kind is built from."""

from __future__ import annotations

from dataclasses import replace

from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Plan

from .builders.findings import findings_table
from .errors import ReportError
from .kinds import REPORT_KIND_KEYS, ReportKind, public_may_read, report_kind_get
from .model import Report
from .selectors import report_plan_find, report_source

__all__ = ["ReportError", "plan_for_report", "report_build"]


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


def report_build(plan: Plan, kind: str, *, unit: str | None = None, public: bool = False) -> Report:
    """Build one report of ``kind`` (a key of :data:`~seonggwa.reports.kinds.REPORT_KINDS`)
    from ``plan``; ``unit`` restricts the rows to one 실국 (shares stay relative to the
    whole plan). ``public``: for the public — only approved actuals of published periods,
    no findings appendix, and no graded kind (grades reach the public only from published
    evaluation runs)."""
    spec = _kind(kind)
    if not public_may_read(spec, public=public):
        raise ReportError(
            f"'{spec.name}'의 등급은 공개된 평가 결과로만 일반에 공개됩니다(평가 회차 공개 후)."
        )
    source = report_source(plan=plan, parts=spec.reads, public=public)
    report = Report(
        kind=spec.key,
        title=spec.title.format(year=plan.year),
        subtitle=f"{source.organisation} · {plan.year}년",
        organisation=source.organisation,
        year=plan.year,
    )
    spec.build(report, source, unit=unit)
    if public:
        _without_explanations(report)
    else:
        report.tables.append(findings_table(source.findings))
    return report


def _without_explanations(report: Report) -> None:
    """The public reads the figures as printed: how each was computed (the rules, their
    versions, the inputs) and the workflow's statuses stay for signed-in users."""
    for table in report.tables:
        for index in reversed([i for i, c in enumerate(table.columns) if c.internal]):
            table.drop_column(index)
        for row in table.rows:
            row.cells = [replace(cell, explanation="") for cell in row.cells]
