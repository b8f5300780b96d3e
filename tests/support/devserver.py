"""A real atlas server and an offline headless Chromium, for the browser tests (tests/browser)
and bench/map_bench.py. Not used by the app itself: Playwright is imported only inside the
functions that need it.

No sleeps anywhere:
- the server is ready when Streamlit prints its URL (it does so once it listens) and its
  `/_stcore/health` answers "ok" (the atlas answers 503 while it warms up: asked again on each
  line the server prints, at the latest every second);
- a page is ready when `wait_for_app_run` sees Streamlit's own state on the root element:
  websocket connected, script run over, no loading skeleton left (streamlit/streamlit's
  e2e_playwright/conftest.py does the same, there with extra fixed pauses that are not needed
  here: before its first run the root element says `initial`, not `notRunning`);
- the map is drawn when the component iframe holds the map container whose `data-atlas`
  attribute names the expected state (set by window.atlasApply after styling all polygons)
  and two animation frames have passed (or a second, for a frame out of sight that runs none).
Every request that does not go to the loopback interface fails in Chromium (a proxy that
refuses connections) and is recorded.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator
from urllib.parse import urlsplit

from atlas.paths import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
APP_SETTLED = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
               '[data-test-script-state="notRunning"]')
SKELETONS = '[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]'


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`python -m atlas.serve` (i.e. `streamlit run app.py`) on a free loopback port, serving
    the database `db`; its output goes to `log` (or nowhere). `app=<script>`: plain
    `streamlit run <script>` with the same options instead (e.g. bench/floor_app.py)."""

    def __init__(self, db: Path, port: int | None = None, log: Path | None = None,
                 env: dict[str, str] | None = None, app: Path | None = None) -> None:
        self.db = Path(db)
        self.app = app
        self.extra_env = dict(env or {})
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.started_wall = 0.0
        self.listening = False  # Streamlit printed its URL
        self._listening = threading.Event()
        self._reader: threading.Thread | None = None
        self._output: list[str] = []           # the server's output lines so far
        self._output_changed = threading.Condition()

    def start(self) -> "StreamlitServer":
        env = dict(os.environ, ATLAS_DB=str(self.db), PYTHONUNBUFFERED="1", **self.extra_env)
        self.started_at = time.perf_counter()
        self.started_wall = time.time()
        command = (["-m", "streamlit", "run", str(self.app)] if self.app
                   else ["-m", "atlas.serve"])
        self.process = subprocess.Popen(
            [sys.executable, *command,
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--logger.hideWelcomeMessage", "false"],
            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        self._reader = threading.Thread(target=self._read_output, args=(self.process.stdout,),
                                        daemon=True)
        self._reader.start()
        return self

    def _read_output(self, stream: IO[bytes]) -> None:
        """Copy the server's output to the log; flag the line with its URL (printed once the
        server listens). End of output (the process exited) also wakes the waiter."""
        sink = open(self.log, "wb") if self.log else None  # noqa: SIM115 (closed below)
        try:
            for line in stream:
                if sink:
                    sink.write(line)
                    sink.flush()
                if self.url.encode() in line:
                    self.listening = True
                    self._listening.set()
                with self._output_changed:
                    self._output.append(line.decode("utf-8", "replace"))
                    self._output_changed.notify_all()
        finally:
            self._listening.set()
            with self._output_changed:
                self._output.append("")           # end of output
                self._output_changed.notify_all()
            if sink:
                sink.close()

    def wait_for_output(self, text: str, timeout: float = 120.0) -> str:
        """Block until the server prints a line containing `text`; returns that line."""
        def found() -> str | None:
            return next((line for line in self._output if text in line), None)

        with self._output_changed:
            ended = self._output_changed.wait_for(
                lambda: found() is not None or (self._output and self._output[-1] == ""),
                timeout)
            line = found()
        if line is None:
            raise TimeoutError(f"the server did not print {text!r}"
                               + ("" if ended else f" within {timeout} s"))
        return line

    def wait_healthy(self, timeout: float = 120.0) -> float:
        """Block until the server listens and its health endpoint answers "ok"; returns the
        seconds since start()."""
        if not self._listening.wait(timeout):
            raise TimeoutError(f"streamlit did not start listening within {timeout} s")
        if not self.listening:  # its output ended: the process is exiting
            code = self.process.wait(timeout=30)
            raise RuntimeError(f"streamlit exited with {code} before listening"
                               + (f" (see {self.log})" if self.log else ""))
        # The atlas answers 503 "warming up" until its warm-up session is done (atlas.serve.server):
        # ask again whenever the server prints something (the warm-up prints its end), at the
        # latest every second.
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health",
                                            timeout=timeout) as reply:
                    body = reply.read().decode()
                    if reply.status == 200 and body.strip() == "ok":
                        return time.perf_counter() - self.started_at
                    problem = f"{reply.status} {body!r}"
            except urllib.error.HTTPError as error:
                problem = f"{error.code} {error.read().decode(errors='replace')!r}"
                if error.code != 503:
                    raise RuntimeError(f"streamlit health check answered {problem}") from None
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"streamlit health check answered {problem}")
            with self._output_changed:
                seen = len(self._output)
                self._output_changed.wait_for(lambda seen=seen: len(self._output) > seen,
                                              timeout=1.0)

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_bytes(self) -> int:
        """The server process's resident memory now (Linux /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._reader:
            self._reader.join(timeout=10)


@contextmanager
def running_server(db: Path, log: Path | None = None,
                   env: dict[str, str] | None = None) -> Iterator[StreamlitServer]:
    """A started, healthy StreamlitServer, stopped on exit."""
    server = StreamlitServer(db, log=log, env=env).start()
    try:
        server.wait_healthy()
        yield server
    finally:
        server.stop()


def launch_browser(playwright):
    """Debian's headless Chromium (Playwright's own browser download is not used)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)


