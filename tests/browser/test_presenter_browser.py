"""Presenter mode in a real browser at 1920x1080: the default story walked with the keyboard
(→ through every slide, End, Home), the slide number in the URL, no request leaving the
machine; a screenshot per slide in test-artifacts/ (git-ignored)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.support.devserver import wait_for_app_run, wait_for_map

pytestmark = pytest.mark.browser


def slide_render_id(story, number: int) -> str | None:
    """The map's render id on a map slide (the page's own readiness signal), else None."""
    from atlas.views import presenter as pv

    view = pv.build_view(pv.PresenterState(slide=number, lang="da"), story)
    if view.kind == "map":
        return view.map.choropleth.render_id
    if view.kind == "inverse_care" and view.content.show == "map":
        return view.content.view.choropleth.render_id
    return None


def test_the_default_story_walks_with_the_keyboard(server, offline_page, use_db):
    from atlas.stories.story import load_story

    use_db(server.db)
    story = load_story()
    page = offline_page(1920, 1080)
    page.goto(f"{server.url}/praesentation?slide=1")
    wait_for_app_run(page)
    total = len(story.slides)
    for number, slide in enumerate(story.slides, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(slide.title("da"))
        expect(page.locator("[data-testid='stCaptionContainer']").first).to_contain_text(
            f"Dias {number} af {total}")
        # no Streamlit chrome, no sidebar: the slide has the whole screen
        expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
        render_id = slide_render_id(story, number)
        if render_id is not None:
            wait_for_map(page, render_id)
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            expect(frame.locator("path.leaflet-interactive:not(.atlas-point)")).to_have_count(98)
            # fitted into the slide, not into the 0 x 0 of an iframe laid out later
            zoom = frame.locator("body").evaluate("() => window.map.getZoom()")
            assert 6 <= zoom <= 9, zoom
        screenshot(page, f"presenter-slide-{number}.png", full_page=False)
        if number < total:
            page.locator("body").press("ArrowRight")
            page.wait_for_url(re.compile(rf"[?&]slide={number + 1}(&|$)"))
            wait_for_app_run(page)
    page.locator("body").press("Home")
    page.wait_for_url(re.compile(r"[?&]slide=1(&|$)"))
    wait_for_app_run(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(story.slides[0].title("da"))
    page.locator("body").press("End")
    page.wait_for_url(re.compile(rf"[?&]slide={total}(&|$)"))
    wait_for_app_run(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(story.slides[-1].title("da"))
    assert page.blocked == []
