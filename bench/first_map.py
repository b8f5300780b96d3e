"""First map against Streamlit's floor: how much slower is the atlas than the least a Streamlit
page can be, served by the same Streamlit on the same machine in the same run?

    .venv/bin/python bench/first_map.py [--db data/atlas.duckdb] [--rounds 3] [--switches 4]
                                        [--no-preload-variant] [--no-map-floor]

Each round starts, in rotating order, the floor (bench/floor_app.py: a title, a select box, one
line of text), the map floor (bench/map_floor_app.py: the floor plus an empty streamlit-folium
map, what any page on streamlit-folium pays before it draws anything), the atlas
(`python -m atlas.serve`, page imports preloaded) and — unless `--no-preload-variant` — the
atlas with ATLAS_PRELOAD=0. Against each fresh server:

  first visitor   the first page load after the server reports healthy, from page.goto to
                  the page seen (atlas and map floor: map painted, `window.atlasPaintedAt`;
                  floor: the text line drawn, recorded by a MutationObserver — no polling in
                  any figure)
  new visitor     a second load in a new browser context (empty cache) on the same server
  switch          choosing another indicator (floor: another option) -> repainted, on a page
                  without the websocket frame log (Playwright's event per frame costs CPU)
  ws bytes        websocket bytes the browser received per load and per switch (all frames
                  from the action until the next action, so reruns the action causes count;
                  one switch to each indicator of the cycle, on the new visitor's page)

Prints medians, spread (min-max) and the atlas/floor ratios against the targets of issue 14,
the same ratios against the map floor, then where the switch bytes go (ForwardMsg types; the
map component's arguments) and the old absolute figures of bench/map_bench.py (server start ->
first map painted).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from map_bench import DEFAULT_INDICATOR, SWITCH_CYCLE, atlas_facts  # noqa: E402

from tests.support.devserver import (  # noqa: E402
    StreamlitServer,
    launch_browser,
    offline_context,
    painted_at,
    wait_for_app_run,
    wait_for_map,
    wait_for_map_floor,
)

FLOOR_APP = ROOT / "bench" / "floor_app.py"
MAP_FLOOR_APP = ROOT / "bench" / "map_floor_app.py"
FLOOR_OPTIONS = ["b", "c", "a"]
TARGET_FIRST_RATIO, TARGET_NEW_RATIO = 1.5, 1.3
TARGET_SWITCH_S, TARGET_SWITCH_BYTES = 0.25, 10_000
VIEWPORT = {"width": 1400, "height": 1000}

# Records, in the top document, when each "Chosen: x" line of the floor page first appears.
FLOOR_OBSERVER = """
if (window.top === window) {
  window.floorSeen = {};
  new MutationObserver(() => {
    document.querySelectorAll('[data-testid="stMarkdownContainer"]').forEach((el) => {
      const text = el.textContent.trim();
      if (text.startsWith('Chosen:') && !(text in window.floorSeen)) {
        window.floorSeen[text] = Date.now();
      }
    });
  }).observe(document, {childList: true, subtree: true, characterData: true});
}
"""


@dataclass
class Figures:
    first: list[float] = field(default_factory=list)
    new: list[float] = field(default_factory=list)
    switch: list[float] = field(default_factory=list)
    switch_later: list[float] = field(default_factory=list)  # not a page's first switch
    healthy: list[float] = field(default_factory=list)  # process start -> healthy
    from_start: list[float] = field(default_factory=list)  # process start -> first page seen
    first_cpu: list[float] = field(default_factory=list)  # server CPU s for the first visit
    new_cpu: list[float] = field(default_factory=list)
    load_runs: list[int] = field(default_factory=list)  # script runs the browser asked for
    load_bytes: list[int] = field(default_factory=list)
    switch_bytes: list[int] = field(default_factory=list)
    switch_runs: list[int] = field(default_factory=list)  # script runs the browser asked for
    breakdown: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class FrameLog:
    """Websocket frames of one page: bytes received and BackMsgs sent, cut into intervals."""

    def __init__(self, page) -> None:
        self.received: list[bytes] = []
        self.sent: list[bytes] = []
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        ws.on("framereceived", lambda payload: self.received.append(_as_bytes(payload)))
        ws.on("framesent", lambda payload: self.sent.append(_as_bytes(payload)))

    def mark(self) -> tuple[int, int]:
        return len(self.received), len(self.sent)

    def between(self, start: tuple[int, int], end: tuple[int, int]):
        return self.received[start[0]:end[0]], self.sent[start[1]:end[1]]


def _as_bytes(payload) -> bytes:
    return payload.encode() if isinstance(payload, str) else payload


def rerun_requests(sent: list[bytes]) -> int:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    runs = 0
    for frame in sent:
        msg = BackMsg()
        msg.ParseFromString(frame)
        runs += msg.WhichOneof("type") == "rerun_script"
    return runs


def attribute(frames: list[bytes], into: dict[str, int]) -> None:
    """Add each received frame's size to its kind: the map component's script (the base map),
    its feature group (the choropleth), the rest of its arguments, other elements, cache
    references, other message types."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    for frame in frames:
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "component_instance" and \
                    "folium" in element.component_instance.component_name:
                args = json.loads(element.component_instance.json_args)
                script = len(args.get("script", "").encode())
                group = len((args.get("feature_group") or "").encode())
                into["map component: script (base map, geometry)"] += script
                into["map component: feature_group (choropleth)"] += group
                into["map component: rest"] += len(frame) - script - group
                continue
            kind = f"element {element.WhichOneof('type')}"
        elif kind == "ref_hash":
            kind = "ref_hash (cached element)"
        into[kind] += len(frame)


