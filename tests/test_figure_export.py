"""Publication figures: the map's PNG in both sizes, and an SVG holding the title, the source
line, one path per municipality and the on-screen legend counts (same view model)."""

from __future__ import annotations

import io
import re

import pytest

from atlas.charts.export import SLIDE, figure, png, svg
from atlas.charts.static_map import static_map
from atlas.i18n import render
from atlas.views import map_page as mv


@pytest.fixture
def daily_smoking(atlas_db):
    context = mv.choices("da")
    state = mv.MapState(indicator="daily_smoking_share",
                        period=context.latest["daily_smoking_share"], lang="da")
    return mv.build_view(state, context).choropleth


def test_png_sizes(daily_smoking):
    from PIL import Image

    geometry = mv.map_geometry(True)
    web = Image.open(io.BytesIO(png(static_map(daily_smoking, geometry, "web", lang="da"),
                                    "web")))
    slide = Image.open(io.BytesIO(png(static_map(daily_smoking, geometry, "slide", lang="da"),
                                      "slide")))
    assert slide.size == SLIDE
    assert 700 <= web.size[0] <= 1400 and 500 <= web.size[1] <= 1000


def test_svg_holds_title_source_paths_and_the_screen_legend(daily_smoking):
    text = svg(static_map(daily_smoking, mv.map_geometry(True), "web", lang="da"))
    assert "Dagligrygere (2025)" in text
    assert "Kilde: Sundhedsstyrelsen" in text and "DAGI" in text
    # one filled path per municipality (the map's marks carry the aria role "graphics-symbol")
    shapes = re.findall(r'<path[^>]*aria-roledescription="geoshape"', text)
    assert len(shapes) == 98
    for row in daily_smoking.legend.rows:
        assert render(row.count_label, "da") in text and render(row.label, "da") in text


def test_the_outlines_reach_the_spec_as_named_datasets_not_through_altair(daily_smoking):
    """Issue 23: altair copied and validated the 98 inline outlines at every step (seconds per
    click); the chart now names them and the spec gets them at the end."""
    import json

    from atlas.charts.static_map import SHAPES_DATA

    chart = static_map(daily_smoking, mv.map_geometry(True), "web", lang="da")
    spec = chart.to_dict()
    outlines = spec["datasets"][SHAPES_DATA]
    assert len(outlines) == 98 and all(f["geometry"]["coordinates"] for f in outlines)
    assert '"coordinates"' not in json.dumps(chart.chart.to_dict())


def test_figure_names_and_formats(daily_smoking):
    chart = static_map(daily_smoking, mv.map_geometry(True), "web", lang="da")
    result = figure(chart, "ulighedsatlas-daily_smoking_share-2025", "svg", "web")
    assert result.file_name == "ulighedsatlas-daily_smoking_share-2025-web.svg"
    assert result.mime == "image/svg+xml" and result.data.startswith(b"<svg")
    with pytest.raises(ValueError):
        figure(chart, "x", "gif", "web")


def test_english_figure_follows_the_language(atlas_db):
    context = mv.choices("en")
    state = mv.MapState(indicator="life_expectancy", period=context.latest["life_expectancy"],
                        lang="en")
    model = mv.build_view(state, context).choropleth
    text = svg(static_map(model, mv.map_geometry(True), "web", lang="en"))
    assert "Life expectancy (2021-2025)" in text and "Source: Statistics Denmark" in text
    assert "4 municipalities" in text  # the hatched islands' "no data" row


def test_scatter_and_spine_figures_carry_title_and_sources(atlas_db):
    from atlas.charts.export import titled
    from atlas.charts.scatter import scatter_chart
    from atlas.charts.spine import spine_chart
    from atlas.i18n import render
    from atlas.views import municipal
    from atlas.views import profile as pv
    from atlas.views.inverse_care import figures, model
    from atlas.views.inverse_care import state as ic_state
    from atlas.views.text import plain

    context = ic_state.choices("en")
    state, _ = ic_state.parse_state({"lang": "en"}, context)
    view = model.build_view(state, context)
    numbers = model.statistics_view(view)
    chart = titled(scatter_chart(figures.scatter_model(view, numbers)), plain(view.title),
                   [plain(view.need_source)], "slide", 1500, 820)
    assert png(chart, "slide")[:8] == b"\x89PNG\r\n\x1a\n"
    assert plain(view.title) in svg(chart)
    profile = pv.build_view(pv.ProfileState(kommune=360, lang="da"), municipal.context())
    spine = titled(spine_chart(profile.spine, profile.role_order, profile.spine_labels, "da"),
                   plain(profile.title), [plain(render(profile.sources_line, "da"))])
    text = svg(spine)
    assert "Kommuneprofil: Lolland" in text and "Om data" in text


