"""Altair charts drawn from a Vega-Lite spec kept per build (issue 23).

`st.altair_chart` builds the chart and converts it to Vega-Lite on every run: Altair validates
the whole spec against its JSON schema, which costs more than the rest of an inverse-care run
together. The spec depends only on the chart's model, so it is converted once per build of the
database and model and handed to `st.vega_lite_chart`, which draws the same element.

A chart a page can show first as a picture (`static_chart`: its numbers are in a table on the
same page) is drawn as SVG once per build, so a new visitor's browser loads no Vega code for it.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

import streamlit as st

from atlas.charts import page_figure
from atlas.charts.converter import CONVERTER, ConverterError
from atlas.db import database

# specs kept per build and chart function (the most recently used; a pair's scatter is a few
# hundred kB at most)
KEEP = 48


def spec(model: Any, make_chart: Callable[[Any], Any]) -> dict:
    """The Vega-Lite spec of `make_chart(model)`, kept per build: converted once for each
    `model` (a frozen dataclass: its repr is its identity). Calls no Streamlit element, so
    a background thread may prepare it (atlas.ui.prefetch). Not to be changed: a shared copy."""
    # one family per chart function (db.memo keeps `limit` per first key element): preparing
    # many pairs' scatters ahead never pushes out the page's forest or strip chart
    return database().memo((("atlas.ui.cached_chart", make_chart.__qualname__), repr(model)),
                           lambda: _vega_lite_spec(make_chart(model)), limit=KEEP)


def altair_chart(model: Any, make_chart: Callable[[Any], Any], **options: Any) -> Any:
    """`st.altair_chart(make_chart(model), **options)`, with the chart's Vega-Lite spec taken
    from the per-build cache when `model` was drawn (or prepared) before."""
    # Streamlit moves the datasets out of the spec it is given: hand it a copy
    return st.vega_lite_chart(spec=copy.deepcopy(spec(model, make_chart)), **options)


def static_svg(model: Any, make_chart: Callable[..., Any], width: int) -> str | None:
    """`make_chart(model, width)` as SVG in Streamlit's look (atlas.charts.page_figure), kept
    per build. None until the figure converter's worker has started (the server's warm-up
    starts it after the first visitor; a page asking earlier draws its interactive chart
    rather than wait seconds for the engine) or when it cannot draw the chart."""
    if not CONVERTER.ready():
        return None
    try:
        return database().memo(
            (("atlas.ui.cached_chart.svg", make_chart.__qualname__), repr(model), width),
            lambda: page_figure.svg(make_chart(model, width)), limit=KEEP)
    except ConverterError:
        return None


def static_chart(model: Any, make_chart: Callable[..., Any], *, width: int, alt: str) -> bool:
    """Draw `make_chart(model, width)` as a static image (`static_svg`) named by `alt`; False
    when there is none to draw yet (the page then draws the interactive chart)."""
    svg = static_svg(model, make_chart, width)
    if svg is None:
        return False
    st.html(page_figure.image_html(svg, alt))
    return True


class _Unvalidated:
    """The chart as Streamlit's converter sees it, its `to_dict()` without Altair's schema
    check: the spec is the same (tests/test_inverse_care_page.py compares them); the check,
    a third of a cold conversion, is left to the tests and the figure exports."""

    def __init__(self, chart: Any) -> None:
        self.chart = chart

    def to_dict(self) -> dict:
        return self.chart.to_dict(validate=False)


def _vega_lite_spec(chart: Any) -> dict:
    """The spec exactly as `st.altair_chart` makes it (theme, datasets as Arrow bytes)."""
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    return _convert_altair_to_vega_lite_spec(_Unvalidated(chart))