_NOWHERE: socket.socket | None = None


def nowhere() -> str:
    """A loopback address that refuses every connection: a port bound by this process and
    never listened on (held for the process's life, so no other program can take it)."""
    global _NOWHERE
    if _NOWHERE is None:
        _NOWHERE = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        _NOWHERE.bind(("127.0.0.1", 0))
    host, port = _NOWHERE.getsockname()
    return f"{host}:{port}"


def offline_context(browser, blocked: list[str], **kwargs):
    """A browser context from which no request leaves the loopback interface: every request
    to a host outside LOOPBACK goes to a proxy that refuses connections (Chromium's own proxy
    setting, so it fails at once, DNS included), and its URL is appended to `blocked`.
    `kwargs` go to browser.new_context (e.g. viewport).

    Chromium does the blocking itself: no `context.route`, which pauses every request for a
    round trip to Python and turns off Chromium's HTTP cache (each page load then fetched and
    parsed every script again)."""
    # "<-loopback>": Chromium would otherwise send all of 127.0.0.0/8 past the proxy
    bypass = ",".join(["<-loopback>", *sorted(LOOPBACK)])
    context = browser.new_context(proxy={"server": f"http://{nowhere()}", "bypass": bypass},
                                  **kwargs)

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and (parts.hostname or "") not in LOOPBACK:
            blocked.append(request.url)

    context.on("request", record)
    return context


# Streamlit's signals, read where they are set: a wait returns in the animation frame in which its
# condition first holds (Playwright's retrying `expect` looks again only every 0.5 s after its
# first few tries, so a wait that starts early idles up to half a second past the moment)
_APP_SETTLED_JS = """([settled, skeletons]) =>
  !!document.querySelector(settled) && !document.querySelector(skeletons)"""
_MAP_DRAWN_JS = """([frame, selector]) => {
  const frames = document.querySelectorAll(frame);
  if (frames.length > 1) throw new Error(`${frames.length} map frames match ${frame}`);
  const doc = frames.length ? frames[0].contentDocument : null;
  return !!doc && !!doc.querySelector(selector)
    && doc.querySelectorAll('path.leaflet-interactive').length >= 98;
}"""


