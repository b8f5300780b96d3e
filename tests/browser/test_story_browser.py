"""The exported one-file story plays in headless Chromium with no server at all (file://) and
every other request blocked: 98 polygons on the map slides, the keyboard moves between slides.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import require_chromium, require_map_assets, screenshot

pytestmark = pytest.mark.browser


def test_exported_story_plays_offline_from_a_file(real_db, tmp_path, browser, monkeypatch):
    require_chromium()
    require_map_assets()
    monkeypatch.setenv("ATLAS_DB", str(real_db))
    from atlas.stories.export import export_story
    from atlas.stories.story import load_story

    out = export_story(load_story(), tmp_path / "talk.html", "da")
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    requested: list[str] = []

    def route(route):
        if route.request.url.startswith("file://"):
            return route.continue_()
        requested.append(route.request.url)
        return route.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(out.as_uri() + "#2")
    expect(page.locator("body")).to_have_attribute("data-slide", "2")
    expect(page.locator("path.leaflet-interactive")).to_have_count(98)
    expect(page.locator("#legend")).to_contain_text("kommuner")
    screenshot(page, "story-file-slide-2.png")
    page.keyboard.press("ArrowRight")
    expect(page.locator("body")).to_have_attribute("data-slide", "3")
    total = len(load_story().slides)
    expect(page.locator("#counter")).to_have_text(f"3 / {total}")
    page.keyboard.press("End")
    expect(page.locator("body")).to_have_attribute("data-slide", str(total))
    page.keyboard.press("Home")
    expect(page.locator("body")).to_have_attribute("data-slide", "1")
    assert requested == [] and errors == []
    context.close()


def test_hostile_names_in_the_story_stay_text(hostile_db, tmp_path, browser, monkeypatch):
    """Issue 22 item 7: on the hostile snapshot (municipality names with an <img onerror>),
    hovering every polygon of every map slide opens the tooltips and no dialog."""
    require_chromium()
    require_map_assets()
    from tests.hostile_snapshot import EVIL_HOST

    monkeypatch.setenv("ATLAS_DB", str(hostile_db))
    from atlas.stories.export import export_story
    from atlas.stories.story import load_story

    out = export_story(load_story(), tmp_path / "talk.html", "da")
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith("file://") else route.abort())
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(out.as_uri() + "#1")
    expect(page.locator("body")).to_have_attribute("data-slide", "1")
    slides = int(page.locator("#counter").inner_text().split("/")[1])
    hovered = 0
    for number in range(1, slides + 1):
        page.keyboard.press("Home") if number == 1 else page.keyboard.press("ArrowRight")
        expect(page.locator("body")).to_have_attribute("data-slide", str(number))
        if page.locator("body").get_attribute("class") != "map":
            continue
        polygons = page.locator("path.leaflet-interactive")
        expect(polygons).to_have_count(98)
        for index in range(98):
            polygons.nth(index).dispatch_event("mouseover")
            hovered += 1
        tooltip = page.locator(".leaflet-tooltip").last
        expect(tooltip).to_contain_text(f'<img src="http://{EVIL_HOST}')   # shown as text
        if hovered == 98:
            screenshot(page, "story-hostile-tooltip.png")
        for index in range(98):
            polygons.nth(index).dispatch_event("mouseout")
    assert hovered >= 98 and dialogs == []


def test_every_slide_of_the_talk_fits_1366x768(real_db, tmp_path, browser, monkeypatch):
    """Nothing below the screen or cut off in the side panel on a projector laptop, every hot
    spot listed, Markdown rendered (issue 21 items 4, 5)."""
    require_chromium()
    require_map_assets()
    monkeypatch.setenv("ATLAS_DB", str(real_db))
    from atlas.stories import presenter as pv
    from atlas.stories.export import export_story
    from atlas.stories.story import load_story

    story = load_story()
    out = export_story(story, tmp_path / "talk.html", "da")
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "file://") else route.abort())
    page = context.new_page()
    page.goto(out.as_uri() + "#1")
    for slide in story.slides:
        page.goto(out.as_uri() + f"#{slide.number}")
        page.reload()
        expect(page.locator("body")).to_have_attribute("data-slide", str(slide.number))
        expect(page.locator("#source")).not_to_be_empty()
        for element in ("document.scrollingElement", "document.getElementById('side')"):
            overflow = page.evaluate(f"{element}.scrollHeight - {element}.clientHeight")
            assert overflow <= 1, (slide.number, element, overflow)
        assert "**" not in page.locator("#deck").inner_text()
        if slide.view == "inverse_care" and slide.show == "map":
            view = pv.build_view(pv.PresenterState(slide=slide.number, lang="da"), story)
            expect(page.locator(".hot-spots li")).to_have_count(
                len(view.content.view.hot_spots))
            expect(page.locator(".hot-spots li").last).to_be_in_viewport()
        screenshot(page, f"story-file-1366-slide-{slide.number}.png", full_page=False)
    context.close()
