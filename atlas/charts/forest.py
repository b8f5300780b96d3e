"""The forest plot of the inverse-care overview (altair), drawn from its view model
(atlas.views.inverse_care.overview.ForestModel): one row per registered pair in the registry's
order, Spearman's rho as a dot with its naive interval (thin, grey) and its spatially adjusted
interval (thick, blue) side by side, and a vertical line at 0.

Pure: no Streamlit, no database.
"""

from __future__ import annotations

import altair as alt

from atlas.charts.scatter import FONT, _locale
from atlas.i18n import render
from atlas.views.inverse_care.overview import ForestModel

# Okabe & Ito: grey for the naive interval, blue for the adjusted one the verdict follows
KIND_COLOURS = ("#8c8c8c", "#0072B2")
ROW_HEIGHT = 46
AXIS_AND_LEGEND = 110


def forest_chart(model: ForestModel, width: int | str = "container") -> alt.LayerChart:
    """The pairs' intervals; `width` a number for an exported figure."""
    data = alt.Data(values=[{"pair": b.pair, "kind": b.kind, "rho": b.rho, "low": b.low,
                             "high": b.high, "tooltip": render(b.tooltip, model.lang)}
                            for b in model.bars])
    naive, adjusted = model.kinds
    y = alt.Y("pair:N", title=None, sort=list(model.pairs),
              axis=alt.Axis(labelFontSize=FONT - 1, labelLimit=460))
    offset = alt.YOffset("kind:N", sort=[naive, adjusted], title=None)
    colour = alt.Color("kind:N", title=model.kind_title,
                       scale=alt.Scale(domain=[naive, adjusted], range=list(KIND_COLOURS)),
                       legend=alt.Legend(orient="bottom", labelFontSize=FONT - 1,
                                         titleFontSize=FONT, labelLimit=400))
    size = alt.Size("kind:N", scale=alt.Scale(domain=[naive, adjusted], range=[2, 6]),
                    legend=None)
    x_scale = alt.Scale(domain=[-1, 1], nice=False)
    bars = alt.Chart(data).mark_rule().encode(
        x=alt.X("low:Q", title=model.x_title, scale=x_scale,
                axis=alt.Axis(titleFontSize=FONT, labelFontSize=FONT - 1, format=".1f",
                              values=[-1, -0.5, 0, 0.5, 1])),
        x2="high:Q", y=y, yOffset=offset, color=colour, strokeWidth=size,
        tooltip=alt.Tooltip("tooltip:N", title=model.x_title))
    dots = alt.Chart(data).mark_point(filled=True, size=60, color="#000000").encode(
        x=alt.X("rho:Q", scale=x_scale), y=y, yOffset=offset,
        tooltip=alt.Tooltip("tooltip:N", title=model.x_title))
    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(
        color="#333333", strokeDash=[4, 3]).encode(x=alt.X("x:Q", scale=x_scale))
    # Streamlit fits the whole chart (axis and legend too) into `height`: room for both
    height = max(1, len(model.pairs)) * ROW_HEIGHT + AXIS_AND_LEGEND
    return alt.layer(zero, bars, dots).properties(width=width, height=height).configure(
        locale=_locale(model.lang)).configure_view(stroke=None)