def seen_floor(page, text: str) -> float:
    from playwright.sync_api import expect

    expect(page.get_by_text(text)).to_be_visible()
    wait_for_app_run(page)
    return page.evaluate("(t) => window.floorSeen[t]", text) / 1000.0


def new_page(browser, blocked, kind: str):
    """A page in a fresh browser context (empty cache); the floor's observer added."""
    context = offline_context(browser, blocked, viewport=VIEWPORT)
    if kind == "floor":
        context.add_init_script(FLOOR_OBSERVER)
    return context, context.new_page()


def load(page, server: StreamlitServer, kind: str, render_id: str) -> float:
    """Open the page and wait until it is seen; the wall-clock time it was (see module doc)."""
    page.goto(server.url + "/")
    if kind == "floor":
        return seen_floor(page, "Chosen: a")
    if kind == "map floor":
        wait_for_map_floor(page)
    else:
        wait_for_map(page, render_id, timeout=90_000)
    return painted_at(page)


def visit(browser, blocked, server: StreamlitServer, kind: str, render_id: str,
          figures: Figures, first: bool, facts, switches: int) -> None:
    context, page = new_page(browser, blocked, kind)
    frames = FrameLog(page)
    cpu = server.cpu_seconds()
    start = time.time()
    seen = load(page, server, kind, render_id)
    (figures.first if first else figures.new).append(seen - start)
    (figures.first_cpu if first else figures.new_cpu).append(server.cpu_seconds() - cpu)
    if first:
        figures.from_start.append(seen - server.started_wall)
    mark = frames.mark()
    figures.load_bytes.append(sum(map(len, frames.received[:mark[0]])))
    figures.load_runs.append(rerun_requests(frames.sent[:mark[1]]))
    if switches:
        # bytes: one switch to each indicator of the cycle, every websocket frame logged
        cycle = len(FLOOR_OPTIONS if kind == "floor" else SWITCH_CYCLE)
        run_switches(page, kind, facts, figures, frames, cycle, timed=False)
    context.close()
    if switches:
        # time: another page without the frame log (Playwright's websocket events, one per
        # frame, cost the machine CPU while it measures; the atlas's switch has ~50 frames)
        context, page = new_page(browser, blocked, kind)
        load(page, server, kind, render_id)
        run_switches(page, kind, facts, figures, None, switches, timed=True)
        context.close()


