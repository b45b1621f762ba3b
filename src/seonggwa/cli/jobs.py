"""worker, jobs sweep: run the background jobs (docs/jobs.md)."""

from __future__ import annotations

import argparse
import logging
import time
from typing import Any

from django.utils.translation import gettext


def register(sub: Any) -> None:
    p = sub.add_parser(
        "worker",
        help="백그라운드 작업(긴 보고서 등)을 실행하는 작업자를 띄웁니다",
        description="데이터베이스의 작업 대기열에서 작업을 꺼내 실행합니다. 시작할 때와 "
        "SEONGGWA_JOB_SWEEP_EVERY 초마다 멈춘 작업을 정리합니다. 끝내려면 Ctrl+C.",
    )
    p.add_argument(
        "--queue", default="*", help="처리할 대기열(쉼표로 구분, 기본값 * = 모든 대기열)"
    )
    p.add_argument(
        "--interval", type=float, default=1.0, help="대기열이 비었을 때 다시 볼 간격(초)"
    )
    p.add_argument(
        "--once", action="store_true", help="밀린 작업을 모두 실행하고 끝냅니다(배치 모드)"
    )
    p.set_defaults(handler=cmd_worker)

    p = sub.add_parser("jobs", help="백그라운드 작업 관리", description="백그라운드 작업 관리")
    jsub = p.add_subparsers(dest="jobs_command", metavar="ACTION", required=True)
    s = jsub.add_parser(
        "sweep",
        help="응답이 끊긴 작업을 실패로 처리합니다",
        description="하트비트가 SEONGGWA_JOB_STALE_SECONDS 초보다 오래된 실행 중 작업을 "
        "실패로 표시하고 이유를 남깁니다.",
    )
    s.add_argument("--stale-seconds", type=int, default=None, help="기준(초)")
    s.set_defaults(handler=cmd_sweep)
    s = jsub.add_parser(
        "prune",
        help="끝난 지 오래된 작업(결과 파일 포함)을 지웁니다",
        description="끝난 지 SEONGGWA_JOB_KEEP_DAYS 일(기본 7일)이 지난 작업과 그 결과 파일을 "
        "지웁니다. 작업자는 정리할 때마다 이것도 합니다.",
    )
    s.add_argument("--days", type=int, default=None, help="보관 일수")
    s.set_defaults(handler=cmd_prune)


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    # each task's start and end (django_tasks) and the sweep; not the library's worker saying
    # "starting"/"no more tasks" on every poll (django_tasks_db, warnings only)
    for name, level in (
        ("django_tasks", logging.INFO),
        ("django_tasks_db", logging.WARNING),
        ("seonggwa.jobs", logging.INFO),
    ):
        log = logging.getLogger(name)
        log.setLevel(level)
        if not log.handlers:
            log.addHandler(handler)


def cmd_worker(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    from seonggwa.jobs.selectors import daily_due, daily_time
    from seonggwa.jobs.services import Heartbeat, prune, start_job, sweep
    from seonggwa.results.tasks import REMIND_KIND, send_reminders
    from seonggwa.reviews.tasks import FOLLOWUP_REMIND_KIND, send_followup_reminders

    _log_to_stderr()
    log = logging.getLogger("seonggwa.jobs")
    # the library's worker in batch mode runs what is ready and returns; this loop sweeps
    # stale jobs between batches, so one process both runs and recovers
    worker = Worker(
        queue_names=args.queue.split(","),
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )
    if not args.once:
        worker.configure_signals()
        print(gettext("작업자 실행 중 (끝내려면 Ctrl+C)"), flush=True)
    beat = Heartbeat(every=max(1.0, settings.SEONGGWA_JOB_STALE_SECONDS / 5))
    beat.start()
    last_sweep = float("-inf")
    # the daily reminders (docs/jobs.md): not in batch mode, which runs only what is queued
    remind_at = None if args.once else daily_time(settings.SEONGGWA_REMIND_AT)
    while worker.running:
        if time.monotonic() - last_sweep >= settings.SEONGGWA_JOB_SWEEP_EVERY:
            for job_id in sweep():
                log.warning("stale job %s marked failed", job_id)
            if pruned := prune():
                log.info(
                    "%s finished jobs older than %s days deleted",
                    pruned,
                    settings.SEONGGWA_JOB_KEEP_DAYS,
                )
            if daily_due(REMIND_KIND, remind_at):
                job = start_job(send_reminders, kind=REMIND_KIND, label=gettext("실적 입력 알림"))
                log.info("daily reminders enqueued as job %s", job.task_id)
            if daily_due(FOLLOWUP_REMIND_KIND, remind_at):
                job = start_job(
                    send_followup_reminders,
                    kind=FOLLOWUP_REMIND_KIND,
                    label=gettext("후속조치 알림"),
                )
                log.info("follow-up reminders enqueued as job %s", job.task_id)
            last_sweep = time.monotonic()
        worker.run()
        if args.once:
            break
        if worker.running:
            time.sleep(args.interval)
    beat.stopped.set()
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from seonggwa.jobs.services import sweep

    swept = sweep(stale_seconds=args.stale_seconds)
    for job_id in swept:
        print(gettext("실패로 처리: %(id)s") % {"id": job_id})
    print(gettext("멈춘 작업 %(n)s개를 정리했습니다.") % {"n": len(swept)})
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    from seonggwa.jobs.services import prune

    print(gettext("끝난 작업 %(n)s개를 지웠습니다.") % {"n": prune(days=args.days)})
    return 0
