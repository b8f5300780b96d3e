"""The hardening probe of issue 22, bounded in count and time; prints one table.

    .venv/bin/python bench/probe.py                 # about 3-6 minutes on a shared 2-core box
    .venv/bin/python bench/probe.py --quick         # a smoke run: a few of each

What it tries (each category stops early at its time budget, and says so):

- **URL fuzz**: every page's URL-state parser (a parse still running after 5 s is stopped and
  counted as a traceback) (the pages' own `parse_state` over their
  `urlstate.Schema`) on random query parameters (seeded): the schema's own words, other pages'
  words and hostile values (Markdown, HTML, NUL, huge numbers, 20,000 unknown names, 100,000
  sites). Then a bounded number of full page runs per page (`streamlit.testing` AppTest, app.py
  switched to the page) with such parameters, on the hostile snapshot.
- **Hostile exports**: every CSV and XLSX download (tests/hostile_exports.py), the PNG figures
  (both sizes) of the map, the profile and the inverse-care map, and `atlas export-story`, all
  on the hostile snapshot (tests/hostile_snapshot.py). The figures and the story run in a child
  process, so that a native converter that aborts is counted, not fatal to the probe; that
  category has twice the time budget (vl-convert takes seconds per figure).
- **Corrupt sources**: the mini snapshot (tests/mini_snapshot.py) with one corruption at a time
  (tests/test_build_errors.py's lists plus a NUL in a name), built with `atlas build`'s
  function.
- **Kill tests**: a child process commits a new snapshot folder and is killed (SIGKILL) at each
  step of the folder swap (both the atomic exchange and the two-rename fallback); the next
  reader's recovery runs, then the folder is compared with the old and the new one.

Columns: *tried*; *clean*: handled as intended (a state, a page, a file without a live formula,
a complete folder); *clean error*: refused with a message (a URL notice or a page's error box,
a build error naming the file); *traceback*: an uncaught exception or a dead process;
*silent*: bad input accepted without a word (a hostile URL value with no notice from the
parser — a page may still clamp it with a notice of its own, as /tabel does — a live
spreadsheet formula or unescaped tooltip HTML in an export, a corrupt snapshot that builds);
*lost*: data lost or leftovers kept after a kill; *>50 ms*: URL parses that took more than
50 ms of CPU; *s*: wall-clock seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_snapshot import EVIL_HOST, PAYLOAD  # noqa: E402
from tests.support.snapshot_kill import kill_during_commit  # noqa: E402

SLOW_PARSE_S = 0.050
PARSE_TIMEOUT_S = 5.0       # a parse still running after this is stopped and counted


class ParseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise ParseTimeout(f"still parsing after {PARSE_TIMEOUT_S:g} s")


@dataclass
class Tally:
    name: str
    tried: int = 0
    clean: int = 0
    clean_error: int = 0
    traceback: int = 0
    silent: int = 0
    lost: int = 0
    slow: int = 0
    seconds: float = 0.0
    stopped: bool = False
    examples: list[str] = field(default_factory=list)

    def note(self, kind: str, example: str = "") -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        if example and kind not in ("clean", "clean_error") \
                and sum(e.startswith(kind) for e in self.examples) < 3:
            self.examples.append(f"{kind}: {example[:160]}")


class Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def over(self) -> bool:
        return time.monotonic() > self.deadline


# --- URL fuzz ---------------------------------------------------------------------------------

GARBAGE = [
    PAYLOAD, "\x00", "%00", "\x1b[31m", "<img src=x onerror=alert(1)>", f"[k](http://{EVIL_HOST})",
    "-1", "0", "99999999999999999999", "1e309", "NaN", "inf", "-0", "9" * 400, "x" * 5000,
    "=HYPERLINK(\"http://evil.example\")", "../../etc/passwd", "ÆØÅ", " ", ",,,", ";;;",
    "0x10", "1_000", "٣", "None", "null", "true",
]
LANG_WORDS = ["da", "en"]


def _words() -> list[str]:
    from atlas.registry import registry

    return [*registry(), "2021", "2024", "2025", "2026", "2021-2025", "101", "147", "751", "825",
            "0101", "København", "Aarhus", "Læsø", "1084", "1081", "1", "2", "5", "quantiles",
            "jenks", "equal", "region", "gruppe", "population", "none", "change", "kbh", "dk",
            "asc", "desc", "name", "10000", "600000", "56.1,10.2", "Testby;56.1;10.2", "2", "3"]


def _worst_urls(names: tuple[str, ...]) -> list[dict[str, str]]:
    """The issue's worst URLs, for the pages that have the parameter."""
    worst = []
    if "kommuner" in names:
        worst.append({"kommuner": ",".join(f"ukendt{n}" for n in range(20_000))})
    if "add" in names:
        worst.append({"add": ";".join(f"S{n},56.{n % 9},10.{n % 7}" for n in range(100_000))})
    for name in ("pop_min", "pop_max"):
        if name in names:
            worst.append({"pop_min": "10000", "pop_max": "600000"})
            break
    return worst


