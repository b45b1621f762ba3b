"""Small tasks of the jobs app itself: ``count`` checks a worker runs and reports progress
(``seonggwa jobs try``, the tests)."""

from __future__ import annotations

import time

from django_tasks import task

from .services import keep_file, progress


@task()
def count(n: int, *, pause: float = 0.0, fail_at: int | None = None) -> int:
    """Count to ``n``, reporting each step; keep the numbers as a text file. ``fail_at`` fails
    on that step (to show what a failed job looks like)."""
    for i in range(1, n + 1):
        if fail_at is not None and i == fail_at:
            raise RuntimeError(f"{i}단계에서 실패하도록 요청되었습니다.")
        progress(i, n, f"{i}/{n}")
        if pause:
            time.sleep(pause)
    keep_file(
        "\n".join(str(i) for i in range(1, n + 1)).encode(),
        name="count.txt",
        content_type="text/plain; charset=utf-8",
    )
    return n
