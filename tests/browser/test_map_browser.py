"""The map in a real browser: a real `streamlit run app.py` server, Debian's headless Chromium,
every non-loopback request blocked. Sees the 98 municipality polygons, clicks one, sees the side
panel and the URL change; writes screenshots of the map in Danish and English to
test-artifacts/ (git-ignored)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.conftest import (
    expected_render_id,
    municipality_names,
    screenshot,
)
from tests.support.devserver import (
    click_polygon,
    map_frame,
    wait_for_app_run,
    wait_for_map,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def page(server, offline_page):
    return offline_page(1440, 1000)


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_map_draws_98_municipalities_offline_and_a_click_selects_one(server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server.url + "/")
    wait_for_map(page, expected_render_id(server.db))
    # the front page sets nothing in italics: a new visitor loads no italic font face (138 KB
    # of webfont for one phrase of the intro before, issue 23)
    assert [url for url in requested if "italic" in url.lower()] == []
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


# --- issue 13 ------------------------------------------------------------------------------

def test_one_history_entry_per_action_and_notices_stay(server, page):
    """Bugs 1 and 4: a bad value's notice stayed ~1 s (the URL was canonicalised on load,
    and the map's own rerun then had nothing to warn about); every change pushed 2-3 history
    entries and canonicalising one per parameter."""
    page.goto(server.url + "/?indicator=nonsense")
    wait_for_map(page, expected_render_id(server.db))
    start = page.evaluate("history.length")
    notice = page.get_by_test_id("stAlert").filter(has_text="nonsense")
    expect(notice).to_be_visible()
    assert "indicator=nonsense" in page.url          # the load itself wrote nothing
    # the class count is among the map settings, drawn once their expander opens (issue 23)
    page.locator(".st-key-map_options summary").click()
    four = page.locator(".st-key-map_classes").get_by_text("4", exact=True)
    expect(four).to_be_visible()    # drawn by the expander's rerun: that run over first
    wait_for_app_run(page)
    four.click()
    page.wait_for_url(re.compile(r"classes=4"))
    wait_for_map(page, expected_render_id(server.db, classes=4))
    assert page.evaluate("history.length") == start + 1
    expect(notice).to_have_count(0)                   # the visitor changed something
    page.locator(".st-key-map_view").get_by_text("Hovedstadsområdet", exact=True).click()
    page.wait_for_url(re.compile(r"view=kbh"))
    wait_for_map(page, expected_render_id(server.db, classes=4, view="kbh"))
    assert page.evaluate("history.length") == start + 2


def test_leaving_the_map_keeps_the_view(server, page):
    """Bug 3: Map (daily smokers, Lolland, English) -> About -> Map came back to the default."""
    page.goto(server.url + "/?lang=en&indicator=daily_smoking_share&kommune=360")
    state = dict(indicator="daily_smoking_share", kommune=360, lang="en")
    wait_for_map(page, expected_render_id(server.db, **state))
    page.get_by_test_id("stSidebar").get_by_role("link", name="About the data").click()
    page.wait_for_url(re.compile(r"/om-data\?"))
    wait_for_app_run(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("About the data")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Map").click()
    wait_for_map(page, expected_render_id(server.db, **state))
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily smokers")


def test_unknown_path_lands_on_the_map_with_a_danish_notice(server, page):
    """Bug 6: an unknown path opened an English "Page not found" dialog over the Danish map.
    (/kort, the map's own path that share and embed codes write, is the map: no notice.)"""
    page.goto(server.url + "/kort")
    wait_for_map(page, expected_render_id(server.db))
    expect(page.get_by_test_id("stAlert").filter(has_text="Den adresse findes ikke")) \
        .to_have_count(0)
    page.goto(server.url + "/findes-ikke")
    wait_for_map(page, expected_render_id(server.db))
    expect(page.locator('[role="dialog"]')).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    notice = page.get_by_test_id("stAlert").filter(has_text="Den adresse findes ikke")
    expect(notice).to_be_visible()
    map_frame(page).locator("body").evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    expect(notice).to_be_visible()     # still there after the map component's own rerun


def test_map_is_one_tab_stop_with_focus_ring_arrows_and_enter(server, page):
    """Bug 8: 98 shapes + 23 dots were tab stops without a focus ring; Enter did nothing."""
    page.goto(server.url + "/?indicator=hospital_distance_km")
    wait_for_map(page, expected_render_id(server.db, indicator="hospital_distance_km"))
    frame = map_frame(page)
    expect(frame.locator(".atlas-point")).to_have_count(23)
    focusable = frame.locator("[tabindex]:not([tabindex='-1']), a[href]:not([tabindex='-1'])")
    expect(focusable).to_have_count(1)
    credits = frame.locator(".leaflet-control-attribution")   # text, no link out
    expect(credits).to_contain_text("Leaflet")
    expect(credits).to_contain_text("DAGI / SDFI")
    expect(credits.locator("a")).to_have_count(0)
    box = frame.locator(".leaflet-container")
    box.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")                                   # keyboard focus: a ring
    expect(box).to_be_focused()
    assert box.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    box.press("ArrowRight")
    expect(box).to_have_attribute("aria-label", re.compile(r"\w+"))
    expect(frame.locator(".leaflet-tooltip.atlas-tip")).to_be_visible()
    name = box.get_attribute("aria-label")
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]kommune=\d+"))
    wait_for_app_run(page)
    expect(page.locator(".st-key-map_selected").get_by_role("heading", name=name,
                                                             exact=True)).to_be_visible()


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("width, height", [(1920, 1080), (390, 844)])
def test_front_page_screenshots(server, offline_page, lang, width, height):
    """The front page for presenters and phones: the map fills the height, legend and source
    lines are >= 20 px at 1920x1080; on a phone the legend comes before the source notes."""
    page = offline_page(width, height)
    page.goto(server.url + f"/?lang={lang}&kommune=360")
    wait_for_map(page, expected_render_id(server.db, kommune=360, lang=lang))
    frame_box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    legend = page.locator(".atlas-legend")
    source = page.get_by_test_id("stCaptionContainer").filter(
        has_text="Kilde:" if lang == "da" else "Source:")
    if width >= 1600:
        assert frame_box["height"] >= 0.7 * height
        assert legend.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 20
        assert source.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 20
    else:
        assert legend.bounding_box()["y"] < source.bounding_box()["y"]
    screenshot(page, f"front-{lang}-{width}x{height}.png", full_page=width < 1000)
    assert page.blocked == []


