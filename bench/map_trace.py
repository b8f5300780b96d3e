"""Where a new visitor's map page spends the browser's and the server's time, against the map
floor (bench/map_floor_app.py), in CPU and task time rather than wall time (issue 23).

    .venv/bin/python bench/map_trace.py [--db data/atlas.duckdb] [--loads 4] [--path /kort]
                                        [--top 12]

Starts the map floor and the atlas (`python -m atlas.serve`), warms each with one visit, then
alternates new visitors (fresh browser context, empty cache) between them. For each load, from
page.goto to the map painted and the run settled (as bench/pages.py's new visitor):

  trace       a Chromium trace (devtools.timeline) of the whole load: the renderer main
              threads' task time split by kind (script, style, layout, paint, parse, GC, other)
              and script time by the file it runs in; "before paint": the same up to the
              moment the map was painted (`window.atlasPaintedAt`)
  metrics     CDP Performance.getMetrics of the page: TaskDuration, ScriptDuration,
              RecalcStyleDuration, LayoutDuration (whole page, its same-origin iframe included)
  network     requests and their bytes (body sizes), websocket bytes received, DOM nodes
  server CPU  the server process's CPU seconds during the load
  timeline    the map's critical path, ms after page.goto: the first websocket frame (the run
              begins), the component's lazy chunk (ComponentInstance) asked for and received, the
              component iframe asked for, streamlit-folium's code received, the map's own file
              (Leaflet, geometry, atlasInit) asked for and received, the map painted

Prints medians per page and the atlas minus the floor. Not a wall-clock bench: for those see
bench/pages.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from first_map import VIEWPORT, map_floor_script  # noqa: E402

from tests.support import devserver  # noqa: E402
from tests.support.devserver import (  # noqa: E402
    StreamlitServer,
    launch_browser,
    painted_at,
    wait_for_map,
)

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing",
              "v8.execute", "toplevel"]
KIND = {  # trace event name -> kind of work (self time; nested events count to their own kind)
    "script": ("FunctionCall", "EvaluateScript", "v8.compile", "v8.compileModule",
               "v8.evaluateModule", "TimerFire", "EventDispatch", "FireAnimationFrame",
               "RunMicrotasks", "v8.run", "V8.Execute", "FireIdleCallback", "XHRReadyStateChange",
               "v8.produceCache", "v8.deserializeOnBackground", "CompileScript"),
    "style": ("UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet",
              "ScheduleStyleRecalculation", "InvalidateLayout"),
    "layout": ("Layout", "UpdateLayerTree", "IntersectionObserverController::computeIntersections"),
    "paint": ("Paint", "PrePaint", "Layerize", "UpdateLayer", "CompositeLayers", "Commit",
              "PaintImage", "Decode Image"),
    "parse": ("ParseHTML",),
    "gc": ("MinorGC", "MajorGC", "V8.GCScavenger", "V8.GCFinalizeMC", "BlinkGC.AtomicPhase",
           "ThreadState::performIdleLazySweep", "V8.GC_MC_BACKGROUND_MARKING", "BlinkGC"),
}
KIND_OF = {name: kind for kind, names in KIND.items() for name in names}
SCRIPT_ROOTS = ("FunctionCall", "EvaluateScript", "v8.evaluateModule", "v8.compile",
                "v8.compileModule", "TimerFire", "FireAnimationFrame", "EventDispatch",
                "RunMicrotasks")


def _where(event) -> str:
    data = (event.get("args") or {}).get("data") or {}
    url = data.get("url") or data.get("fileName") or ""
    if not url:
        return f"({event['name']})"
    url = url.split("?")[0]
    return url.rsplit("/", 1)[-1] or url


def analyse(trace: bytes, cutoff_epoch_ms: float | None, origin_epoch_ms: float) -> dict:
    """Task time on the renderer main threads by kind and by script file; `cutoff` (epoch ms,
    the map painted) splits off what came before it."""
    events = json.loads(trace)
    events = events["traceEvents"] if isinstance(events, dict) else events
    mains = {(e["pid"], e["tid"]) for e in events if e.get("ph") == "M"
             and e.get("name") == "thread_name"
             and e.get("args", {}).get("name") == "CrRendererMain"}
    nav = [e for e in events if e.get("name") == "navigationStart"
           and ((e.get("args") or {}).get("data") or {}).get("isOutermostMainFrame")]
    cutoff_ts = None
    if nav and cutoff_epoch_ms is not None:
        cutoff_ts = nav[-1]["ts"] + (cutoff_epoch_ms - origin_epoch_ms) * 1000.0
    out = {"total": defaultdict(float), "before": defaultdict(float),
           "files": defaultdict(float), "files_before": defaultdict(float), "tasks": 0.0,
           "tasks_before": 0.0}
    by_thread = defaultdict(list)
    for e in events:
        if (e.get("pid"), e.get("tid")) in mains and e.get("ph") == "X" and "dur" in e:
            by_thread[(e["pid"], e["tid"])].append(e)
    for items in by_thread.values():
        items.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack: list[list] = []   # [event, end, child time, kind, in a script root]

        def close(entry) -> None:
            event, end, children, kind, _ = entry
            own = (event["dur"] - children) / 1000.0
            before = cutoff_ts is None or end <= cutoff_ts
            out["total"][kind] += own
            if before:
                out["before"][kind] += own

        for e in items:
            end = e["ts"] + e["dur"]
            while stack and stack[-1][1] <= e["ts"]:
                close(stack.pop())
            parent = stack[-1] if stack else None
            if parent is not None:
                parent[2] += e["dur"]
            kind = KIND_OF.get(e["name"]) or (parent[3] if parent else "other")
            if e["name"] == "RunTask" and parent is None:
                out["tasks"] += e["dur"] / 1000.0
                if cutoff_ts is None or end <= cutoff_ts:
                    out["tasks_before"] += e["dur"] / 1000.0
            in_script = parent is not None and parent[4]
            if e["name"] in SCRIPT_ROOTS and not in_script:
                out["files"][_where(e)] += e["dur"] / 1000.0
                if cutoff_ts is None or end <= cutoff_ts:
                    out["files_before"][_where(e)] += e["dur"] / 1000.0
                in_script = True
            stack.append([e, end, 0.0, kind, in_script])
        while stack:
            close(stack.pop())
    return out


# (step of the timeline, URL part, on the request (True) or on its end (False))
STEPS = (("chunk asked", "/ComponentInstance.", True), ("chunk received", "/ComponentInstance.",
         False), ("iframe asked", "/component/streamlit_folium", True),
         ("folium code received", "streamlit_folium.st_folium/static/js/", False),
         ("map file asked", "/app/static/", True), ("map file received", "/app/static/", False))


def visit(browser, blocked, server: StreamlitServer, path: str, floor: bool) -> dict:
    context = devserver.offline_context(browser, blocked, viewport=VIEWPORT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    sizes: list[int] = []
    ws_bytes = [0]
    steps: dict[str, float] = {}

    def step(request, asked: bool) -> None:
        for name, part, on_ask in STEPS:
            if on_ask == asked and part in request.url:
                steps.setdefault(name, time.time())

    def finished(request) -> None:
        sizes.append(request.sizes()["responseBodySize"])
        step(request, False)

    def frame(data) -> None:
        steps.setdefault("run begins (ws)", time.time())
        ws_bytes[0] += len(data)

    page.on("request", lambda r: step(r, True))
    page.on("requestfinished", finished)
    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    browser.start_tracing(page=page, categories=CATEGORIES)
    cpu = server.cpu_seconds()
    start = time.time()
    page.goto(server.url + path)
    if floor:
        devserver.wait_for_map_floor(page, timeout=120_000)
    else:
        wait_for_map(page, None, timeout=120_000)
    painted = painted_at(page) * 1000.0
    server_cpu = server.cpu_seconds() - cpu
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    origin = page.evaluate("() => performance.timeOrigin")
    nodes = page.evaluate("() => document.getElementsByTagName('*').length")
    trace = browser.stop_tracing()
    context.close()
    found = analyse(trace, painted, origin)
    found["steps"] = {name: (at - start) * 1000.0 for name, at in steps.items()}
    found["steps"]["map painted"] = painted - start * 1000.0
    found.update(seen=painted / 1000.0 - start, server_cpu=server_cpu, requests=len(sizes),
                 request_kb=sum(sizes) / 1024, ws_kb=ws_bytes[0] / 1024, nodes=nodes,
                 **{k: metrics.get(k, 0.0) for k in ("TaskDuration", "ScriptDuration",
                                                     "RecalcStyleDuration", "LayoutDuration")})
    return found


def med(values) -> float:
    return statistics.median(values) if values else 0.0


def report(results: dict[str, list[dict]], top: int) -> None:
    names = list(results)
    print(f"\nmedians of {len(results[names[0]])} new visitors each (ms unless said)")
    header = f"{'':34}" + "".join(f"{n:>12}" for n in names) + f"{'diff':>10}"
    print(header)

    def row(label: str, values: list[float], scale: float = 1.0, fmt: str = "{:12.0f}"):
        cells = "".join(fmt.format(v * scale) for v in values)
        print(f"{label:34}{cells}{(values[-1] - values[0]) * scale:10.0f}")

    for key, label, scale in (("seen", "goto -> map painted", 1000), ("server_cpu",
                              "server CPU", 1000), ("TaskDuration", "metrics: task", 1000),
                              ("ScriptDuration", "metrics: script", 1000),
                              ("RecalcStyleDuration", "metrics: style", 1000),
                              ("LayoutDuration", "metrics: layout", 1000),
                              ("tasks", "trace: main-thread tasks", 1),
                              ("tasks_before", "trace: tasks before paint", 1),
                              ("requests", "requests (n)", 1),
                              ("request_kb", "request bodies kB", 1),
                              ("ws_kb", "websocket kB", 1), ("nodes", "DOM nodes (top)", 1)):
        row(label, [med([r[key] for r in results[n]]) for n in names], scale)
    print("-- timeline of the map's critical path, ms after page.goto")
    for name in ("run begins (ws)", *(name for name, _, _ in STEPS), "map painted"):
        row(f"  {name}", [med([r["steps"][name] for r in results[n] if name in r["steps"]])
                          for n in names])
    for part, title in (("total", "self time by kind, whole load"),
                        ("before", "self time by kind, before paint")):
        print(f"-- {title}")
        kinds = sorted({k for n in names for r in results[n] for k in r[part]})
        for kind in kinds:
            row(f"  {kind}", [med([r[part].get(kind, 0.0) for r in results[n]]) for n in names])
    for part, title in (("files", "script time by file, whole load"),
                        ("files_before", "script time by file, before paint")):
        print(f"-- {title} (largest {top} differences)")
        files = {k for n in names for r in results[n] for k in r[part]}
        values = {f: [med([r[part].get(f, 0.0) for r in results[n]]) for n in names]
                  for f in files}
        for f in sorted(values, key=lambda f: -abs(values[f][-1] - values[f][0]))[:top]:
            row(f"  {f[:32]}", values[f])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--loads", type=int, default=4)
    parser.add_argument("--path", default="/kort")
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=VALUE",
                        help="also an atlas with this environment variable (e.g. ATLAS_SHELL=0)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    floor_app = map_floor_script(Path(tempfile.mkdtemp(prefix="map-floor-")))
    servers = {"map floor": StreamlitServer(args.db, app=floor_app).start(),
               **{variant: StreamlitServer(args.db, env=dict([variant.split("=", 1)])).start()
                  for variant in args.variant},
               "atlas": StreamlitServer(args.db).start()}
    blocked: list[str] = []
    results: dict[str, list[dict]] = {name: [] for name in servers}
    try:
        for server in servers.values():
            server.wait_healthy()
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            for name, server in servers.items():   # warm-up, not counted
                visit(browser, blocked, server, "/" if name == "map floor" else args.path,
                      name == "map floor")
            for i in range(args.loads):
                order = list(servers) if i % 2 == 0 else list(reversed(servers))
                for name in order:
                    results[name].append(visit(browser, blocked, servers[name],
                                               "/" if name == "map floor" else args.path,
                                               name == "map floor"))
                    print(f"{name}: {results[name][-1]['seen']:.2f} s", file=sys.stderr)
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    report(results, args.top)
    if blocked:
        print(f"blocked requests: {len(blocked)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
