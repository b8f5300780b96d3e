"""Inverse-care benchmark: first render and pair switch of /omvendt-omsorg, each as a median and
as a ratio to a reference measured in the same run on the same server (the map page's first
render and indicator switch), so a busy machine shows up in both.

    .venv/bin/python bench/inverse_care_bench.py [--db data/atlas.duckdb] [--runs 3] [--switches 8]

Real `streamlit run app.py` servers and Debian's headless Chromium, every non-loopback request
blocked. "Charts painted" = both the bivariate map (its iframe records the wall-clock time
after the paint of the first frame after styling all 98 polygons for the expected state:
`window.atlasPaintedAt`) and the scatter (a MutationObserver records when a Vega chart whose
description is the expected render id appears) show the new state; the later of the two counts.

- cold first render: a fresh server process, first visit to the page (pays the imports of
  scipy and statsmodels), timed from page.goto; reference: the map page on another fresh server;
- warm first render: a new visitor (fresh browser context) on a running server;
- pair switch: picking another need indicator in the select box, from pressing Enter to both
  charts repainted; reference: switching the map page's indicator.

Target on the 2-core machine: pair switch <= 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.devserver import (  # noqa: E402
    StreamlitServer,
    launch_browser,
    offline_context,
    painted_at,
    wait_for_app_run,
    wait_for_map,
)

TARGET_SWITCH = 0.5
PAGE = "/omvendt-omsorg"
NEED_CYCLE = ["home_nursing_per_1000", "life_expectancy", "daily_smoking_share",
              "self_rated_good_health_share"]
MAP_CYCLE = ["daily_smoking_share", "gini", "hospital_distance_km", "life_expectancy"]
VIEWPORT = {"width": 1440, "height": 1600}

# Records, per Vega description (= render id), when a chart carrying it first appeared.
SCATTER_OBSERVER = """() => {
  window.icSeen = window.icSeen || {};
  const note = () => document.querySelectorAll('[data-testid="stVegaLiteChart"][aria-label]')
    .forEach(el => { const id = el.getAttribute('aria-label');
                     if (!(id in window.icSeen)) window.icSeen[id] = Date.now(); });
  note();
  if (!window.icObserver) {
    window.icObserver = new MutationObserver(note);
    window.icObserver.observe(document.body, {subtree: true, childList: true, attributes: true,
                                              attributeFilter: ['aria-label']});
  }
}"""


@dataclass(frozen=True)
class Facts:
    default_id: str
    need_labels: dict[str, str]        # need id -> its label in the Danish select box
    need_ids: dict[str, str]           # need id -> render id after picking it
    map_labels: dict[str, str]
    map_ids: dict[str, str]
    map_default_id: str


def facts(db: Path) -> Facts:
    """What the bench needs from the atlas's own code (the one place it reaches in)."""
    import os

    os.environ["ATLAS_DB"] = str(db)
    from atlas.query.core import catalogue
    from atlas.views import map_page as mv
    from atlas.views.inverse_care import state as ic

    context = ic.choices("da")
    default, _ = ic.parse_state({}, context)
    need_ids = {need: ic.render_id(ic.parse_state({"need": need}, context)[0])
                for need in NEED_CYCLE}
    cat = catalogue()
    map_ids = {ident: mv.render_id(mv.MapState(indicator=ident, period=cat.latest[ident]))
               for ident in {*MAP_CYCLE, "life_expectancy"}}
    return Facts(ic.render_id(default), {n: context.labels[n] for n in NEED_CYCLE}, need_ids,
                 mv.indicator_options("da"), map_ids, map_ids["life_expectancy"])


def wait_for_scatter(page, state_id: str, timeout: float = 90_000) -> float:
    """Wall-clock seconds at which the scatter showing `state_id` appeared."""
    from playwright.sync_api import expect

    expect(page.locator(f'[data-testid="stVegaLiteChart"][aria-label="{state_id}"]')
           ).to_be_attached(timeout=timeout)
    page.evaluate(SCATTER_OBSERVER)
    return page.evaluate("id => window.icSeen[id]", state_id) / 1000.0


