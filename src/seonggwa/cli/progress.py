"""A progress bar on standard error for long commands, shown only when it is a terminal (a
pipe or a log file gets the command's usual output and nothing else). The work reports with
``seonggwa.jobs.services.progress`` — the same call that moves a background job's bar."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cli_progress(description: str) -> Iterator[None]:
    from seonggwa.jobs.services import progress_sink

    stream = sys.stderr
    if not stream.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[message]}"),
        console=Console(file=stream),
        transient=True,
        # the command's own output stays on stdout when that is a pipe or a file; on a terminal
        # it goes above the bar (both are the same screen then)
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=False,
    ) as bar:
        task = bar.add_task(description, total=None, message="")

        def sink(done: int, total: int | None, message: str) -> None:
            bar.update(task, completed=done, total=total, message=message)

        token = progress_sink.set(sink)
        try:
            yield
        finally:
            progress_sink.reset(token)
