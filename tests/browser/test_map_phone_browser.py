"""The map's municipality search and the phone layout in a real browser (issue 13): the search
shows no English Streamlit text on a Danish page and finds "Århus", "Kobenhavn" and "360";
on a phone (390×844) a tapped municipality's details scroll into view and the sidebar closes
after a choice. Screenshots go to test-artifacts/ (git-ignored)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    expected_render_id,
    municipality_names,
    screenshot,
)
from tests.support.devserver import click_polygon, map_frame, wait_for_map

pytestmark = pytest.mark.browser
# Streamlit's own English texts that a Danish page must not show
STREAMLIT_ENGLISH = re.compile(r"^(Add: |No results$|Press Enter to apply$|Choose an option$)")


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def english_streamlit_text(page):
    """Streamlit's English texts shown on the page (hidden ones do not count: the search
    field's "Press Enter to apply" is hidden and replaced by a Danish hint)."""
    return page.get_by_text(STREAMLIT_ENGLISH).filter(visible=True)


def choose_indicator(page, sidebar, label: str) -> None:
    """Pick an indicator in the sidebar's picker: typing filters the (virtualised) list, so
    the option is drawn whatever its place."""
    picker = sidebar.locator(".st-key-map_indicator").get_by_role("combobox")
    picker.click()
    picker.press_sequentially(label)
    page.get_by_role("option", name=re.compile(label)).click()


def two_frames(page) -> None:
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


@pytest.mark.parametrize("typed, code", [("Århus", 751), ("Kobenhavn", 101), ("360", 360)])
def test_search_finds_spellings_and_codes_without_english_streamlit_text(
        server, offline_page, typed, code):
    """Item 10 / 9: the select box accepted typed text and showed Streamlit's "Add: Århus"."""
    page = offline_page(1440, 1000)
    page.goto(server.url + "/")
    wait_for_map(page, expected_render_id(server.db))
    # the list of municipalities: typing into it offers nothing in English
    picker = page.locator(".st-key-map_kommune")
    picker.get_by_role("combobox").click()
    page.keyboard.type(typed)
    two_frames(page)
    expect(english_streamlit_text(page)).to_have_count(0)
    page.keyboard.press("Escape")
    # the search field (labelled in Danish) runs the upload page's name matcher
    search = page.locator(".st-key-map_search").get_by_role("textbox")
    expect(search).to_have_accessible_name(re.compile("Søg"))
    search.fill(typed)
    expect(english_streamlit_text(page)).to_have_count(0)
    hint = page.locator('.st-key-map_search [data-testid="InputInstructions"]')
    assert "Tryk Enter" in hint.evaluate("e => getComputedStyle(e, '::after').content")
    search.press("Enter")
    page.wait_for_url(re.compile(rf"[?&]kommune={code}\b"))
    wait_for_map(page, expected_render_id(server.db, kommune=code))
    name = municipality_names(server.db)[code]
    expect(page.locator(".st-key-map_selected").get_by_role("heading", name=name,
                                                             exact=True)).to_be_visible()
    expect(picker.get_by_role("combobox")).to_have_value(name)
    expect(english_streamlit_text(page)).to_have_count(0)
    assert page.blocked == []


def test_search_for_an_unknown_name_says_so_in_danish(server, offline_page):
    page = offline_page(1440, 1000)
    page.goto(server.url + "/")
    wait_for_map(page, expected_render_id(server.db))
    search = page.locator(".st-key-map_search").get_by_role("textbox")
    search.fill("Atlantis")
    search.press("Enter")
    expect(page.get_by_test_id("stMain").get_by_text(re.compile("Atlantis.*ikke en kommune"))
           ).to_be_visible()
    assert "kommune" not in query(page)
    expect(english_streamlit_text(page)).to_have_count(0)


