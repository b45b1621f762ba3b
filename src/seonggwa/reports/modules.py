"""Report kinds of the evaluation registers that are not built from a plan (issue 11): the
year is the evaluation year and the builder reads the module's selector. ``seonggwa report
--kind consignment`` (or ``risks``) and the module pages dispatch here; the plan kinds are in
:mod:`seonggwa.reports.kinds`. Importable before Django is set up."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ReportError

if TYPE_CHECKING:
    from seonggwa.organisations.models import Organisation

    from .model import Report

__all__ = ["MODULE_KINDS", "ModuleKind", "module_report_build"]


@dataclass(frozen=True, slots=True)
class ModuleKind:
    key: str
    name: str  # short Korean name (CLI help)
    summary: str  # what the document holds (CLI help)
    build: Callable[[Organisation, int], Report]


def _consignment(organisation: Organisation, year: int) -> Report:
    from seonggwa.consignment.selectors import year_table

    from .builders.consignment import build_consignment

    table = year_table(organisation, year)
    if table is None:
        raise ReportError(
            f"{organisation.name} {year}년 민간위탁 종합성과평가가 없습니다. 먼저 가져오거나 입력하세요."
        )
    return build_consignment(table, organisation=organisation.name)


def _risks(organisation: Organisation, year: int) -> Report:
    from seonggwa.risks.selectors import year_months

    from .builders.risks import build_risks

    months = year_months(organisation, year)
    if not months:
        raise ReportError(
            f"{organisation.name} {year}년 시정 리스크 이슈가 없습니다. 먼저 가져오거나 입력하세요."
        )
    return build_risks(months, organisation=organisation.name, year=year)


def _reviews(organisation: Organisation, year: int) -> Report:
    from seonggwa.reviews.selectors import review_detail, reviews_of

    from .builders.reviews import build_reviews

    reviews = list(reviews_of(organisation).filter(year=year).order_by("number"))
    if not reviews:
        raise ReportError(
            f"{organisation.name} {year}년 수시평가가 없습니다. 먼저 가져오거나 입력하세요."
        )
    return build_reviews(
        [(r, review_detail(r)) for r in reviews], organisation=organisation.name, year=year
    )


MODULE_KINDS: dict[str, ModuleKind] = {
    "consignment": ModuleKind(
        key="consignment",
        name="민간위탁 종합성과평가",
        summary="민간위탁 사업별 종합성과평가 결과·재계약 배제·공개 목록",
        build=_consignment,
    ),
    "risks": ModuleKind(
        key="risks",
        name="시정 리스크 관리",
        summary="월별 리스크 이슈 리포트(주요내용·관련보도·리스크·요청사항·부서대응)",
        build=_risks,
    ),
    "reviews": ModuleKind(
        key="reviews",
        name="시정 주요사업 수시평가",
        summary="수시평가 목록·개요·차수별 점검결과와 검토의견·후속조치",
        build=_reviews,
    ),
}


def module_report_build(organisation: Organisation, year: int, kind: str) -> Report:
    spec = MODULE_KINDS.get(kind)
    if spec is None:
        raise ReportError(f"알 수 없는 보고서 종류 '{kind}'.")
    return spec.build(organisation, year)
