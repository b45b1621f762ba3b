"""The endpoints of ``/api/v1/``. Reads ask the policy what the caller may see
(``visible_plans``, ``can_view_plan``, ``can_see_unapproved``, ``can_read_run``) and the
selectors what is published (``published_periods``, ``value_is_public``,
``latest_published_run``); writes call the results services, which check the caller."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.renderers import JSONRenderer

from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.core.readcache import cached
from seonggwa.evaluation.models import EvaluationRun, IndicatorResult
from seonggwa.evaluation.read_state import plans_state, run_state
from seonggwa.evaluation.selectors import latest_published_run
from seonggwa.organisations.models import Organisation, OrgUnit
from seonggwa.plans.models import Indicator, Plan, StrategicGoal
from seonggwa.policy import can_read_run, can_see_unapproved, can_view_plan, visible_plans
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import published_periods, value_is_public
from seonggwa.results.services import actual_approve, actual_enter, actual_submit

from . import schemas as s
from .auth import FixedWindowThrottle, OptionalTokenAuth, TokenAuth, user_of


class Utf8Renderer(JSONRenderer):
    """JSON with Korean as it is (not \\uXXXX escapes)."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="seonggwa API",
    version="1",
    description=(
        "성과관리 시스템 API. 공개된 계획·지표·실적·평가결과는 누구나 읽고, 개인 API 토큰"
        "(`Authorization: Bearer sg_…`)으로는 그 사용자가 볼 수 있는 것을 읽고 실적을 "
        '입력·제출·승인합니다. 오류는 `{"error": {"code", "message"}}`로 답합니다.'
    ),
    urls_namespace="api-v1",
    auth=OptionalTokenAuth(),
    throttle=[FixedWindowThrottle()],
    docs_url=None,  # the reference page is ours: seonggwa.api.reference (accessible, KRDS)
    renderer=Utf8Renderer(),
)

ERRORS: dict[int | frozenset[int], Any] = {frozenset({401, 404, 422, 429}): s.Error}
WRITE_ERRORS: dict[int | frozenset[int], Any] = {frozenset({401, 403, 404, 409, 422, 429}): s.Error}
MAX_LIMIT = 500
MAX_ID = 2**63 - 1  # the database's largest id: beyond it a number is no row
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
# reads need no token (the public), or take one: OpenAPI's "no security, or this one"
PUBLIC: dict[str, Any] = {"security": [{}, {"OptionalTokenAuth": []}]}


# --- errors: one body for every refusal ------------------------------------------------------