def run_switches(page, kind, facts, figures: Figures, frames: FrameLog | None, count: int,
                 timed: bool) -> None:
    """`count` switches; their times into figures.switch when `timed`, their bytes into
    figures.switch_bytes when there is a frame log."""
    label = "Choice" if kind == "floor" else "Indikator"
    select = page.get_by_role("combobox", name=label)
    prev_mark = None
    for i in range(count):
        if kind == "floor":
            option = FLOOR_OPTIONS[i % len(FLOOR_OPTIONS)]
            select.click()
            select.fill(option)
        else:
            ident = SWITCH_CYCLE[i % len(SWITCH_CYCLE)]
            select.click()
            select.fill(facts.labels[ident])
        start_mark = frames.mark() if frames else None
        if prev_mark is not None:  # the previous switch's interval ends where this starts
            close_switch(frames, prev_mark, start_mark, figures, kind)
        if kind == "floor":
            page.evaluate("() => { window.floorSeen = {}; }")  # options repeat
        start = time.time()
        page.keyboard.press("Enter")
        if kind == "floor":
            seen = seen_floor(page, f"Chosen: {option}")
        else:
            wait_for_map(page, facts.render_ids[ident])
            seen = painted_at(page)
        if timed:
            figures.switch.append(seen - start)
            if i:  # a page's first switch also compiles the frontend's code for it
                figures.switch_later.append(seen - start)
        prev_mark = start_mark
    wait_for_app_run(page)
    if frames:
        close_switch(frames, prev_mark, frames.mark(), figures, kind)


def close_switch(frames: FrameLog, start, end, figures: Figures, kind: str) -> None:
    received, sent = frames.between(start, end)
    figures.switch_bytes.append(sum(map(len, received)))
    figures.switch_runs.append(rerun_requests(sent))
    if kind != "floor":
        attribute(received, figures.breakdown)


def spread(values: list[float], unit: str = "s", digits: int = 2) -> str:
    if not values:
        return "n/a"
    return (f"median {statistics.median(values):.{digits}f} {unit} "
            f"(spread {min(values):.{digits}f}-{max(values):.{digits}f}, n={len(values)})")


def kb(values: list[int]) -> str:
    if not values:
        return "n/a"
    return (f"median {statistics.median(values) / 1000:.1f} KB "
            f"(spread {min(values) / 1000:.1f}-{max(values) / 1000:.1f}, n={len(values)})")


def ratio_line(name: str, atlas: list[float], floor: list[float], target: float,
               against: str = "floor") -> str:
    ratio = statistics.median(atlas) / statistics.median(floor)
    verdict = "met" if ratio <= target else "NOT MET"
    return f"  {name}: {ratio:.2f}x {against} (target <= {target}x: {verdict})"


