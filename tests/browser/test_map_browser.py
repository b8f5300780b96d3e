"""The map in a real browser: a real `streamlit run app.py` server, Debian's headless Chromium,
every non-loopback request blocked. Sees the 98 municipality polygons, clicks one, sees the side
panel and the URL change; writes screenshots of the map in Danish and English to
test-artifacts/ (git-ignored)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import require_chromium
from tests.browser.server import (
    ROOT,
    click_polygon,
    map_frame,
    running_server,
    wait_for_map,
)

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server(real_db, tmp_path_factory):
    require_chromium()
    from atlas.maps import assets

    if assets.missing_assets():
        pytest.fail(f"map assets missing: run {assets.FETCH_COMMAND}")
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    with running_server(real_db, log=log) as running:
        yield running


@pytest.fixture
def page(server, offline_page):
    return offline_page(1440, 1000)


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_map_draws_98_municipalities_offline_and_a_click_selects_one(server, page):
    page.goto(server.url + "/")
    wait_for_map(page, timeout=90_000)
    frame = map_frame(page)
    polygons = frame.locator("path.leaflet-interactive")
    assert polygons.count() == 98
    # life expectancy is not published for four small islands: hatched, in no class
    assert frame.locator('path.leaflet-interactive[fill="url(#atlas-nodata)"]').count() == 4
    # region borders are drawn above the municipalities, in their own pane
    assert frame.locator(".leaflet-atlasRegions-pane path").count() >= 1
    # nothing the map needs came from outside: every blocked request is not the map's
    assert not [u for u in page.blocked if re.search(r"\.(js|css)(\?|$)", u)], page.blocked
    assert not [u for u in page.blocked if "leaflet" in u or "cdn" in u], page.blocked
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-da.png"), full_page=True)

    assert "kommune" not in query(page)
    click_polygon(polygons.nth(60))
    page.wait_for_url(re.compile(r"[?&]kommune=\d{3}"), timeout=30_000)
    code = int(query(page)["kommune"])
    panel = page.locator(".st-key-map_selected")
    panel.wait_for(state="visible", timeout=30_000)
    from atlas.query import map as qm

    name = dict(qm.municipalities(server.db)[["kommune_kode", "name"]].values)[code]
    assert panel.get_by_role("heading", name=name).is_visible()
    assert "Nr. " in panel.inner_text() and "Hele landet" in panel.inner_text()
    # the selection is outlined on the map in its own pane
    wait_for_map(page, qm.render_id(_state(server.db, kommune=code)))
    assert frame.locator(".leaflet-atlasSelect-pane path").count() == 2
    page.screenshot(path=str(ARTIFACTS / "map-da-selected.png"), full_page=True)


def _state(db, **changes):
    from atlas.maps.state import MapState

    from atlas.query import map as qm

    cat = qm.catalogue(db)
    base = MapState(indicator="life_expectancy", period=cat.latest["life_expectancy"])
    return base.with_(**changes)


def test_english_map_and_copenhagen_view(server, page):
    from atlas.query import map as qm

    page.goto(server.url + "/?lang=en&indicator=daily_smoking_share&kommune=101")
    wait_for_map(page, timeout=90_000)
    assert page.get_by_role("heading", name="Daily smokers").first.is_visible() or \
        page.locator("h1").first.inner_text()
    assert "Legend" in page.inner_text("body")
    assert map_frame(page).locator("path.leaflet-interactive").count() == 98
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-en.png"), full_page=True)
    page.locator(".st-key-map_view").get_by_text("Copenhagen area", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]view=kbh"), timeout=30_000)
    cat = qm.catalogue(server.db)
    state = _state(server.db, indicator="daily_smoking_share",
                   period=cat.latest["daily_smoking_share"], kommune=101, view="kbh",
                   lang="en")
    wait_for_map(page, qm.render_id(state))
    page.screenshot(path=str(ARTIFACTS / "map-en-copenhagen.png"), full_page=True)


def test_about_page(server, page):
    page.goto(server.url + "/om-data?lang=en")
    page.get_by_role("heading", name="About the data").wait_for(timeout=60_000)
    assert "Statistics Denmark" in page.inner_text("body")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "about-en.png"), full_page=False)