def _error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message}}, status=status
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "not_found", gettext("찾는 자료가 없거나 공개되지 않았습니다."))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    parts = []
    for e in exc.errors[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()))
        parts.append(f"{where}: {e.get('msg', '')}")
    return _error(
        request,
        422,
        "invalid",
        gettext("요청 값을 확인하세요: %(details)s") % {"details": "; ".join(parts)},
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(
        request,
        401,
        "unauthenticated",
        gettext("API 토큰이 없거나 폐기되었습니다. 계정의 API 토큰 화면에서 새 토큰을 만드세요."),
    )


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _error(
        request,
        429,
        "rate_limited",
        gettext("요청이 너무 많습니다. %(seconds)s초 뒤에 다시 시도하세요.")
        % {"seconds": int(exc.wait or 1)},
    )


@api.exception_handler(ConflictError)
def _conflict(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _error(request, 409, "conflict", str(exc))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _error(request, 403, "forbidden", str(exc))


@api.exception_handler(ServiceError)
def _refused(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return _error(request, 422, "refused", str(exc))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


# --- answers kept as JSON ---------------------------------------------------------------------


def _json_cached(
    namespace: str, state: Any, build: Callable[[], Any], schema: type[Schema]
) -> HttpResponse:
    """``build()``'s answer validated by ``schema`` and rendered to JSON as the operation's
    response would be, kept as bytes under ``state`` (``core.readcache``): a warm read
    neither validates nor serialises again."""

    def render() -> bytes:
        data = schema.model_validate(build()).model_dump()
        content = api.renderer.render(None, data, response_status=200)  # type: ignore[arg-type]
        return content.encode() if isinstance(content, str) else bytes(content)

    return HttpResponse(cached(namespace, state, render), content_type=api.get_content_type())


# --- pagination and filters -------------------------------------------------------------------


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description="한 번에 받을 개수(1~500)")
    offset: int = Field(0, ge=0, le=MAX_ID, description="건너뛸 개수")


def _page(qs: QuerySet[Any] | list[Any], paging: Paging) -> tuple[int, list[Any]]:
    count = qs.count() if isinstance(qs, QuerySet) else len(qs)
    return count, list(qs[paging.offset : paging.offset + paging.limit])


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _plan(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    if not can_view_plan(user_of(request), plan):
        raise Http404
    return plan


# --- organisations and plans -----------------------------------------------------------------


@api.get(
    "/organisations",
    response={200: s.OrganisationPage, **ERRORS},
    summary="기관 목록",
    tags=["공개 자료"],
    openapi_extra=PUBLIC,
)
def organisations(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """기관: 요청한 사람이 볼 수 있는 계획이 있는 기관."""
    org_ids = visible_plans(user_of(request)).values("organisation_id")
    qs = Organisation.objects.filter(pk__in=org_ids).order_by("name", "pk")
    count, items = _page(qs, paging)
    return {"count": count, "items": items}


@api.get(
    "/organisations/{organisation_id}",
    response={200: s.OrganisationOut, **ERRORS},
    summary="기관",
    tags=["공개 자료"],
    openapi_extra=PUBLIC,
)
def organisation(request: HttpRequest, organisation_id: Id) -> Organisation:
    org_ids = visible_plans(user_of(request)).values("organisation_id")
    return get_object_or_404(Organisation.objects.filter(pk__in=org_ids), pk=organisation_id)


class PlanFilter(Schema):
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="기관 id")
    year: int | None = Field(None, ge=1900, le=2999, description="연도")


def _plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "organisation_id": plan.organisation_id,
        "organisation": plan.organisation.name,
        "year": plan.year,
        "kind": plan.kind,
        "status": plan.status,
        "title": plan.title,
    }


@api.get(
    "/plans",
    response={200: s.PlanPage, **ERRORS},
    summary="계획 목록",
    tags=["공개 자료"],
    openapi_extra=PUBLIC,
)
def plans(
    request: HttpRequest, filters: Query[PlanFilter], paging: Query[Paging]
) -> dict[str, Any]:
    """계획: 공개된(확정·종료) 계획, 토큰이면 그 사람이 속한 기관의 계획도."""
    qs = visible_plans(user_of(request)).order_by("-year", "organisation__name", "kind", "pk")
    if filters.organisation is not None:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    count, items = _page(qs, paging)
    return {"count": count, "items": [_plan_out(p) for p in items]}


@api.get(
    "/plans/{plan_id}",
    response={200: s.PlanOut, **ERRORS},
    summary="계획",
    tags=["공개 자료"],
    openapi_extra=PUBLIC,
)
def plan(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    return _plan_out(_plan(request, plan_id))


@api.get(
    "/organisations/{organisation_id}/units",
    response={200: s.UnitPage, **ERRORS},
    summary="기관의 부서 목록",
    tags=["공개 자료"],
    openapi_extra=PUBLIC,
)
def units(request: HttpRequest, organisation_id: Id, paging: Query[Paging]) -> dict[str, Any]:
    """기관의 부서(조직도)."""
    org = organisation(request, organisation_id)
    qs = OrgUnit.objects.filter(organisation=org).order_by("name", "pk")
    count, items = _page(qs, paging)
    return {"count": count, "items": items}


class UnitFilter(Schema):
    unit: int | None = Field(None, ge=1, le=MAX_ID, description="부서 id")


@api.get(
    "/plans/{plan_id}/goals",
    response={200: s.GoalPage, **ERRORS},
    summary="계획의 목표 목록",
    tags=["공개 자료"],
    openapi_extra=PUBLIC,
)
def goals(
    request: HttpRequest, plan_id: Id, filters: Query[UnitFilter], paging: Query[Paging]
) -> dict[str, Any]:
    """계획의 전략목표(성과목표), 부서로 거를 수 있습니다."""
    p = _plan(request, plan_id)
    qs = (
        StrategicGoal.objects.filter(plan=p)
        .select_related("owner__unit", "perspective")
        .order_by("position", "pk")
    )
    if filters.unit is not None:
        qs = qs.filter(owner__unit_id=filters.unit)
    count, items = _page(qs, paging)
    return {
        "count": count,
        "items": [
            {
                "id": g.pk,
                "plan_id": g.plan_id,
                "code": g.code,
                "name": g.name,
                "unit_id": g.owner.unit_id,
                "unit": g.owner.unit.name,
                "perspective": g.perspective.name if g.perspective else None,
                "parent_id": g.parent_id,
            }
            for g in items
        ],
    }


def _value_out(v: IndicatorValue, inside: bool) -> dict[str, Any]:
    return {
        "id": v.pk,
        "kind": v.kind,
        "year": v.year,
        "quarter": v.quarter,
        "month": v.month,
        "raw_text": v.raw_text,
        "value": _num(v.value),
        "status": v.status if inside else None,
        "version": v.version if inside else None,
    }


@api.get(
    "/plans/{plan_id}/indicators",
    response={200: s.IndicatorPage, **ERRORS},
    summary="계획의 지표 목록",
    tags=["공개 자료"],
    openapi_extra=PUBLIC,
)
def indicators(
    request: HttpRequest, plan_id: Id, filters: Query[UnitFilter], paging: Query[Paging]
) -> HttpResponse:
    """계획의 지표와 목표·실적. 누구에게나 목표·기준값과 공개된 기간의 승인된 실적을,
    기관 사람에게는 입력 중인 실적(상태·버전 포함)도 보입니다."""
    p = _plan(request, plan_id)
    inside = can_see_unapproved(user_of(request), p)
    # kept under the state of the plan and its values (and what the caller may see): an
    # approval, a publication or a withdrawal makes a new key
    state = (
        p.pk,
        inside,
        filters.unit,
        paging.offset,
        paging.limit,
        plans_state(
            plan_ids=[p.pk], values_of=p.pk, units_of=p.organisation_id, public_values=not inside
        ),
    )
    return _json_cached(
        "api-indicators-json",
        state,
        lambda: _indicator_page(p, inside, filters, paging),
        s.IndicatorPage,
    )


def _indicator_page(p: Plan, inside: bool, filters: UnitFilter, paging: Paging) -> dict[str, Any]:
    values = IndicatorValue.objects.exclude(kind=IndicatorValue.Kind.SCORE).order_by(
        "year", "quarter", "month", "kind", "pk"
    )
    qs = (
        Indicator.objects.filter(plan=p)
        .select_related("owner__unit")
        .prefetch_related(Prefetch("values", queryset=values))
        .order_by("position", "pk")
    )
    if filters.unit is not None:
        qs = qs.filter(owner__unit_id=filters.unit)
    count, items = _page(qs, paging)
    published = set() if inside else published_periods(plan_ids={p.pk})
    out = []
    for ind in items:
        shown = [
            _value_out(v, inside)
            for v in ind.values.all()
            if inside or value_is_public(v, p.pk, p.year, published)
        ]
        out.append(
            {
                "id": ind.pk,
                "plan_id": ind.plan_id,
                "code": ind.code,
                "name": ind.name,
                "unit_id": ind.owner.unit_id,
                "unit": ind.owner.unit.name,
                "strategic_goal_id": ind.strategic_goal_id,
                "unit_of_measure": ind.unit_of_measure,
                "weight": _num(ind.weight),
                "direction": ind.direction,
                "values": shown,
            }
        )
    return {"count": count, "items": out}


class ResultFilter(Schema):
    period: str | None = Field(
        None, max_length=10, description="평가 기간(예: 2025, 2025-Q1; 없으면 계획 연도)"
    )


@api.get(
    "/plans/{plan_id}/results",
    response={200: s.RunOut, **ERRORS},
    summary="계획의 평가결과",
    tags=["공개 자료"],
    openapi_extra=PUBLIC,
)
def results(
    request: HttpRequest, plan_id: Id, filters: Query[ResultFilter], paging: Query[Paging]
) -> HttpResponse:
    """계획의 공개된 최신 평가결과(지표별 달성률·등급·점수). 공개된 평가가 없으면 404."""
    p = _plan(request, plan_id)
    run = latest_published_run(plan=p, period_key=filters.period)
    if run is None or not can_read_run(user_of(request), run):
        raise Http404
    state = (run_state(run), paging.offset, paging.limit)
    return _json_cached("api-results-json", state, lambda: _result_page(p, run, paging), s.RunOut)


def _result_page(p: Plan, run: EvaluationRun, paging: Paging) -> dict[str, Any]:
    """A published run's figures: they change only with the run's state (``run_state``)."""
    qs = IndicatorResult.objects.filter(run=run).order_by("position", "pk")
    count, items = _page(qs, paging)
    return {
        "id": run.pk,
        "plan_id": p.pk,
        "period_key": run.period_key,
        "number": run.number,
        "published_at": run.published_at.isoformat() if run.published_at else None,
        "count": count,
        "items": [
            {
                "indicator_id": r.indicator_id,
                "indicator": r.indicator_name,
                "unit": r.unit_name,
                "weight": _num(r.weight),
                "target": r.target_raw,
                "actual": r.actual_raw,
                "achievement": _num(r.achievement),
                "grade": r.grade_code,
                "grade_mark": r.grade_mark,
                "score": _num(r.score),
                "status": r.status,
            }
            for r in items
        ],
    }


# --- writes: actual entry, submission, approval ----------------------------------------------


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    ind = get_object_or_404(Indicator.objects.select_related("plan"), pk=pk)
    if not can_view_plan(user_of(request), ind.plan):
        raise Http404
    return ind


def _actual(request: HttpRequest, pk: int) -> IndicatorValue:
    value = get_object_or_404(
        IndicatorValue.objects.select_related("indicator__plan"),
        pk=pk,
        kind=IndicatorValue.Kind.ACTUAL,
    )
    plan = value.indicator.plan
    if not can_see_unapproved(user_of(request), plan):
        raise Http404
    return value


@api.post(
    "/indicators/{indicator_id}/actuals",
    response={200: s.ValueOut, **WRITE_ERRORS},
    auth=TokenAuth(),
    summary="실적 저장",
    tags=["실적 입력"],
)
def actual_save(request: HttpRequest, indicator_id: Id, body: s.ActualIn) -> dict[str, Any]:
    """실적을 임시저장합니다(화면의 입력과 같은 규칙). 이미 있는 실적을 고치려면 읽은
    version을 함께 보내세요."""
    done = actual_enter(
        indicator=_indicator(request, indicator_id),
        year=body.year,
        quarter=body.quarter,
        month=body.month,
        raw_text=body.raw_text.strip()[:300],
        note=body.note[:2000],
        expected_version=body.version,
        user=user_of(request),
    )
    return _value_out(done, True)


@api.post(
    "/actuals/{value_id}/submit",
    response={200: s.ValueOut, **WRITE_ERRORS},
    auth=TokenAuth(),
    summary="실적 제출",
    tags=["실적 입력"],
)
def actual_submit_api(request: HttpRequest, value_id: Id, body: s.VersionIn) -> dict[str, Any]:
    """임시저장한(또는 반려된) 실적을 승인 요청합니다."""
    done = actual_submit(
        value=_actual(request, value_id), expected_version=body.version, user=user_of(request)
    )
    return _value_out(done, True)


@api.post(
    "/actuals/{value_id}/approve",
    response={200: s.ValueOut, **WRITE_ERRORS},
    auth=TokenAuth(),
    summary="실적 승인",
    tags=["실적 입력"],
)
def actual_approve_api(request: HttpRequest, value_id: Id, body: s.VersionIn) -> dict[str, Any]:
    """제출된 실적을 승인합니다(부서장·평가담당)."""
    done = actual_approve(
        value=_actual(request, value_id), expected_version=body.version, user=user_of(request)
    )
    return _value_out(done, True)