def _parsers(lang: str) -> dict[str, tuple[Callable[[dict], list[str]], tuple[str, ...]]]:
    """page -> (parse(raw) -> notices, the parameter names it reads)."""
    from atlas.views import compare, map_page, municipal, presenter, profile, table
    from atlas.views import scenario as scenario_view
    from atlas.views.inverse_care import state as inverse_care
    from atlas.views.scenario import state as scenario_state

    context = municipal.context()
    map_context = map_page.choices(lang)
    ic_context = inverse_care.choices(lang)
    model = scenario_view.scenario_model()
    story = presenter.load()
    return {
        "kort": (lambda raw: map_page.parse_state(raw, map_context)[1], map_page.SCHEMA.names),
        "tabel": (lambda raw: table.parse_state(raw, context)[1], table.SCHEMA.names),
        "sammenlign": (lambda raw: compare.parse_state(raw, context)[1],
                       (*compare.SCHEMA.names, "kommuner")),
        "profil": (lambda raw: _profile_notices(profile.parse_state(raw, context)),
                   (*profile.SCHEMA.names, "kommune")),
        "omvendt-omsorg": (lambda raw: inverse_care.parse_state(raw, ic_context)[1],
                           inverse_care.SCHEMA.names),
        "scenarier": (lambda raw: scenario_state.parse_state(raw, model)[1],
                      scenario_state.SCHEMA.names),
        "praesentation": (lambda raw: presenter.parse_state(raw, story)[1],
                          presenter.SCHEMA.names),
    }


def _profile_notices(parsed: tuple) -> list[str]:
    """The profile answers an unreadable municipality with a chooser (suggestions), not a
    notice: that is its clean error."""
    _, notices, chooser = parsed
    return [*notices, *(["(chooser)"] if chooser is not None else [])]


def _random_params(rng: random.Random, names: tuple[str, ...], words: list[str],
                   garbage_share: float = 0.4) -> tuple[dict[str, str], bool]:
    """(query parameters, whether a parameter the page reads got a value that is never valid)."""
    raw: dict[str, str] = {"lang": rng.choice(LANG_WORDS)}
    hostile = False
    for name in rng.sample([*names, "other"], k=min(len(names) + 1, rng.randint(1, 4))):
        if rng.random() < garbage_share:
            value = rng.choice(GARBAGE)
            # a blank value (or only separators) means "not given": the default, without a
            # notice, is right
            hostile = hostile or (name in names and name != "lang"
                                  and bool(value.strip(" ,;")))
        else:
            value = ",".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        raw[name] = value
    return raw, hostile


