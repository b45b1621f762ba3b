"""The figures cache: what a read computed, kept under the *state* it was computed from.

A reader passes the state of every row its answer depends on (a run's id, number, status
and version; the publication of periods; counts and stamps of a plan's values — see
``evaluation.read_state``), read fresh on each request. A publication, a withdrawal, a new
run, an override or a changed value changes the state, so the next read finds no entry and
computes anew: nothing has to remember to invalidate, and a bulk ``QuerySet.update()`` that
changes a status is seen as well. Superseded entries are never read again and expire.

The store is Django's cache ``figures`` (settings ``SEONGGWA_FIGURES_CACHE``: files shared
by the gunicorn workers of a machine, or the database's table shared by every machine;
docs/deploy.md "Caching published figures").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches

ALIAS = "figures"
T = TypeVar("T")
_MISSING = object()


def figures_cache() -> BaseCache:
    """The ``figures`` cache (the default cache where a site's settings lack it)."""
    return caches[ALIAS] if ALIAS in settings.CACHES else caches["default"]


def state_key(namespace: str, state: Any) -> str:
    """The cache key of ``state`` (a tuple of plain values: ints, strings, dates,
    decimals) under ``namespace``: its ``repr`` hashed, so any difference is a new key.

    >>> state_key("x", (1, "published", 3)) == state_key("x", (1, "published", 3))
    True
    >>> state_key("x", (1, "published", 3)) == state_key("x", (1, "final", 3))
    False
    """
    return f"seonggwa:{namespace}:{hashlib.sha256(repr(state).encode()).hexdigest()}"


def cached(namespace: str, state: Any, build: Callable[[], T]) -> T:
    """``build()``'s answer for ``state``: from the cache, or built and stored there."""
    store = figures_cache()
    key = state_key(namespace, state)
    found = store.get(key, _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[no-any-return]
    value = build()
    store.set(key, value)
    return value
