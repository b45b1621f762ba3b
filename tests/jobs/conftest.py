from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):  # type: ignore[no-untyped-def]
    """The library's worker closes "old" database connections between tasks, which on
    PostgreSQL closes the connection holding the test's rolled-back transaction. Django's test
    client avoids the same by disconnecting close_old_connections from the request signals;
    here the worker's own reference to it does nothing. Everything else runs as is."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
