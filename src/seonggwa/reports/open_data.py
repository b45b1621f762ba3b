"""Open data (docs/portal.md): every published table as a dataset with a stable key, built
as a report-model :class:`~seonggwa.reports.model.Table` from the public reads
(:mod:`seonggwa.reports.public_selectors`) and written by the report writers (CSV with BOM,
xlsx with formula injection neutralised) or as JSON (:func:`table_json`).

Rendered files are kept in the figures cache (``core.readcache``: shared by the processes of a
machine or by every machine) under :func:`publication_fingerprint`, so a file is made once per
state of what the public reads, not once per process; after a publication a background job
(:func:`render_all`, ``reports.tasks.render_open_data``) makes every dataset's whole file in
every format, so the first visitor after a publication does not wait for a big file.

Each dataset's columns carry their meaning and unit: the data dictionary page reads them.
The CSV header is the Korean label and the JSON key the column key; both are fixed, so a
program that reads a dataset keeps working whatever the page language.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seonggwa.core.readcache import figures_cache, state_key
from seonggwa.evaluation.models import EvaluationRun
from seonggwa.organisations.models import Organisation
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.results.models import IndicatorValue

from . import public_selectors as ps
from .model import CellKind, Column, HeaderCell, Report, Row, Table, TableCell


@dataclass(frozen=True)
class Field:
    key: str  # the JSON key
    label: str  # the CSV header (Korean, fixed)
    meaning: str | Promise
    unit: str | Promise = ""
    kind: CellKind = CellKind.TEXT


@dataclass(frozen=True)
class Filters:
    organisation: int | None = None
    year: int | None = None
    q: str = ""


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str | Promise
    description: str | Promise
    fields: tuple[Field, ...]
    rows: Callable[[Filters], Iterable[list[Any]]]
    updated: Callable[[], datetime.datetime | None]


def _text(v: Any) -> TableCell:
    return TableCell(value=None if v is None else str(v), text="" if v is None else str(v))


def _cell(f: Field, v: Any) -> TableCell:
    if f.kind is CellKind.TEXT or v is None:
        return _text(v)
    if isinstance(v, Decimal):
        v = v.normalize()
        places = max(0, -int(v.as_tuple().exponent))
        return TableCell(value=v, text=format(v, "f"), kind=CellKind.DECIMAL, places=places)
    return TableCell(value=int(v), text=str(int(v)), kind=CellKind.INT)


# --- the datasets ----------------------------------------------------------------------------


def _organisation_rows(f: Filters) -> Iterable[list[Any]]:
    for o in ps.public_organisation_list(q=f.q):
        if f.organisation is None or o.pk == f.organisation:
            yield [
                o.pk,
                o.name,
                o.get_kind_display(),
                o.peer_group,
                o.public_plan_count,  # type: ignore[attr-defined]  # annotated
                o.latest_year,  # type: ignore[attr-defined]
            ]


def _plan_rows(f: Filters) -> Iterable[list[Any]]:
    for p in ps.public_plan_list(organisation_id=f.organisation):
        if f.year is None or p.year == f.year:
            yield [
                p.pk,
                p.organisation_id,
                p.organisation.name,
                p.year,
                p.get_kind_display(),
                p.get_status_display(),
                p.title,
            ]


def _indicator_rows(f: Filters) -> Iterable[list[Any]]:
    direction = {k: str(label) for k, label in Indicator.Direction.choices}
    rows = ps.public_indicator_list(organisation_id=f.organisation, year=f.year, q=f.q)
    for row in rows.values_list(
        "pk",
        "plan_id",
        "plan__organisation__name",
        "plan__year",
        "owner__unit__name",
        "strategic_goal__name",
        "code",
        "name",
        "unit_of_measure",
        "weight",
        "direction",
        "previous_id",
    ).iterator(chunk_size=5000):
        values: list[Any] = list(row)
        values[10] = direction.get(str(values[10]), values[10])
        yield values


def _value_rows(f: Filters) -> Iterable[list[Any]]:
    kind = {k: str(label) for k, label in IndicatorValue.Kind.choices}
    for v in ps.public_value_rows(organisation_id=f.organisation, year=f.year):
        yield [
            v.indicator_id,
            v.plan_id,
            v.organisation,
            v.indicator,
            kind.get(v.kind, v.kind),
            v.year,
            v.quarter or None,
            v.month or None,
            v.value,
            v.raw_text,
            v.unit_of_measure,
        ]


def _result_rows(f: Filters) -> Iterable[list[Any]]:
    runs = ps.published_run_list(organisation_id=f.organisation, year=f.year)
    by_pk = {r.pk: r for r in runs}
    for r in ps.published_result_list(runs=runs):
        run = by_pk[r.run_id]
        yield [
            run.plan_id,
            run.plan.organisation.name,
            run.period_key,
            run.number,
            run.published_at.date().isoformat() if run.published_at else None,
            r.indicator_id,
            r.indicator_name,
            r.unit_name,
            r.weight,
            r.target_raw,
            r.actual_raw,
            r.achievement,
            r.grade_mark,
            r.score,
        ]


def _latest(*values: datetime.datetime | None) -> datetime.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _newest(qs: Any, field: str) -> datetime.datetime | None:
    newest: datetime.datetime | None = qs.aggregate(m=Max(field))["m"]
    return newest


def _plans_updated() -> datetime.datetime | None:
    return _newest(ps.public_plans(), "updated_at")


def _organisations_updated() -> datetime.datetime | None:
    orgs = Organisation.objects.filter(pk__in=ps.public_plans().values("organisation_id"))
    return _latest(_newest(orgs, "updated_at"), _plans_updated())


def _indicators_updated() -> datetime.datetime | None:
    inds = Indicator.objects.filter(plan__in=ps.public_plans().values("pk"))
    return _newest(inds, "updated_at")


def _values_updated() -> datetime.datetime | None:
    # targets and baselines when they change; actuals when their period is published
    # (a published period is locked: its actuals do not change while it stays published)
    plans = ps.public_plans().values("pk")
    planned = _newest(
        IndicatorValue.objects.filter(
            indicator__plan__in=plans,
            kind__in=[IndicatorValue.Kind.TARGET, IndicatorValue.Kind.BASELINE],
        ),
        "updated_at",
    )
    published = _newest(Period.objects.filter(plan__in=plans, published=True), "published_at")
    return _latest(planned, published)


def _results_updated() -> datetime.datetime | None:
    runs = EvaluationRun.objects.filter(
        status=EvaluationRun.Status.PUBLISHED, plan__in=ps.public_plans().values("pk")
    )
    return _newest(runs, "published_at")


INT, DEC = CellKind.INT, CellKind.DECIMAL

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "organisations",
        _("기관"),
        _("공개된 성과계획이 있는 기관과 그 계획 수"),
        (
            Field("organisation_id", "기관ID", _("기관 식별자"), kind=INT),
            Field("name", "기관명", _("기관 이름")),
            Field("kind", "기관유형", _("광역·기초 자치단체 또는 공공기관")),
            Field("peer_group", "비교그룹", _("합동평가의 비교 그룹(시부·도부)")),
            Field("public_plans", "공개계획수", _("공개된(확정·종료) 계획의 수"), _("개"), INT),
            Field("latest_year", "최근연도", _("공개된 계획의 가장 최근 연도"), _("년"), INT),
        ),
        _organisation_rows,
        _organisations_updated,
    ),
    Dataset(
        "plans",
        _("성과계획"),
        _("확정되었거나 종료된 성과계획(초안은 제외)"),
        (
            Field("plan_id", "계획ID", _("계획 식별자"), kind=INT),
            Field("organisation_id", "기관ID", _("기관 식별자(기관 자료의 기관ID)"), kind=INT),
            Field("organisation", "기관명", _("기관 이름")),
            Field("year", "연도", _("계획 연도"), _("년"), INT),
            Field("kind", "종류", _("성과계획서, 성과보고서 또는 BSC")),
            Field("status", "상태", _("확정(실적 수집 중) 또는 종료")),
            Field("title", "제목", _("계획 제목")),
        ),
        _plan_rows,
        _plans_updated,
    ),
    Dataset(
        "indicators",
        _("성과지표"),
        _("공개된 계획의 성과지표와 정의(담당 부서, 단위, 가중치, 방향)"),
        (
            Field("indicator_id", "지표ID", _("지표 식별자"), kind=INT),
            Field("plan_id", "계획ID", _("계획 식별자(성과계획 자료의 계획ID)"), kind=INT),
            Field("organisation", "기관명", _("기관 이름")),
            Field("year", "연도", _("계획 연도"), _("년"), INT),
            Field("unit", "부서", _("지표를 담당하는 실국·부서")),
            Field("strategic_goal", "전략목표", _("지표가 속한 전략목표(성과목표)")),
            Field("code", "지표코드", _("계획서에 인쇄된 지표 번호")),
            Field("name", "지표명", _("성과지표 이름")),
            Field("unit_of_measure", "측정단위", _("목표와 실적의 단위(%, 건, 명 등)")),
            Field("weight", "가중치", _("지표의 가중치"), _("%"), DEC),
            Field("direction", "방향", _("높을수록 좋음, 낮을수록 좋음 등")),
            Field(
                "previous_id", "전년도지표ID", _("전년도 계획의 같은 지표(연도 간 비교)"), kind=INT
            ),
        ),
        _indicator_rows,
        _indicators_updated,
    ),
    Dataset(
        "values",
        _("목표와 실적"),
        _("지표별 목표·기준값과 공개된 기간의 승인된 실적(연간·분기·월)"),
        (
            Field("indicator_id", "지표ID", _("지표 식별자(성과지표 자료의 지표ID)"), kind=INT),
            Field("plan_id", "계획ID", _("계획 식별자"), kind=INT),
            Field("organisation", "기관명", _("기관 이름")),
            Field("indicator", "지표명", _("성과지표 이름")),
            Field("kind", "구분", _("목표, 기준값 또는 실적")),
            Field("year", "연도", _("값의 연도"), _("년"), INT),
            Field("quarter", "분기", _("분기 값이면 1~4, 연간 값이면 빈칸"), _("분기"), INT),
            Field("month", "월", _("월 값이면 1~12, 연간 값이면 빈칸"), _("월"), INT),
            Field(
                "value",
                "값",
                _("숫자로 읽은 값(읽을 수 없으면 빈칸: 0과 다름)"),
                _("측정단위 열"),
                DEC,
            ),
            Field("raw_text", "원문", _("계획서·입력에 적힌 그대로의 값")),
            Field("unit_of_measure", "측정단위", _("값의 단위")),
        ),
        _value_rows,
        _values_updated,
    ),
    Dataset(
        "results",
        _("평가 결과"),
        _("공개된 평가 회차의 지표별 달성률·등급·점수(회차를 다시 공개하면 최신 회차)"),
        (
            Field("plan_id", "계획ID", _("계획 식별자"), kind=INT),
            Field("organisation", "기관명", _("기관 이름")),
            Field("period", "평가기간", _("평가한 기간(2025, 2025-Q1 등)")),
            Field("run_number", "회차", _("평가 회차 번호"), _("회"), INT),
            Field("published_on", "공개일", _("평가 결과를 공개한 날(YYYY-MM-DD)")),
            Field("indicator_id", "지표ID", _("지표 식별자"), kind=INT),
            Field("indicator", "지표명", _("평가할 때의 지표 이름")),
            Field("unit", "부서", _("평가할 때의 담당 부서")),
            Field("weight", "가중치", _("지표의 가중치"), _("%"), DEC),
            Field("target", "목표", _("평가에 쓴 목표(적힌 그대로)")),
            Field("actual", "실적", _("평가에 쓴 실적(적힌 그대로)")),
            Field("achievement", "달성률", _("목표 대비 달성률"), _("%"), DEC),
            Field("grade", "등급", _("평가 등급 표시")),
            Field("score", "점수", _("지표 점수"), _("점"), DEC),
        ),
        _result_rows,
        _results_updated,
    ),
)
DATASET_KEYS = tuple(d.key for d in DATASETS)
FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def dataset_get(key: str) -> Dataset | None:
    return next((d for d in DATASETS if d.key == key), None)


def dataset_table(dataset: Dataset, filters: Filters = Filters()) -> Table:
    """The dataset as a report table: one header row of the fixed Korean labels. Equal
    values share one cell (the writers only read cells): a dataset repeats its names."""
    columns = [Column(f.key, f.label, f.kind) for f in dataset.fields]
    made: dict[tuple[CellKind, type, Any], TableCell] = {}

    def cell(f: Field, v: Any) -> TableCell:
        key = (f.kind, type(v), v)
        found = made.get(key)
        if found is None:
            found = made[key] = _cell(f, v)
        return found

    return Table(
        key=dataset.key,
        title=str(dataset.title),
        unit_line="",
        columns=columns,
        header_rows=[[HeaderCell(f.label, i) for i, f in enumerate(dataset.fields)]],
        rows=[
            Row([cell(f, v) for f, v in zip(dataset.fields, values, strict=True)])
            for values in dataset.rows(filters)
        ],
    )


def table_json(table: Table, *, updated: datetime.datetime | None = None) -> bytes:
    """A table as JSON: its columns and one object per row keyed by column key; numbers
    as in the API (integers as numbers, decimals as strings, no data as null)."""

    def value(cell: TableCell) -> Any:
        if cell.value is None:
            return None
        if isinstance(cell.value, Decimal):
            return format(cell.value.normalize(), "f")
        return cell.value

    keys = [c.key for c in table.columns]
    body = {
        "dataset": table.key,
        "title": table.title,
        "updated": updated.isoformat() if updated else None,
        "columns": [{"key": c.key, "label": c.label} for c in table.columns],
        "rows": [{k: value(c) for k, c in zip(keys, row.cells, strict=True)} for row in table.rows],
    }
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def table_render(table: Table, fmt: str, *, updated: datetime.datetime | None = None) -> bytes:
    """``table`` as ``fmt`` (csv, xlsx, json) through the report writers."""
    if fmt == "csv":
        from .csv import table_csv

        return table_csv(table)
    if fmt == "xlsx":
        from .xlsx import report_xlsx

        stamp = f"최종 갱신 {updated.date().isoformat()}" if updated else ""
        report = Report(
            kind=table.key,
            title=table.title,
            subtitle="seonggwa 공개 자료",
            organisation="",
            year=0,
            tables=[table],
            stamp=stamp,
        )
        return report_xlsx(report, charts=False)
    if fmt == "json":
        return table_json(table, updated=updated)
    raise ValueError(fmt)


def dataset_file(dataset: Dataset, fmt: str, filters: Filters = Filters()) -> bytes:
    """The dataset as a ``fmt`` file: from the figures cache when this state of what the
    public reads was rendered before (by a visitor or by :func:`render_all`), else rendered
    and kept. Only the shared store: a whole dataset can be megabytes, too big to copy into
    every process's memory."""
    store = figures_cache()
    key = state_key("open-data", (dataset.key, fmt, filters, publication_fingerprint()))
    data = store.get(key)
    if data is None:
        data = table_render(dataset_table(dataset, filters), fmt, updated=dataset.updated())
        store.set(key, data)
    return data  # type: ignore[no-any-return]


