"""A chart as a static SVG image on a page, drawn once on the server (issue 23).

An interactive chart costs a new visitor's browser Vega, Vega-Lite and vega-embed: about 1 MB
of JavaScript to load and compile before the chart is drawn (the inverse-care overview's
forest plot was the only reason its first view loaded them). A chart whose numbers are also
in a table beside it can be shown as an image instead: vl-convert draws it in the figure
converter's worker (atlas/charts/converter.py), in the look Streamlit gives its charts
(`LOOK`, Streamlit 1.67's light theme), and the page shows it as an `<img>` whose `alt` text
names what it shows and where its numbers are.

Pure: no Streamlit, no database.
"""

from __future__ import annotations

import base64
import html
import json
import re
from typing import Any

from atlas.charts.converter import CONVERTER, convert
from atlas.sanitize import printable_data

_GREY_TEXT, _GREY_LINE = "#808495", "#e6eaf1"      # Streamlit's gray70 and gray30
# What Streamlit's chart theme sets (its frontend's CustomTheme, light theme, sizes in px);
# the chart's own config is applied on top, as Streamlit does
LOOK: dict[str, Any] = {
    "background": "#ffffff",
    "fieldTitle": "verbal",
    "autosize": {"type": "fit", "contains": "padding"},
    "axis": {"labelFontSize": 12, "labelFontWeight": "normal", "labelColor": _GREY_TEXT,
             "labelFontStyle": "normal", "titleFontWeight": "normal", "titleFontSize": 14,
             "titleColor": _GREY_TEXT, "titleFontStyle": "normal", "ticks": False,
             "gridColor": _GREY_LINE, "domain": False, "domainWidth": 1,
             "domainColor": _GREY_LINE, "labelFlush": True, "labelFlushOffset": 1,
             "labelBound": False, "labelLimit": 100, "titlePadding": 16, "labelPadding": 16,
             "labelSeparation": 2, "labelOverlap": True},
    "legend": {"labelFontSize": 14, "labelFontWeight": "normal", "labelColor": _GREY_TEXT,
               "titleFontSize": 14, "titleFontWeight": "normal", "titleFontStyle": "normal",
               "titleColor": _GREY_TEXT, "titlePadding": 8, "labelPadding": 16,
               "columnPadding": 8, "rowPadding": 2, "padding": 8, "symbolStrokeWidth": 2},
    "view": {"strokeWidth": 0, "stroke": "transparent"},
    "axisDiscrete": {"grid": False}, "axisXPoint": {"grid": False},
    "axisTemporal": {"grid": False}, "axisXBand": {"grid": False},
}
# narrower than this the image scrolls sideways rather than shrinking its type
MIN_WIDTH = 640


def _merged(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = (_merged(out[key], value) if isinstance(value, dict)
                    and isinstance(out.get(key), dict) else value)
    return out


def page_spec(chart: Any) -> dict:
    """The chart's Vega-Lite spec in Streamlit's look (its own config wins), every text
    without control characters (vl-convert aborts on them)."""
    spec = chart.to_dict(validate=False)
    spec["config"] = _merged(LOOK, spec.get("config", {}))
    return printable_data(spec)


def svg(chart: Any) -> str:
    """The chart as SVG text, drawn by vl-convert in the converter's worker (a chart it cannot
    draw is a ConverterError)."""
    return CONVERTER.run(convert, "svg", json.dumps(page_spec(chart), separators=(",", ":")))


def natural_size(svg_text: str) -> tuple[int, int] | None:
    """The width and height vl-convert drew the SVG at (its root element's), if it says."""
    head = svg_text[:max(0, svg_text.find(">"))]
    found = [re.search(rf'\s{name}="([0-9.]+)"', head) for name in ("width", "height")]
    if not all(found):
        return None
    return int(float(found[0].group(1))), int(float(found[1].group(1)))


def image_html(svg_text: str, alt: str, css_class: str = "atlas-page-figure") -> str:
    """The SVG as an `<img>` (a data URI: no file, no second request) named by `alt` for
    screen readers, as wide as the column up to its own width, never narrower than MIN_WIDTH
    (its box then scrolls sideways)."""
    size = natural_size(svg_text)
    data = base64.b64encode(svg_text.encode("utf-8")).decode("ascii")
    # the drawn size as attributes: the browser keeps the image's room before decoding it
    sized = (f'width="{size[0]}" height="{size[1]}" style="display: block; width: 100%; '
             f'max-width: {size[0]}px; min-width: {min(MIN_WIDTH, size[0])}px; height: auto"'
             if size else f'style="display: block; width: 100%; min-width: {MIN_WIDTH}px"')
    return (f'<div class="{html.escape(css_class)}" style="overflow-x: auto">'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}" '
            f"{sized}></div>")


__all__ = ["LOOK", "MIN_WIDTH", "page_spec", "svg", "natural_size", "image_html"]
