"""The profile's charts (altair): the spine chart and the trend lines.

Spine chart: one row per indicator, grouped by role; the light bar spans all municipalities, the
dark bar the middle half, the vertical rule is the national value at 0, and better lies to the
right (positions come scaled from the view: -1 .. 1). The municipality's dot is coloured by
whether it is better or worse than the national value.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Sequence

import altair as alt

from atlas.i18n import render
from atlas.views.profile import SpineRow, Trend
from atlas.views.text import plain

STATUS_COLOURS = {"better": "#2166ac", "worse": "#d6604d", "same": "#555555",
                  "neutral": "#8c8c8c", "none": "#8c8c8c"}
ROW_STEP = 22


def spine_chart(rows: Sequence[SpineRow], role_order: Sequence[str],
                axis_labels: tuple[str, str], lang: str, width: int = 420,
                row_step: int = ROW_STEP, label_limit: int = 260) -> alt.FacetChart:
    """Rows faceted by role (in `role_order`), each with its own indicators, values in `lang`;
    `row_step` and `label_limit` in px (larger on a slide)."""
    records = [{"role": row.role, "label": plain(row.label),
                "value_text": render(row.value, lang),
                "national_text": render(row.national, lang), "low": row.low, "q1": row.q1,
                "q3": row.q3, "high": row.high, "position": row.position, "status": row.status,
                "colour": STATUS_COLOURS[row.status], "order": index}
               for index, row in enumerate(rows)]
    base = alt.Chart()
    scale = alt.Scale(domain=[-1.05, 1.05], nice=False)
    y = alt.Y("label:N", sort=alt.EncodingSortField("order"), title=None,
              axis=alt.Axis(labelLimit=label_limit))
    tooltip = [alt.Tooltip("label:N"), alt.Tooltip("value_text:N"),
               alt.Tooltip("national_text:N")]
    spread = base.mark_rule(strokeWidth=9, color="#e3e3e3", aria=False).encode(
        y=y, x=alt.X("low:Q", scale=scale, axis=alt.Axis(
            values=[-1, 0, 1], labelExpr=f"datum.value < 0 ? '{axis_labels[0]}' : "
                                         f"datum.value > 0 ? '{axis_labels[1]}' : ''",
            title=None, grid=False)), x2="high:Q")
    middle = base.mark_rule(strokeWidth=9, color="#b4b4b4", aria=False).encode(
        y=y, x="q1:Q", x2="q3:Q")
    national = base.mark_rule(color="#222222", strokeWidth=1.5, aria=False).encode(x=alt.datum(0))
    dots = base.mark_point(filled=True, size=110, stroke="#ffffff", strokeWidth=1,
                           opacity=1).encode(
        y=y, x="position:Q", color=alt.Color("colour:N", scale=None), tooltip=tooltip)
    layered = alt.layer(spread, middle, national, dots).properties(
        width=width, height=alt.Step(row_step))
    return layered.facet(
        row=alt.Row("role:N", sort=list(role_order), title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="bold",
                                      labelOrient="top", labelPadding=4)),
        data=alt.Data(values=records),
    ).resolve_scale(y="independent").configure_view(stroke=None)


def trend_chart(trend: Trend, lang: str, width: int = 300, height: int = 170) -> alt.Chart:
    """Lines for the municipality, its kommunegruppe and Denmark over the periods."""
    records = [{**asdict(point), "value_text": render(trend.shown(point), lang)}
               for point in trend.points]
    colours = ["#d6604d", "#4393c3", "#222222"][: len(trend.series_order)]
    return alt.Chart(alt.Data(values=records), title=alt.TitleParams(
        plain(trend.title), subtitle=trend.unit, anchor="start", fontSize=13)).mark_line(
        point=True).encode(
        x=alt.X("period:O", title=None, sort=alt.EncodingSortField("year"),
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(
            domain=list(trend.series_order), range=colours),
            legend=alt.Legend(orient="bottom", columns=1)),
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("period:N"),
                 alt.Tooltip("value_text:N")],
    ).properties(width=width, height=height)