def url_fuzz(runs: int, seconds: float, seed: int) -> Tally:
    tally = Tally("URL fuzz: parsers, 7 pages")
    started, budget = time.monotonic(), Budget(seconds)
    rng = random.Random(seed)
    words = _words()
    parsers = {lang: _parsers(lang) for lang in LANG_WORDS}
    pages = list(parsers["da"])
    plan: list[tuple[str, dict[str, str], bool]] = []
    for page in pages:     # the worst URLs: a notice expected, except the valid population filter
        plan += [(page, {"lang": "da", **raw}, "pop_min" not in raw)
                 for raw in _worst_urls(parsers["da"][page][1])]
    while len(plan) < runs:
        page = pages[len(plan) % len(pages)]
        raw, hostile = _random_params(rng, parsers["da"][page][1], words)
        plan.append((page, raw, hostile))
    signal.signal(signal.SIGALRM, _alarm)
    for page, raw, hostile in plan:
        if budget.over():
            tally.stopped = True
            break
        parse = parsers[raw.get("lang") if raw.get("lang") in LANG_WORDS else "da"][page][0]
        tally.tried += 1
        cpu = time.process_time()
        signal.setitimer(signal.ITIMER_REAL, PARSE_TIMEOUT_S)
        try:
            notices = parse(dict(raw))
        except Exception as problem:  # noqa: BLE001 - counting, not handling
            tally.note("traceback", f"{page} {_short(raw)}: {type(problem).__name__}: {problem}")
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if time.process_time() - cpu > SLOW_PARSE_S:
                tally.slow += 1
        if notices:
            tally.note("clean_error")
        elif hostile:
            tally.note("silent", f"{page} {_short(raw)}")
        else:
            tally.note("clean")
    tally.seconds = time.monotonic() - started
    return tally


def _short(raw: dict[str, str]) -> str:
    return repr({key: (value if len(value) < 40 else value[:37] + "...")
                 for key, value in raw.items()})


PAGES = {"kort": "pages/map.py", "tabel": "pages/table.py", "sammenlign": "pages/compare.py",
         "profil": "pages/profile.py", "omvendt-omsorg": "pages/inverse_care.py",
         "scenarier": "pages/scenario.py", "praesentation": "pages/presenter.py",
         "om": "pages/about.py", "overblik": "pages/overview.py", "egne-data": "pages/upload.py"}


def page_runs(per_page: int, seconds: float, seed: int) -> Tally:
    from tests.conftest import open_page

    tally = Tally(f"URL fuzz: AppTest, {len(PAGES)} pages")
    started, budget = time.monotonic(), Budget(seconds)
    rng = random.Random(seed + 1)
    words = _words()
    parsers = _parsers("da")
    for number in range(per_page):
        for page, path in PAGES.items():
            if budget.over():
                tally.stopped = True
                break
            names = parsers[page][1] if page in parsers else ("lang",)
            raw, _ = _random_params(rng, names, words, garbage_share=0.5 if number else 0.0)
            tally.tried += 1
            try:
                at = open_page(path, **raw)
            except Exception as problem:  # noqa: BLE001
                tally.note("traceback", f"{page} {_short(raw)}: {type(problem).__name__}")
                continue
            if at.exception:
                tally.note("traceback", f"{page} {_short(raw)}: {at.exception[0].value[:100]}")
            elif len(at.error) or len(at.warning):
                tally.note("clean_error")
            else:
                tally.note("clean")
    tally.seconds = time.monotonic() - started
    return tally


# --- hostile exports --------------------------------------------------------------------------

def table_exports(seconds: float) -> Tally:
    from tests.hostile_exports import every_export, live_formulas

    tally = Tally("hostile exports: CSV, XLSX")
    started = time.monotonic()
    for lang in LANG_WORDS:
        try:
            files = every_export(lang)
        except Exception as problem:  # noqa: BLE001
            tally.tried += 1
            tally.note("traceback", f"{lang}: {type(problem).__name__}: {problem}")
            continue
        for name, data in files.items():
            tally.tried += 1
            try:
                formulas = live_formulas(name, data, lang)
            except Exception as problem:  # noqa: BLE001
                tally.note("traceback", f"{name}: {type(problem).__name__}: {problem}")
                continue
            if formulas:
                tally.note("silent", f"{lang} {name}: {len(formulas)} live formula(s), e.g. "
                                     f"{formulas[0]}")
            else:
                tally.note("clean")
    tally.seconds = time.monotonic() - started
    return tally


