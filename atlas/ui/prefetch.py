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


def ahead(key: Hashable, compute: Callable[[], Any]) -> None:
    """Queue `compute()` for the background thread unless `key` was asked for already."""
    slot = _slot(key)
    with slot.lock:
        if slot.future is None:
            slot.future = _worker().submit(compute)


def result(key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()`'s result for `key` in this build: the prefetched one (waited for while
    it runs), else computed now, also when it is still queued behind other work. A prefetch
    that failed is done again here, so its error (if any) shows in the visitor's run."""
    slot = _slot(key)
    with slot.lock:
        future = slot.future
        if future is not None and future.cancel():      # queued, not started: do it now
            future = None
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
