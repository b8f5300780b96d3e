"""Work done ahead of the visitor's next step, kept per build (issue 23).

A page that knows what comes next (the presenter: the neighbouring slides) calls
`ahead(key, compute)` at the end of its run; a background thread computes it while the visitor
reads. `result(key, compute)` returns it: at once when done, after waiting for it when still
under way (never computed twice), and computed on the spot when it was never asked for.
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


def _done(compute: Callable[[], Any]) -> Future:
    future: Future = Future()
    future.set_result(compute())
    return future


def ahead(key: Hashable, compute: Callable[[], Any]) -> None:
    """Start `compute()` in the background unless its result for `key` is kept already."""
    database().memo((_FAMILY, key), lambda: _worker().submit(compute), limit=KEEP)


def result(key: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()`'s result for `key` in this build: the prefetched one, else computed now.
    A prefetch that failed is not kept: the work is done again here, so its error (if any)
    shows in the visitor's run."""
    future = database().memo((_FAMILY, key), lambda: _done(compute), limit=KEEP)
    try:
        return future.result()
    except Exception:
        return compute()
