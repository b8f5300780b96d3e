"""Lolland's profile (/kommune?kommune=360) in a real browser, Danish and English: the title,
summary, spine chart, tables, similar municipalities and the locator map are drawn, nothing is
requested from outside the machine. Screenshots: test-artifacts/profile-lolland-{da,en}.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.support.devserver import wait_for_app_run

pytestmark = pytest.mark.browser
CASES = [  # (lang, title, a phrase of the summary, the spine chart's heading)
    ("da", "Kommuneprofil: Lolland", "Svagest", "Placering i landet"),
    ("en", "Municipality profile: Lolland", "Weakest", "Place in the national range"),
]


def test_lolland_profile_in_both_languages(server, offline_page):
    page = offline_page(1440, 2800)  # tall: Streamlit scrolls inside the app
    for lang, title, summary, spine in CASES:
        page.goto(f"{server.url}/kommune?kommune=360&lang={lang}")
        wait_for_app_run(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.get_by_text(summary, exact=False).first).to_be_visible()
        expect(page.get_by_role("heading", name=spine)).to_be_visible()
        # spine chart, locator map and trend charts are vega-embed canvases/SVGs
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
        assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 3
        # the four sections' tables, each a named region; the indicator heads each row
        expect(page.locator('.atlas-data-table[role="region"]')).to_have_count(4)
        expect(page.get_by_role("rowheader", name="Middellevetid" if lang == "da"
                                else "Life expectancy", exact=True)).to_be_visible()
        expect(page.get_by_text("Odsherred", exact=False).first).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        screenshot(page, f"profile-lolland-{lang}.png")
    assert page.blocked == []
