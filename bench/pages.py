"""Every page and interaction of the atlas against Streamlit's floors, in one table (issue 23).

    .venv/bin/python bench/pages.py [--db data/atlas.duckdb] [--rounds 3] [--quick]
                                    [--no-export] [--no-embeds] [--only map,table,...]
                                    [--pages map,table,...]

Each round starts, in rotating order, three fresh servers — the floor (bench/floor_app.py), the
map floor (bench/map_floor_app.py: the floor plus an empty streamlit-folium map) and the atlas
(`python -m atlas.serve`) — and measures against each:

  start-up      process start -> the first visitor's page seen (the first visitor opens the
                front page as soon as the server reports healthy). Atlas: the map painted;
                floor: its text line drawn.
  new visitor   a page load in a fresh browser context (empty cache) on the running server,
                from page.goto to the page seen: for a page with a map, the later of the map
                painted (`window.atlasPaintedAt`, as bench/first_map.py) and the end of the
                script run that drew the page; otherwise the end of that run alone
                (`window.atlasSettledAt`, recorded in the browser by a MutationObserver when
                Streamlit's run state turns `notRunning` with no skeleton left — the same
                clock for the floor's page and the atlas's pages).
  interaction   from the click/Enter to the new state seen, the same way (map: its render id
                painted; inverse care: map and scatter of the new pair; download: the browser's
                download event). The floor's reference is choosing another option.

Once per run, unless switched off: `atlas export-story` (a process of its own, against a
reference process that imports the libraries every export needs: pandas and altair), and the
article with two embeds against the same article with one (bench/two_embeds.py).

Prints one table: what, its reference, median, spread (min-max) and n, the reference's median,
the ratio of the medians, the target and whether it is met. Targets in seconds are absolute
(issue 23); the ratio to the floor's own interaction is printed beside them so a busy machine
shows. `--quick`: one round, fewer repetitions (checks that the bench works, not figures).
`--pages map,"inverse care"`: just these pages' new visitors (and the start-up row).
`--only`: just the named interactions (map, pair, scenario, presenter, table, figure) against
the floor's option switch: no map floor, no new visitors, no export-story, no article.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from first_map import FLOOR_APP, VIEWPORT, map_floor_script  # noqa: E402
from map_bench import SWITCH_CYCLE, atlas_facts  # noqa: E402

from tests.support import devserver  # noqa: E402
from tests.support.devserver import (  # noqa: E402
    StreamlitServer,
    choose_and_time,
    launch_browser,
    painted_at,
    wait_for_app_run,
    wait_for_map,
)

# (name, url path, shows a map: its reference is then the map floor; the presenter opens on
# a text slide, the inverse-care page on its overview of all pairs: a forest plot, no map)
PAGES = [("map", "/kort", True), ("inverse care", "/omvendt-omsorg", False),
         ("profile", "/kommune", False), ("compare", "/sammenlign", False),
         ("table", "/tabel", False), ("scenario", "/scenarier", True),
         ("presenter", "/praesentation", False), ("data", "/data", False),
         ("about", "/om-data", False), ("upload", "/egne-data", False)]
PAGE_TARGET = {"map": 1.15}     # x the map floor; every other page 1.3x its floor
OTHER_PAGE_TARGET = 1.3
# interaction -> target in seconds (issue 23)
INTERACTION_TARGET = {"map indicator switch": 0.25, "inverse-care pair switch": 0.35,
                      "scenario change": 0.5, "presenter next slide": 0.4,
                      "table sort": 0.3, "table filter": 0.3,
                      "map PNG ready after click": 1.0, "map SVG ready after click": 1.0}
TARGET_START_RATIO, TARGET_EXPORT_S, TARGET_EMBED_RATIO = 2.0, 5.0, 2.0
# `--only` names -> the interactions they measure
ONLY = {"map": ("map indicator switch",), "pair": ("inverse-care pair switch",),
        "scenario": ("scenario change",), "presenter": ("presenter next slide",),
        "table": ("table sort", "table filter"),
        "figure": ("map PNG ready after click", "map SVG ready after click")}

# In the top document: the wall-clock time (ms) at which Streamlit's run state last turned
# `notRunning` with no skeleton left, null while a run is going on.
SETTLED_OBSERVER = """
if (window.top === window) {
  window.atlasSettledAt = null;
  const check = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const settled = app && app.getAttribute('data-test-script-state') === 'notRunning'
      && app.getAttribute('data-test-connection-state') === 'CONNECTED'
      && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]');
    if (!settled) { window.atlasSettledAt = null; }
    else if (window.atlasSettledAt === null) { window.atlasSettledAt = Date.now(); }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true,
    attributes: true, attributeFilter: ['data-test-script-state',
                                        'data-test-connection-state', 'data-testid']});
}
"""


@dataclass
class Row:
    what: str
    reference: str
    values: list[float]
    ref_values: list[float]
    target: str          # "1.3x" or "0.25 s"
    met: bool | None


def new_page(browser, blocked):
    context = devserver.offline_context(browser, blocked, viewport=VIEWPORT)
    context.add_init_script(SETTLED_OBSERVER)
    return context, context.new_page()


def settled_at(page) -> float:
    """When the last script run was drawn (epoch seconds); call after wait_for_app_run."""
    wait_for_app_run(page)
    value = page.evaluate("() => window.atlasSettledAt")
    return value / 1000.0 if value else time.time()


def reset_settled(page) -> None:
    page.evaluate("() => { window.atlasSettledAt = null; }")


def seen(page, has_map: bool, render_id: str | None = None, map_floor: bool = False) -> float:
    """Epoch seconds at which the page was seen (see the module doc): for a page with a map,
    the later of the map painted and the script run drawn (the rest of the page may come
    after the map). The map floor's empty map has no polygons: its map is seen once it marks
    itself painted."""
    if map_floor:
        devserver.wait_for_map_floor(page, timeout=120_000)
        return max(painted_at(page), settled_at(page))
    if has_map:
        wait_for_map(page, render_id, timeout=120_000)
        return max(painted_at(page), settled_at(page))
    return settled_at(page)


def load(browser, blocked, url: str, has_map: bool, render_id: str | None = None,
         map_floor: bool = False) -> float:
    """A new visitor: seconds from page.goto to the page seen."""
    context, page = new_page(browser, blocked)
    try:
        start = time.time()
        page.goto(url)
        return seen(page, has_map, render_id, map_floor) - start
    finally:
        context.close()


# --- interactions -----------------------------------------------------------------------


def floor_switches(browser, blocked, url: str, count: int) -> list[float]:
    context, page = new_page(browser, blocked)
    page.goto(url)
    settled_at(page)
    select = page.get_by_role("combobox", name="Choice")
    times = []
    for i in range(count):
        option = ["b", "c", "a"][i % 3]
        select.click()
        select.fill(option)
        reset_settled(page)
        start = time.time()
        page.keyboard.press("Enter")
        from playwright.sync_api import expect

        expect(page.get_by_text(f"Chosen: {option}")).to_be_visible()
        times.append(settled_at(page) - start)
    context.close()
    return times


def map_switches(browser, blocked, url: str, facts, count: int) -> list[float]:
    context, page = new_page(browser, blocked)
    page.goto(url + "/kort")
    wait_for_map(page, None, timeout=120_000)
    select = page.get_by_role("combobox", name="Indikator")
    times = []
    for i in range(count):
        ident = SWITCH_CYCLE[i % len(SWITCH_CYCLE)]
        times.append(choose_and_time(page, select, facts.labels[ident], facts.render_ids[ident]))
    context.close()
    return times


def pair_switches(browser, blocked, url: str, db: Path, count: int) -> list[float]:
    import inverse_care_bench as icb

    from atlas.views.inverse_care import state as ic

    f = icb.facts(db)
    default, _ = ic.parse_state({}, ic.choices("da"))
    context, page = new_page(browser, blocked)
    # without a pair the page opens on the overview of all pairs: open the default pair
    page.goto(f"{url}{icb.PAGE}?need={default.need}&access={default.access}")
    icb.charts_painted(page, f.default_id)
    page.evaluate(icb.SCATTER_OBSERVER)
    select = page.get_by_role("combobox", name="Behov", exact=True)
    times = []
    for i in range(count):
        need = icb.NEED_CYCLE[i % len(icb.NEED_CYCLE)]
        if f.need_ids[need] == f.default_id and i == 0:
            continue
        select.click()
        select.fill(f.need_labels[need])
        start = time.time()
        page.keyboard.press("Enter")
        times.append(icb.charts_painted(page, f.need_ids[need]) - start)
        wait_for_app_run(page)
    context.close()
    return times


def scenario_changes(browser, blocked, url: str, count: int) -> list[float]:
    from scenario_bench import close_sites

    context, page = new_page(browser, blocked)
    page.goto(url + "/scenarier")
    times = close_sites(page, count)
    context.close()
    return times


def presenter_slides(browser, blocked, url: str, count: int) -> list[float]:
    """Next slide: the click to the slide's run drawn and, on a map slide, its map painted."""
    import re

    from playwright.sync_api import expect

    context, page = new_page(browser, blocked)
    page.goto(url + "/praesentation?slide=1")
    settled_at(page)
    times = []
    for number in range(2, count + 2):
        button = page.get_by_role("button", name="Næste →")
        if button.is_disabled():
            break
        reset_settled(page)
        start = time.time()
        button.click()
        expect(page).to_have_url(re.compile(rf"[?&]slide={number}(&|$)"))
        done = settled_at(page)
        if page.locator(devserver.MAP_FRAME).count():
            wait_for_map(page, None)
            done = max(done, painted_at(page))
        times.append(done - start)
    context.close()
    return times


