"""Work done ahead of the visitor's next step, kept per build (issue 23).

A page that knows what comes next (the presenter: the neighbouring slides, then the rest of
the story) calls `ahead(key, compute)` at the end of its run; one background thread computes
it while the visitor reads. `result(key, compute)` returns it: at once when done, after
waiting for it while it runs (never computed twice), and computed on the spot when it was
never asked for or is still queued behind other work.
`compute` must not call Streamlit (it runs outside the visitor's script thread).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Hashable

from atlas.db import database

KEEP = 64                  # results kept per build (most recently used)
_FAMILY = "atlas.ui.prefetch"
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _worker() -> ThreadPoolExecutor:
    """One background thread: prefetching never takes more than one core."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="atlas-prefetch")
        return _pool


class _Slot:
    """One key's work: queued, running or done (a Future), or not asked for (None)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.future: Future | None = None


def _slot(key: Hashable) -> _Slot:
    return database().memo((_FAMILY, key), _Slot, limit=KEEP)


class _Stale(Exception):
    """The database (or its build) changed between queueing the work and doing it."""


def _for_build(db: Any, build: str, compute: Callable[[], Any]) -> Any:
    """`compute()` in the background only while the app still reads the database and build it
    was queued for: the thread starts later, when `$ATLAS_DB` may name another file or the
    file may have been rebuilt, and a result of another database must never be served."""
    if database() is not db or db.build_id != build:
        raise _Stale
    value = compute()
    if database() is not db or db.build_id != build:
        raise _Stale
    return value


def ahead(key: Hashable, compute: Callable[[], Any]) -> None:
    """Queue `compute()` for the background thread unless `key` was asked for already (and
    did not fail: work that failed, or found the database changed, is queued again)."""
    db = database()
    slot = _slot(key)
    with slot.lock:
        future = slot.future
        if future is None or (future.done() and not future.cancelled()
                              and future.exception() is not None):
            slot.future = _worker().submit(_for_build, db, db.build_id, compute)


def wait_idle(timeout: float) -> bool:
    """Block until the work queued so far is done (the worker runs it in order), at most
    `timeout` seconds; True when it is. For the server's warm-up: the pages it runs queue
    work too (the presenter: every slide of its story), which must not be left running as
    the first visitors arrive."""
    try:
        _worker().submit(lambda: None).result(timeout=timeout)
    except TimeoutError:
        return False
    return True


def result(key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()`'s result for `key` in this build: the prefetched one (waited for while
    it runs), else computed now, also when it is still queued behind other work. A prefetch
    that failed is done again here, so its error (if any) shows in the visitor's run."""
    slot = _slot(key)
    with slot.lock:
        future = slot.future
        if future is not None and (future.cancel() or           # queued, not started
                                   (future.done() and future.exception() is not None)):
            future = None                               # or failed (or stale): do it now
        owner = future is None
        if owner:
            future = slot.future = Future()
            future.set_running_or_notify_cancel()       # others wait for it, never cancel it
    if not owner:
        try:
            return future.result()
        except Exception:
            return compute()
    try:
        value = compute()
    except BaseException as problem:
        with slot.lock:
            slot.future = None
        future.set_exception(problem)
        raise
    future.set_result(value)
    return value