def test_no_data_is_hatched_as_on_screen(atlas_db):
    """Municipalities without a value are grey with diagonal hatching in the figure, as on the
    screen map, and so is the legend's "no data" swatch; the map keeps one shape each."""
    from atlas.views.palettes import NO_DATA

    context = mv.choices("da")
    state = mv.MapState(indicator="life_expectancy", period=context.latest["life_expectancy"],
                        lang="da")
    model = mv.build_view(state, context).choropleth
    missing = [area for area in model.areas if area.colour is None]
    assert missing                                   # Læsø and the other small islands
    text = svg(static_map(model, mv.map_geometry(True), "web", lang="da"))
    assert len(re.findall(r'<path[^>]*aria-roledescription="geoshape"', text)) == 98
    hatch = re.findall(rf'<path[^>]*stroke="{NO_DATA.hatch}"', text, flags=re.IGNORECASE)
    assert len(hatch) == len(missing) + 1          # one per municipality, one in the legend


# --- the scatter's figure (issue 21 item 6) ----------------------------------------------------

def _scatter(lang: str, need: str | None = None, access: str | None = None):
    """(view, statistics, scatter model) of a pair as the inverse-care page builds them."""
    from atlas.views.inverse_care import figures, model
    from atlas.views.inverse_care import state as ic

    context = ic.choices(lang)
    raw = {"lang": lang, **({"need": need, "access": access} if need else {})}
    state, _ = ic.parse_state(raw, context)
    assert need is None or (state.need, state.access) == (need, access)
    view = model.build_view(state, context)
    numbers = model.statistics_view(view)
    return view, numbers, figures.scatter_model(view, numbers)


def _page_figure(lang: str, size: str):
    """The figure the page's download offers (pages/inverse_care.py)."""
    from atlas.charts.scatter import scatter_figure
    from atlas.i18n import render, t
    from atlas.views.text import plain

    view, numbers, scatter = _scatter(lang)
    return scatter_figure(scatter, plain(view.title),
                          [plain(view.period_line), plain(render(numbers.reading, lang)),
                           f"{t('source', lang)}: {plain(view.need_source)}; "
                           f"{plain(view.access_source)}"], size)


def test_long_subtitles_wrap_instead_of_widening_the_scatter_figure(atlas_db):
    from PIL import Image

    from atlas.charts.scatter import FIGURE_SIZES

    image = Image.open(io.BytesIO(png(_page_figure("en", "web"), "web")))
    plot_width = FIGURE_SIZES["web"][0]
    # the plot, its y axis and padding; not a 1,515 px line of reading and sources
    assert plot_width <= image.width <= plot_width + 120, image.size
    text = svg(_page_figure("en", "web"))
    assert "Source:" in text and "Across 98 municipalities" in text


def _axis_label_overlaps(text: str, font: float) -> list[tuple[str, str]]:
    """Pairs of neighbouring x-axis labels in an SVG whose estimated boxes touch."""
    overlaps = []
    for block in re.findall(r'role-axis-label"[^>]*>(.*?)</g>', text, re.S):
        labels = sorted((float(x), float(y), label) for x, y, label in re.findall(
            r'<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)</text>',
            block))
        if len(labels) < 2 or len({round(y) for _, y, _ in labels}) != 1:
            continue                              # the y axis: labels one above the other
        for (x1, _, a), (x2, _, b) in zip(labels, labels[1:]):
            if x2 - x1 < (len(a) + len(b)) * font * 0.55 / 2 + 2:
                overlaps.append((a, b))
    return overlaps


@pytest.mark.parametrize("need, access", [("loneliness_share", "gp_contact_share"),
                                          ("poor_mental_health_share", "gp_contact_share")])
@pytest.mark.parametrize("size", ["web", "slide"])
def test_scatter_axis_labels_do_not_overlap(atlas_db, need, access, size):
    from atlas.charts.scatter import FIGURE_SIZES, FONT, scatter_chart

    _, _, scatter = _scatter("da", need, access)
    width, height = FIGURE_SIZES[size]
    text = svg(scatter_chart(scatter).properties(width=width, height=height))
    assert _axis_label_overlaps(text, FONT - 1) == []


def test_the_english_scatter_legend_names_the_groups_in_english(atlas_db):
    _, _, scatter = _scatter("en")
    assert "Rural municipalities" in scatter.categories
    text = svg(_page_figure("en", "web"))
    assert "Rural municipalities" in text and "Landkommuner" not in text
