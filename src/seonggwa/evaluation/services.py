"""Writes for evaluation runs: start (compute and store), finalise, publish.

Each takes the acting user, asks the policy (``can_run_evaluation``: the evaluation office)
and is audited as that user (the run row; its stored results are written in bulk with it).
``user=None`` is the machine's operator (``seonggwa evaluate``). A run goes
provisional → final → published (docs/evaluation.md); a run's figures never change after
it is computed, so re-evaluating makes a new run with the next number."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.plans.models import Period, Plan
from seonggwa.policy import can_run_evaluation
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import plan_tree

from .committee_selectors import committee_cells
from .compute import UnknownScheme, cell_decimal, parsed_json, plan_evaluate, scheme_of_plan
from .models import RATE_PLACES, EvaluationRun, IndicatorResult, OwnerResult

_RATE_STEP = Decimal(1).scaleb(-RATE_PLACES)


def _rate(value: Decimal | None) -> Decimal | None:
    """A rate as stored: half-up to the stored places (the same on SQLite and PostgreSQL)."""
    return None if value is None else value.quantize(_RATE_STEP, ROUND_HALF_UP)


def _check_allowed(user: Any, plan: Plan) -> None:
    if user is not None and not can_run_evaluation(user, plan):
        raise PermissionDenied(
            gettext("평가는 평가담당관이나 관리자만 실행하고 확정·공개할 수 있습니다.")
        )


def _label(user: Any) -> str:
    return user.get_username() if user is not None else "cli:evaluate"


def _period_values(tree: Any, period: Period) -> None:
    """For a quarter or month: each indicator's actual of that period stands for its year,
    against the period's target (or the year's when the period has none)."""
    found: dict[tuple[int, str], IndicatorValue] = {
        (v.indicator_id, v.kind): v
        for v in IndicatorValue.objects.filter(
            indicator__plan_id=period.plan_id,
            year=period.year,
            quarter=period.quarter,
            month=period.month,
            kind__in=[IndicatorValue.Kind.TARGET, IndicatorValue.Kind.ACTUAL],
        )
    }
    for owner in tree.owners:
        for goal in owner.goals:
            for policy in goal.policies:
                for node in policy.indicators:
                    year = dict(node.values_by_year.get(period.year, {}))
                    year.pop("actual", None)
                    actual = found.get((node.indicator.pk, IndicatorValue.Kind.ACTUAL))
                    target = found.get((node.indicator.pk, IndicatorValue.Kind.TARGET))
                    if actual is not None:
                        year["actual"] = actual
                    if target is not None:
                        year["target"] = target
                    node.values_by_year[period.year] = year


@transaction.atomic
def run_start(*, user: Any, plan: Plan, period: Period | None = None) -> EvaluationRun:
    """Evaluate ``plan`` for ``period`` (None: the plan's year, on its yearly values) and
    store the result as a new provisional run; the queries do not grow with the indicators
    (the plan is read in one tree, the results written with ``bulk_create``)."""
    _check_allowed(user, plan)
    # one run at a time per plan and period: lock the plan row (read as stored, so the
    # rules and scheme version used are the saved ones, not the caller's copy)
    plan = (
        Plan.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=plan.pk)
    )
    if plan.status == Plan.Status.DRAFT:
        raise ServiceError(
            gettext("%(plan)s은(는) 아직 초안입니다. 계획을 확정한 뒤 평가를 실행하세요.")
            % {"plan": plan}
        )
    if period is not None and period.plan_id != plan.pk:
        raise ServiceError(
            gettext("기간 %(period)s은(는) 이 계획의 기간이 아닙니다.") % {"period": period.key}
        )
    try:
        scheme = scheme_of_plan(plan)
    except UnknownScheme as exc:
        raise ServiceError(str(exc)) from exc
    if plan.grading_scheme_version is None:
        # first evaluated: the plan records the version its year's date chose, so a newer
        # version of the scheme never regrades it
        plan.grading_scheme_version = scheme.version
        with acting_as(user, None if user is not None else "cli:evaluate"):
            plan.save(update_fields=["grading_scheme_version", "updated_at"])
    year = period.year if period is not None else plan.year
    key = period.key if period is not None else str(plan.year)
    tree = plan_tree(plan=plan)
    if period is not None and period.frequency != Period.Frequency.YEAR:
        _period_values(tree, period)
    # a closed committee round's aggregated points stand for its qualitative indicators
    committee = committee_cells(plan=plan, period_key=key)
    evaluated = plan_evaluate(tree, scheme, year=year, committee=committee)
    last = EvaluationRun.objects.filter(plan=plan, period_key=key).aggregate(n=Max("number"))["n"]
    run = EvaluationRun(
        plan=plan,
        period=period,
        period_key=key,
        number=(last or 0) + 1,
        scheme_name=scheme.name,
        scheme_version=scheme.version,
        started_by=user if getattr(user, "pk", None) is not None else None,
        started_by_label=_label(user),
        started_at=timezone.now(),
    )
    with acting_as(user, None if user is not None else "cli:evaluate"):
        run.save()
    IndicatorResult.objects.bulk_create(
        [
            IndicatorResult(
                run=run,
                indicator=o.indicator,
                owner=o.owner,
                position=n,
                indicator_name=o.indicator.name[:500],
                unit_name=str(o.owner)[:200],
                perspective=o.perspective[:300],
                weight=o.indicator.weight,
                target_raw=o.evaluation.target_text[:300],
                target_parsed=parsed_json(o.evaluation.target_parsed),
                actual_raw=o.evaluation.actual_text[:300],
                actual_parsed=parsed_json(o.evaluation.actual_parsed),
                prior_actual=_rate(o.evaluation.prior_actual),
                baseline=_rate(o.evaluation.baseline),
                rule=o.evaluation.rule,
                scheme=scheme.tag,
                scheme_version=scheme.version,
                rules_version=o.evaluation.rules_version,
                status=o.evaluation.achievement.status.value,
                achievement_raw=_rate(o.evaluation.achievement.raw),
                achievement=_rate(o.evaluation.achievement.rate),
                grade_code=o.evaluation.grade.band.code,
                grade_mark=o.evaluation.grade.mark,
                score=cell_decimal(o.score),
                explanation=o.evaluation.explanation(),
            )
            for n, o in enumerate(evaluated.indicators, start=1)
        ]
    )
    OwnerResult.objects.bulk_create(
        [
            OwnerResult(
                run=run,
                owner=o.owner,
                position=n,
                owner_name=str(o.owner)[:300],
                score=cell_decimal(o.overall),
                perspective_scores=[
                    {
                        "perspective": name,
                        "score": None if (v := cell_decimal(cell)) is None else str(v),
                    }
                    for name, cell in o.perspective_scores.items()
                ],
                grade_counts=o.grade_counts,
                not_rated=o.not_rated,
                indicators=o.indicators,
                rank=o.rank,
                explanation=o.overall.explanation.render() if o.overall.explanation else "",
            )
            for n, o in enumerate(evaluated.owners, start=1)
        ]
    )
    return run


def _locked_run(run: EvaluationRun, expected_version: int) -> EvaluationRun:
    current = EvaluationRun.objects.select_for_update().select_related("plan").get(pk=run.pk)
    if current.version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 평가 %(run)s을(를) 먼저 바꿨습니다(읽은 버전 %(read)s, 현재 버전 "
                "%(current)s). 새로 고친 뒤 다시 시도하세요."
            )
            % {"run": current.number, "read": expected_version, "current": current.version}
        )
    return current


@transaction.atomic
def run_finalise(*, user: Any, run: EvaluationRun, expected_version: int) -> EvaluationRun:
    """Provisional → final: the officer signs the results off. Only the newest run of its
    plan and period can be finalised (an older one has been superseded by a re-run)."""
    _check_allowed(user, run.plan)
    current = _locked_run(run, expected_version)
    if current.status != EvaluationRun.Status.PROVISIONAL:
        raise ServiceError(
            gettext("평가 %(run)s은(는) 이미 확정되었습니다.") % {"run": current.number}
        )
    newest = (
        EvaluationRun.objects.filter(plan_id=current.plan_id, period_key=current.period_key)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    if newest != current.number:
        raise ServiceError(
            gettext(
                "평가 %(run)s 뒤에 다시 실행한 평가 %(newest)s이(가) 있습니다. 가장 최근 평가를 "
                "확정하세요."
            )
            % {"run": current.number, "newest": newest}
        )
    current.status = EvaluationRun.Status.FINAL
    current.finalised_by = user if getattr(user, "pk", None) is not None else None
    current.finalised_at = timezone.now()
    current.version += 1
    with acting_as(user, None if user is not None else "cli:evaluate"):
        current.save(
            update_fields=["status", "finalised_by", "finalised_at", "version", "updated_at"]
        )
    return current


@transaction.atomic
def run_publish(*, user: Any, run: EvaluationRun, expected_version: int) -> EvaluationRun:
    """Final → published: the public may see the run's results from now on."""
    _check_allowed(user, run.plan)
    current = _locked_run(run, expected_version)
    if current.status != EvaluationRun.Status.FINAL:
        raise ServiceError(
            gettext("평가 %(run)s은(는) 확정된 평가가 아닙니다. 먼저 확정한 뒤 공개하세요.")
            % {"run": current.number}
            if current.status == EvaluationRun.Status.PROVISIONAL
            else gettext("평가 %(run)s은(는) 이미 공개되었습니다.") % {"run": current.number}
        )
    current.status = EvaluationRun.Status.PUBLISHED
    current.published_by = user if getattr(user, "pk", None) is not None else None
    current.published_at = timezone.now()
    current.version += 1
    with acting_as(user, None if user is not None else "cli:evaluate"):
        current.save(
            update_fields=["status", "published_by", "published_at", "version", "updated_at"]
        )
    return current