OVERLAPPING_LABELS = """() => {
  const boxes = [...document.querySelectorAll('.atlas-label')].map(e => {
    // the text as drawn (a label's element is the size the map measured for it)
    const range = document.createRange(); range.selectNodeContents(e);
    const r = range.getBoundingClientRect();
    return [e.textContent, r.left, r.top, r.right, r.bottom];
  });
  const pairs = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a[1] < b[3] && b[1] < a[3] && a[2] < b[4] && b[2] < a[4]) { pairs.push([a[0], b[0]]); }
  }));
  return {count: boxes.length, pairs: pairs};
}"""


def settled_labels(page) -> dict:
    """The place labels once the map has settled (no zoom animation running: while one runs,
    Leaflet moves the labels of the old zoom to the new positions before redrawing them):
    their count and the pairs of them whose boxes overlap. Waits (retrying) for a state
    without overlaps; a state that keeps them fails the wait."""
    frame = map_frame(page)
    content = frame.owner.element_handle().content_frame()
    try:
        content.wait_for_function(
            f"() => {{ const r = ({OVERLAPPING_LABELS})(); return r.count >= 3 && "
            "!r.pairs.length && !document.querySelector('.leaflet-zoom-anim'); }",
            timeout=15_000)
    except PlaywrightTimeout:
        pass                                  # the assertions below say what is wrong
    return frame.locator("body").evaluate(f"() => ({OVERLAPPING_LABELS})()")


@pytest.mark.parametrize("view", ["dk", "kbh"])
@pytest.mark.parametrize("width, height", [(390, 844), (1920, 1080)])
def test_place_labels_never_overlap(server, offline_page, view, width, height):
    """Issue 13: town labels piled up on a 390 px phone map. A label that would overlap one
    already placed (larger towns first) is left out."""
    page = offline_page(width, height)
    page.goto(server.url + f"/?view={view}")
    wait_for_map(page, expected_render_id(server.db, view=view))
    expect(map_frame(page).locator(".atlas-label").first).to_be_visible()
    labels = settled_labels(page)
    assert labels["count"] >= 3
    assert labels["pairs"] == []
    if width < 1000:
        screenshot(page, f"labels-{view}-{width}x{height}.png", full_page=False)


def test_background_tiles_that_fail_offline_say_so(server, offline_page):
    """Issue 13: turning on background tiles offline fired failing tile requests with no
    message. The map says, in the page's language, that the background map cannot load."""
    page = offline_page(1440, 1000)
    page.goto(server.url + "/?tiles=osm&lang=en")
    wait_for_map(page, expected_render_id(server.db, tiles="osm", lang="en"))
    note = map_frame(page).locator(".atlas-tile-error")
    expect(note).to_have_text(re.compile(r"^The background map cannot be loaded"))
    expect(note).to_have_attribute("role", "status")
    assert page.blocked                               # the tile requests were the blocked ones
    assert all("tile" in url for url in page.blocked), page.blocked
