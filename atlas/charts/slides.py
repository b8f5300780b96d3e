"""The figures of presenter mode and of the offline talk, sized for a slide: type of at least
24 px when the slide fills a 1920 × 1080 screen (the back of a room), as inline SVG that the
page scales to the space the slide leaves it (so the same slide fits 1366 × 768 too).

Both the presenter page and `atlas export-story` draw their figures here, so the talk shows
exactly what the presenter shows. Pure: no Streamlit, no database.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import altair as alt

SLIDE_FONT = 26        # px at 1920 × 1080: a slide figure is drawn at about its own size there
# the plot area of a scatter slide; the axes, legend and labels come on top
SCATTER_SIZE = (760, 560)
SPINE_WIDTH = 560
SPINE_ROW = 27         # one indicator row of the spine chart: room for a 26 px label


def _big_type(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Slide type for what a chart leaves to Vega's defaults (axes, legends, facet headers)."""
    return (chart.configure_axis(labelFontSize=SLIDE_FONT, titleFontSize=SLIDE_FONT)
            .configure_legend(labelFontSize=SLIDE_FONT, titleFontSize=SLIDE_FONT)
            .configure_header(labelFontSize=SLIDE_FONT, titleFontSize=SLIDE_FONT))


def scatter_slide(model: Any) -> alt.TopLevelMixin:
    from atlas.charts.scatter import scatter_chart

    width, height = SCATTER_SIZE
    return scatter_chart(model, height=height, font=SLIDE_FONT, width=width, legend="right")


def spine_slide(profile: Any) -> alt.TopLevelMixin:
    from atlas.charts.spine import spine_chart

    return _big_type(spine_chart(profile.spine, profile.role_order, profile.spine_labels,
                                 profile.state.lang, width=SPINE_WIDTH, row_step=SPINE_ROW,
                                 label_limit=620)
                     ).configure_facet(spacing=4)


def forest_slide(forest: Any) -> alt.TopLevelMixin:
    from atlas.charts.forest import forest_chart

    return forest_chart(forest, SCATTER_SIZE[0])


@functools.lru_cache(maxsize=32)
def _svg_of(spec: str) -> str:
    """Drawn by vl-convert in the converter's worker process (atlas/charts/converter.py): a
    figure it cannot draw is a ConverterError, and `atlas export-story` starts the worker's
    engine at once, beside its own imports, instead of in its own process afterwards."""
    from atlas.charts.converter import CONVERTER, convert

    return CONVERTER.run(convert, "svg", spec)


def slide_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as SVG with its viewBox, so a page can scale it to the box it gives it (CSS
    width and height override the drawn size). The same chart is drawn once (cached by its
    spec). Not validated against Vega-Lite's JSON schema here: that check was 1.7 s of the
    story export's 21 s under cProfile on a loaded machine (tests validate the story's
    figures)."""
    return _svg_of(json.dumps(chart.to_dict(validate=False), sort_keys=True))


__all__ = ["SLIDE_FONT", "scatter_slide", "spine_slide", "forest_slide", "slide_svg"]
