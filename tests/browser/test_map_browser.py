"""The map in a real browser: a real `streamlit run app.py` server, Debian's headless Chromium,
every non-loopback request blocked. Sees the 98 municipality polygons, clicks one, sees the side
panel and the URL change; writes screenshots of the map in Danish and English to
test-artifacts/ (git-ignored)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from atlas.devserver import (
    click_polygon,
    map_frame,
    running_server,
    wait_for_app_run,
    wait_for_map,
)
from tests.browser.conftest import (
    expected_render_id,
    municipality_names,
    require_chromium,
    require_map_assets,
    screenshot,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(real_db, tmp_path_factory):
    require_chromium()
    require_map_assets()
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
    wait_for_map(page, expected_render_id(server.db))
    frame = map_frame(page)
    polygons = frame.locator("path.leaflet-interactive")
    expect(polygons).to_have_count(98)
    # life expectancy is not published for four small islands: hatched, in no class
    expect(frame.locator('path.leaflet-interactive[fill="url(#atlas-nodata)"]')).to_have_count(4)
    # region borders are drawn above the municipalities, in their own pane
    expect(frame.locator(".leaflet-atlasRegions-pane path").first).to_be_attached()
    screenshot(page, "map-da.png")

    assert "kommune" not in query(page)
    click_polygon(polygons.nth(60))
    page.wait_for_url(re.compile(r"[?&]kommune=\d{3}"))
    code = int(query(page)["kommune"])
    # the selection is outlined on the map in its own pane
    wait_for_map(page, expected_render_id(server.db, kommune=code))
    expect(frame.locator(".leaflet-atlasSelect-pane path")).to_have_count(2)
    panel = page.locator(".st-key-map_selected")
    expect(panel.get_by_role("heading", name=municipality_names(server.db)[code],
                             exact=True)).to_be_visible()
    expect(panel).to_contain_text("Nr. ")
    expect(panel).to_contain_text("Hele landet")
    screenshot(page, "map-da-selected.png")
    # nothing the map needs came from outside the machine
    assert page.blocked == []


def test_english_map_and_copenhagen_view(server, page):
    page.goto(server.url + "/?lang=en&indicator=daily_smoking_share&kommune=101")
    smokers = dict(indicator="daily_smoking_share", kommune=101, lang="en")
    wait_for_map(page, expected_render_id(server.db, **smokers))
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily smokers")
    expect(page.get_by_role("heading", name="Legend", exact=True)).to_be_visible()
    expect(map_frame(page).locator("path.leaflet-interactive")).to_have_count(98)
    screenshot(page, "map-en.png")

    page.locator(".st-key-map_view").get_by_text("Copenhagen area", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]view=kbh"))
    wait_for_map(page, expected_render_id(server.db, **smokers, view="kbh"))
    screenshot(page, "map-en-copenhagen.png")
    assert page.blocked == []


def test_about_page(server, page):
    page.goto(server.url + "/om-data?lang=en")
    wait_for_app_run(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("About the data")
    expect(page.get_by_test_id("stMain")).to_contain_text("Statistics Denmark")
    screenshot(page, "about-en.png", full_page=False)
    assert page.blocked == []
