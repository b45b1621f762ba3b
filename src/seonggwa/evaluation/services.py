"""Writes for evaluation runs: start (compute and store), share, finalise, publish; the
units' objections (이의신청) and the office's decisions on them; R8 grade overrides.

Each takes the acting user, asks the policy (``can_run_evaluation``: the evaluation office)
and is audited as that user (the run row; its stored results are written in bulk with it).
``user=None`` is the machine's operator (``seonggwa evaluate``). A run goes
provisional → final → published (docs/evaluation.md); a run's figures never change after
it is computed, so re-evaluating makes a new run with the next number."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from seonggwa.accounts.models import Role
from seonggwa.accounts.selectors import users_with_role
from seonggwa.audit.context import acting_as, current_actor, is_muted
from seonggwa.audit.models import AuditEvent
from seonggwa.core.bulk import bulk_insert_rows
from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.engine.grading import REGISTRY, GradingScheme, Override, OverrideReason, grade
from seonggwa.notifications.services import notify
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Period, Plan
from seonggwa.policy import can_raise_objection, can_run_evaluation
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import plan_trees
from seonggwa.results.services import actual_correct, evidence_check, evidence_store

from .committee_selectors import committee_cells
from .compute import (
    UnknownScheme,
    cell_decimal,
    grade_counts,
    parsed_json,
    plan_evaluate,
    scheme_of_plan,
)
from .models import (
    RATE_PLACES,
    EvaluationRun,
    GradeOverride,
    IndicatorResult,
    Objection,
    ObjectionEvidence,
    OwnerResult,
)

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


def _prepared(user: Any, plan: Plan, period: Period | None) -> tuple[Plan, GradingScheme]:
    """Checks before a run (the acting user may run it; not a draft; the period is the
    plan's) and the plan row locked as stored (so the rules and scheme version used are the
    saved ones, not the caller's copy), with the grading scheme it is graded by."""
    _check_allowed(user, plan)
    # one run at a time per plan and period: lock the plan row
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
    return plan, scheme


def _evaluate_and_store(
    user: Any,
    plan: Plan,
    scheme: GradingScheme,
    period: Period | None,
    tree: Any,
    evaluated_hook: Callable[[], None] | None = None,
) -> EvaluationRun:
    """Evaluate one plan's tree with the engine and store the run and its results;
    ``evaluated_hook`` is called between the two (progress)."""
    year = period.year if period is not None else plan.year
    key = period.key if period is not None else str(plan.year)
    if period is not None and period.frequency != Period.Frequency.YEAR:
        _period_values(tree, period)
    overrides = {
        o.indicator_id: Override(o.band, OverrideReason(o.reason), o.note)
        for o in GradeOverride.objects.filter(plan=plan, period_key=key)
        if o.reason in OverrideReason._value2member_map_
    }
    # a closed committee round's aggregated points stand for its qualitative indicators
    committee = committee_cells(plan=plan, period_key=key)
    evaluated = plan_evaluate(tree, scheme, year=year, committee=committee, overrides=overrides)
    if evaluated_hook is not None:
        evaluated_hook()
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
    # COPY on PostgreSQL, bulk_create in batches elsewhere (core.bulk)
    bulk_insert_rows(
        IndicatorResult,
        [
            {
                "run_id": run.pk,
                "indicator_id": o.indicator.pk,
                "owner_id": o.owner.pk,
                "position": n,
                "indicator_name": o.indicator.name[:500],
                "unit_name": str(o.owner)[:200],
                "perspective": o.perspective[:300],
                "weight": o.indicator.weight,
                "target_raw": o.evaluation.target_text[:300],
                "target_parsed": parsed_json(o.evaluation.target_parsed),
                "actual_raw": o.evaluation.actual_text[:300],
                "actual_parsed": parsed_json(o.evaluation.actual_parsed),
                "prior_actual": _rate(o.evaluation.prior_actual),
                "baseline": _rate(o.evaluation.baseline),
                "rule": o.evaluation.rule,
                "scheme": scheme.tag,
                "scheme_version": scheme.version,
                "rules_version": o.evaluation.rules_version,
                "status": o.evaluation.achievement.status.value,
                "achievement_raw": _rate(o.evaluation.achievement.raw),
                "achievement": _rate(o.evaluation.achievement.rate),
                "grade_code": o.evaluation.grade.band.code,
                "grade_mark": o.evaluation.grade.mark,
                **_grade_source(o.evaluation.grade),
                "score": cell_decimal(o.score),
                "explanation": o.evaluation.explanation(),
            }
            for n, o in enumerate(evaluated.indicators, start=1)
        ],
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


#: the steps :func:`run_start` reports to its ``progress`` callback
RUN_STEPS = 3


@transaction.atomic
def run_start(
    *,
    user: Any,
    plan: Plan,
    period: Period | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> EvaluationRun:
    """Evaluate ``plan`` for ``period`` (None: the plan's year, on its yearly values) and
    store the result as a new provisional run; the queries do not grow with the indicators
    (the plan is read in one tree, the results written in bulk). ``progress(done,
    RUN_STEPS)`` is called once the plan is read (1), evaluated (2) and stored (3); a
    refusal or an error stores nothing (one transaction)."""

    def step(done: int) -> None:
        if progress is not None:
            progress(done, RUN_STEPS)

    plan, scheme = _prepared(user, plan, period)
    tree = plan_trees(plans=[plan], light=True)[0]
    step(1)
    run = _evaluate_and_store(user, plan, scheme, period, tree, evaluated_hook=lambda: step(2))
    step(3)
    return run


#: plans read together by :func:`runs_start` (bounds the memory of a national run)
RUNS_CHUNK = 20


@transaction.atomic
def runs_start(
    *,
    user: Any,
    plans: Sequence[Plan],
    chunk: int = RUNS_CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> list[EvaluationRun]:
    """:func:`run_start` for many plans (every organisation of a national evaluation), each
    for its year, in one transaction: the same checks per plan for the acting user, the same
    engine and the same stored runs, but the plans are read ``chunk`` at a time in one set of
    queries (``results.selectors.plan_trees``), so the queries grow with the chunks, not with
    the plans or indicators. A refusal of any plan refuses them all (nothing is stored).
    ``progress(done, total)`` is called after each chunk."""
    runs: list[EvaluationRun] = []
    total = len(plans)
    for start in range(0, total, max(1, chunk)):
        prepared = [_prepared(user, plan, None) for plan in plans[start : start + chunk]]
        trees = plan_trees(plans=[plan for plan, _scheme in prepared], light=True)
        for (plan, scheme), tree in zip(prepared, trees, strict=True):
            runs.append(_evaluate_and_store(user, plan, scheme, None, tree))
        if progress is not None:
            progress(len(runs), total)
    return runs


def _grade_source(applied: Any) -> dict[str, str]:
    """The computed grade and the override's reason beside an applied grade (R8); blank when
    no override applies, and the computed grade blank when it is the applied one."""
    if applied.override is None:
        return {}
    computed = applied.computed
    differs = computed is not None and computed.code != applied.band.code
    return {
        "computed_grade_code": computed.code if differs else "",
        "computed_grade_mark": computed.mark if differs else "",
        "grade_reason": _reason_text(str(applied.override.reason), applied.override.note),
    }


def _reason_text(reason: str, note: str) -> str:
    return (f"{reason}: {note}" if note else reason)[:500]


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
    still_open = Objection.objects.filter(
        run__plan_id=current.plan_id,
        run__period_key=current.period_key,
        status=Objection.Status.OPEN,
    ).count()
    if still_open:
        raise ServiceError(
            gettext(
                "처리하지 않은 이의신청이 %(count)s건 있습니다. 모두 인용하거나 기각한 뒤 "
                "확정하세요."
            )
            % {"count": still_open}
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


# --- sharing a provisional run and the units' objections (이의신청) ------------------------------


def _run_scheme(run: EvaluationRun) -> GradingScheme:
    """The scheme (and version) the run was graded with."""
    try:
        return REGISTRY.get(run.scheme_name, version=run.scheme_version)
    except (KeyError, StopIteration) as exc:
        raise ServiceError(
            gettext("평가 %(run)s의 등급 체계 %(scheme)s v%(version)s을(를) 찾을 수 없습니다.")
            % {"run": run.number, "scheme": run.scheme_name, "version": run.scheme_version}
        ) from exc


def _audit_row(instance: Any, organisation_id: int, changes: dict[str, list[Any]]) -> None:
    """An audit event for a stored result changed in place (the results are written in bulk
    with their run, so the model signals do not record them)."""
    if is_muted() or not changes:
        return
    actor, label = current_actor()
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label[:150],
        action=AuditEvent.Action.UPDATE,
        model=instance._meta.label,
        object_pk=str(instance.pk),
        object_repr=str(instance)[:300],
        organisation_id_ref=organisation_id,
        changes=changes,
    )


def _unit_people(plan: Plan, unit: OrgUnit) -> list[Any]:
    return users_with_role(
        organisation_id=plan.organisation_id,
        roles=[Role.UNIT_STAFF, Role.UNIT_MANAGER],
        unit=unit,
    )


def _shared_link(run: EvaluationRun) -> str:
    return f"/plans/{run.plan_id}/runs/{run.pk}/results/"


def _objections_link(run: EvaluationRun) -> str:
    return f"/plans/{run.plan_id}/runs/{run.pk}/objections/"


@transaction.atomic
def run_share(
    *,
    user: Any,
    run: EvaluationRun,
    objections_until: datetime.date,
    expected_version: int,
    today: datetime.date | None = None,
) -> EvaluationRun:
    """Share a provisional run with the units, who may object to their results until
    ``objections_until`` (inclusive); the staff and managers of every unit with results in
    the run are told. Sharing again moves the deadline (and tells them again)."""
    _check_allowed(user, run.plan)
    current = _locked_run(run, expected_version)
    if current.status != EvaluationRun.Status.PROVISIONAL:
        raise ServiceError(
            gettext("평가 %(run)s은(는) 이미 확정되어 이의신청을 받을 수 없습니다.")
            % {"run": current.number}
        )
    day = today or timezone.localdate()
    if objections_until < day:
        raise ServiceError(
            gettext("이의신청 마감일(%(until)s)이 오늘(%(today)s)보다 이릅니다.")
            % {"until": objections_until.isoformat(), "today": day.isoformat()},
            field="objections_until",
        )
    current.shared_by = user if getattr(user, "pk", None) is not None else None
    current.shared_at = timezone.now()
    current.objections_until = objections_until
    current.version += 1
    with acting_as(user, None if user is not None else "cli:evaluate"):
        current.save(
            update_fields=["shared_by", "shared_at", "objections_until", "version", "updated_at"]
        )
    plan = current.plan
    units = OrgUnit.objects.filter(
        pk__in=IndicatorResult.objects.filter(run=current).values("owner__unit_id")
    )
    for unit in units:
        notify(
            users=_unit_people(plan, unit),
            kind="run_shared",
            params={
                "plan": str(plan),
                "period": current.period_key,
                "run": current.number,
                "until": objections_until.isoformat(),
            },
            link=_shared_link(current),
            organisation_id=plan.organisation_id,
            dedupe_key=f"run-shared:{current.pk}:{objections_until.isoformat()}:{unit.pk}",
        )
    return current


def objection_window_refusal(run: EvaluationRun, today: datetime.date | None = None) -> str | None:
    """Why no objection can be raised to ``run`` now (Korean), or None: the run must be
    shared, still provisional, and its objection window open."""
    if run.shared_at is None or run.objections_until is None:
        return gettext("평가 %(run)s은(는) 부서에 공유되지 않아 이의신청을 받지 않습니다.") % {
            "run": run.number
        }
    if run.status != EvaluationRun.Status.PROVISIONAL:
        return gettext("평가 %(run)s은(는) 확정되어 이의신청을 받지 않습니다.") % {
            "run": run.number
        }
    day = today or timezone.localdate()
    if day > run.objections_until:
        return gettext(
            "이의신청 기간이 %(until)s에 끝났습니다. 오늘은 %(today)s입니다. 평가담당관에게 "
            "문의하세요."
        ) % {"until": run.objections_until.isoformat(), "today": day.isoformat()}
    return None


@dataclass(frozen=True)
class Upload:
    """A file sent with an objection: its name and bytes (``size``: the whole upload's size
    when only the first bytes were read; ``content_type``: the browser's guess)."""

    name: str
    content: bytes
    content_type: str | None = None
    size: int | None = None


@transaction.atomic
def objection_raise(
    *,
    user: Any,
    result: IndicatorResult,
    reason: str,
    files: Sequence[Upload] = (),
    today: datetime.date | None = None,
) -> Objection:
    """A unit objects to one indicator's result in a shared provisional run, with a reason
    and evidence files (checked as an actual's evidence is). Only the staff and managers of
    the indicator's unit, while the window is open, one open objection per result; the
    evaluation office is told."""
    result = IndicatorResult.objects.select_related("run__plan", "owner__unit").get(pk=result.pk)
    run = EvaluationRun.objects.select_for_update().select_related("plan").get(pk=result.run_id)
    plan, unit = run.plan, result.owner.unit
    if not can_raise_objection(user, plan, unit):
        raise PermissionDenied(
            gettext(
                "'%(unit)s'의 결과에는 이의를 신청할 수 없습니다. 자기 부서 지표의 결과에만 "
                "신청할 수 있습니다."
            )
            % {"unit": unit.name}
        )
    refusal = objection_window_refusal(run, today)
    if refusal is not None:
        raise ServiceError(refusal)
    if not reason.strip():
        raise ServiceError(gettext("이의신청 사유를 입력하세요."), field="reason")
    if Objection.objects.filter(result=result, status=Objection.Status.OPEN).exists():
        raise ServiceError(
            gettext(
                "'%(indicator)s'에 대한 이의신청이 이미 처리를 기다리고 있습니다. 결정이 난 뒤 "
                "다시 신청하세요."
            )
            % {"indicator": result.indicator_name}
        )
    checked = [
        (
            f,
            evidence_check(
                file_name=f.name, content=f.content, content_type=f.content_type, size=f.size
            ),
        )
        for f in files
    ]
    with acting_as(user):
        objection = Objection.objects.create(
            run=run,
            result=result,
            unit=unit,
            raised_by=user if getattr(user, "pk", None) is not None else None,
            raised_by_label=user.get_username() if user is not None else "",
            reason=reason.strip(),
        )
        for f, ctype in checked:
            evidence = ObjectionEvidence(
                objection=objection,
                original_name=f.name[:255],
                content_type=ctype,
                size=len(f.content),
                sha256=hashlib.sha256(f.content).hexdigest(),
                uploaded_by=user if getattr(user, "pk", None) is not None else None,
            )
            evidence.file.name = evidence_store(f.content)
            evidence.save()
    notify(
        users=users_with_role(
            organisation_id=plan.organisation_id, roles=[Role.EVALUATION_OFFICER]
        ),
        kind="objection_raised",
        params={"unit": unit.name, "indicator": result.indicator_name, "run": run.number},
        link=_objections_link(run),
        organisation_id=plan.organisation_id,
    )
    return objection


def _locked_objection(objection: Objection, expected_version: int) -> Objection:
    current = (
        Objection.objects.select_for_update()
        .select_related("run__plan", "result__owner__unit", "unit")
        .get(pk=objection.pk)
    )
    if current.version != expected_version:
        raise ConflictError(
            gettext(
                "다른 사용자가 이 이의신청을 먼저 바꿨습니다(읽은 버전 %(read)s, 현재 버전 "
                "%(current)s). 새로 고친 뒤 다시 시도하세요."
            )
            % {"read": expected_version, "current": current.version}
        )
    if current.status != Objection.Status.OPEN:
        raise ServiceError(
            gettext("이 이의신청은 이미 %(status)s되었습니다.")
            % {"status": current.get_status_display()}
        )
    return current


def _decided(user: Any, objection: Objection, status: str, reason: str) -> None:
    objection.status = status
    objection.decision_reason = reason
    objection.decided_by = user if getattr(user, "pk", None) is not None else None
    objection.decided_at = timezone.now()
    objection.version += 1
    with acting_as(user):
        objection.save()
    run = objection.run
    notify(
        users=[
            *_unit_people(run.plan, objection.unit),
            *([objection.raised_by] if objection.raised_by is not None else []),
        ],
        kind="objection_decided",
        params={
            "indicator": objection.result.indicator_name,
            "status": objection.get_status_display(),
            "reason": reason,
        },
        link=_shared_link(run),
        organisation_id=run.plan.organisation_id,
    )


@transaction.atomic
def objection_accept(
    *,
    user: Any,
    objection: Objection,
    expected_version: int,
    reason: str,
    actual: str = "",
    band: str = "",
    override_reason: str = "",
) -> Objection:
    """The office accepts an objection, with the corrected input or grade (audited):
    ``actual`` corrects the indicator's actual (``results.services.actual_correct``; the
    next run uses it), or ``band`` with an R8 ``override_reason`` the scheme allows for it
    overrides the grade (kept for the next runs and applied to this run's result now). The
    unit is told."""
    current = _locked_objection(objection, expected_version)
    run = current.run
    _check_allowed(user, run.plan)
    if not reason.strip():
        raise ServiceError(gettext("결정 사유를 입력하세요."), field="reason")
    actual, band = actual.strip(), band.strip()
    if bool(actual) == bool(band):
        raise ServiceError(
            gettext("인용하려면 정정한 실적이나 조정할 등급 중 하나를 입력하세요."),
            field="actual",
        )
    if actual:
        period = run.period
        actual_correct(
            indicator=current.result.indicator,
            year=period.year if period is not None else run.plan.year,
            quarter=period.quarter if period is not None else 0,
            month=period.month if period is not None else 0,
            raw_text=actual,
            user=user,
            reason=gettext("이의신청 인용: %(reason)s") % {"reason": reason.strip()},
        )
        current.correction = Objection.Correction.ACTUAL
        current.corrected_value = actual[:300]
    else:
        locked = EvaluationRun.objects.select_for_update().select_related("plan").get(pk=run.pk)
        _override_apply(
            user=user,
            run=locked,
            result=current.result,
            band=band,
            reason=override_reason,
            note=gettext("이의신청 인용: %(reason)s") % {"reason": reason.strip()},
        )
        current.correction = Objection.Correction.GRADE
        current.corrected_value = band[:300]
    _decided(user, current, Objection.Status.ACCEPTED, reason.strip())
    return current


@transaction.atomic
def objection_reject(
    *, user: Any, objection: Objection, expected_version: int, reason: str
) -> Objection:
    """The office rejects an objection with a reason; the unit is told."""
    current = _locked_objection(objection, expected_version)
    _check_allowed(user, current.run.plan)
    if not reason.strip():
        raise ServiceError(gettext("기각 사유를 입력하세요."), field="reason")
    _decided(user, current, Objection.Status.REJECTED, reason.strip())
    return current


# --- R8 overrides ------------------------------------------------------------------------------

_OVERRIDE_MARK = "; 조정 → "


def override_refusal(scheme: GradingScheme, band: str, reason: str) -> str | None:
    """Why ``reason`` cannot carry a grade to ``band`` under ``scheme`` (Korean, naming the
    reasons allowed for that grade), or None. The rule is the engine's
    (``GradingScheme.allowed_overrides``, checked by ``engine.grading.grade``)."""
    try:
        target = scheme.band(band)
    except KeyError:
        return gettext("등급 체계 %(scheme)s에 '%(band)s' 등급이 없습니다.") % {
            "scheme": scheme.tag,
            "band": band,
        }
    allowed = scheme.allowed_overrides.get(band, ())
    if not allowed:
        return gettext(
            "등급 체계 %(scheme)s에서는 '%(label)s'(으)로 조정할 수 있는 사유가 없습니다."
        ) % {"scheme": scheme.tag, "label": target.label}
    known = reason in OverrideReason._value2member_map_
    if not known or grade(None, scheme, override=Override(band, OverrideReason(reason))).findings:
        return gettext(
            "'%(reason)s'은(는) '%(label)s'(으)로 조정하는 사유가 아닙니다. 가능한 사유: "
            "%(allowed)s"
        ) % {
            "reason": reason or "-",
            "label": target.label,
            "allowed": ", ".join(str(r) for r in allowed),
        }
    return None


def _result_regrade(
    run: EvaluationRun,
    row: IndicatorResult,
    scheme: GradingScheme,
    code: str,
    reason: str,
    suffix: str,
) -> None:
    """Give the provisional run's stored ``row`` the grade ``code`` (the computed grade kept
    beside it when they differ) with ``reason``, recount its owner's grades and bump the
    run's version; each stored row changed gets its own audit event."""
    target = scheme.band(code)
    computed_code = row.computed_grade_code or row.grade_code
    computed_mark = row.computed_grade_mark or row.grade_mark
    differs = computed_code != target.code
    fields = ("grade_code", "grade_mark", "computed_grade_code", "computed_grade_mark")
    before = {f: getattr(row, f) for f in (*fields, "grade_reason")}
    row.grade_code, row.grade_mark = target.code, target.mark
    row.computed_grade_code = computed_code if differs else ""
    row.computed_grade_mark = computed_mark if differs else ""
    row.grade_reason = reason
    row.explanation = row.explanation.split(_OVERRIDE_MARK)[0] + suffix
    row.save(update_fields=[*before, "explanation"])
    organisation_id = run.plan.organisation_id
    _audit_row(
        row,
        organisation_id,
        {f: [v, getattr(row, f)] for f, v in before.items() if getattr(row, f) != v},
    )
    owner = OwnerResult.objects.filter(run=run, owner_id=row.owner_id).first()
    if owner is not None:
        marks = IndicatorResult.objects.filter(run=run, owner_id=row.owner_id).values_list(
            "grade_mark", flat=True
        )
        counts, not_rated = grade_counts(list(marks), scheme)
        old = {"grade_counts": owner.grade_counts, "not_rated": owner.not_rated}
        owner.grade_counts, owner.not_rated = counts, not_rated
        owner.save(update_fields=["grade_counts", "not_rated"])
        _audit_row(
            owner,
            organisation_id,
            {k: [v, getattr(owner, k)] for k, v in old.items() if getattr(owner, k) != v},
        )
    run.version += 1
    run.save(update_fields=["version", "updated_at"])


def _override_apply(
    *, user: Any, run: EvaluationRun, result: IndicatorResult, band: str, reason: str, note: str
) -> GradeOverride:
    """Store the override (the next runs apply it) and apply it to ``result`` of the
    provisional ``run`` now, with the owner's grade counts; audited."""
    if run.status != EvaluationRun.Status.PROVISIONAL:
        raise ServiceError(
            gettext("평가 %(run)s은(는) 확정되어 등급을 조정할 수 없습니다.") % {"run": run.number}
        )
    scheme = _run_scheme(run)
    refusal = override_refusal(scheme, band, reason)
    if refusal is not None:
        raise ServiceError(refusal, field="band")
    target = scheme.band(band)
    row = IndicatorResult.objects.select_for_update().get(pk=result.pk)
    with acting_as(user):
        stored, _created = GradeOverride.objects.update_or_create(
            indicator_id=row.indicator_id,
            period_key=run.period_key,
            defaults={
                "plan": run.plan,
                "band": band,
                "reason": reason,
                "note": note[:500],
                "decided_by": user if getattr(user, "pk", None) is not None else None,
            },
        )
        _result_regrade(
            run,
            row,
            scheme,
            target.code,
            _reason_text(reason, note),
            f"{_OVERRIDE_MARK}{target.mark} (사유: {reason})",
        )
    return stored


@transaction.atomic
def grade_override_apply(
    *,
    user: Any,
    result: IndicatorResult,
    band: str,
    reason: str,
    expected_version: int,
    note: str = "",
) -> GradeOverride:
    """R8: the office overrides one indicator's grade with a reason the run's scheme allows
    for that grade (refused otherwise, naming the allowed reasons). The override is kept as
    data — every later run of the period applies it — and applied to the provisional run's
    result now, the computed grade kept beside the applied one. ``expected_version`` is the
    run's."""
    run = _locked_run(result.run, expected_version)
    _check_allowed(user, run.plan)
    return _override_apply(user=user, run=run, result=result, band=band, reason=reason, note=note)


@transaction.atomic
def grade_override_remove(
    *, user: Any, result: IndicatorResult, expected_version: int
) -> IndicatorResult:
    """Withdraw an indicator's R8 override for the run's period: later runs grade it by the
    rules again, and the provisional run's result goes back to its computed grade (audited).
    ``expected_version`` is the run's."""
    run = _locked_run(result.run, expected_version)
    _check_allowed(user, run.plan)
    if run.status != EvaluationRun.Status.PROVISIONAL:
        raise ServiceError(
            gettext("평가 %(run)s은(는) 확정되어 등급을 조정할 수 없습니다.") % {"run": run.number}
        )
    row = IndicatorResult.objects.select_for_update().get(pk=result.pk)
    stored = GradeOverride.objects.filter(
        indicator_id=row.indicator_id, period_key=run.period_key
    ).first()
    if stored is None and not row.grade_reason:
        raise ServiceError(
            gettext("'%(indicator)s'에는 조정한 등급이 없습니다.")
            % {"indicator": row.indicator_name}
        )
    scheme = _run_scheme(run)
    with acting_as(user):
        if stored is not None:
            stored.delete()
        _result_regrade(run, row, scheme, row.computed_grade_code or row.grade_code, "", "")
    return row