def table_changes(browser, blocked, url: str, count: int) -> tuple[list[float], list[float]]:
    """Sort (the order: descending, ascending) and filter (a region, then all regions)."""
    import re

    from playwright.sync_api import expect

    context, page = new_page(browser, blocked)
    page.goto(url + "/tabel")
    settled_at(page)
    sorts, filters = [], []
    for i in range(count):
        order = "Faldende" if i % 2 == 0 else "Stigende"
        reset_settled(page)
        start = time.time()
        page.get_by_role("radiogroup").get_by_text(order, exact=True).click() \
            if page.get_by_role("radiogroup").count() else \
            page.get_by_role("button", name=order, exact=True).click()
        expect(page).to_have_url(re.compile(r"order=desc") if order == "Faldende"
                                 else re.compile(r"^(?!.*order=desc)"))
        sorts.append(settled_at(page) - start)
    select = page.get_by_role("combobox", name="Region", exact=True)
    for i in range(count):
        select.click()
        options = page.get_by_role("option")
        choice = options.nth(1 + i % max(1, options.count() - 1))
        reset_settled(page)
        start = time.time()
        choice.click()
        expect(page).to_have_url(re.compile(r"region="))
        filters.append(settled_at(page) - start)
    context.close()
    return sorts, filters


def figure_downloads(browser, blocked, url: str, count: int) -> dict[str, list[float]]:
    """The map page's figure popover: the click on "PNG · web" / "SVG · web" to the browser's
    download event."""
    context, page = new_page(browser, blocked)
    page.goto(url + "/kort")
    wait_for_map(page, None, timeout=120_000)
    page.get_by_role("button", name="Hent figur").click()
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(count):
        for fmt in ("PNG", "SVG"):
            button = page.get_by_role("button", name=f"{fmt} · web")
            button.wait_for()
            with page.expect_download(timeout=120_000) as download:
                start = time.time()
                button.click()
            download.value  # noqa: B018 - waits for the event
            times[fmt].append(time.time() - start)
    context.close()
    return times


