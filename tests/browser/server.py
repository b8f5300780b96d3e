"""A real atlas server (`python -m atlas.serve`, i.e. `streamlit run app.py`) and an offline
headless Chromium, for the browser tests and bench/map_bench.py.

No sleeps: the server is ready when Streamlit's own `/_stcore/health` answers "ok"; the map is
drawn when the component iframe holds the map container whose `data-atlas` attribute names the
expected state (set by window.atlasApply after styling all polygons) and two animation frames
have passed. Every request that does not go to the loopback interface is aborted and recorded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    def __init__(self, db: Path, port: int | None = None, log: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.db = Path(db)
        self.extra_env = dict(env or {})
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0

    def start(self) -> "StreamlitServer":
        env = dict(os.environ, ATLAS_DB=str(self.db), PYTHONUNBUFFERED="1", **self.extra_env)
        out = open(self.log, "wb") if self.log else subprocess.DEVNULL
        self.started_at = time.perf_counter()
        self.started_wall = time.time()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "atlas.serve",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
        return self

    def wait_healthy(self, timeout: float = 60.0) -> float:
        """Poll Streamlit's health endpoint until it answers; seconds since start()."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as reply:
                    if reply.status == 200:
                        return time.perf_counter() - self.started_at
            except OSError:
                time.sleep(0.02)  # connection refused: the port is not bound yet
        raise TimeoutError("streamlit did not become healthy")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def running_server(db: Path, log: Path | None = None,
                   env: dict[str, str] | None = None) -> Iterator[StreamlitServer]:
    server = StreamlitServer(db, log=log, env=env).start()
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)


def offline_context(browser, blocked: list[str], **kwargs):
    """A browser context that aborts (and records) every non-loopback request."""
    context = browser.new_context(**kwargs)

    def route(route):
        host = urlsplit(route.request.url).hostname or ""
        scheme = urlsplit(route.request.url).scheme
        if scheme in ("data", "blob", "about") or host in LOOPBACK:
            return route.continue_()
        blocked.append(route.request.url)
        return route.abort()

    context.route("**/*", route)
    return context


def map_frame(page):
    return page.frame_locator(MAP_FRAME)


def wait_for_map(page, render_id: str | None = None, timeout: float = 30_000) -> None:
    """Wait until the map shows `render_id` (or any state) with 98 polygons, painted."""
    frame = map_frame(page)
    selector = (f'.leaflet-container[data-atlas="{render_id}"]' if render_id
                else ".leaflet-container[data-atlas]:not([data-atlas=''])")
    frame.locator(selector).wait_for(state="attached", timeout=timeout)
    frame.locator("path.leaflet-interactive").nth(97).wait_for(state="attached",
                                                               timeout=timeout)
    frame.locator("body").evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


_INSIDE_POINT = """(path) => {
  const box = path.getBoundingClientRect();
  for (let fy = 0.5, i = 0; i < 9; i++) {
    for (let fx = 0.5, j = 0; j < 9; j++) {
      const x = box.left + box.width * ((j * 0.37 + 0.5) % 1);
      const y = box.top + box.height * ((i * 0.41 + 0.5) % 1);
      if (document.elementFromPoint(x, y) === path) {
        return {x: x - box.left, y: y - box.top};
      }
    }
  }
  return null;
}"""


def click_polygon(polygon) -> None:
    """Click a point that lies inside this SVG path (its box centre may be sea or a
    neighbour): probe a grid with elementFromPoint, then click there."""
    point = polygon.evaluate(_INSIDE_POINT)
    if point is None:
        raise AssertionError("no visible point inside the polygon")
    polygon.click(position=point)


def painted_at(page) -> float:
    """Wall-clock seconds (epoch) at which the map iframe last finished painting a state."""
    return map_frame(page).locator("body").evaluate("() => window.atlasPaintedAt") / 1000.0


def current_render_id(page) -> str:
    return map_frame(page).locator(".leaflet-container").get_attribute("data-atlas") or ""
