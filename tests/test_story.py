"""Stories: the default story loads; a malformed slide is named and the others still work; a
malformed or missing file gives a clear error; the one-file export holds everything inline."""

from __future__ import annotations

import json
import re

import pytest

from atlas.i18n import render
from atlas.stories.export import story_html
from atlas.stories.story import DEFAULT_STORY, StoryError, load_story

GOOD = '''
[story]
title_da = "Prøve"
title_en = "Test"

[[slide]]
view = "map"
indicator = "life_expectancy"
title_da = "Kort"
title_en = "Map"
'''


def write(tmp_path, text):
    path = tmp_path / "story.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_story_has_no_broken_slide():
    story = load_story(DEFAULT_STORY)
    assert len(story.slides) >= 6
    assert [slide.error for slide in story.slides if slide.error] == []
    views = [slide.view for slide in story.slides]
    assert {"map", "inverse_care", "profile", "text"} <= set(views)


@pytest.mark.parametrize("extra, problem", [
    ('view = "globe"', "field 'view'"),
    ('view = "map"\ntitle_da = "x"\ntitle_en = "y"', "field 'indicator' is required"),
    ('view = "map"\nindicator = "no_such"\ntitle_da = "x"\ntitle_en = "y"',
     "not a registered indicator"),
    ('view = "map"\nindicator = "gini"\nzoom = "moon"\ntitle_da = "x"\ntitle_en = "y"',
     "field 'zoom'"),
    ('view = "map"\nindicator = "gini"\nhighlight = [1]\ntitle_da = "x"\ntitle_en = "y"',
     "field 'highlight'"),
    ('view = "inverse_care"\nneed = "gp_distance_km"\naccess = "gp_distance_km"\n'
     'title_da = "x"\ntitle_en = "y"', "field 'need'"),
    ('view = "profile"\nkommune = 360\ncolour = "red"\ntitle_da = "x"\ntitle_en = "y"',
     "unknown field 'colour'"),
    ('view = "text"\ntitle_da = "x"', "field 'title_en' is required"),
])
def test_a_malformed_slide_is_named_and_the_others_still_work(tmp_path, extra, problem):
    story = load_story(write(tmp_path, GOOD + "\n[[slide]]\n" + extra + "\n"))
    first, second = story.slides
    assert first.error is None
    assert second.error.startswith("slide 2: ") and problem in second.error


@pytest.mark.parametrize("text, problem", [
    ("[story\n", "not valid TOML"),
    ('[[slide]]\nview = "text"\n', "[story] table"),
    ('[story]\ntitle_da = "a"\ntitle_en = "b"\n', "no [[slide]]"),
])
def test_a_malformed_file_names_itself(tmp_path, text, problem):
    with pytest.raises(StoryError, match=re.escape(problem)) as raised:
        load_story(write(tmp_path, text))
    assert "story.toml" in str(raised.value)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(StoryError, match="story file not found: nope.toml"):
        load_story(tmp_path / "nope.toml")


