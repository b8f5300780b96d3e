"""Map benchmark: server start -> first map painted (median of 5), indicator switch -> map
repainted (median of 10), and the map payload in bytes.

    .venv/bin/python bench/map_bench.py [--db data/atlas.duckdb] [--runs 5] [--switches 10]

Real `streamlit run app.py` servers and Debian's headless Chromium (/usr/bin/chromium), every
non-loopback request blocked. "Painted" = the wall-clock time the map iframe records two
animation frames after window.atlasApply has styled all 98 polygons for the expected state
(`window.atlasPaintedAt`), so Playwright's polling adds nothing. Server start is timed from
launching the process; each first load uses a fresh browser context (empty cache). A switch is
timed from pressing Enter in the indicator select box to the new state painted.

Targets on the 2-core machine: first map <= 3 s, switch <= 0.5 s, payload <= 600 KB.
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
    choose_and_time,
    launch_browser,
    offline_context,
    painted_at,
    wait_for_map,
)

TARGET_FIRST, TARGET_SWITCH, TARGET_BYTES = 3.0, 0.5, 600_000
SWITCH_CYCLE = ["daily_smoking_share", "gini", "employment_rate", "hospital_distance_km",
                "loneliness_share", "life_expectancy"]
DEFAULT_INDICATOR = "life_expectancy"


@dataclass(frozen=True)
class AtlasFacts:
    labels: dict[str, str]  # indicator id -> its label in the Danish indicator select box
    render_ids: dict[str, str]  # indicator id -> `data-atlas` of its latest period, in Danish
    payload_bytes: dict[str, int]  # indicator id -> map payload for that state + a selection


def atlas_facts(db: Path) -> AtlasFacts:
    """Everything the benchmark needs from the atlas's own code: the one place that reaches
    into its query, state and map modules."""
    import os

    os.environ["ATLAS_DB"] = str(db)
    from atlas.maps import folium_map as fm
    from atlas.query.core import catalogue
    from atlas.views import map_page as mv
    from tests.support.folium_component import component_args, payload_bytes

    cat = catalogue()
    context = mv.choices("da")
    geometry = mv.map_geometry(True)
    render_ids, sizes = {}, {}
    for ident in cat.indicators:
        state = mv.MapState(indicator=ident, period=cat.latest[ident], lang="da")
        render_ids[ident] = mv.render_id(state)
        model = mv.build_view(state.with_(kommune=751), context).choropleth
        args = component_args(fm.build_base_map(geometry),
                              fm.choropleth_layer(model, geometry, "da"))
        sizes[ident] = payload_bytes(args)
    return AtlasFacts(mv.indicator_options("da"), render_ids, sizes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--switches", type=int, default=10)
    args = parser.parse_args()
    if not args.db.is_file():
        print(f"no database at {args.db}: run `atlas build` first", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    facts = atlas_facts(args.db)
    blocked: list[str] = []
    firsts: list[float] = []
    healthy: list[float] = []
    warm: list[float] = []
    switches: list[float] = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        for run in range(args.runs):
            server = StreamlitServer(args.db).start()
            try:
                healthy.append(server.wait_healthy())
                context = offline_context(browser, blocked,
                                          viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                page.goto(server.url + "/")
                wait_for_map(page, facts.render_ids[DEFAULT_INDICATOR], timeout=60_000)
                firsts.append(painted_at(page) - server.started_wall)
                print(f"  first map, run {run + 1}: {firsts[-1]:.2f} s "
                      f"(healthy after {healthy[-1]:.2f} s)", flush=True)
                # the same server again, new visitor (empty browser cache): no import costs
                other = offline_context(browser, blocked, viewport={"width": 1400, "height": 1000})
                again = other.new_page()
                start = time.time()
                again.goto(server.url + "/")
                wait_for_map(again, facts.render_ids[DEFAULT_INDICATOR], timeout=60_000)
                warm.append(painted_at(again) - start)
                other.close()
                if run == args.runs - 1:
                    select = page.get_by_role("combobox", name="Indikator")
                    for i in range(args.switches):
                        ident = SWITCH_CYCLE[i % len(SWITCH_CYCLE)]
                        switches.append(choose_and_time(page, select, facts.labels[ident],
                                                        facts.render_ids[ident]))
                        print(f"  switch {i + 1} -> {ident}: {switches[-1]:.3f} s", flush=True)
                context.close()
            finally:
                server.stop()
        browser.close()

    sizes = facts.payload_bytes
    worst = max(sizes, key=sizes.get)
    default_bytes, worst_bytes = sizes[DEFAULT_INDICATOR], sizes[worst]
    first, switch = statistics.median(firsts), statistics.median(switches) if switches else None

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER TARGET"

    print()
    print(f"server start -> first map painted: median {first:.2f} s of {len(firsts)} "
          f"(target <= {TARGET_FIRST} s: {verdict(first <= TARGET_FIRST)})")
    print(f"  of which: server healthy after median {statistics.median(healthy):.2f} s; a new "
          f"visitor on a running server sees the map after median "
          f"{statistics.median(warm):.2f} s")
    if switch is not None:
        print(f"indicator switch -> map repainted: median {switch:.3f} s of {len(switches)} "
              f"(target <= {TARGET_SWITCH} s: {verdict(switch <= TARGET_SWITCH)})")
    print(f"map payload: {default_bytes:,} bytes default, {worst_bytes:,} bytes largest "
          f"({worst}) (target <= {TARGET_BYTES:,}: {verdict(worst_bytes <= TARGET_BYTES)})")
    if blocked:
        print(f"blocked non-loopback requests: {sorted(set(blocked))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
