"""atlas.serve.server imports what the pages need before the server listens (issue 14)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from atlas.paths import PROJECT_ROOT
from atlas.serve.server import front_page_imports, page_imports
from tests.support.aio import off_loop
from tests.support.fresh_process import last_json


def test_page_imports_cover_the_pages_but_not_component_declarations():
    names = page_imports()
    # the map component through atlas.ui.map_embed (which imports atlas.maps.folium_map)
    for needed in ("streamlit", "atlas.ui", "atlas.views.map_page", "atlas.ui.map_embed",
                   "atlas.views.data_status", "atlas.upload.steps", "folium.plugins",
                   "shapely.ops"):
        assert needed in names
    # streamlit_folium declares its component on import; outside a script run the
    # declaration is not registered, and the map would never load
    assert not [name for name in names if name.startswith("streamlit_folium")]


@pytest.fixture(scope="module")
def after_preload(real_db) -> dict:
    """What a fresh process holds after `preload_page_imports()` (as the server before it
    listens): one subprocess for both tests below, since the preload is the slow part."""
    probe = ("import gc, json, sys; from atlas.serve.server import preload_page_imports; "
             "preload_page_imports(); from atlas.db import database; "
             "print(json.dumps({'modules': sorted(sys.modules), "
             "'cached': len(database()._cache), 'frozen': gc.get_freeze_count()}))")
    return last_json(probe, real_db)


@pytest.mark.slow
def test_preload_imports_and_fills_the_map_caches(after_preload):
    modules = set(after_preload["modules"])
    assert [name in modules for name in ("pandas", "folium", "streamlit_folium")] == \
        [True, True, False]
    assert after_preload["cached"] > 0
    # and every object alive then is out of the collector's reach: Streamlit's collection
    # after each script run no longer scans the libraries (0.12-0.16 s per run before)
    assert after_preload["frozen"] > 100_000


def test_front_page_imports_leave_the_other_pages_for_later():
    """Before the server listens only what the map needs is imported (issue 23): the
    statistics libraries of the inverse-care page take seconds and the first map does not
    use them."""
    front, every = front_page_imports(), page_imports()
    assert "atlas.views.map_page" in front and "streamlit" in front
    assert set(front) <= set(every)
    for later in ("scipy.stats", "statsmodels.regression.linear_model", "esda",
                  "atlas.upload.steps", "atlas.charts.static_map", "atlas.charts.funnel"):
        assert later not in front
    for later in ("scipy.stats", "esda", "libpysal.weights", "atlas.upload.steps"):
        assert later in every


@pytest.mark.slow
def test_preload_leaves_the_statistics_libraries_for_after_the_warm_up(after_preload):
    modules = set(after_preload["modules"])
    assert [name in modules for name in ("scipy.stats", "statsmodels", "esda",
                                         "atlas.views.map_page")] == [False, False, False, True]
    # nor the libraries of figures and downloads, which the first map does not draw
    assert [name for name in ("altair", "colorcet", "openpyxl") if name in modules] == []
    # nor shapely: the map's browser geometry is read as the build stored it (issue 23)
    assert "shapely" not in modules


@pytest.mark.slow
def test_server_warms_up_the_front_page_then_serves_the_first_visitor_first(real_db):
    """Once it listens, the server runs the Danish front page in a session of its own, so a
    first visitor meets compiled scripts and filled caches; everything else (the English run,
    the other pages' libraries) waits until that visitor has been served (issue 23: those
    imports took the interpreter and a core while the first map loaded)."""
    import asyncio

    from atlas.serve.streamclient import StreamSession
    from tests.support.devserver import StreamlitServer

    server = StreamlitServer(real_db).start()
    try:
        server.wait_healthy()
        # the health check waited for the Danish warm-up: its line is there already
        line = server.wait_for_output("atlas: front page warmed up", timeout=0)
        assert "(da: FINISHED_SUCCESSFULLY)" in line, line
        # nothing else has started: it waits for a visitor
        assert not [out for out in server._output if "modules imported" in out
                    or "(en: " in out or "waited" in out]

        async def visit() -> bool:
            async with StreamSession(server.url) as session:
                return (await session.run("", timeout=120)).ok

        # in a thread of its own: a browser test of this worker may have left Playwright's
        # event loop running in this one
        with ThreadPoolExecutor(max_workers=1) as thread:
            assert thread.submit(asyncio.run, visit()).result()
        line = server.wait_for_output("atlas: the rest of the warm-up waited", timeout=120)
        assert line.rstrip().endswith("(served)"), line
        assert "(en: FINISHED_SUCCESSFULLY)" in server.wait_for_output("(en: ", timeout=120)
        # after it reported healthy: the map's view of every indicator in both languages (a
        # visitor's next switches)
        line = server.wait_for_output("indicator views computed")
        assert int(re.search(r"atlas: (\d+) indicator views", line).group(1)) >= 2 * 20, line
        # after it reported healthy: the other pages' modules
        line = server.wait_for_output("atlas: the other pages' modules imported")
        assert int(re.search(r"\((\d+) modules\)", line).group(1)) > 0, line
        # then each other page once per language, all of them run to their end
        line = server.wait_for_output("atlas: the other pages warmed up")
        assert re.search(r"\((\d+) pages x 2 languages\)$", line), line
        assert int(re.search(r"\((\d+) pages", line).group(1)) >= 9, line
    finally:
        server.stop()


def test_no_warm_up_without_preload(real_db):
    from tests.support.devserver import StreamlitServer

    server = StreamlitServer(real_db, env={"ATLAS_PRELOAD": "0"}).start()
    try:
        server.wait_healthy()
        server.stop()
        with pytest.raises(TimeoutError, match="did not print"):
            server.wait_for_output("atlas: front page warmed up", timeout=30)
    finally:
        server.stop()


def test_the_server_does_not_watch_its_sources():
    """Watching costs every script run a walk over all loaded modules (bench: py-spy)."""
    import tomllib

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"


def test_the_rest_of_the_warm_up_waits_until_a_new_session_has_run(monkeypatch):
    from atlas.serve import server

    timeline = iter([
        {"warm-up": (1, False)},                           # before: the server's own session
        {"warm-up": (1, False)},                           # no visitor yet
        {"warm-up": (1, False), "visitor": (0, True)},     # the visitor's first run
        {"warm-up": (1, False), "visitor": (1, False)},    # over: quiet from here
    ])
    last = {"warm-up": (1, False), "visitor": (1, False)}
    monkeypatch.setattr(server, "_script_states", lambda: next(timeline, last))
    assert server.wait_for_first_visitor(limit=30, quiet=0.1) == "served"
    # the server's own session does not count as a visitor
    monkeypatch.setattr(server, "_script_states", lambda: {"warm-up": (1, False)})
    assert server.wait_for_first_visitor(limit=0.2, quiet=0.05) == "no visitor"
    # a Streamlit that does not tell: nothing waits
    monkeypatch.setattr(server, "_script_states", lambda: None)
    assert server.wait_for_first_visitor(limit=30) == "unknown"


def test_warm_up_of_other_pages_ends_after_their_queued_work(monkeypatch, capsys):
    """`warm_other_pages` reports the warm-up done only once the work its page runs queued
    ahead is done (the presenter queues every slide of its story): bench/pages.py measures
    the map's new visitor right after that line, and the slides' 0.2 s of CPU fell into it."""
    from atlas.serve import server, streamclient
    from atlas.ui import prefetch

    events: list[str] = []

    class Session:
        def __init__(self, url):
            pass

        async def __aenter__(self):
            return self

        async def __aexit__(self, *exc):
            return False

        async def run(self, query, timeout, page):
            events.append(f"run {page}")
            return type("Result", (), {"ok": True, "page": page, "status": "ok"})()

    monkeypatch.setattr(streamclient, "StreamSession", Session)
    monkeypatch.setattr(prefetch, "wait_idle",
                        lambda timeout: events.append("wait_idle") or True, raising=False)
    monkeypatch.setattr(server, "freeze_long_lived_objects", lambda: events.append("freeze"))
    off_loop(server.warm_other_pages, "http://127.0.0.1:1", ["praesentation"])
    assert events[-2:] == ["wait_idle", "freeze"]
    assert "the other pages warmed up" in capsys.readouterr().out
