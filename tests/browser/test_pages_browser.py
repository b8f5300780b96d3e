"""Every page deep-linked in a real browser on a freshly started server (the first visitor is
the one who would see a stray "Page not found" dialog): the right page, no dialog, nothing
requested from outside the machine. Screenshots go to test-artifacts/ (git-ignored)."""

from __future__ import annotations

import pytest

from tests.browser.server import ROOT, running_server

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
PAGES = [  # (path, heading in Danish)
    ("data", "Datastatus"),
    ("om-data", "Om data"),
    ("egne-data", "Egne data"),
]


def settled(page) -> None:
    """Streamlit's own signal that the script run is over: the running indicator is gone."""
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=60_000)


@pytest.mark.parametrize("path,heading", PAGES)
def test_deep_link_first_visitor(real_db, tmp_path, offline_page, path, heading):
    page = offline_page(1400, 1000)
    with running_server(real_db, log=tmp_path / "server.log") as server:
        page.goto(f"{server.url}/{path}")
        page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=60_000)
        settled(page)
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator('[role="dialog"]').count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page-{path}-da.png"), full_page=True)
    assert page.blocked == []
