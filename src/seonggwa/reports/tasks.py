"""A report rendered in the background (docs/jobs.md): the web enqueues it when the file would
be big (:func:`goes_to_background`), ``seonggwa worker`` runs it as the user who asked."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks import task

from seonggwa.jobs.services import keep_file, progress

from .model import Report
from .render import CONTENT_TYPES, file_name, report_render

# how much each format costs per row (PDF's layout is the slow one); html and csv never wait
FORMAT_COST = {"pdf": 1.0, "hwpx": 0.5, "xlsx": 0.2}


def report_weight(report: Report, fmt: str) -> float:
    """Rows of every table plus ten per chart, times the format's cost per row."""
    rows = sum(len(t.rows) for t in report.tables)
    return (rows + 10 * len(report.charts)) * FORMAT_COST.get(fmt, 0.0)


def goes_to_background(report: Report, fmt: str) -> bool:
    """Whether the download is big enough to run as a background job."""
    if fmt not in FORMAT_COST:
        return False
    return report_weight(report, fmt) > settings.SEONGGWA_REPORT_BACKGROUND_OVER


class ReportJobError(Exception):
    """A report job that cannot run; its message is for the user."""


@task()
def render_report(
    *,
    plan_id: int,
    kind: str,
    fmt: str,
    user_id: int,
    run: int | None = None,
    unit: str | None = None,
    explain: bool | None = None,
) -> dict[str, Any]:
    """Build the report as the user who asked and keep the file for them."""
    from django.contrib.auth import get_user_model

    from seonggwa.plans.models import Plan
    from seonggwa.policy import can_see_unapproved, can_view_plan

    from .build import ReportError, report_for

    progress(0, 3, "보고서 자료를 모으는 중")
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    plan = Plan.objects.select_related("organisation").filter(pk=plan_id).first()
    if user is None or plan is None or not can_view_plan(user, plan):
        raise ReportJobError("보고서를 만들 수 없습니다: 계획이 없거나 볼 권한이 없습니다.")
    try:
        report = report_for(
            plan,
            kind,
            user=user,
            public=not can_see_unapproved(user, plan),
            run=run,
            unit=unit,
            explain=explain,
        )
    except ReportError as exc:
        raise ReportJobError(f"보고서를 만들 수 없습니다: {exc}") from exc
    progress(1, 3, f"{fmt.upper()} 파일을 만드는 중")
    data = report_render(report, fmt)
    name = file_name(report, fmt)
    progress(2, 3, "파일을 저장하는 중")
    keep_file(data, name=name, content_type=CONTENT_TYPES[fmt])
    progress(3, 3, "완료")
    return {"file_name": name, "size": len(data)}


@task()
def render_open_data() -> int:
    """Render every open dataset's whole file in every format into the figures cache
    (enqueued after a publication: docs/portal.md); gives how many files were made."""
    from .open_data import render_all

    return render_all(progress)
