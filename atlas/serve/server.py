"""Serve the atlas: `python -m atlas.serve [streamlit run options]`.

Equivalent to `streamlit run app.py …`, except that Streamlit is told before the first
session that app.py builds its own navigation (see `declare_navigation_app`), and that the
server listens on 127.0.0.1 unless told otherwise (`--server.address`, or `$ATLAS_ADDRESS`):
Streamlit's own default is every interface. Listening beyond loopback switches the atlas to
public mode (atlas/deploy_mode.py, docs/security.md).

Before Streamlit starts listening, the modules the front page (the map) needs are imported and
its map's view computed (`preload_page_imports`), so the first visitor pays no import cost
(bench/pages.py and bench/first_map.py measure it; ATLAS_PRELOAD=0 switches it off); libraries
the first map does not draw with (altair, colorcet, openpyxl) are imported where they are used.
Once it listens, one session of its own runs the front page in Danish, the first visitor's
language (`warm_up`): what only a real script run fills (Streamlit's compiled scripts, the map
component's registration, folium's templates) is then ready before a visitor's browser has
loaded Streamlit's code. Then the health check answers "ok", and the rest waits until the first
visitor has been served (`wait_for_first_visitor`: a visitor's run ended and no script ran for
a while, as its browser loads the map; at most FIRST_VISITOR_WAIT_S): on a 2-core machine the
imports below held the interpreter and a core while that visitor's page loaded (issue 23). Only
then is the front page run in English, are the other pages' modules imported
(`import_other_pages`, each waiting while a visitor's script runs: scipy, statsmodels, libpysal,
esda … take seconds and the first map does not need them), the map's view of every other
indicator computed (`warm_map_caches`) and each other page run once per language in a session
of its own (`warm_other_pages`: its script compiled, its per-build caches filled, so a page's
first visitor pays what every later one pays). All of it is off the path from process start to
the first map.
"""

from __future__ import annotations

import ast
import asyncio
import atexit
import gc
import importlib
import importlib.util
import logging
import os
import sys
import threading
import time

from atlas.deploy_mode import ADDRESS_ENV, DEFAULT_ADDRESS
from atlas.paths import PROJECT_ROOT