def _wait_until(page, condition: str, arg, timeout: float) -> float:
    """Wait (on a Page or Frame) until the JavaScript `condition(arg)` holds, checked in every
    animation frame; the timeout left for the `expect` calls that follow: all of it when the
    condition held (or `page` is a FrameLocator, which cannot run scripts: the `expect` calls
    then do the waiting), a second to describe what is missing when it did not."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if not hasattr(page, "wait_for_function"):
        return timeout
    try:
        page.wait_for_function(condition, arg=arg, polling="raf", timeout=timeout)
    except PlaywrightTimeout:
        return 1_000
    return timeout


def wait_for_app_run(page, timeout: float = 90_000) -> None:
    """Wait until Streamlit has finished a script run on `page` and drawn all of it: the
    websocket is connected, the script state is `notRunning` and no loading skeleton is left.

    Race-free after page.goto (before its first run the app's state is `initial`). After an
    interaction that triggers a rerun, first wait for something that only the rerun produces
    (the URL, the map's render id, a text), then call this: the state may still read
    `notRunning` from the previous run for a moment. Assert with Playwright's retrying
    `expect(...)` afterwards. `timeout` in milliseconds, for each condition. `page` may also
    be a FrameLocator (an embedded atlas), which is waited for with `expect`."""
    from playwright.sync_api import expect

    # then the same conditions with `expect`: they hold at once after the wait above (or, had
    # it timed out, say what is missing)
    timeout = _wait_until(page, _APP_SETTLED_JS, [APP_SETTLED, SKELETONS], timeout)
    expect(page.locator(APP_SETTLED)).to_be_attached(timeout=timeout)
    expect(page.locator(SKELETONS)).to_have_count(0, timeout=timeout)
    # the run is over, so an exception would already be drawn: no need to wait for one
    expect(page.get_by_test_id("stException")).to_have_count(0, timeout=5_000)


def map_frame(page):
    """The streamlit-folium component iframe, as a FrameLocator."""
    return page.frame_locator(MAP_FRAME)


def wait_for_map(page, render_id: str | None = None, timeout: float = 90_000) -> None:
    """Wait until the map shows `render_id` (or any state) with its 98 polygons painted, then
    until the script run that drew it is over (`wait_for_app_run`)."""
    from playwright.sync_api import expect

    frame = map_frame(page)
    selector = (f'.leaflet-container[data-atlas="{render_id}"]' if render_id
                else ".leaflet-container[data-atlas]:not([data-atlas=''])")
    # the component's frame is of the page's origin: its document is read from the page
    timeout = _wait_until(page, _MAP_DRAWN_JS, [MAP_FRAME, selector], timeout)
    expect(frame.locator(selector)).to_be_attached(timeout=timeout)
    expect(frame.locator("path.leaflet-interactive").nth(97)).to_be_attached(timeout=timeout)
    # two animation frames; a frame out of sight (an embed scrolled away) runs none, so at most
    # a second's wait then
    frame.locator("body").evaluate(
        "() => new Promise(r => { requestAnimationFrame(() => requestAnimationFrame(r));"
        " setTimeout(r, 1000); })")
    wait_for_app_run(page, timeout=timeout)


def wait_for_map_floor(page, timeout: float = 90_000) -> None:
    """Wait until the benches' map floor (bench/map_floor_app.py: an empty streamlit-folium
    map, no polygons) has marked its map drawn, then until the script run is over."""
    from playwright.sync_api import expect

    expect(map_frame(page).locator(".leaflet-container[data-atlas]")).to_be_attached(
        timeout=timeout)
    wait_for_app_run(page, timeout)


_INSIDE_POINT = """(path) => {
  const box = path.getBoundingClientRect();
  for (let i = 0; i < 9; i++) {
    for (let j = 0; j < 9; j++) {
      const x = box.left + box.width * ((j * 0.37 + 0.5) % 1);
      const y = box.top + box.height * ((i * 0.41 + 0.5) % 1);
      if (document.elementFromPoint(x, y) === path) {
        return {x: x - box.left, y: y - box.top};
      }
    }
  }
  return null;
}"""


def click_polygon(polygon, attempts: int = 3) -> None:
    """Click a point that lies inside this SVG path (its box centre may be sea or a
    neighbour): once the map has settled (no zoom animation: a late resize refits it), probe
    a grid with elementFromPoint, then click there. Should the map move between the probe
    and the click (the point then lands on a neighbour, which Playwright reports as
    intercepting the click), probe again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    frame = polygon.element_handle().owner_frame()
    for attempt in range(attempts):
        frame.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim')")
        point = polygon.evaluate(_INSIDE_POINT)
        if point is None:
            raise AssertionError("no visible point inside the polygon")
        try:
            polygon.click(position=point, timeout=10_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


def painted_at(page) -> float:
    """Wall-clock seconds (epoch) at which the map iframe last finished painting a state."""
    return map_frame(page).locator("body").evaluate("() => window.atlasPaintedAt") / 1000.0


def choose_and_time(page, combobox, label: str, render_id: str) -> float:
    """Pick `label` in a select box; seconds from Enter until the map `render_id` is painted
    (the benches' timed choice of an indicator or a site)."""
    combobox.click()
    combobox.fill(label)
    start = time.time()
    page.keyboard.press("Enter")
    wait_for_map(page, render_id)
    return painted_at(page) - start


def current_render_id(page) -> str:
    return map_frame(page).locator(".leaflet-container").get_attribute("data-atlas") or ""
