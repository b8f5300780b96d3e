"""Altair charts drawn from a Vega-Lite spec kept per build (issue 23).

`st.altair_chart` builds the chart and converts it to Vega-Lite on every run: Altair validates
the whole spec against its JSON schema, which costs more than the rest of an inverse-care run
together. The spec depends only on the chart's model, so it is converted once per build of the
database and model and handed to `st.vega_lite_chart`, which draws the same element.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

import streamlit as st

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
