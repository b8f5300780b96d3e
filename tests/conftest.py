"""Shared fixtures: the real offline snapshot, a database built from it once per session,
and a small synthetic snapshot of square "municipalities" for error paths."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings
from rich.console import Console
from streamlit.testing.v1 import AppTest

from atlas.paths import PROJECT_ROOT, default_sources_dir
from tests.mini_snapshot import write_mini_snapshot

# A message id missing from the catalogue raises KeyError here (the app shows the id instead);
# set before atlas is imported, and inherited by the servers the browser tests start.
os.environ["ATLAS_STRICT_MESSAGES"] = "1"

QUIET = Console(file=open("/dev/null", "w"), stderr=False)  # noqa: SIM115
APP = str(PROJECT_ROOT / "app.py")

# Hypothesis examples per property: CI (and HYPOTHESIS_PROFILE=ci) tries each property its full
# number (Hypothesis's default, or the test's own `examples(n)`); elsewhere, e.g. the quick tier
# on a developer's machine, a third of it. Everything else stays the test's or Hypothesis's own.
settings.register_profile("ci")
settings.register_profile("dev", max_examples=settings.default.max_examples // 3)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI")
                                                              else "dev")
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(full: int) -> int:
    """Examples for a property that CI tries `full` times: all in CI, a third (at least 10)
    in the quick loop."""
    return full if HYPOTHESIS_PROFILE == "ci" else max(10, full // 3)


def open_page(page: str, *, timeout: float = 90, **params: str) -> AppTest:
    """Run app.py (navigation, language) switched to `page`, with `params` in the URL."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at.run()


