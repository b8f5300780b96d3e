"""Fixtures and helpers shared by the browser tests: Debian's Chromium (required in CI, skipped
with a reason elsewhere when missing), offline pages that abort every non-loopback request, and
the two facts the tests need from the atlas itself (`expected_render_id`,
`municipality_names`). Server and page helpers live in tests/support/devserver.py (bench/ uses them
too)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from atlas.paths import PROJECT_ROOT
from tests.conftest import require_map_assets  # noqa: F401 (the browser modules' import)
from tests.support.devserver import CHROMIUM, launch_browser, offline_context

ARTIFACTS = PROJECT_ROOT / "test-artifacts"  # screenshots, git-ignored
# generous: other processes share the machine's two cores; a passing wait returns at once
TIMEOUT_MS = 90_000


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing in CI (scripts/install_browser.sh installs it)")
        pytest.skip(f"{CHROMIUM} not installed")


def screenshot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


# --- the only place the browser tests reach into the atlas's query and state code ------------

def expected_render_id(db: Path, **state: Any) -> str:
    """The `data-atlas` render id the map shows for a map state: `state` holds the URL-state
    fields that differ from the default (life expectancy, latest period, Danish); `period`
    defaults to the chosen indicator's latest."""
    import duckdb

    from atlas.views.map_page import MapState, render_id

    indicator = state.pop("indicator", "life_expectancy")
    period = state.pop("period", None)
    if period is None:
        with duckdb.connect(str(db), read_only=True) as con:
            period = con.execute("SELECT period FROM indicator_periods WHERE is_latest AND "
                                 "indicator_id = ?", [indicator]).fetchone()[0]
    return render_id(MapState(indicator=indicator, period=period, **state))


def municipality_names(db: Path) -> dict[int, str]:
    """Municipality code -> name."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("SELECT kommune_kode, name FROM municipalities").fetchall())


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = launch_browser(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def server(request):
    """The atlas on the real database (`atlas_server`, tests/conftest.py): one server for every
    read-only browser module of the session (of each xdist worker), and for the checks of its
    warm-up in tests/test_serve_preload.py. A module that needs another server (other data,
    other checks before it starts, a first visitor) defines its own `server` or starts one."""
    require_chromium()
    return request.getfixturevalue("atlas_server")


@pytest.fixture
def offline_page(browser):
    """`offline_page(width, height)` -> a page in a fresh context; `page.blocked` lists the
    non-loopback requests that were aborted (tests assert it empty)."""
    contexts = []

    def make(width: int = 1440, height: int = 1000):
        blocked: list[str] = []
        context = offline_context(browser, blocked, viewport={"width": width, "height": height})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.blocked = blocked
        return page

    yield make
    for context in contexts:
        context.close()
