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

In front of the shared store each process keeps the last answers it read or built, in
memory (settings ``SEONGGWA_FIGURES_LOCAL_ENTRIES``, default 256; 0 turns it off): a key names the state its answer was computed from, so an entry
can never become wrong, only unused — and a warm read then costs no file read and no
unpickling. :func:`local_clear` empties it (tests, benchmarks that time a first read).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches

ALIAS = "figures"
T = TypeVar("T")
_MISSING = object()
_local: OrderedDict[str, Any] = OrderedDict()
_local_lock = threading.Lock()


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


def _remember(key: str, value: Any, most: int) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > most:
            _local.popitem(last=False)


def local_clear() -> None:
    """Forget this process's copies (the shared store is left as it is)."""
    with _local_lock:
        _local.clear()


def cached(namespace: str, state: Any, build: Callable[[], T]) -> T:
    """``build()``'s answer for ``state``: from this process's copies, from the shared
    cache, or built and stored in both. Answers are shared between readers: never mutate
    one."""
    key = state_key(namespace, state)
    most = getattr(settings, "SEONGGWA_FIGURES_LOCAL_ENTRIES", 256)
    if most:
        with _local_lock:
            found = _local.get(key, _MISSING)
            if found is not _MISSING:
                _local.move_to_end(key)
                return found  # type: ignore[no-any-return]
    store = figures_cache()
    found = store.get(key, _MISSING)
    if found is _MISSING:
        found = build()
        store.set(key, found)
    if most:
        _remember(key, found, most)
    return found  # type: ignore[no-any-return]
