"""AppTest of presenter mode: slide URLs, buttons, a broken slide among working ones, and a
malformed or missing story file."""

from __future__ import annotations

import functools

import pytest

from atlas.stories import presenter as pv
from tests.conftest import open_page, permalink


@pytest.fixture
def app(atlas_db):
    return functools.partial(open_page, "pages/presenter.py")


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_first_slide_by_default(app):
    at = ok(app())
    assert at.title[0].value == "Mest behov, mindst omsorg?"
    assert permalink(at)["slide"] == "1"
    total = len(pv.load().slides)
    assert f"Dias 1 af {total}" in "\n".join(m.value for m in at.markdown)


def test_a_map_slide_by_url_in_english(app):
    at = ok(app(slide="2", lang="en"))
    assert "home nursing" in at.title[0].value
    legend = next(m.value for m in at.markdown if "atlas-legend" in m.value)
    assert "municipalities" in legend
    assert "Source: Statistics Denmark, HJEMSYG" in "\n".join(c.value for c in at.caption)


def test_next_and_previous_buttons_move_the_url(app):
    at = ok(app(slide="2"))
    at.button(key="presenter_next").click().run()
    assert ok(at).query_params["slide"] == "3"
    at.button(key="presenter_previous").click().run()
    assert ok(at).query_params["slide"] == "2"
    at.button(key="presenter_last").click().run()
    assert ok(at).query_params["slide"] == str(len(pv.load().slides))
    assert at.button(key="presenter_next").disabled


@pytest.mark.parametrize("bad", ["0", "99", "tre", "-1"])
def test_an_invalid_slide_falls_back_with_a_notice(app, bad):
    at = ok(app(slide=bad))
    assert permalink(at)["slide"] == "1"
    assert len(at.warning) == 1 and "«slide»" in at.warning[0].value


def test_a_broken_slide_is_named_and_the_others_work(atlas_db, tmp_path, monkeypatch):
    story = tmp_path / "story.toml"
    story.write_text('''[story]
title_da = "Prøve"
title_en = "Test"
[[slide]]
view = "map"
indicator = "gini"
title_da = "Gini"
title_en = "Gini"
[[slide]]
view = "map"
indicator = "no_such_indicator"
title_da = "Brudt"
title_en = "Broken"
''', encoding="utf-8")
    monkeypatch.setenv("ATLAS_STORY", str(story))
    at = ok(open_page("pages/presenter.py", slide="2"))
    assert "slide 2" in at.error[0].value and "indicator" in at.error[0].value
    at = ok(open_page("pages/presenter.py", slide="1"))
    assert not at.error and at.title[0].value == "Gini"


@pytest.mark.parametrize("content", ["[story\n", None])
def test_a_malformed_or_missing_story_file(atlas_db, tmp_path, monkeypatch, content):
    story = tmp_path / "story.toml"
    if content is not None:
        story.write_text(content, encoding="utf-8")
    monkeypatch.setenv("ATLAS_STORY", str(story))
    at = ok(open_page("pages/presenter.py"))
    assert "story\\.toml" in at.error[0].value


def test_every_slide_names_its_sources(app):
    """Publisher, table and period under every slide, the scatter's and the profile's too
    (issue 21 item 4)."""
    import re

    for number in range(1, len(pv.load().slides) + 1):
        at = ok(app(slide=str(number), lang="en"))
        captions = "\n".join(c.value for c in at.caption)
        assert re.search(r"Sources?: .*\b(19|20)\d\d\b", captions), (number, captions)
        assert "About the data" not in captions and "Excel" not in captions


def test_the_hot_spot_slide_lists_every_hot_spot(app):
    """All of them, not the first ten (issue 21 item 5)."""
    story = pv.load()
    number = next(s.number for s in story.slides if s.view == "inverse_care" and s.show == "map")
    view = pv.build_view(pv.PresenterState(slide=number, lang="da"), story)
    spots = view.content.view.hot_spots
    assert len(spots) > 10
    at = ok(app(slide=str(number)))
    listed = next(m.value for m in at.markdown if m.value.startswith("1. "))
    assert listed.count("\n") + 1 == len(spots)
    assert f"{len(spots)}. " in listed
