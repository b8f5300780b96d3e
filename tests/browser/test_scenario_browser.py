"""The scenario page in a real browser (real server, Debian's headless Chromium, every
non-loopback request blocked): Bornholms Hospital closed from the URL paints Bornholm in the
darkest "further away" class and everything else neutral; a click on the map proposes a new
site that the button adds to the URL and the map. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.support.devserver import click_polygon, map_frame, wait_for_map

pytestmark = pytest.mark.browser


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def render_id(params: dict[str, str]) -> str:
    from atlas.views import scenario as sv

    state, _ = sv.parse_state(params, sv.scenario_model())
    return sv.render_id(state)


def test_bornholm_off_map_and_a_click_adds_a_site(server, offline_page, atlas_db):
    from atlas.views.scenario import change_colours

    page = offline_page(1440, 2300)   # tall: the map, the table and the clusters in one shot
    page.goto(server.url + "/scenarier?off=bornholms-hospital")
    wait_for_map(page, render_id({"off": "bornholms-hospital"}))
    frame = map_frame(page)
    polygons = frame.locator("path.leaflet-interactive:not(.atlas-point)")
    expect(polygons).to_have_count(98)
    further, unchanged = change_colours()[6], change_colours()[3]
    # Bornholm alone is much further away; the other 97 are unchanged (light neutral)
    expect(frame.locator(f'path.leaflet-interactive[fill="{further}"]')).to_have_count(1)
    expect(frame.locator(f'path.leaflet-interactive[fill="{unchanged}"]')).to_have_count(97)
    # 22 acute sites remain on the map
    expect(frame.locator("path.atlas-point")).to_have_count(22)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Mest berørte kommuner")
    expect(main.get_by_test_id("stMetric").first).to_contain_text("km")
    expect(page.get_by_role("heading", name="Ændring i afstand", exact=True)).to_be_visible()
    screenshot(page, "scenario-bornholm-off.png")

    # a click on the map proposes a site there; the button adds it
    click_polygon(polygons.nth(50))
    proposal = page.get_by_test_id("stSidebar").get_by_text("Valgt sted:")
    expect(proposal).to_be_visible()
    page.get_by_role("button", name="Tilføj det valgte sted").click()
    page.wait_for_url(re.compile(r"[?&]add="))
    params = query(page)
    assert params["off"] == "bornholms-hospital" and "Nyt akutsted ved" in params["add"]
    wait_for_map(page, render_id(params))
    expect(frame.locator("path.atlas-point")).to_have_count(23)
    screenshot(page, "scenario-bornholm-off-site-added.png", full_page=False)
    assert page.blocked == []


def test_clusters_in_english(server, offline_page, atlas_db):
    page = offline_page(1440, 1000)
    wanted = {"lang": "en", "off": "holbaek-sygehus", "map": "clusters"}
    page.goto(server.url + "/scenarier?lang=en&off=holbaek-sygehus&map=clusters")
    wait_for_map(page, render_id(wanted))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Scenarios")
    expect(page.get_by_test_id("stMain")).to_contain_text("not the regions' official")
    screenshot(page, "scenario-clusters-en.png", full_page=False)
    assert page.blocked == []
