"""Embeds and the menu in a real browser (issue 21, items 3 and 10): an embedded view's
title is not hidden under Streamlit's header; the mouse wheel over a map scrolls the article
(or the page) and zooms the map only after a click on it or with Ctrl; on a phone the sidebar
closes once a menu link is tapped. The article is a local page on its own loopback port, so
the atlas is a cross-origin iframe as on a newspaper's site."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from atlas.views.urlstate import embed_code
from tests.browser.conftest import ARTIFACTS
from tests.support.devserver import MAP_FRAME, wait_for_app_run, wait_for_map

pytestmark = pytest.mark.browser

EMBED_WIDTH = 760
# the map's Leaflet object inside the component's iframe (folium names it map_<id>)
LEAFLET_ZOOM = """() => {
  const name = Object.keys(window).find(k => k.startsWith('map_') && window[k]
                                         && typeof window[k].getZoom === 'function');
  return window[name].getZoom();
}"""


def wait_for_zoom_above(container, zoom: float) -> None:
    """Until the map in `container`'s frame has zoomed in past `zoom`."""
    frame = container.element_handle().owner_frame()
    frame.wait_for_function(f"zoom => ({LEAFLET_ZOOM})() > zoom", arg=zoom)


# how far the page has scrolled, whichever element scrolls it
SCROLLED = """() => window.scrollY
  + [...document.querySelectorAll('*')].reduce((sum, e) => sum + e.scrollTop, 0)"""


def wait_for_scroll_past(page_or_frame, before: float) -> None:
    page_or_frame.wait_for_function(f"before => ({SCROLLED})() > before", arg=before)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def article(server, tmp_path):
    """`article(path, params, height=760)`: the URL of a local article page, 760 px wide, with
    the embed code of that view (an iframe `height` px high) between paragraphs long enough to
    scroll."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
        _QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    filler = '<p style="height:1200px">Brødtekst i artiklen.</p>'

    def make(path: str, params: dict[str, str], height: int = 760) -> str:
        name = path.strip("/") + ".html"
        (tmp_path / name).write_text(
            '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Artikel</title>'
            f'</head><body style="max-width:{EMBED_WIDTH}px;margin:0 auto">'
            f"<h1>Artikel</h1>{filler}"
            f'<figure id="embed" style="margin:0">{embed_code(server.url + path, params, "x", height)}'
            f"</figure>{filler}{filler}</body></html>", encoding="utf-8")
        return f"http://127.0.0.1:{httpd.server_address[1]}/{name}"

    yield make
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def open_embed(page, url: str):
    page.goto(url)
    page.locator("#embed iframe").scroll_into_view_if_needed()
    frame = page.frame_locator("#embed iframe")
    wait_for_app_run(frame)
    return frame


@pytest.mark.parametrize("path,params", [("/kort", {"lang": "da", "indicator": "gini"}),
                                         ("/tabel", {"lang": "da", "ind": "gini"})])
def test_embedded_title_is_not_under_the_header(server, article, offline_page, path, params):
    """Streamlit's empty header lay over the top 60 px of the iframe and hid the title."""
    page = offline_page(EMBED_WIDTH + 40, 900)
    frame = open_embed(page, article(path, params))
    title = frame.get_by_role("heading", level=1).first
    expect(title).to_be_visible()
    hidden = title.evaluate("""(h) => {
      const box = h.getBoundingClientRect(), x = box.left + 20, y = box.top + box.height / 2;
      const top = document.elementFromPoint(x, y);
      return box.top < 0 || !(top && (h === top || h.contains(top)));
    }""")
    assert not hidden
    # the map's embed code names its page (/kort): not taken for an unknown page
    expect(frame.get_by_test_id("stAlert")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#embed").screenshot(path=str(ARTIFACTS / f"embed-760-{path.strip('/')}.png"))


def test_wheel_over_an_embedded_map_scrolls_the_article(server, article, offline_page):
    """A wheel over the map scrolls what is around it: the embedded view (taller than its
    iframe), then the article. The map zooms only with Ctrl (or after a click)."""
    page = offline_page(EMBED_WIDTH + 40, 800)
    frame = open_embed(page, article("/kort", {"lang": "da", "indicator": "gini"}))
    wait_for_map(frame)
    embed = page.locator("#embed iframe").element_handle().content_frame()
    container = frame.frame_locator(MAP_FRAME).locator(".leaflet-container")
    container.scroll_into_view_if_needed()
    zoom = container.evaluate(LEAFLET_ZOOM)
    box = container.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 200))
    before = embed.evaluate(SCROLLED)
    page.mouse.wheel(0, 300)
    wait_for_scroll_past(embed, before)
    assert container.evaluate(LEAFLET_ZOOM) == zoom
    # with Ctrl the wheel zooms the map (not the page)
    box = container.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    wait_for_zoom_above(container, zoom)


def test_wheel_zooms_the_scenario_map_only_after_a_click(server, offline_page):
    page = offline_page(1366, 768)
    page.goto(server.url + "/scenarier?lang=da")
    wait_for_map(page)
    container = page.frame_locator(MAP_FRAME).locator(".leaflet-container")
    container.scroll_into_view_if_needed()
    zoom = container.evaluate(LEAFLET_ZOOM)
    before = page.evaluate(SCROLLED)
    box = container.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 300)                       # not clicked yet: the page scrolls
    wait_for_scroll_past(page, before)
    assert container.evaluate(LEAFLET_ZOOM) == zoom
    container.click(position={"x": 30, "y": 30})  # then the wheel zooms the map
    box = container.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    wait_for_zoom_above(container, zoom)


def test_phone_sidebar_closes_after_a_menu_link(server, offline_page):
    page = offline_page(390, 844)
    page.goto(server.url + "/tabel?lang=da")
    wait_for_app_run(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    sidebar.locator(".st-key-atlas_menu").get_by_role("link", name="Om data").click()
    page.wait_for_url("**/om-data**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Om")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    wait_for_app_run(page)
    assert page.blocked == []