def test_phone_tap_brings_the_details_into_view(server, offline_page):
    page = offline_page(390, 844)
    page.goto(server.url + "/")
    wait_for_map(page, expected_render_id(server.db))
    # the intro starts below Streamlit's header bar (opaque while the sidebar is collapsed)
    assert page.evaluate("""() => document.querySelector('.st-key-map_intro p')
        .getBoundingClientRect().top >= document.querySelector('[data-testid="stHeader"]')
        .getBoundingClientRect().bottom""")
    polygons = map_frame(page).locator("path.leaflet-interactive")
    click_polygon(polygons.nth(60))
    page.wait_for_url(re.compile(r"[?&]kommune=\d{3}"))
    code = int(query(page)["kommune"])
    wait_for_map(page, expected_render_id(server.db, kommune=code))
    panel = page.locator(".st-key-map_selected")
    heading = panel.get_by_role("heading", name=municipality_names(server.db)[code], exact=True)
    expect(heading).to_be_in_viewport()
    expect(panel).to_be_in_viewport(ratio=0.5)
    # the name is not hidden behind Streamlit's fixed header bar
    page.wait_for_function("""() => {
        const name = document.querySelector('.st-key-map_selected h3');
        const header = document.querySelector('[data-testid="stHeader"]');
        return name.getBoundingClientRect().top >= header.getBoundingClientRect().bottom;
    }""")
    screenshot(page, "front-da-390x844-tapped.png", full_page=False)
    assert page.blocked == []


def test_wide_screen_tap_does_not_jump(server, offline_page):
    """On a wide screen the panel sits beside the map: the page stays where it is."""
    page = offline_page(1440, 1000)
    page.goto(server.url + "/")
    wait_for_map(page, expected_render_id(server.db))
    polygons = map_frame(page).locator("path.leaflet-interactive")
    click_polygon(polygons.nth(60))
    page.wait_for_url(re.compile(r"[?&]kommune=\d{3}"))
    code = int(query(page)["kommune"])
    wait_for_map(page, expected_render_id(server.db, kommune=code))
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]')
    before = frame.bounding_box()["y"]
    two_frames(page)
    two_frames(page)
    assert frame.bounding_box()["y"] == before


def test_phone_sidebar_closes_after_a_choice(server, offline_page):
    page = offline_page(390, 844)
    page.goto(server.url + "/")
    wait_for_map(page, expected_render_id(server.db))
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    choose_indicator(page, sidebar, "Dagligrygere")
    page.wait_for_url(re.compile(r"indicator=daily_smoking_share"))
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    wait_for_map(page, expected_render_id(server.db, indicator="daily_smoking_share"))
    state = expected_render_id(server.db, indicator="daily_smoking_share")
    expect(map_frame(page).locator(f'.leaflet-container[data-atlas="{state}"]')).to_be_visible()
    expect(map_frame(page).locator(".leaflet-container")).to_be_in_viewport()
    assert page.blocked == []


def test_wide_screen_sidebar_stays_open_after_a_choice(server, offline_page):
    """On a wide screen the sidebar sits beside the map: it stays open for the next choice."""
    page = offline_page(1440, 1000)
    page.goto(server.url + "/")
    wait_for_map(page, expected_render_id(server.db))
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    choose_indicator(page, sidebar, "Dagligrygere")
    wait_for_map(page, expected_render_id(server.db, indicator="daily_smoking_share"))
    two_frames(page)
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    expect(sidebar.locator(".st-key-map_indicator")).to_be_in_viewport()


def test_intro_link_opens_the_inverse_care_page_in_the_visitors_language(server, offline_page):
    page = offline_page(390, 844)
    page.goto(server.url + "/?lang=en&indicator=daily_smoking_share&kommune=360")
    wait_for_map(page, expected_render_id(server.db, indicator="daily_smoking_share",
                                          kommune=360, lang="en"))
    link = page.locator(".st-key-map_intro").get_by_role(
        "link", name=re.compile("Test the law municipality by municipality: Inverse care"))
    expect(link).to_be_visible()
    assert link.bounding_box()["x"] + link.bounding_box()["width"] <= 390   # wraps, not cut
    link.click()
    page.wait_for_url(re.compile(r"/omvendt-omsorg\?"))
    assert query(page)["lang"] == "en" and query(page)["kommune"] == "360"
    expect(page.get_by_role("heading", level=1)).to_contain_text("nverse care")
    assert page.blocked == []