def render_all(progress: Callable[[int, int, str], None] | None = None) -> int:
    """Every dataset's whole file (no filter) in every format into the cache; gives how many
    files were rendered (those already there for this state are left as they are)."""
    store = figures_cache()
    fingerprint = publication_fingerprint()
    todo = [(d, fmt) for d in DATASETS for fmt in FORMATS]
    made = 0
    for n, (dataset, fmt) in enumerate(todo, start=1):
        key = state_key("open-data", (dataset.key, fmt, Filters(), fingerprint))
        if store.get(key) is None:
            data = table_render(dataset_table(dataset), fmt, updated=dataset.updated())
            store.set(key, data)
            made += 1
        if progress is not None:
            progress(n, len(todo), f"{dataset.key}.{fmt}")
    return made


def render_after_publication(*, user: Any, organisation: Any = None) -> None:
    """Enqueue :func:`render_all` for when the current transaction commits (a job the worker
    runs, shown on the user's jobs page), so the files it makes read what was published."""
    from django.db import transaction

    from seonggwa.jobs.services import start_job

    from .tasks import render_open_data

    transaction.on_commit(
        lambda: start_job(
            render_open_data,
            kind="open-data",
            owner=user,
            organisation=organisation,
            label=str(_("공개 자료 파일 만들기")),
        )
    )


def publication_fingerprint() -> str:
    """Changes whenever anything the datasets read may have changed (a plan's status or
    edit, a period's publication, a run's publication, a target's edit): the cache key of
    the rendered files. It reads private rows too, but is only ever a cache key."""
    parts = [
        Plan.objects.aggregate(m=Max("updated_at"), n=Max("pk")),
        Period.objects.aggregate(m=Max("updated_at")),
        EvaluationRun.objects.aggregate(m=Max("updated_at")),
        Indicator.objects.aggregate(m=Max("updated_at")),
        IndicatorValue.objects.aggregate(m=Max("updated_at"), n=Max("pk")),
        Organisation.objects.aggregate(m=Max("updated_at")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