FIGURE_CHILD = r"""
import json, sys, traceback
from pathlib import Path

def report(name, problem=None, **extra):
    print(json.dumps({"name": name, "problem": problem, **extra}), flush=True)

def attempt(name, make):
    try:
        extra = make() or {}
        report(name, None, **extra)
    except Exception as problem:
        report(name, f"{type(problem).__name__}: {problem}"[:300])

from atlas.charts.export import SIZES, figure, titled
from atlas.charts.spine import spine_chart
from atlas.charts.static_map import static_map
from atlas.views import map_page, municipal, profile
from atlas.views.inverse_care import state as ic_state
from atlas.views.inverse_care.model import build_view as ic_build_view
from atlas.i18n import render
from atlas.views.text import plain

HOSTILE = sys.argv[1]
for lang in ("da", "en"):
    charts = {}
    def map_chart(size, lang=lang):
        context = map_page.choices(lang)
        state, _ = map_page.parse_state({"lang": lang, "indicator": HOSTILE}, context)
        model = map_page.build_view(state, context).choropleth
        return static_map(model, map_page.map_geometry(True), size, lang=lang)
    def profile_chart(size, lang=lang):
        context = municipal.context()
        state, _, _ = profile.parse_state({"lang": lang, "kommune": "101"}, context)
        view = profile.build_view(state, context)
        return titled(spine_chart(view.spine, view.role_order, view.spine_labels, lang),
                      plain(view.title), [plain(render(view.facts_line, lang)),
                                          plain(render(view.sources_line, lang))], size)
    def ic_map_chart(size, lang=lang):
        context = ic_state.choices(lang)
        state, _ = ic_state.parse_state({"lang": lang, "need": HOSTILE}, context)
        model = ic_build_view(state, context).choropleth
        return static_map(model, map_page.map_geometry(True), size, lang=lang)
    for name, make in (("map", map_chart), ("profile", profile_chart), ("ic-map", ic_map_chart)):
        for size in SIZES:
            attempt(f"{lang} {name}-{size}.png",
                    lambda make=make, size=size: {
                        "bytes": len(figure(make(size), "x", "png", size).data)})

def story(lang):
    from atlas.stories.export import story_html
    from atlas.stories.story import load_story
    page = story_html(load_story(), lang)
    start = page.index('id="story-data">') + len('id="story-data">')
    data = json.loads(page[start:page.index("</script>", start)])
    tips = [tip for slide in data["slides"] for tip in (slide.get("tips") or {}).values()]
    raw = [tip for tip in tips if "<" in tip]
    return {"tips": len(tips), "raw_html_tips": len(raw), "example": raw[0][:120] if raw else ""}

for lang in ("da", "en"):
    attempt(f"{lang} story.html", lambda lang=lang: story(lang))
"""


