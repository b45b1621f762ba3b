"""The table of report kinds — the one place that knows, for each kind, its key, its names
(Korean short name, document title and CLI summary; the translated label of the web
pages), which plans offer it and which it is built from, what it reads and its builder.

The dispatcher (:mod:`seonggwa.reports.build`), the web pages (the plan page's report links,
the report page's title, which kinds a plan answers) and the CLI (``seonggwa report
--kind``) all read :data:`REPORT_KINDS`. Importable before Django is set up (the CLI builds
its parser first): neither this module nor the builders import models at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .model import Report
    from .selectors import ReportSource, SourcePart


class Builder(Protocol):
    """Fills ``report`` (tables, charts, legend) from ``source``; ``unit`` keeps one unit."""

    def __call__(self, report: Report, source: ReportSource, *, unit: str | None) -> None: ...


@dataclass(frozen=True, slots=True)
class ReportKind:
    key: str  # --kind, URLs, file names
    name: str  # short Korean name (CLI help)
    title: str  # the document's title; {year} is the plan's year
    summary: str  # what the document holds, in Korean (CLI help)
    label: str | Promise  # translated UI label (page chrome: links, titles, breadcrumbs)
    offered_for: tuple[str, ...]  # plan kinds (Plan.Kind values) whose page offers it
    built_from: tuple[str, ...]  # plan kinds it can be built from, preferred first
    reads: frozenset[SourcePart]  # what it reads besides the plan tree and the findings
    # "module:function" in seonggwa.reports.builders, imported when first used (a command
    # parses its arguments, and builds one kind, without importing every kind's builder)
    builder: str
    # shows grades or scores: read from an evaluation run's stored results; the public gets
    # these only from a published run, never computed on the fly (docs/reports.md)
    graded: bool = False
    # shows figures as printed and, beside them, figures computed from an evaluation run's
    # stored grades when there is a run the reader may read (the office: the newest or the
    # one asked for; the public: a published one); without one, the printed figures alone
    reads_run: bool = False

    @property
    def uses_run(self) -> bool:
        """Whether the document reads an evaluation run (graded, or beside the printed)."""
        return self.graded or self.reads_run

    @property
    def build(self) -> Builder:
        """The builder function (:class:`Builder`)."""
        module, _colon, name = self.builder.partition(":")
        build: Builder = getattr(import_module(f"seonggwa.reports.builders.{module}"), name)
        return build


REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind(
        key="plan",
        name="성과계획서",
        title="3. 성과계획 총괄표",
        summary="성과계획서 총괄·자원비중",
        label=_("performance plan summary"),
        offered_for=("plan",),
        built_from=("plan",),
        reads=frozenset({"programs", "declared"}),
        builder="plan:build_plan",
    ),
    ReportKind(
        key="report",
        graded=True,
        name="성과보고서",
        title="{year}년 성과보고서 총괄표",
        summary="성과보고서 총괄·재원비중과 달성 표시",
        label=_("performance report summary"),
        offered_for=("plan", "report"),
        # the year's imported 성과보고서, otherwise its 성과계획서 with the approved actuals
        built_from=("report", "plan"),
        reads=frozenset({"programs", "declared", "changes"}),
        builder="report:build_report",
    ),
    ReportKind(
        key="bsc",
        name="BSC",
        title="{year}년 균형성과계획(BSC)",
        summary="균형성과계획 시트",
        label=_("balanced scorecard plan (BSC)"),
        offered_for=("bsc",),
        built_from=("bsc",),
        reads=frozenset(),
        builder="bsc:build_bsc",
    ),
    ReportKind(
        key="indicator-cards",
        graded=True,
        name="지표 카드",
        title="{year}년 성과지표 카드",
        summary="지표별 카드",
        label=_("indicator cards"),
        offered_for=("plan", "bsc", "report"),
        built_from=("plan", "report", "bsc"),
        reads=frozenset({"evidence"}),
        builder="indicator_cards:build_indicator_cards",
    ),
    ReportKind(
        key="result",
        graded=True,
        name="평가 결과",
        title="{year}년 부서별 성과평가 결과",
        summary="부서별 평가 결과",
        label=_("results by department"),
        offered_for=("plan", "bsc", "report"),
        built_from=("bsc", "plan", "report"),
        reads=frozenset(),
        builder="result:build_result",
    ),
    ReportKind(
        key="sustainability",
        name="지속가능성 평가",
        title="{year}년 지속가능성 평가 결과",
        summary="지속가능발전지표 달성도·이행계획 성과지표 달성 현황",
        label=_("sustainability evaluation"),
        offered_for=("sust",),
        built_from=("sust",),
        reads=frozenset({"sustainability"}),
        builder="sustainability:build_sustainability",
        reads_run=True,
    ),
    ReportKind(
        key="joint-evaluation",
        name="합동평가",
        title="{year}년 지방자치단체 합동평가 결과",
        summary="국정목표별 지표·시·도별 목표달성도(시부·도부)·결과 표",
        label=_("joint evaluation"),
        offered_for=("joint",),
        built_from=("joint",),
        reads=frozenset({"joint"}),
        builder="joint:build_joint",
    ),
    ReportKind(
        key="projects",
        name="주요 역점사업",
        title="{year}년 주요 역점사업 정기평가",
        summary="역점사업·세부사업별 사업기간·총사업비·편성액(백만원)·공정률 계획/실행과 R18 점검",
        label=_("major projects"),
        offered_for=("projects",),
        built_from=("projects",),
        reads=frozenset({"projects"}),
        builder="projects:build_projects",
    ),
)

#: The keys, in the table's order.
REPORT_KIND_KEYS: tuple[str, ...] = tuple(k.key for k in REPORT_KINDS)

_BY_KEY = {k.key: k for k in REPORT_KINDS}


def report_kind_get(key: str) -> ReportKind | None:
    """The report kind ``key`` names, or ``None``."""
    return _BY_KEY.get(key)


def report_kinds_for(
    plan_kind: str, *, public: bool = False, published: bool = False
) -> list[ReportKind]:
    """The report kinds a plan of ``plan_kind`` offers on its page, in the table's order;
    ``public``: those the public may read (:func:`public_may_read`), ``published``: the
    plan has a published evaluation run."""
    return [
        k
        for k in REPORT_KINDS
        if plan_kind in k.offered_for and public_may_read(k, public=public, published=published)
    ]


def public_may_read(spec: ReportKind, *, public: bool, published: bool = False) -> bool:
    """Whether a reader (``public``: outside the organisation) may read ``spec``: grades
    reach the public only from a published evaluation run (``published``), never computed
    for them."""
    return not (public and spec.graded and not published)
