"""vl-convert in a worker process, so that no figure can end the server.

vl-convert is native code (Rust with an embedded JavaScript engine). On some inputs it panics
in a function that cannot unwind, which aborts the whole process: in the app that was the
Streamlit server and every visitor's session (issue 22). Here every conversion runs in one
persistent worker process (a `ProcessPoolExecutor` with one worker, started with "spawn" so it
shares nothing with the server's threads). If the worker dies, or a conversion takes longer
than `TIMEOUT_S`, the caller gets a `ConverterError` with a clear message, the worker is
replaced on the next request, and the server goes on.

One worker, kept warm: a process per figure would pay vl-convert's start (about 3 s for its
JavaScript engine and fonts) on every click. `start()` begins that start in the background
(`atlas export-story` calls it first; in the app the first figure starts it); the worker then
converts a figure in about the time vl-convert takes in-process. bench/figure_bench.py measures.

A "spawn" child re-runs the parent's `__main__` (multiprocessing.spawn's preparation data). In
the server that is whichever page script Streamlit ran last (it puts each run's script in
`sys.modules["__main__"]`): the worker would run app.py or a page outside Streamlit, costing
seconds and printing Streamlit's bare-mode warnings into the presenter's terminal. So the
worker is spawned at once when its pool is made, with a `__main__` that has no file.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import types
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Callable

TIMEOUT_S = 60.0
# The smallest chart: converted once when the worker starts, so that vl-convert's engine and
# fonts are loaded before the first visitor's figure.
_WARM_UP_SPEC = {"data": {"values": [{"x": 1}]}, "mark": "point",
                 "encoding": {"x": {"field": "x", "type": "quantitative"}}}


class ConverterError(RuntimeError):
    """A figure could not be converted; the message says why, the server is unaffected."""


def convert(fmt: str, spec: dict | str, scale: float = 1.0) -> str | bytes:
    """In the worker: the Vega-Lite `spec` (a dict or its JSON text) as SVG text or PNG
    bytes."""
    import vl_convert as vlc

    if fmt == "svg":
        return vlc.vegalite_to_svg(spec)
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale)
    raise ValueError(f"unknown format {fmt!r}")


def _warm_up() -> None:
    """The worker's initializer: load vl-convert's engine (its first conversion is the slow
    one)."""
    convert("svg", _WARM_UP_SPEC)


@contextmanager
def _main_without_file():
    """`sys.modules["__main__"]` as a module with no file while a worker is spawned, so the
    child imports nothing of the parent's script (see the module docstring)."""
    main = sys.modules.get("__main__")
    stub = types.ModuleType("__main__")
    sys.modules["__main__"] = stub
    try:
        yield
    finally:
        if sys.modules.get("__main__") is stub and main is not None:
            sys.modules["__main__"] = main


class Converter:
    """The worker process, created on first use and re-created after it died."""

    def __init__(self, timeout: float = TIMEOUT_S) -> None:
        self.timeout = timeout
        self._pool: ProcessPoolExecutor | None = None
        self._started: Future | None = None
        self._lock = threading.Lock()

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_warm_up)
                with _main_without_file():
                    self._started = pool.submit(int, 0)   # the pool spawns its worker here
                self._pool = pool
            return self._pool

    def start(self) -> Future | None:
        """Start the worker (and vl-convert's engine in it) without waiting for it; nothing
        when it runs already."""
        if self._pool is not None:
            return None
        self._current()
        return self._started

    def ready(self) -> bool:
        """Whether the worker runs and its engine has started (its warm-up conversion done):
        a figure asked for now is drawn in about the time vl-convert takes, not its start."""
        started = self._started
        return (self._pool is not None and started is not None and started.done()
                and started.exception() is None)

    def run(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(*args)` in the worker. A worker that died is replaced and the call tried
        once more (the request that killed it may have been another visitor's); a second
        death, or no answer within `timeout` seconds, is a ConverterError."""
        for attempt in (1, 2):
            pool = self._current()
            try:
                return pool.submit(function, *args).result(timeout=self.timeout)
            except BrokenProcessPool:
                self._discard(pool)
                if attempt == 2:
                    raise ConverterError(
                        "the figure converter (vl-convert) stopped while drawing this figure; "
                        "the figure could not be made (the atlas itself is unaffected)"
                    ) from None
            except FutureTimeout:
                self._discard(pool)
                raise ConverterError(f"the figure converter (vl-convert) did not finish "
                                     f"within {self.timeout:.0f} s") from None
        raise AssertionError("unreachable")

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        """Forget `pool` and end its worker (it may hang); the next call starts a new one."""
        with self._lock:
            if self._pool is pool:
                self._pool = None
        # ProcessPoolExecutor has no public way to end a busy worker
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            if process.is_alive():
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def stop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


CONVERTER = Converter()