# --- processes ----------------------------------------------------------------------------


def timed_process(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=dict(os.environ))
    return time.perf_counter() - start


def export_story_times(db: Path, rounds: int) -> tuple[list[float], list[float]]:
    atlas = str(Path(sys.executable).with_name("atlas"))
    out = Path(tempfile.mkdtemp(prefix="story-")) / "talk.html"
    exports, imports = [], []
    for _ in range(rounds):
        imports.append(timed_process([sys.executable, "-c", "import pandas, altair"]))
        exports.append(timed_process([atlas, "export-story", "--out", str(out), "--db",
                                      str(db)]))
    return exports, imports


def two_embeds_times(browser, server: StreamlitServer, rounds: int):
    """bench/two_embeds.py's article, one and two embeds, alternating; None without it."""
    try:
        import two_embeds
    except ImportError:
        return None
    from http.server import ThreadingHTTPServer

    folder = tempfile.mkdtemp(prefix="article-")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        two_embeds._QuietHandler, directory=folder))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    times: dict[str, list[float]] = {"one": [], "two": []}
    try:
        two_embeds.write_articles(Path(folder), server.url)
        article = f"http://127.0.0.1:{httpd.server_address[1]}"
        two_embeds.read(browser, f"{article}/one.html", 1)          # warm-up, not counted
        for round_ in range(rounds):
            for name in (("one", "two") if round_ % 2 == 0 else ("two", "one")):
                times[name].append(two_embeds.read(browser, f"{article}/{name}.html",
                                                   len(two_embeds.VIEWS[name])))
    finally:
        httpd.shutdown()
    return times


