"""An evaluation run started in the browser runs as a background job when the plan is big
(docs/jobs.md, docs/evaluation.md): the run page enqueues :func:`evaluate_plan` when the plan
has more than ``SEONGGWA_EVALUATION_BACKGROUND_OVER`` indicators (:func:`run_goes_to_background`)
and shows the job's page; ``seonggwa worker`` runs the same ``run_start`` as the user who
asked — the same permission check, the same one transaction, the same audit trail — and the
job page then links to the new run's page. A refusal fails the job with the service's reason;
nothing is stored."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from seonggwa.core.errors import ServiceError
from seonggwa.jobs.services import keep_result_url, progress
from seonggwa.plans.models import Indicator, Period, Plan

from .services import RUN_STEPS, run_start

EVALUATION_KIND = "evaluation"

# what the run does after each step run_start reports (its progress callback)
STEP_MESSAGES = {
    0: "계획을 읽는 중",
    1: "지표를 평가하는 중",
    2: "결과를 저장하는 중",
    3: "저장을 마무리하는 중",
}


class EvaluationJobError(Exception):
    """An evaluation job that cannot run or was refused; its message is for the user."""


def plan_weight(plan: Plan) -> int:
    """How heavy a run of the plan is: its indicators (the run's time grows with them)."""
    return Indicator.objects.filter(plan=plan).count()


def run_goes_to_background(plan: Plan) -> bool:
    """Whether starting a run of this plan in the browser should run as a background job."""
    return plan_weight(plan) > settings.SEONGGWA_EVALUATION_BACKGROUND_OVER


def run_progress(done: int, total: int) -> None:
    """``run_start``'s progress callback: the job's bar (or the CLI's), with what comes next."""
    progress(done, total, STEP_MESSAGES.get(done, ""))


@task()
def evaluate_plan(*, plan_id: int, period_key: str | None, user_id: int) -> dict[str, Any]:
    """Run the plan's evaluation for the period (None: its year) as the user who asked."""
    from django.contrib.auth import get_user_model

    progress(0, RUN_STEPS, STEP_MESSAGES[0])
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    plan = Plan.objects.select_related("organisation").filter(pk=plan_id).first()
    if user is None or plan is None:
        raise EvaluationJobError("평가할 수 없습니다: 요청한 사용자나 계획이 없습니다.")
    period = None
    if period_key and period_key != str(plan.year):
        period = Period.objects.filter(plan=plan, key=period_key).first()
        if period is None:
            raise EvaluationJobError(
                f"평가할 수 없습니다: {plan}에 기간 '{period_key}'이(가) 없습니다."
            )
    try:
        run = run_start(user=user, plan=plan, period=period, progress=run_progress)
    except ServiceError as exc:
        # one line: the job page shows it as the reason
        raise EvaluationJobError(" / ".join(str(exc).split("\n"))) from exc
    keep_result_url(reverse("web:evaluation-run", args=[plan.pk, run.pk]))
    count = run.results.count()
    progress(
        RUN_STEPS, RUN_STEPS, f"{plan} · {run.period_key} 평가 제{run.number}회차: 지표 {count}개"
    )
    return {"run": run.pk, "number": run.number, "period": run.period_key}