def figure_and_story_exports(db: Path, sources: Path, seconds: float) -> Tally:
    from tests.hostile_snapshot import HOSTILE_INDICATORS

    tally = Tally("hostile exports: PNG, story")
    started = time.monotonic()
    env = {**os.environ, "ATLAS_DB": str(db), "ATLAS_SOURCES": str(sources),
           "PYTHONPATH": str(ROOT)}
    expected = 2 * 3 * 2 + 2
    try:
        child = subprocess.run([sys.executable, "-c", FIGURE_CHILD, HOSTILE_INDICATORS[0]],
                               cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=seconds)
        output, returncode, error = child.stdout, child.returncode, child.stderr
    except subprocess.TimeoutExpired as timeout:
        output, returncode, error = (timeout.stdout or b"").decode(), None, "timed out"
        tally.stopped = True
    reports = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    for item in reports:
        tally.tried += 1
        if item["problem"]:
            tally.note("traceback", f"{item['name']}: {item['problem']}")
        elif item.get("raw_html_tips"):
            tally.note("silent", f"{item['name']}: {item['raw_html_tips']} tooltip(s) with raw "
                                 f"HTML, e.g. {item['example']}")
        else:
            tally.note("clean")
    if returncode not in (0, None) and len(reports) < expected:
        died = expected - len(reports)
        tally.tried += died
        for _ in range(died):
            tally.note("traceback", f"child process ended with {returncode}: "
                                    f"{(error or '').strip()[-200:]}")
    tally.seconds = time.monotonic() - started
    return tally


# --- corrupt sources --------------------------------------------------------------------------

def corrupt_sources(seconds: float) -> Tally:
    from atlas.build.pipeline import build_database
    from atlas.errors import AtlasError
    from tests.conftest import QUIET
    from tests.mini_snapshot import write_mini_snapshot
    from tests.test_build_errors import MINI_CORRUPTIONS, SILENT_CORRUPTIONS

    cases: dict[str, tuple[str, Any]] = {name: (file, change)
                                         for name, (file, change, _) in MINI_CORRUPTIONS.items()}
    cases.update({name: (file, change)
                  for name, (file, change, _) in SILENT_CORRUPTIONS.items()})
    cases["NUL in a name"] = ("municipalities.csv", lambda text: text.replace("Testby", "Test\0by"))
    cases["ESC in a title"] = ("sources.csv",
                               lambda text: text.replace("Befolkningen", "Befolk\x1bningen"))
    cases["registry is a folder"] = ("user_indicators.toml", "folder")
    tally = Tally("corrupt sources (mini snapshot)")
    started, budget = time.monotonic(), Budget(seconds)
    with tempfile.TemporaryDirectory(prefix="probe-corrupt-") as scratch:
        for number, (name, (file, change)) in enumerate(sorted(cases.items())):
            if budget.over():
                tally.stopped = True
                break
            sources = write_mini_snapshot(Path(scratch) / f"s{number}")
            path = sources / file
            if change == "folder":
                path.mkdir()
            elif change is None:
                path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
            else:
                path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
            tally.tried += 1
            try:
                build_database(sources, Path(scratch) / f"db{number}.duckdb", console=QUIET,
                               expected_municipalities=4)
            except AtlasError:
                tally.note("clean_error")
            except Exception as problem:  # noqa: BLE001
                tally.note("traceback", f"{name}: {type(problem).__name__}: {problem}")
            else:
                tally.note("silent", f"{name}: built without a word")
    tally.seconds = time.monotonic() - started
    return tally


# --- kill tests -------------------------------------------------------------------------------

KILL_STEPS = [("exchange", "validated"), ("exchange", "exchanged"), ("two-renames", "validated"),
              ("two-renames", "between_renames"), ("two-renames", "renamed")]