# --- the table --------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(rows: list[Row]) -> None:
    header = ("what", "reference", "median", "spread (n)", "ref. median", "ratio", "target",
              "")
    lines = [header]
    for row in rows:
        m, r = median(row.values), median(row.ref_values)
        spread = (f"{min(row.values):.2f}-{max(row.values):.2f} ({len(row.values)})"
                  if row.values else "n/a")
        ratio = f"{m / r:.2f}x" if row.values and row.ref_values else "n/a"
        verdict = "n/a" if row.met is None else ("met" if row.met else "MISSED")
        lines.append((row.what, row.reference, f"{m:.2f} s", spread, f"{r:.2f} s", ratio,
                      row.target, verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        print(" | ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        if index == 0:
            print("-+-".join("-" * width for width in widths))


def print_capacity(samples: dict[str, list[float]], think: float = 10.0) -> None:
    """Server CPU per new visitor of each page and per interaction (page load and interaction
    together, divided by the interactions + 1), and what one core carries: new visitors per
    second, visitors who each act every `think` seconds."""
    print(f"\nserver CPU (atlas process, medians) and what one core carries "
          f"(think time {think:.0f} s):")
    for page_name, _, _ in PAGES:
        values = samples.get(f"cpu load {page_name}")
        if values:
            cpu = median(values)
            print(f"  new visitor, {page_name:13s} {cpu:.2f} s CPU -> "
                  f"{1 / cpu if cpu else float('inf'):.1f} new visitors/s per core")
    for name in INTERACTION_TARGET:
        values = samples.get(f"cpu {name}")
        if values:
            cpu = median(values)
            print(f"  {name:26s} {cpu:.3f} s CPU -> "
                  f"{think / cpu if cpu else float('inf'):.0f} sessions per core")


def ratio_row(what, reference, values, ref_values, target: float) -> Row:
    met = (median(values) / median(ref_values) <= target) if values and ref_values else None
    return Row(what, reference, values, ref_values, f"<= {target}x", met)


def seconds_row(what, reference, values, ref_values, target: float) -> Row:
    return Row(what, reference, values, ref_values, f"<= {target} s",
               median(values) <= target if values else None)


def measure(args, facts, rounds: int, repeat: int) -> dict[str, list[float]]:
    """All rounds of the three servers, in rotating order."""
    from playwright.sync_api import sync_playwright

    map_floor_app = map_floor_script(Path(tempfile.mkdtemp(prefix="map-floor-")))
    apps = {"floor": FLOOR_APP, "map floor": map_floor_app, "atlas": None}
    if args.only:
        del apps["map floor"]
    samples: dict[str, list[float]] = defaultdict(list)
    blocked: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        names = list(apps)
        for round_no in range(rounds):
            order = names[round_no % len(names):] + names[:round_no % len(names)]
            for name in order:
                server = StreamlitServer(args.db, app=apps[name]).start()
                try:
                    server.wait_healthy(300)
                    render_id = (facts.render_ids["life_expectancy"] if name == "atlas"
                                 else None)
                    context, page = new_page(browser, blocked)
                    page.goto(server.url + "/")
                    samples[f"start {name}"].append(
                        seen(page, name != "floor", render_id, name == "map floor")
                        - server.started_wall)
                    context.close()
                    if name == "atlas":
                        atlas_round(browser, blocked, server, facts, args, samples, repeat,
                                    last_round=round_no == rounds - 1)
                    else:
                        for _ in range(0 if args.only else 2):
                            samples[f"load {name}"].append(load(
                                browser, blocked, server.url + "/", name != "floor",
                                map_floor=name == "map floor"))
                        if name == "floor" and not args.pages:
                            samples["switch floor"] += floor_switches(browser, blocked,
                                                                      server.url, repeat)
                finally:
                    server.stop()
                print(f"  round {round_no + 1} {name}: start-up "
                      f"{samples[f'start {name}'][-1]:.2f} s", flush=True)
        browser.close()
    if blocked:
        print(f"blocked non-loopback requests: {sorted(set(blocked))}")
    return samples


def atlas_round(browser, blocked, server, facts, args, samples, repeat, last_round) -> None:
    """Every page as a new visitor, then every interaction, on one running atlas server
    (once it has imported the other pages' modules and run each page once after its warm-up:
    a running server)."""
    try:
        server.wait_for_output("atlas: the other pages warmed up", timeout=300)
    except TimeoutError:
        pass
    for page_name, path, page_map in selected_pages(args):
        cpu = server.cpu_seconds()
        samples[f"load {page_name}"].append(
            load(browser, blocked, server.url + path, page_map))
        samples[f"cpu load {page_name}"].append(server.cpu_seconds() - cpu)
        print(f"    {page_name}: {samples[f'load {page_name}'][-1]:.2f} s", flush=True)
    url = server.url

    def interaction(name: str, run) -> list[float]:
        """`run()`'s times into samples[name]; the server CPU per interaction: the run's CPU
        (the page's own load included) over its interactions + 1, an upper bound."""
        cpu = server.cpu_seconds()
        times = run()
        samples[name] += times
        if times:
            samples[f"cpu {name}"].append((server.cpu_seconds() - cpu) / (len(times) + 1))
        return times

    def wanted(name: str) -> bool:
        return not args.pages and (not args.only or name in args.only)

    if wanted("map"):
        interaction("map indicator switch",
                    lambda: map_switches(browser, blocked, url, facts, repeat))
    if wanted("pair"):
        interaction("inverse-care pair switch",
                    lambda: pair_switches(browser, blocked, url, args.db, repeat))
    if wanted("scenario"):
        interaction("scenario change", lambda: scenario_changes(browser, blocked, url, repeat))
    if wanted("presenter"):
        interaction("presenter next slide",
                    lambda: presenter_slides(browser, blocked, url, repeat))
    if wanted("table"):
        sorts, filters = table_changes(browser, blocked, url, repeat)
        samples["table sort"] += sorts
        samples["table filter"] += filters
    if wanted("figure"):
        for fmt, values in figure_downloads(browser, blocked, url,
                                            1 if args.quick else 2).items():
            samples[f"map {fmt} ready after click"] += values
    if last_round and not args.no_embeds and not args.only and not args.pages:
        embeds = two_embeds_times(browser, server, 2 if args.quick else 5)
        if embeds:
            samples["embeds one"], samples["embeds two"] = embeds["one"], embeds["two"]


def selected_pages(args) -> list[tuple[str, str, bool]]:
    """The pages whose new visitors are measured: none with --only, else --pages or all."""
    if args.only:
        return []
    return [page for page in PAGES if not args.pages or page[0] in args.pages]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one round, few repetitions")
    parser.add_argument("--no-export", action="store_true", help="skip atlas export-story")
    parser.add_argument("--no-embeds", action="store_true", help="skip the two-embed article")
    parser.add_argument("--only", type=lambda v: [n.strip() for n in v.split(",") if n.strip()],
                        default=[], help=f"just these interactions: {', '.join(ONLY)}")
    parser.add_argument("--pages", type=lambda v: [n.strip() for n in v.split(",") if n.strip()],
                        default=[], help="just these pages' new-visitor rows (names as in "
                                         "PAGES: map, inverse care, table ...) and start-up")
    parser.add_argument("--repeat", type=int, default=None,
                        help="interactions per round (default 6; --quick 2)")
    args = parser.parse_args()
    unknown = [name for name in args.pages if name not in dict((p[0], p) for p in PAGES)]
    if unknown:
        parser.error(f"--pages: unknown {', '.join(unknown)}")
    unknown = [name for name in args.only if name not in ONLY]
    if unknown:
        parser.error(f"--only: unknown {', '.join(unknown)} (choose from {', '.join(ONLY)})")
    if not args.db.is_file():
        print(f"no database at {args.db}: run `atlas build` first", file=sys.stderr)
        return 2
    rounds = 1 if args.quick else args.rounds
    repeat = args.repeat or (2 if args.quick else 6)       # interactions per round
    os.environ["ATLAS_DB"] = str(args.db)

    from playwright.sync_api import expect

    expect.set_options(timeout=120_000)
    facts = atlas_facts(args.db)
    print(f"load before: {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores",
          flush=True)
    samples = measure(args, facts, rounds, repeat)
    embeds = ({"one": samples["embeds one"], "two": samples["embeds two"]}
              if samples.get("embeds two") else None)
    exports = imports = None
    if not args.no_export and not args.only and not args.pages:
        exports, imports = export_story_times(args.db, 1 if args.quick else 3)

    rows = [ratio_row("start-up: process -> first map painted", "floor: process -> text",
                      samples["start atlas"], samples["start floor"], TARGET_START_RATIO)]
    chosen = {what for name in args.only for what in ONLY[name]}
    for page_name, _, page_map in selected_pages(args):
        ref = "map floor" if page_map else "floor"
        rows.append(ratio_row(f"new visitor: {page_name}", f"{ref}, new visitor",
                              samples[f"load {page_name}"], samples[f"load {ref}"],
                              PAGE_TARGET.get(page_name, OTHER_PAGE_TARGET)))
    for what, target in INTERACTION_TARGET.items():
        if args.only and what not in chosen:
            continue
        rows.append(seconds_row(what, "floor: option switch", samples[what],
                                samples["switch floor"], target))
    if exports:
        rows.append(seconds_row("atlas export-story", "python: import pandas, altair",
                                exports, imports, TARGET_EXPORT_S))
    if embeds:
        rows.append(ratio_row("article, two embeds both drawn", "the article with one",
                              embeds["two"], embeds["one"], TARGET_EMBED_RATIO))
    print()
    print_table(rows)
    if embeds is None and not args.no_embeds:
        print("(two-embed article: bench/two_embeds.py is not on this branch)")
    print_capacity(samples)
    print(f"\nload after: {os.getloadavg()[0]:.1f} (1 min) on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