@pytest.fixture
def in_app(monkeypatch):
    """`in_app(page, **params)`: run `page` inside app.py, as the server does (app.py's
    navigation, and the menu it draws after the page). `open_page` runs the page file by
    itself: AppTest takes the app for one of Streamlit's old `pages/`-folder apps, because the
    folder exists (PagesManager.uses_pages_directory), and runs a switched-to page alone. Here
    that guess is turned off; the first run opens the front page (st.navigation registers the
    pages), the second the page, by its registered url path."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)

    def open_in_app(page: str, *, timeout: float = 90, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=timeout)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        if page != "pages/map.py":
            at.switch_page(page)
            at.run()
        return at

    return open_in_app


def open_lazy_containers(at: AppTest) -> AppTest:
    """Open every lazy popover and expander of the page (the share and figure popovers, the
    map's definition, filters and settings, the table's filters and display options, the
    inverse-care overview's interactive forest plot; their contents are drawn only while open)
    and run it again, as a visitor opening them all would: for checks that must see everything
    a page can show."""
    from atlas.maps.layout import DEFINITION_KEY, FILTERS_KEY, FUNNEL_KEY, OPTIONS_KEY
    from atlas.ui.inverse_care_controls import FOREST_INTERACTIVE_KEY
    from atlas.ui.table_controls import DISPLAY_KEY
    from atlas.ui.table_controls import FILTERS_KEY as TABLE_FILTERS_KEY

    lazy = (DEFINITION_KEY, FUNNEL_KEY, FILTERS_KEY, OPTIONS_KEY, TABLE_FILTERS_KEY, DISPLAY_KEY,
            FOREST_INTERACTIVE_KEY)
    keys = [key for key in at.session_state.keys()
            if isinstance(key, str) and (key.endswith("_popover") or key in lazy)]
    for key in keys:
        at.session_state[key] = True
    return at.run() if keys else at


def permalink(at: AppTest) -> dict[str, str]:
    """The page's canonical query parameters of the last run: what its share link holds and
    what a visitor's next action writes into the URL (a first load leaves the URL as typed)."""
    from atlas.ui import PERMALINK_KEY

    return dict(at.session_state[PERMALINK_KEY])


@pytest.fixture(scope="session")
def real_sources() -> Path:
    directory = default_sources_dir()
    if not (directory / "observations.csv").is_file():
        pytest.skip(f"offline snapshot not found at {directory} (set ATLAS_SOURCES)")
    return directory


@pytest.fixture(scope="session")
def real_db(real_sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The atlas database built from the real snapshot: a copy per worker of one build shared
    by the run's workers and kept between runs while its inputs are unchanged
    (tests/support/builds.py)."""
    from tests.support.builds import shared_build

    out = tmp_path_factory.mktemp("db") / "atlas.duckdb"
    return shared_build(real_sources, out, tmp_path_factory.getbasetemp().parent)


@pytest.fixture(scope="session")
def hostile_db(real_sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile snapshot (tests/hostile_snapshot.py) built once per session (of each xdist
    worker), for the read-only checks that hostile text stays text; its sources lie beside it
    in `sources/`."""
    from tests.hostile_snapshot import build_hostile_db

    return build_hostile_db(real_sources, tmp_path_factory.mktemp("hostile"))


def require_map_assets() -> None:
    from atlas.maps import assets

    if assets.missing_assets():
        pytest.fail(f"map assets missing: run {assets.FETCH_COMMAND}")


@pytest.fixture(scope="session")
def atlas_server(real_db, tmp_path_factory):
    """The atlas (`python -m atlas.serve`, with its warm-up) on the real database, started once
    per session (of each xdist worker) when first asked for: the browser tests' `server`
    (tests/browser/conftest.py) and the checks of the warm-up it printed
    (tests/test_serve_preload.py)."""
    from tests.support.devserver import running_server

    require_map_assets()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with running_server(real_db, log=log) as running:
        yield running


@pytest.fixture
def use_db(monkeypatch):
    """`use_db(path)`: point the app's database (`$ATLAS_DB`) at `path` for this test."""
    def use(path: Path) -> Path:
        monkeypatch.setenv("ATLAS_DB", str(path))
        return path

    return use


@pytest.fixture(scope="module")
def module_db(real_db: Path):
    """The real database as the app's database for a whole module: for view functions that
    read the build's own tables (e.g. the towns of municipal.resolve) in tests that cannot take
    a function-scoped fixture (hypothesis)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("ATLAS_DB", str(real_db))
    yield real_db
    patch.undo()


@pytest.fixture
def atlas_db(real_db: Path, use_db) -> Path:
    """The real database, as the app's database for this test."""
    return use_db(real_db)


@pytest.fixture
def real_sources_copy(real_sources: Path, tmp_path: Path) -> Path:
    """A writable copy of the real snapshot, for corrupting one file at a time."""
    target = tmp_path / "sources"
    shutil.copytree(real_sources, target)
    return target


@pytest.fixture(scope="module")
def commission_db(real_sources, tmp_path_factory):
    """The real snapshot plus SYNTHETIC test values (not real statistics) for citizens per GP
    capacity, chronic disease burden and the share aged 65+, all for 2024, so the build derives
    chronic cases per GP capacity (the commission's chart). Læsø (825) has no GP figure."""
    import csv

    from atlas.build.pipeline import build_database

    root = tmp_path_factory.mktemp("commission")
    sources = root / "sources"
    shutil.copytree(real_sources, sources)
    with open(sources / "municipalities.csv", encoding="utf-8") as handle:
        codes = [int(row["kommune_kode"]) for row in csv.DictReader(handle)]
    lines = []
    for i, code in enumerate(sorted(codes)):
        share = 15 + (i * 7) % 20                      # 15..34 %
        chronic = 30000 + share * 600 + (i * 13) % 900
        gp = "" if code == 825 else str(1400 + (i * 37) % 900)
        lines += [f"age_65plus_share,{code},2024,{share},dst_folk1a",
                  f"chronic_prevalence_per_100k,{code},2024,{chronic},sds_ruks",
                  f"citizens_per_gp,{code},2024,{gp},dst_laby27"]
    with open(sources / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    with open(sources / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write("dst_laby27,Danmarks Statistik,LABY27,Syntetiske testværdier,,CC BY 4.0\n"
                     "sds_ruks,Sundhedsdatastyrelsen,RUKS,Syntetiske testværdier,,"
                     "Gengivelse med kildeangivelse\n")
    out = root / "atlas.duckdb"
    build_database(sources, out, console=QUIET)
    return out


@pytest.fixture
def mini_sources(tmp_path: Path) -> Path:
    return write_mini_snapshot(tmp_path / "mini")


def pytest_configure(config):
    """xdist (`--dist loadfile`) hands out the files in collection order, not sorted by their
    number of tests (its default): the collection is ordered by expected cost below."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The test files longest expected first, so the workers end together
    (tests/support/schedule.py); last, so of the tests left after `-m`/`-k` deselection."""
    from tests.support.schedule import order_by_cost

    items[:] = order_by_cost(items)