def test_export_inlines_everything_and_matches_the_map_page(atlas_db):
    from atlas.maps.assets import missing_assets

    if missing_assets():
        pytest.skip("Leaflet assets missing")
    page = story_html(load_story(DEFAULT_STORY), "en")
    assert "<script src" not in page and "<link" not in page
    from atlas.maps.assets import LEAFLET_DIR

    ours = page.replace((LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8"), "")
    assert "leafletjs.com" not in ours  # Leaflet itself is inline (its own strings left out)
    assert not re.search(r"""(?:src|href)=["']?https?:""", ours)
    data = json.loads(re.search(r'<script type="application/json" id="story-data">(.*?)'
                                r"</script>", page, re.S).group(1))
    assert len(data["geometry"]["features"]) == 98
    maps = [slide for slide in data["slides"] if slide["kind"] == "map"]
    assert maps and all(len(slide["colours"]) == 98 for slide in maps)
    assert [slide["kind"] for slide in data["slides"]].count("error") == 0
    # the legend counts are the map page's
    from atlas.views import map_page

    context = map_page.choices("en")
    state = map_page.MapState(indicator="home_nursing_per_1000",
                              period=context.latest["home_nursing_per_1000"], lang="en")
    legend = map_page.build_view(state, context).choropleth.legend
    first = next(s for s in maps if "home nursing" in s["subtitle"].lower())
    for row in legend.rows:
        assert render(row.count_label, "en") in first["legend"]


def test_export_reports_a_broken_slide_inside_the_file(atlas_db, tmp_path):
    from atlas.maps.assets import missing_assets

    if missing_assets():
        pytest.skip("Leaflet assets missing")
    story = load_story(write(tmp_path, GOOD + '\n[[slide]]\nview = "globe"\n'))
    page = story_html(story, "da")
    assert "slide 2: field &#x27;view&#x27;" in page or "slide 2: field 'view'" in page


def _slides(page: str) -> list[dict]:
    return json.loads(re.search(r'<script type="application/json" id="story-data">(.*?)'
                                r"</script>", page, re.S).group(1))["slides"]


def test_export_renders_markdown_and_escapes_everything_else(atlas_db, tmp_path):
    """The talk shows Markdown as formatting, never as `**…**`, and markup or script links in
    any text arrive as text (issue 21 item 4)."""
    from atlas.maps.assets import missing_assets

    if missing_assets():
        pytest.skip("Leaflet assets missing")
    hostile = GOOD + '''
[[slide]]
view = "text"
title_da = "Tekst"
title_en = "Text"
text_da = "**fed** <img src=x onerror=alert(1)> [klik](javascript:alert(1))"
source_da = "<b>Kilde</b>"
'''
    page = story_html(load_story(write(tmp_path, hostile)), "da")
    text = _slides(page)[1]
    assert "<strong>fed</strong>" in text["text"] and "**" not in text["text"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in text["text"] and "<img" not in text["text"]
    assert "href" not in text["text"]          # the script link stays text
    assert "&lt;b&gt;Kilde&lt;/b&gt;" in text["source"]
    # the profile's summary: bold words rendered, the municipality's name escaped
    profile = next(s for s in _slides(story_html(load_story(DEFAULT_STORY), "da"))
                   if s["title"].startswith("Én kommune"))
    assert "<strong>Svagest</strong>" in profile["note"] and "**" not in profile["note"]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_slide_of_the_talk_has_its_own_source_line(atlas_db, lang):
    """Publisher, table and period on every slide; nothing that points to pages an offline
    file does not have (issue 21 item 4)."""
    from atlas.maps.assets import missing_assets

    if missing_assets():
        pytest.skip("Leaflet assets missing")
    page = story_html(load_story(DEFAULT_STORY), lang)
    for slide in _slides(page):
        source = slide.get("source", "")
        assert re.search(r"(Kilde|Source)", source), (slide["number"], source)
        assert re.search(r"\b(19|20)\d\d\b", source), (slide["number"], source)
        assert "Om data" not in source and "Excel" not in source and "About" not in source
    figures = [s for s in _slides(page) if s["kind"] == "figure"]
    assert figures and all("Danmarks Statistik" in s["source"] or "Statistics Denmark"
                           in s["source"] for s in figures)


def test_the_story_ends_with_a_slide_for_the_audience():
    """No command lines on the last slide (issue 21 item 13)."""
    last = load_story(DEFAULT_STORY).slides[-1]
    for lang in ("da", "en"):
        assert not re.search(r"atlas (fetch|build)|--|`", last.text(lang))
    assert last.indicators


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_figure_of_the_story_is_valid_vega_lite(atlas_db, lang):
    """The slides' SVGs are drawn from specs not validated on the way (slides.slide_svg: the
    schema check was some 8 % of the export's time): the same specs pass it here."""
    from atlas.charts.slides import forest_slide, scatter_slide, spine_slide
    from atlas.stories import presenter as pv

    story = load_story(DEFAULT_STORY)
    kinds = []
    for slide in story.slides:
        view = pv.build_view(pv.PresenterState(slide=slide.number, lang=lang), story)
        if view.kind == "inverse_care" and view.content.show in ("scatter", "overview"):
            chart = (scatter_slide(view.content.scatter) if view.content.show == "scatter"
                     else forest_slide(view.content.overview.forest))
        elif view.kind == "profile":
            chart = spine_slide(view.content)
        else:
            continue
        chart.to_dict()                   # validates against Vega-Lite's schema, or raises
        kinds.append(view.content.show if view.kind == "inverse_care" else view.kind)
    assert sorted(kinds) == ["overview", "profile", "scatter"]