def declare_navigation_app() -> None:
    """Tell Streamlit up front that app.py builds its own navigation (st.navigation).

    Streamlit guesses from the `pages/` folder beside app.py that this is an old-style
    multipage app until the first script run calls st.navigation. During that first run a
    deep link such as /data resolves against the folder's file names and the first visitor
    sees a spurious "Page not found" dialog (streamlit/streamlit#8860, #9992).
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


# Imported by the pages only inside functions, or by a module imported lazily.
LAZY_PAGE_IMPORTS = ("shapely", "shapely.geometry", "shapely.ops", "altair",
                     "folium.plugins", "streamlit.components.v1", "jinja2", "babel.numbers",
                     # the inverse-care statistics (atlas.stats.pairs imports them lazily)
                     "scipy.stats", "statsmodels.regression.linear_model", "vl_convert",
                     # the spatial statistics (atlas.stats.spatial imports them lazily)
                     "libpysal.weights", "esda", "statsmodels.stats.multitest",
                     # the map's figure download and funnel box, the scenario page's cluster
                     # colours and the Excel downloads (imported on first use)
                     "atlas.charts.static_map", "atlas.charts.funnel", "colorcet", "openpyxl")
# The front page: its modules are imported before the server listens, the other pages' after
# the front page has been warmed up (see the module doc).
FRONT_PAGE = "pages/map.py"
# Modules that declare a Streamlit component when imported: the declaration registers only
# inside a script run, so they must be imported there (their dependencies are preloaded).
DECLARES_COMPONENT = ("streamlit_folium",)


def page_imports() -> list[str]:
    """The modules app.py and pages/*.py import at top level, plus LAZY_PAGE_IMPORTS."""
    return _imports([PROJECT_ROOT / "app.py", *sorted((PROJECT_ROOT / "pages").glob("*.py"))],
                    LAZY_PAGE_IMPORTS)


def front_page_imports() -> list[str]:
    """The modules app.py and the front page import at top level: what the first map needs
    before the server listens (the map caches' own imports follow in `warm_map_caches`)."""
    return _imports([PROJECT_ROOT / "app.py", PROJECT_ROOT / FRONT_PAGE], ())


def _imports(scripts: list, lazy: tuple[str, ...]) -> list[str]:
    names: list[str] = []
    for script in scripts:
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                # `from atlas.views import map_page`: the name may be a submodule
                names.extend(f"{node.module}.{alias.name}" for alias in node.names
                             if _is_module(f"{node.module}.{alias.name}"))
    names.extend(lazy)
    return [name for name in dict.fromkeys(names)
            if name != "__future__" and name.split(".")[0] not in DECLARES_COMPONENT]


def _is_module(name: str) -> bool:
    if name.split(".")[0] in DECLARES_COMPONENT:
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # the parent is a module, not a package
        return False


def preload_page_imports() -> None:
    """Import what the front page needs in the main thread before the server starts listening
    (a background thread measured no gain: it competed with the server's own start), then
    read the map's geometry (as the build stored it: no shapely) and compute the front page's
    view in each language. The other pages'
    modules and the other indicators' views follow after the warm-up (`import_other_pages`,
    `warm_map_caches`)."""
    if os.environ.get("ATLAS_PRELOAD", "1") == "0":
        return
    for name in front_page_imports():
        importlib.import_module(name)
    warm_map_caches(every_indicator=False)
    freeze_long_lived_objects()


def freeze_long_lived_objects() -> None:
    """Move every object alive now (the imported modules, the filled caches) out of the
    garbage collector's reach. Streamlit collects garbage after every script run; with the
    pages' libraries loaded, that full collection alone took 0.12-0.16 s of each run and held
    the interpreter lock meanwhile. Afterwards it scans only what runs create. Unfrozen at
    exit, so the process still tears down normally."""
    gc.collect()
    gc.freeze()
    atexit.unregister(gc.unfreeze)      # once, however often this runs
    atexit.register(gc.unfreeze)


def warm_map_caches(every_indicator: bool = True) -> int:
    """The map's geometry, and its view of every indicator (latest period, other settings as
    by default) in each language, so the per-build caches (catalogue, geometry, query
    results, views) are full before the visitors: a visitor's first switches to another
    indicator find their view computed (atlas.views.map_page.build_view keeps the most recent
    256). `every_indicator=False`: only the front page's view (the default indicator).
    Returns how many views were computed; skipped without a database; a failure here is left
    for the page to report."""
    from atlas.db import database
    from atlas.i18n import LANGS
    from atlas.views import map_page as mv

    if not database().exists():
        return 0
    count = 0
    try:
        mv.map_geometry(True)
        for lang in LANGS:
            context = mv.choices(lang)
            for indicator in (context.periods if every_indicator else [None]):
                raw = {"lang": lang} if indicator is None else {"lang": lang,
                                                                 "indicator": indicator}
                state, _ = mv.parse_state(raw, context)
                mv.build_view(state, context)
                count += 1
    except Exception:  # noqa: BLE001
        logging.getLogger(__name__).warning("warming the map page's caches failed",
                                            exc_info=True)
    return count


WARM_UP_QUERIES = ("", "lang=en")   # the front page, in Danish and English
# The first visitor's page (Danish is the default): run before the health check says "ok"; the
# English run follows once that visitor has been served.
FIRST_QUERIES, LATER_QUERIES = WARM_UP_QUERIES[:1], WARM_UP_QUERIES[1:]
# After the health check says "ok", the warm-up a first visitor does not need (seconds of
# imports holding the interpreter lock, issue 23) waits until a visitor's script run has
# ended and no script has run for QUIET_S seconds (its map's files load meanwhile), at most
# FIRST_VISITOR_WAIT_S; and each import waits while a visitor's script runs.
QUIET_S = 2.0
FIRST_VISITOR_WAIT_S = 15.0


# Set when the warm-up has ended (done or given up): until then the health check answers 503.
WARMED_UP = threading.Event()


def warm_up_url() -> str | None:
    """This server's own address as seen from inside (loopback when it listens everywhere),
    once its runtime has started; None before."""
    from streamlit import config
    from streamlit.runtime import Runtime, RuntimeState

    if not Runtime.exists() or Runtime.instance().state in (RuntimeState.INITIAL,
                                                             RuntimeState.STOPPING,
                                                             RuntimeState.STOPPED):
        return None
    address = config.get_option("server.address") or "127.0.0.1"
    if address in ("0.0.0.0", "::"):
        address = "127.0.0.1"
    host = f"[{address}]" if ":" in address else address
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"http://{host}:{config.get_option('server.port')}" + (f"/{base}" if base else "")


CONVERTER_START_WAIT_S = 60.0


def warm_up(timeout: float = 120.0) -> None:
    """Wait for the server to listen, then run the Danish front page (the first visitor's
    page) in a session of its own (atlas.serve.streamclient); then let the health check report
    ready. Once the first visitor has been served (`wait_for_first_visitor`): the English front
    page, the other pages' modules, the map's other views, the figure converter and a run of
    each other page. Printed; a failure here is left for the page to report (the health check
    then reports ready too)."""
    front = None
    try:
        front = _warm_up(timeout, FIRST_QUERIES)
    finally:
        WARMED_UP.set()
    waited = time.perf_counter()
    reason = wait_for_first_visitor()
    print(f"atlas: the rest of the warm-up waited {time.perf_counter() - waited:.2f} s "
          f"({reason})", flush=True)
    if front is not None:
        _warm_up(timeout, LATER_QUERIES)
    import_other_pages()
    started = time.perf_counter()
    views = warm_map_caches()
    print(f"atlas: {views} indicator views computed in {time.perf_counter() - started:.2f} s",
          flush=True)
    # the figure converter's worker process (atlas/charts/converter.py): its engine takes ~3 s
    # to start, so it starts now, not on a visitor's first PNG; the other pages' runs wait for
    # it, so that the pictures they show (the inverse-care overview's forest plot) are drawn
    # here and not in their first visitor's run
    from atlas.charts.export import warm_up as start_figure_converter

    engine = start_figure_converter()
    if engine is not None:
        try:
            engine.result(timeout=CONVERTER_START_WAIT_S)
        except Exception:  # noqa: BLE001 - the pages then draw their interactive charts
            logging.getLogger("atlas.serve").warning("atlas: the figure converter did not "
                                                     "start", exc_info=True)
    if front is not None:
        warm_other_pages(*front, timeout=timeout)


def import_other_pages() -> None:
    """Import the modules of the pages other than the front page (and the libraries they
    import lazily), one by one, after the first map is ready: a page that needs one before it
    is done waits for that import only (Python's import lock), not for all of them. Then the
    new long-lived objects are frozen too (`freeze_long_lived_objects`)."""
    start = time.perf_counter()
    missing = [name for name in page_imports() if name not in sys.modules]
    for name in missing:
        wait_while_scripts_run()
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the page that needs it reports the failure
            logging.getLogger(__name__).warning("atlas: importing %s failed", name,
                                                exc_info=True)
    freeze_long_lived_objects()
    print(f"atlas: the other pages' modules imported in {time.perf_counter() - start:.2f} s "
          f"({len(missing)} modules)", flush=True)


def warm_other_pages(url: str, pages: list[str], timeout: float = 120.0) -> None:
    """Run each page in `pages` (URL paths) once per language in a session of its own, after
    the front page's warm-up and the other pages' imports: what only a run does (Streamlit
    compiles the page's script; the page fills its per-build caches) is then done before the
    page's first visitor. Printed; a failure is left for the page to report."""
    from atlas.serve.streamclient import StreamSession

    async def run_pages() -> list[str]:
        statuses = []
        async with StreamSession(url) as session:
            for query in WARM_UP_QUERIES:
                for page in pages:
                    result = await session.run(query, timeout=timeout, page=page)
                    if not result.ok or result.page != page:
                        statuses.append(f"/{page}?{query}: not ok: {result.status} "
                                        f"(shown: /{result.page})")
        return statuses

    start = time.perf_counter()
    try:
        failures = asyncio.run(run_pages())
    except Exception:  # noqa: BLE001
        logging.getLogger("atlas.serve").warning("atlas: warming up the other pages failed",
                                                 exc_info=True)
        return
    # what the runs queued ahead (the presenter: every slide of its story, ~0.2 s of CPU) is
    # part of the warm-up: done before it is reported, not beside the next visitors' pages
    from atlas.ui import prefetch

    if not prefetch.wait_idle(timeout):
        failures.append("the pages' prefetched work not done in time")
    freeze_long_lived_objects()
    print(f"atlas: the other pages warmed up in {time.perf_counter() - start:.2f} s "
          f"({len(pages)} pages x {len(WARM_UP_QUERIES)} languages"
          f"{'; ' + ', '.join(failures) if failures else ''})", flush=True)


def _script_states() -> dict[str, tuple[int, bool]] | None:
    """Session id -> (successful script runs, running now) of every session Streamlit's session
    manager holds (connected, or kept for a reconnect); None where this Streamlit version does
    not tell (then nothing waits)."""
    from streamlit.runtime import Runtime

    try:
        if not Runtime.exists():
            return None
        sessions = Runtime.instance()._session_mgr.list_sessions()
        return {info.session.id: (int(info.script_run_count),
                                  getattr(getattr(info.session, "_state", None), "value", "")
                                  == "APP_IS_RUNNING")
                for info in sessions}
    except Exception:  # noqa: BLE001 - a private interface: without it, nothing waits
        return None


def wait_for_first_visitor(limit: float = FIRST_VISITOR_WAIT_S, quiet: float = QUIET_S) -> str:
    """Block until a session opened after this call began has finished a script run and no
    script has run for `quiet` seconds since (the browser is loading that page's map), or
    `limit` seconds have passed. Returns which: "served", "no visitor" or "unknown"."""
    deadline = time.monotonic() + limit
    before = _script_states()
    if before is None:
        return "unknown"
    served = False
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        states = _script_states() or {}
        served = served or any(runs for ident, (runs, _) in states.items()
                               if ident not in before)
        if served and not any(running for _, running in states.values()):
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= quiet:
                return "served"
        else:
            quiet_since = None
        time.sleep(0.05)
    return "no visitor"


def wait_while_scripts_run(limit: float = 5.0) -> None:
    """Block while a visitor's script runs (at most `limit` seconds): a warm-up step then
    does not take the interpreter from it."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        states = _script_states()
        if not states or not any(running for _, running in states.values()):
            return
        time.sleep(0.05)


def _warm_up(timeout: float, queries: tuple[str, ...] = WARM_UP_QUERIES
             ) -> tuple[str, list[str]] | None:
    """The front page's warm-up in the languages of `queries`; returns the server's address
    and its other pages' URL paths (None when it failed)."""
    from atlas.serve.streamclient import StreamSession

    log = logging.getLogger("atlas.serve")
    deadline = time.monotonic() + timeout
    url = None
    while url is None and time.monotonic() < deadline:
        url = warm_up_url()
        if url is None:
            time.sleep(0.05)
    if url is None:
        return None

    async def run_pages() -> list[str]:
        statuses = []
        for query in queries:
            async with StreamSession(url) as session:
                result = await session.run(query, timeout=timeout)
                statuses.append(result.status if result.ok else f"not ok: {result.status}")
                other_pages[:] = [p for p in result.pages if p != result.default_page]
        return statuses

    other_pages: list[str] = []

    start = time.perf_counter()
    while True:
        try:
            statuses = asyncio.run(run_pages())
            break
        except OSError:                 # the runtime has started, the socket not yet
            if time.monotonic() > deadline:
                log.warning("atlas: the server did not accept the warm-up session")
                return None
            time.sleep(0.05)
        except Exception:  # noqa: BLE001
            log.warning("atlas: warming up the front page failed", exc_info=True)
            return None
    freeze_long_lived_objects()      # what the first runs imported and cached, too
    # printed, not logged: Streamlit's logger shows warnings only by default
    languages = ", ".join("en" if "lang=en" in query else "da" for query in queries)
    print(f"atlas: front page warmed up in {time.perf_counter() - start:.2f} s "
          f"({languages}: {', '.join(statuses)})", flush=True)
    return url, other_pages


def hold_health_until_warmed_up() -> None:
    """Streamlit's health check (`/_stcore/health`, what a balancer or orchestrator asks)
    answers 503 "warming up" until `warm_up` has ended, so the first visitor a balancer sends
    meets a warm server. Streamlit asks `Runtime.is_ready_for_browser_connection` only there;
    if that changes in a Streamlit version, the check is left as it is."""
    from streamlit.runtime import Runtime

    original = getattr(Runtime, "is_ready_for_browser_connection", None)
    if not isinstance(original, property):
        return

    async def ready(runtime: Runtime) -> tuple[bool, str]:
        ok, message = await original.fget(runtime)
        if ok and not WARMED_UP.is_set():
            return False, "warming up"
        return ok, message

    Runtime.is_ready_for_browser_connection = property(ready)


def start_warm_up() -> None:
    if os.environ.get("ATLAS_PRELOAD", "1") != "0":
        hold_health_until_warmed_up()
        threading.Thread(target=warm_up, name="atlas-warm-up", daemon=True).start()


def with_address(argv: list[str]) -> list[str]:
    """`argv` plus `--server.address` ($ATLAS_ADDRESS, else 127.0.0.1) unless it names one
    (or Streamlit's own STREAMLIT_SERVER_ADDRESS does)."""
    if any(arg == "--server.address" or arg.startswith("--server.address=") for arg in argv) \
            or os.environ.get("STREAMLIT_SERVER_ADDRESS"):
        return list(argv)
    return [*argv, "--server.address", os.environ.get(ADDRESS_ENV) or DEFAULT_ADDRESS]


def main(argv: list[str] | None = None) -> None:
    declare_navigation_app()
    preload_page_imports()
    from streamlit.web import cli

    from atlas.serve import index_page

    # the page shell that spares a new visitor's browser waits; ATLAS_SHELL=0: Streamlit's own
    shell = os.environ.get("ATLAS_SHELL", "1")
    if shell != "0":
        index_page.install(preload=shell != "base")

    arguments = with_address(list(argv if argv is not None else sys.argv[1:]))
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "app.py"), *arguments]
    start_warm_up()
    cli.main()


if __name__ == "__main__":
    main()
