"""Every page deep-linked in a real browser on a freshly started server (the first visitor is
the one who would see a stray "Page not found" dialog): the right page, no dialog, nothing
requested from outside the machine. Screenshots go to test-artifacts/ (git-ignored).

The servers start without the warm-up (ATLAS_PRELOAD=0): the warm-up runs the front page in a
session of its own before anyone connects, so with it the visitor would not be the server's
first session; without it the deep link is the very first script run, the case that showed the
dialog. It also saves the warm-up's CPU (every indicator's map view in both languages and the
figure converter) three times; the session server of the other browser modules keeps it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.support.devserver import running_server, wait_for_app_run

pytestmark = pytest.mark.browser
PAGES = [  # (path, heading in Danish)
    ("data", "Datastatus"),
    ("om-data", "Om data"),
    ("egne-data", "Egne data"),
]


@pytest.mark.parametrize("path,heading", PAGES)
def test_deep_link_first_visitor(real_db, tmp_path, offline_page, path, heading):
    page = offline_page(1400, 1000)
    with running_server(real_db, log=tmp_path / "server.log",
                        env={"ATLAS_PRELOAD": "0"}) as server:
        page.goto(f"{server.url}/{path}")
        wait_for_app_run(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        # the run is over: a "Page not found" dialog would be showing now
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.locator('[role="dialog"]')).to_have_count(0)
        screenshot(page, f"page-{path}-da.png")
    assert page.blocked == []


@pytest.mark.parametrize("base", ["", "atlas"])
def test_page_address_connects_at_once(real_db, tmp_path, offline_page, base):
    """Opened at a page's address (a shared link), the browser asks the server's root for its
    health check at once. Streamlit's own page shell does not know the root: it asked the
    page's address first (`/data/_stcore/health`), got a 404 and waited 100 ms (issue 23;
    atlas/serve/index_page.py). Under a `server.baseUrlPath` too."""
    from tests.support.devserver import StreamlitServer

    page = offline_page(1400, 1000)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    server = StreamlitServer(real_db, log=tmp_path / "server.log",
                             env={"ATLAS_PRELOAD": "0",
                                  **({"STREAMLIT_SERVER_BASE_URL_PATH": base} if base else {})})
    server.url = root = server.url + (f"/{base}" if base else "")
    server.start()
    try:
        server.wait_healthy()
        page.goto(f"{root}/data?lang=en")
        wait_for_app_run(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Data status")
    finally:
        server.stop()
    assert not [url for url in asked if "/data/_stcore/" in url]
    assert f"{root}/_stcore/health" in asked
    assert page.blocked == []
