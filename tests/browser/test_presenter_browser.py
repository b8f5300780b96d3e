"""Presenter mode in a real browser: at 1920x1080 the default story walked with the keyboard
(→ through every slide, End, Home), the slide number in the URL, every slide fitting the screen
with texts of at least 24 px, no request leaving the machine; at 1366x768 every slide
deep-linked and fitting; a screenshot per slide in test-artifacts/ (git-ignored)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.support.devserver import wait_for_app_run, wait_for_map

pytestmark = pytest.mark.browser


def slide_render_id(story, number: int) -> str | None:
    """The map's render id on a map slide (the page's own readiness signal), else None."""
    from atlas.stories import presenter as pv

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
        expect(page.locator("[data-testid='stMain']")).to_contain_text(
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
        assert_fits(page, number, large=True,
                    map_slide=render_id is not None and slide.view == "map")
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


# every text on the slide (outside the map's frame): its size in px, a figure's text at the
# scale its image is drawn; the smallest first
# a computed font size of 24 px or more ("24px", "26.5px", "108px")
AT_LEAST_24_PX = re.compile(r"^(2[4-9]|[3-9]\d|[1-9]\d{2,})(\.\d+)?px$")
_TEXT_SIZES = """() => {
  const sizes = [];
  const main = document.querySelector('[data-testid=stMain]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) { continue; }
    if (el.closest('[data-testid=stTooltipIcon], [data-testid=stTooltipHoverTarget] svg')) {
      continue;
    }
    sizes.push([parseFloat(getComputedStyle(el).fontSize), node.textContent.trim()]);
  }
  document.querySelectorAll('.st-key-presenter_figure img').forEach((img) => {
    const scale = Math.min(img.clientWidth / img.naturalWidth,
                           img.clientHeight / img.naturalHeight);
    sizes.push([scale * FIGURE_FONT, 'figure']);
  });
  return sizes.sort((a, b) => a[0] - b[0]);
}"""


def assert_fits(page, number: int, large: bool, map_slide: bool = False) -> None:
    """The slide shown fits the screen and the slide buttons keep their labels; `large` (1920 x
    1080): every text on the slide, the figures', the legends' and (`map_slide`) the map's
    place names too, is at least 24 px (issue 21 item 5)."""
    from atlas.charts.slides import SLIDE_FONT
    from tests.support.devserver import map_frame

    for key, label in (("presenter_previous", "← Forrige"), ("presenter_next", "Næste →")):
        text = page.locator(f".st-key-{key} button p")
        expect(text).to_have_text(label)
        assert text.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), (number, key)
    main = page.locator("[data-testid='stMain']")
    overflow = main.evaluate("e => e.scrollHeight - e.clientHeight")
    assert overflow <= 1, (number, overflow)
    if not large:
        return
    sizes = page.evaluate(_TEXT_SIZES.replace("FIGURE_FONT", str(SLIDE_FONT - 1)))
    assert sizes[0][0] >= 24, (number, sizes[:3])
    if map_slide:
        label = map_frame(page).locator(".atlas-label").first   # place names
        expect(label).to_be_visible()
        # at least 24 px, waited for: the map may redraw its labels as it settles
        expect(label).to_have_css("font-size", AT_LEAST_24_PX)


def test_slides_fit_a_projector_laptop_with_whole_buttons(server, offline_page, use_db):
    """At 1366 x 768 (a projector laptop) every slide, deep-linked, fits the screen and the
    slide buttons keep their labels (1920 x 1080: the keyboard walk above)."""
    from atlas.stories.story import load_story

    use_db(server.db)
    story = load_story()
    page = offline_page(1366, 768)
    for number in range(1, len(story.slides) + 1):
        page.goto(f"{server.url}/praesentation?slide={number}")
        wait_for_app_run(page)
        render_id = slide_render_id(story, number)
        if render_id is not None:
            wait_for_map(page, render_id)
        assert_fits(page, number, large=False)
        screenshot(page, f"presenter-1366x768-slide-{number}.png", full_page=False)
