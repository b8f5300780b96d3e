"""The inverse-care overview's forest plot first as a static picture (issue 23): drawn once per
build by vl-convert in Streamlit's chart look, shown as an <img> with a text alternative, the
interactive chart one click away (a lazy expander) and drawn at once while the figure
converter is still starting."""

from __future__ import annotations

import base64
import html
import re

import pytest

from atlas.charts import page_figure
from atlas.charts.converter import CONVERTER
from atlas.views.inverse_care import overview
from atlas.views.inverse_care.wording import text
from tests.conftest import open_page

PAGE = "pages/inverse_care.py"


def _images(at) -> list[str]:
    return [element.proto.body for element in at.get("html")
            if "<img" in element.proto.body and "data:image/svg+xml" in element.proto.body]


def _svg_of(image_html: str) -> str:
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', image_html).group(1)
    return base64.b64decode(data).decode("utf-8")


@pytest.fixture
def converter_ready(monkeypatch):
    """The figure converter as a warm server has it (its worker started), drawing in this
    process with vl-convert; the conversions are counted."""
    import vl_convert as vlc

    conversions = []

    def draw(chart):
        conversions.append(1)
        return vlc.vegalite_to_svg(page_figure.page_spec(chart))

    monkeypatch.setattr(CONVERTER, "ready", lambda: True)
    monkeypatch.setattr(page_figure, "svg", draw)
    return conversions


def test_the_page_figure_looks_like_streamlits_chart_and_keeps_its_own_config(atlas_db):
    from atlas.charts.forest import forest_chart

    spec = page_figure.page_spec(forest_chart(overview.overview("en").forest, 900))
    config = spec["config"]
    assert config["axis"]["gridColor"] == page_figure.LOOK["axis"]["gridColor"]
    assert config["axis"]["ticks"] is False and config["view"]["stroke"] is None   # the chart's
    assert config["locale"]["number"]["decimal"] == "."
    assert spec["width"] == 900


def test_image_html_escapes_its_text_and_keeps_the_drawn_size():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="248"><text>x</text></svg>'
    out = page_figure.image_html(svg, 'ρ "a" <b> & c')
    assert 'alt="ρ &quot;a&quot; &lt;b&gt; &amp; c"' in out
    assert 'width="900" height="248"' in out and "max-width: 900px" in out
    assert _svg_of(out) == svg
    assert page_figure.natural_size('<svg viewBox="0 0 1 1">') is None


@pytest.mark.parametrize("lang", ["da", "en"])
def test_overview_shows_the_forest_plot_as_an_image_converted_once_per_build(
        atlas_db, converter_ready, lang):
    first = open_page(PAGE, lang=lang)
    second = open_page(PAGE, lang=lang)
    for at in (first, second):
        assert not at.exception
        assert at.get("vega_lite_chart") == []            # no Vega code for a new visitor
        (image,) = _images(at)
        assert f'alt="{html.escape(text("overview.chart.alt", lang))}"' in image
        svg = _svg_of(image)
        for row in overview.overview(lang).rows:         # every pair is drawn
            assert html.escape(row.label) in svg
        assert text("overview.chart.adjusted", lang) in svg
    assert len(converter_ready) <= 1
    # its numbers are in the table on the same page (the text alternative says so)
    assert any("|---|" in m.value for m in first.markdown)


def test_the_interactive_forest_plot_is_one_click_away(atlas_db, converter_ready):
    from atlas.ui.inverse_care_controls import FOREST_INTERACTIVE_KEY

    at = open_page(PAGE, lang="en")
    assert at.get("vega_lite_chart") == []
    at.session_state[FOREST_INTERACTIVE_KEY] = True       # the visitor opens the expander
    at.run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1 and _images(at) == []


def test_until_the_converter_has_started_the_page_draws_the_interactive_chart(atlas_db,
                                                                              monkeypatch):
    monkeypatch.setattr(CONVERTER, "ready", lambda: False)
    at = open_page(PAGE, lang="da")
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1 and _images(at) == []
