"""What one server replica carries: server CPU seconds per page load and per interaction, memory
per session, sessions per core, and a load test that holds many sessions at once.

    .venv/bin/python bench/load.py [--db data/atlas.duckdb] [--sessions 30] [--interactions 5]
                                   [--browser-loads 3] [--browser-switches 4] [--think 10]

One `python -m atlas.serve` replica; CPU and memory are read from its /proc entry.

1. Browser (Debian's headless Chromium, offline): `--browser-loads` page loads, each in a new
   context, and `--browser-switches` indicator switches; the server's CPU seconds for each,
   measured from the action until the map is painted and the script run is over.
2. Load test: `--sessions` concurrent sessions over the websocket without a browser
   (atlas/serve/streamclient.py), all started at once and all held open; each then makes
   `--interactions` indicator switches (a script run with the new URL state), all sessions at
   once per round. Errors = failed connections, exceptions drawn, runs not finished
   successfully, runs without the map component. Prints latency, CPU per run, and the
   server's memory before, at peak and per session.

Sessions per core = think time / CPU seconds per interaction: how many visitors who each
change something every `--think` seconds one core keeps up with (page loads come on top:
1 / CPU per load of them per core-second).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from map_bench import DEFAULT_INDICATOR, SWITCH_CYCLE, atlas_facts  # noqa: E402

from atlas.serve.streamclient import StreamSession  # noqa: E402
from tests.support.devserver import (  # noqa: E402
    StreamlitServer,
    launch_browser,
    offline_context,
    wait_for_map,
)

MB = 1e6


def median_spread(values: list[float], unit: str = "s", digits: int = 2) -> str:
    if not values:
        return "n/a"
    return (f"median {statistics.median(values):.{digits}f} {unit} "
            f"(spread {min(values):.{digits}f}-{max(values):.{digits}f}, n={len(values)})")


def browser_costs(server: StreamlitServer, loads: int, switches: int):
    """Server CPU seconds per real page load and per real indicator switch."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)
    facts = atlas_facts(server.db)
    load_cpu, switch_cpu, blocked = [], [], []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        for _ in range(loads):
            context = offline_context(browser, blocked, viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            cpu = server.cpu_seconds()
            page.goto(server.url + "/")
            wait_for_map(page, facts.render_ids[DEFAULT_INDICATOR], timeout=120_000)
            load_cpu.append(server.cpu_seconds() - cpu)
            if _ == loads - 1:
                select = page.get_by_role("combobox", name="Indikator")
                for i in range(switches):
                    ident = SWITCH_CYCLE[i % len(SWITCH_CYCLE)]
                    select.click()
                    select.fill(facts.labels[ident])
                    cpu = server.cpu_seconds()
                    page.keyboard.press("Enter")
                    wait_for_map(page, facts.render_ids[ident], timeout=120_000)
                    switch_cpu.append(server.cpu_seconds() - cpu)
            context.close()
        browser.close()
    if blocked:
        print(f"blocked non-loopback requests: {sorted(set(blocked))}")
    return load_cpu, switch_cpu


class RssPeak:
    """Samples the server's resident memory while a block runs; keeps the peak."""

    def __init__(self, server: StreamlitServer) -> None:
        self.server, self.peak, self._task = server, server.rss_bytes(), None

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, self.server.rss_bytes())
            await asyncio.sleep(0.1)

    async def __aenter__(self) -> "RssPeak":
        self._task = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc) -> None:
        self._task.cancel()
        self.peak = max(self.peak, self.server.rss_bytes())


