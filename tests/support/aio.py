"""Running asyncio code from a test whose thread may already have a running event loop:
Playwright's sync API keeps one open in the main thread of a worker while the browser tests'
session-scoped browser lives, and `asyncio.run` then refuses (a test passed or failed by which
files its xdist worker ran before it)."""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any, Callable


def off_loop(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`function(*args, **kwargs)`, in a thread of its own when this one has a running event
    loop (code that calls `asyncio.run` itself, e.g. the server's warm-up)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def run_async(coroutine: Any) -> Any:
    """Run `coroutine` to completion (see the module doc)."""
    return off_loop(asyncio.run, coroutine)