def charts_painted(page, state_id: str) -> float:
    wait_for_map(page, state_id)
    return max(painted_at(page), wait_for_scatter(page, state_id))


def first_visit(browser, blocked, url: str, state_id: str, is_map: bool) -> float:
    context = offline_context(browser, blocked, viewport=VIEWPORT)
    page = context.new_page()
    start = time.time()
    page.goto(url)
    if not is_map:
        page.evaluate(SCATTER_OBSERVER)
    if is_map:
        wait_for_map(page, state_id)
        done = painted_at(page)
    else:
        done = charts_painted(page, state_id)
    context.close()
    return done - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--switches", type=int, default=8)
    args = parser.parse_args()
    if not args.db.is_file():
        print(f"no database at {args.db}: run `atlas build` first", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    f = facts(args.db)
    blocked: list[str] = []
    cold, cold_ref, warm, warm_ref, switches, switches_ref = [], [], [], [], [], []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        for run in range(args.runs):
            for target, samples, is_map in ((PAGE, cold, False), ("/", cold_ref, True)):
                server = StreamlitServer(args.db).start()
                try:
                    server.wait_healthy()
                    state_id = f.map_default_id if is_map else f.default_id
                    samples.append(first_visit(browser, blocked, server.url + target, state_id,
                                               is_map))
                    if not is_map:
                        warm.append(first_visit(browser, blocked, server.url + target,
                                                state_id, False))
                        warm_ref.append(first_visit(browser, blocked, server.url + "/",
                                                    f.map_default_id, True))
                finally:
                    server.stop()
            print(f"  run {run + 1}: cold first render {cold[-1]:.2f} s (map page "
                  f"{cold_ref[-1]:.2f} s); warm {warm[-1]:.2f} s (map page {warm_ref[-1]:.2f} s)",
                  flush=True)

        server = StreamlitServer(args.db).start()
        try:
            server.wait_healthy()
            context = offline_context(browser, blocked, viewport=VIEWPORT)
            page = context.new_page()
            page.goto(server.url + PAGE)
            charts_painted(page, f.default_id)
            page.evaluate(SCATTER_OBSERVER)
            select = page.get_by_role("combobox", name="Behov", exact=True)
            for i in range(args.switches):
                need = NEED_CYCLE[i % len(NEED_CYCLE)]
                select.click()
                select.fill(f.need_labels[need])
                start = time.time()
                page.keyboard.press("Enter")
                switches.append(charts_painted(page, f.need_ids[need]) - start)
                wait_for_app_run(page)
                print(f"  pair switch {i + 1} -> {need}: {switches[-1]:.3f} s", flush=True)
            page.goto(server.url + "/")
            wait_for_map(page, f.map_default_id)
            select = page.get_by_role("combobox", name="Indikator")
            for i in range(args.switches):
                ident = MAP_CYCLE[i % len(MAP_CYCLE)]
                select.click()
                select.fill(f.map_labels[ident])
                start = time.time()
                page.keyboard.press("Enter")
                wait_for_map(page, f.map_ids[ident])
                switches_ref.append(painted_at(page) - start)
                print(f"  map switch {i + 1} -> {ident}: {switches_ref[-1]:.3f} s", flush=True)
            context.close()
        finally:
            server.stop()
        browser.close()

    def line(name: str, values: list[float], reference: list[float], target: float | None):
        median, ref = statistics.median(values), statistics.median(reference)
        verdict = "" if target is None else \
            f"; target <= {target} s: {'ok' if median <= target else 'OVER TARGET'}"
        print(f"{name}: median {median:.3f} s of {len(values)}, reference {ref:.3f} s, "
              f"ratio {median / ref:.2f}{verdict}")

    print()
    line("cold first render (fresh server) vs map page", cold, cold_ref, None)
    line("warm first render (new visitor) vs map page", warm, warm_ref, None)
    line("pair switch -> charts repainted vs map indicator switch", switches, switches_ref,
         TARGET_SWITCH)
    if blocked:
        print(f"blocked non-loopback requests: {sorted(set(blocked))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