async def hold_sessions(server: StreamlitServer, sessions: int, interactions: int):
    errors: list[str] = []
    first_runs, later_runs = [], []
    load_cpu = interaction_cpu = 0.0

    def check(result, label: str) -> None:
        if not result.ok:
            errors.append(f"{label}: {result.status} {result.exceptions}")
        elif not any("folium" in name for name in result.components):
            errors.append(f"{label}: no map component")

    baseline = server.rss_bytes()
    clients = [StreamSession(server.url) for _ in range(sessions)]
    start = time.perf_counter()
    async with RssPeak(server) as rss:
        opened = await asyncio.gather(*(client.__aenter__() for client in clients),
                                      return_exceptions=True)
        errors.extend(f"connect: {item!r}" for item in opened if isinstance(item, Exception))
        live = [client for client, item in zip(clients, opened)
                if not isinstance(item, Exception)]
        cpu = server.cpu_seconds()
        results = await asyncio.gather(*(client.run("") for client in live),
                                       return_exceptions=True)
        load_cpu = server.cpu_seconds() - cpu
        for n, result in enumerate(results):
            if isinstance(result, Exception):
                errors.append(f"session {n} load: {result!r}")
            else:
                check(result, f"session {n} load")
                first_runs.append(result.seconds)
        held_rss = server.rss_bytes()
        cpu = server.cpu_seconds()
        for round_no in range(interactions):
            query = f"indicator={SWITCH_CYCLE[round_no % len(SWITCH_CYCLE)]}"
            results = await asyncio.gather(*(client.run(query) for client in live),
                                           return_exceptions=True)
            for n, result in enumerate(results):
                if isinstance(result, Exception):
                    errors.append(f"session {n} switch {round_no}: {result!r}")
                else:
                    check(result, f"session {n} switch {round_no}")
                    later_runs.append(result.seconds)
        interaction_cpu = server.cpu_seconds() - cpu
        held_for = time.perf_counter() - start
        await asyncio.gather(*(client.__aexit__() for client in live), return_exceptions=True)
    return {
        "errors": errors, "live": len(live), "first_runs": first_runs, "later_runs": later_runs,
        "load_cpu": load_cpu / max(len(live), 1),
        "interaction_cpu": interaction_cpu / max(len(live) * interactions, 1),
        "baseline_rss": baseline, "held_rss": held_rss, "peak_rss": rss.peak,
        "held_for": held_for,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--interactions", type=int, default=5)
    parser.add_argument("--browser-loads", type=int, default=3)
    parser.add_argument("--browser-switches", type=int, default=4)
    parser.add_argument("--think", type=float, default=10.0,
                        help="seconds between one visitor's interactions, for sessions/core")
    args = parser.parse_args()
    if not args.db.is_file():
        print(f"no database at {args.db}: run `atlas build` first", file=sys.stderr)
        return 2

    server = StreamlitServer(args.db).start()
    try:
        healthy = server.wait_healthy(timeout=300)
        start_cpu, start_rss = server.cpu_seconds(), server.rss_bytes()
        print(f"server healthy after {healthy:.1f} s; {start_cpu:.2f} CPU s, "
              f"{start_rss / MB:.0f} MB at start", flush=True)
        browser_load = browser_switch = []
        if args.browser_loads:
            browser_load, browser_switch = browser_costs(server, args.browser_loads,
                                                         args.browser_switches)
        held = asyncio.run(hold_sessions(server, args.sessions, args.interactions))
    finally:
        server.stop()

    per_session = (held["peak_rss"] - held["baseline_rss"]) / max(held["live"], 1)
    print()
    print("server CPU per real browser page load (map painted, runs over): "
          + median_spread(browser_load))
    print("server CPU per real browser indicator switch: " + median_spread(browser_switch))
    print(f"load test: {held['live']} of {args.sessions} sessions held for "
          f"{held['held_for']:.0f} s, {args.interactions} interactions each; "
          f"errors = {len(held['errors'])}")
    for error in held["errors"][:10]:
        print(f"  error: {error}")
    print("  first run latency, all sessions at once: "
          + median_spread(held["first_runs"])
          + f"; p95 {_p95(held['first_runs']):.2f} s")
    print("  interaction latency, all sessions at once: "
          + median_spread(held["later_runs"])
          + f"; p95 {_p95(held['later_runs']):.2f} s")
    print(f"  server CPU per session load (no browser) {held['load_cpu']:.3f} s, "
          f"per interaction {held['interaction_cpu']:.3f} s")
    print(f"  memory: {held['baseline_rss'] / MB:.0f} MB before the sessions, "
          f"{held['held_rss'] / MB:.0f} MB with all held, peak {held['peak_rss'] / MB:.0f} MB; "
          f"peak per session {per_session / MB:.1f} MB")
    interaction = statistics.median(browser_switch) if browser_switch \
        else held["interaction_cpu"]
    load = statistics.median(browser_load) if browser_load else held["load_cpu"]
    print(f"capacity of one core: {args.think / interaction:.0f} sessions that interact every "
          f"{args.think:.0f} s (CPU {interaction:.3f} s per interaction), or "
          f"{1 / load:.1f} new visitors per second (CPU {load:.3f} s per page load); memory "
          f"{1000 * MB / max(per_session, 1):.0f} sessions per GB above the "
          f"{held['baseline_rss'] / MB:.0f} MB base")
    return 1 if held["errors"] else 0


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else float("nan")


if __name__ == "__main__":
    sys.exit(main())