def _listing(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def kill_tests(repeats: int, seconds: float) -> Tally:
    from atlas.build.snapshot_writer import recover

    tally = Tally("kill -9 during the folder swap")
    started, budget = time.monotonic(), Budget(seconds)
    for _ in range(repeats):
        for mode, step in KILL_STEPS:
            if budget.over():
                tally.stopped = True
                break
            with tempfile.TemporaryDirectory(prefix="probe-kill-") as scratch:
                target = Path(scratch) / "sources"
                (target / "boundaries").mkdir(parents=True)
                (target / "observations.csv").write_text("old\n" * 1000, encoding="utf-8")
                (target / "boundaries" / "kommuner.geojson").write_text("{}", encoding="utf-8")
                old = _listing(target)
                new = {**old, "observations.csv": b"new\n" * 1000}
                tally.tried += 1
                child = kill_during_commit(target, mode, step, lines=1000)
                if child.returncode != -signal.SIGKILL:
                    tally.note("traceback" if child.returncode else "lost",
                               f"{mode}/{step}: not killed (rc {child.returncode}) "
                               f"{child.stderr.strip()[-120:]}")
                    continue
                try:
                    recover(target)
                except Exception as problem:  # noqa: BLE001
                    tally.note("traceback", f"{mode}/{step}: recover: {problem}")
                    continue
                after = _listing(target) if target.is_dir() else {}
                leftovers = sorted(p.name for p in Path(scratch).iterdir() if p != target)
                if after not in (old, new):
                    state = "missing" if not after else "mixed"
                    tally.note("lost", f"{mode}/{step}: folder {state}")
                elif leftovers:
                    tally.note("lost", f"{mode}/{step}: leftovers {leftovers}")
                else:
                    tally.note("clean")
    tally.seconds = time.monotonic() - started
    return tally


# --- the table --------------------------------------------------------------------------------

def print_table(tallies: list[Tally], total: float) -> None:
    columns = ("tried", "clean", "clean error", "traceback", "silent", "lost", ">50 ms", "s")
    width = max(len(t.name) for t in tallies) + 2
    print(f"{'category':<{width}}" + "".join(f"{c:>12}" for c in columns))
    for t in tallies:
        values = (t.tried, t.clean, t.clean_error, t.traceback, t.silent, t.lost, t.slow,
                  f"{t.seconds:.0f}{'*' if t.stopped else ''}")
        print(f"{t.name:<{width}}" + "".join(f"{v:>12}" for v in values))
    sums = [sum(getattr(t, key) for t in tallies)
            for key in ("tried", "clean", "clean_error", "traceback", "silent", "lost", "slow")]
    print(f"{'all':<{width}}" + "".join(f"{v:>12}" for v in sums) + f"{total:>12.0f}")
    if any(t.stopped for t in tallies):
        print("* stopped at its time budget")
    for t in tallies:
        for example in t.examples:
            print(f"  {t.name}: {example}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url-runs", type=int, default=10_200,
                        help="URL parses in all, over the 7 pages with URL state")
    parser.add_argument("--page-runs", type=int, default=3, help="AppTest runs per page")
    parser.add_argument("--kill-repeats", type=int, default=2)
    parser.add_argument("--budget", type=float, default=150.0,
                        help="seconds at most per category")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--quick", action="store_true", help="a few of each (smoke run)")
    options = parser.parse_args(argv)
    if options.quick:
        options.url_runs, options.page_runs, options.kill_repeats = 300, 1, 1

    from atlas.paths import default_sources_dir
    from tests.hostile_snapshot import build_hostile_db

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="probe-hostile-"))
    try:
        db = build_hostile_db(default_sources_dir(), work)
        os.environ["ATLAS_DB"], os.environ["ATLAS_SOURCES"] = str(db), str(work / "sources")
        tallies = []
        for run in (lambda: url_fuzz(options.url_runs, options.budget, options.seed),
                    lambda: page_runs(options.page_runs, options.budget, options.seed),
                    lambda: table_exports(options.budget),
                    lambda: figure_and_story_exports(db, work / "sources",
                                                     2 * options.budget),
                    lambda: corrupt_sources(options.budget),
                    lambda: kill_tests(options.kill_repeats, options.budget)):
            try:
                tallies.append(run())
            except Exception:  # noqa: BLE001 - a broken category must not hide the others
                broken = Tally(f"(probe error) {run}")
                broken.note("traceback", traceback.format_exc(limit=3))
                tallies.append(broken)
            print(f"... {tallies[-1].name}: {tallies[-1].tried} in {tallies[-1].seconds:.0f} s",
                  file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_table(tallies, time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
