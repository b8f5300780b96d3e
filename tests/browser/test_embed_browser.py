"""Embedding in a news article, in a real browser: a local article page (served from loopback
on its own port, so the atlas is a cross-origin iframe as on a newspaper's site) holds the
embed code of three views, exactly as the share popover writes it (`embed_code`, so
`?embed=true`). Each iframe shows the compact layout (its figure, its source line, no
downloads or share popover) and a link back to the same view in the full atlas, opening
outside the iframe. Every non-loopback request is blocked. Screenshots of two embedded views
go to test-artifacts/."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from atlas.views.urlstate import embed_code
from tests.browser.conftest import ARTIFACTS
from tests.support.devserver import MAP_FRAME, wait_for_app_run

pytestmark = pytest.mark.browser

BACK_LINK = "Se hele visningen i Ulighedsatlas →"
VIEWS = (  # (figure id, page path, the view's parameters, iframe title)
    ("omvendt-omsorg", "/omvendt-omsorg", {"lang": "da", "kommune": "360"},
     "Omvendt omsorg: behov mod adgang"),
    ("kommune", "/kommune", {"lang": "da", "kommune": "360"}, "Kommuneprofil: Lolland"),
    ("scenarier", "/scenarier", {"lang": "da", "off": "bornholms-hospital"},
     "Scenarie: Bornholms Hospital lukker"),
)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def article(server, tmp_path):
    """The URL of a local article page holding the three embed codes (its own loopback
    server, stopped after the test)."""
    figures = "\n".join(
        f'<figure id="{ident}">{embed_code(server.url + path, params, title)}'
        f"<figcaption>{title}</figcaption></figure>"
        for ident, path, params, title in VIEWS)
    (tmp_path / "artikel.html").write_text(
        '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Artikel</title>'
        '</head><body style="max-width:1000px;margin:0 auto;font-family:Georgia,serif">'
        "<h1>Lang vej til akutmodtagelsen</h1><p>En avisartikel med atlassets figurer.</p>"
        f"{figures}</body></html>", encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/artikel.html"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def wait_for_embedded_map(frame) -> None:
    """The map inside an embedded view drawn with its 98 municipalities. (Not
    devserver.wait_for_map: it waits for animation frames, which Chromium does not run in an
    iframe out of sight, and an iframe inside an iframe easily is.)"""
    frame.locator(MAP_FRAME).scroll_into_view_if_needed()
    folium = frame.frame_locator(MAP_FRAME)
    expect(folium.locator(".leaflet-container[data-atlas]:not([data-atlas=''])")
           ).to_be_attached()
    expect(folium.locator("path.leaflet-interactive").nth(97)).to_be_attached()
    wait_for_app_run(frame)


def test_three_views_embedded_in_an_article(server, article, offline_page):
    page = offline_page(1100, 1000)
    page.goto(article)
    for ident, path, params, title in VIEWS:
        holder = page.locator(f"#{ident} iframe")
        expect(holder).to_have_attribute("title", title)
        holder.scroll_into_view_if_needed()     # the embed code loads lazily, as in an article
        frame = page.frame_locator(f"#{ident} iframe")
        if ident == "kommune":
            wait_for_app_run(frame)
            # the locator map and the spine chart
            expect(frame.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)
        else:
            wait_for_app_run(frame)
            wait_for_embedded_map(frame)
            expect(frame.locator(".atlas-legend, .atlas-bivariate-legend")).to_have_count(1)
        if ident == "omvendt-omsorg":
            expect(frame.locator('[data-testid="stVegaLiteChart"]')).to_have_count(1)
            expect(frame.frame_locator(MAP_FRAME).locator("path.leaflet-interactive")
                   ).to_have_count(98)
        # the compact layout: the source line, nothing to download, no share popover
        expect(frame.get_by_text("Kilde", exact=False).first).to_be_visible()
        expect(frame.get_by_test_id("stDownloadButton")).to_have_count(0)
        expect(frame.get_by_test_id("stPopover")).to_have_count(0)
        back = frame.get_by_role("link", name=BACK_LINK)
        expect(back).to_be_visible()
        expect(back).to_have_attribute("target", "_blank")
        href = urlsplit(back.get_attribute("href") or "")
        assert f"{href.scheme}://{href.netloc}{href.path}" == server.url + path
        query = {key: values[-1] for key, values in parse_qs(href.query).items()}
        assert "embed" not in query
        assert params.items() <= query.items()
    ARTIFACTS.mkdir(exist_ok=True)
    for ident in ("omvendt-omsorg", "scenarier"):   # each as a reader first sees it
        page.locator(f"#{ident}").scroll_into_view_if_needed()
        page.frame_locator(f"#{ident} iframe").get_by_role("heading", level=1).evaluate(
            "heading => heading.scrollIntoView()")
        page.locator(f"#{ident}").screenshot(path=str(ARTIFACTS / f"embed-{ident}.png"))
    assert page.blocked == []


def test_share_popover_offers_link_and_embed_code(server, offline_page):
    page = offline_page(1400, 1000)
    page.goto(server.url + "/tabel?lang=en&ind=gini&sort=gini")
    wait_for_app_run(page)
    page.get_by_role("button", name="Link to this table").click()
    popover = page.get_by_test_id("stPopoverBody")
    expect(popover.get_by_text("Embed in an article (copy the code):")).to_be_visible()
    codes = popover.get_by_test_id("stCode")
    expect(codes).to_have_count(2)                       # the link and the embed code
    expect(codes.nth(0)).to_contain_text(server.url + "/tabel?lang=en&ind=gini&sort=gini")
    expect(codes.nth(1)).to_contain_text(
        f'<iframe src="{server.url}/tabel?lang=en&amp;ind=gini&amp;sort=gini&amp;embed=true"')
    for index in range(2):                               # each with Streamlit's copy button
        codes.nth(index).hover()
        expect(codes.nth(index).get_by_role("button", name="Copy to clipboard")).to_be_visible()
    assert page.blocked == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_table_embed_shows_the_numbers_in_760_px(server, offline_page, lang):
    """Issue 21: in an article's 760 px column the texts' columns leave room for the first
    value column, and the name stays in view when the table scrolls sideways (the static
    table of issue 23: its first column is a sticky row header)."""
    page = offline_page(760, 900)
    page.goto(f"{server.url}/tabel?embed=true&lang={lang}&ind=gini,life_expectancy")
    wait_for_app_run(page)
    headers = page.locator(".atlas-data-table thead th")
    expect(headers).to_have_count(9)
    first_value = headers.nth(5).bounding_box()
    assert first_value["x"] + first_value["width"] <= 760
    assert headers.nth(0).evaluate("th => getComputedStyle(th).position") == "sticky"
    name = page.locator(".atlas-data-table tbody th").first
    assert name.evaluate("th => getComputedStyle(th).position") == "sticky"
    assert page.blocked == []
