"""Who is acting: set once per request or command, read by the audit signals.

>>> with acting_as(None, "cli:test"):
...     current_actor()[1]
'cli:test'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_actor: ContextVar[tuple[Any, str] | None] = ContextVar("seonggwa_actor", default=None)
_muted: ContextVar[bool] = ContextVar("seonggwa_audit_muted", default=False)


@contextmanager
def acting_as(user: Any, label: str | None = None) -> Iterator[None]:
    """Attribute every change inside the block to ``user`` (or to ``label`` if no user)."""
    name = (
        label
        or (getattr(user, "get_username", lambda: "")() if user is not None else "")
        or "system"
    )
    token = _actor.set((user, name))
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> tuple[Any, str]:
    value = _actor.get()
    return value if value is not None else (None, "system")


@contextmanager
def audit_muted() -> Iterator[None]:
    """For bulk work (import, restore) that records one summarising event itself."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def is_muted() -> bool:
    return _muted.get()