def map_floor_script(folder: Path) -> Path:
    """bench/map_floor_app.py in `folder`, beside a link to the app's static/ (Streamlit serves
    the static/ folder next to the script it runs; the map floor's Leaflet comes from there)."""
    script = folder / MAP_FLOOR_APP.name
    shutil.copy(MAP_FLOOR_APP, script)
    (folder / "static").symlink_to(ROOT / "static", target_is_directory=True)
    return script


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--switches", type=int, default=4)
    parser.add_argument("--no-preload-variant", action="store_true",
                        help="skip the atlas with ATLAS_PRELOAD=0")
    parser.add_argument("--no-map-floor", action="store_true",
                        help="skip the map floor (bench/map_floor_app.py)")
    args = parser.parse_args()
    if not args.db.is_file():
        print(f"no database at {args.db}: run `atlas build` first", file=sys.stderr)
        return 2

    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=90_000)
    facts = atlas_facts(args.db)
    render_id = facts.render_ids[DEFAULT_INDICATOR]
    variants = {"floor": {}, "atlas": {}}
    if not args.no_map_floor:
        variants["map floor"] = {}
    if not args.no_preload_variant:
        variants["atlas, no preload"] = {"ATLAS_PRELOAD": "0"}
    results = {name: Figures() for name in variants}
    map_floor_app = map_floor_script(Path(tempfile.mkdtemp(prefix="map-floor-")))
    blocked: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        names = list(variants)
        for round_no in range(args.rounds):
            order = names[round_no % len(names):] + names[:round_no % len(names)]
            for name in order:
                kind = name if name in ("floor", "map floor") else "atlas"
                figures = results[name]
                app = {"floor": FLOOR_APP, "map floor": map_floor_app}.get(kind)
                server = StreamlitServer(args.db, env=variants[name], app=app).start()
                try:
                    figures.healthy.append(server.wait_healthy())
                    visit(browser, blocked, server, kind, render_id, figures, True, facts, 0)
                    visit(browser, blocked, server, kind, render_id, figures, False, facts,
                          args.switches if name in ("floor", "atlas") else 0)
                finally:
                    server.stop()
                print(f"  round {round_no + 1} {name}: healthy {figures.healthy[-1]:.2f} s, "
                      f"first {figures.first[-1]:.2f} s, new {figures.new[-1]:.2f} s", flush=True)
        browser.close()

    print()
    for name, figures in results.items():
        print(f"{name}:")
        print(f"  first visitor after start  {spread(figures.first)}")
        print(f"  new visitor, running       {spread(figures.new)}")
        if figures.switch:
            print(f"  switch -> repainted        {spread(figures.switch, digits=3)}")
            print(f"    not a page's first       {spread(figures.switch_later, digits=3)}")
        print(f"  server CPU, first visit    {spread(figures.first_cpu)}")
        print(f"  server CPU, new visit      {spread(figures.new_cpu)}")
        print(f"  ws bytes per load          {kb(figures.load_bytes)}; script runs per load "
              f"{figures.load_runs}")
        if figures.switch_bytes:
            print(f"  ws bytes per switch        {kb(figures.switch_bytes)}; script runs per "
                  f"switch {figures.switch_runs}")
        print(f"  process start -> healthy   {spread(figures.healthy)}")
        print(f"  process start -> first seen {spread(figures.from_start)}")
    floor, atlas = results["floor"], results["atlas"]
    print("\nratios (atlas / floor, medians):")
    print(ratio_line("first visitor after start", atlas.first, floor.first, TARGET_FIRST_RATIO))
    print(ratio_line("new visitor, running server", atlas.new, floor.new, TARGET_NEW_RATIO))
    if "atlas, no preload" in results:
        print(ratio_line("first visitor, no preload", results["atlas, no preload"].first,
                         floor.first, TARGET_FIRST_RATIO))
    if "map floor" in results:
        map_floor = results["map floor"]
        print("  against the map floor (what streamlit-folium alone costs):")
        print(f"    map floor / floor: first visitor "
              f"{statistics.median(map_floor.first) / statistics.median(floor.first):.2f}x, "
              f"new visitor {statistics.median(map_floor.new) / statistics.median(floor.new):.2f}x")
        # (no first-visitor ratio: the map floor imports folium on its first run, the atlas
        # before it listens, so that comparison would flatter the atlas)
        print(ratio_line("  new visitor, running server", atlas.new, map_floor.new,
                         TARGET_NEW_RATIO, against="map floor"))
    switch = statistics.median(atlas.switch)
    later = statistics.median(atlas.switch_later)
    switch_bytes = statistics.median(atlas.switch_bytes)
    print(f"  switch: {switch:.3f} s (target <= {TARGET_SWITCH_S} s: "
          f"{'met' if switch <= TARGET_SWITCH_S else 'NOT MET'}; not a page's first switch: "
          f"{later:.3f} s, {'met' if later <= TARGET_SWITCH_S else 'NOT MET'}); "
          f"{switch_bytes / 1000:.1f} KB (target <= {TARGET_SWITCH_BYTES / 1000:.0f} KB: "
          f"{'met' if switch_bytes <= TARGET_SWITCH_BYTES else 'NOT MET'})")
    map_total = sum(size for kind, size in atlas.breakdown.items() if kind.startswith("map "))
    if atlas.switch_bytes:
        print(f"  of which the map component: {map_total / len(atlas.switch_bytes) / 1000:.1f} KB"
              " per switch (the rest is the page's other elements)")
    print("\natlas switch bytes by kind (all switches):")
    for kind, size in sorted(atlas.breakdown.items(), key=lambda item: -item[1]):
        print(f"  {size / 1000:9.1f} KB  {kind}")
    print("\nold absolute figures (bench/map_bench.py): server start -> first map painted "
          f"{spread(atlas.from_start)} (target <= 3 s); map payload "
          f"{facts.payload_bytes[DEFAULT_INDICATOR]:,} bytes")
    if blocked:
        print(f"blocked non-loopback requests: {sorted(set(blocked))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
