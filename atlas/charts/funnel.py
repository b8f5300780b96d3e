"""The funnel plot (altair), drawn from its view model (atlas/views/funnel.py).

One dot per municipality (residents on a log x axis, the published rate on y), coloured by its
position against the national value (significantly higher / lower / within the 95 % limits),
the national line, the 95 % limits dashed and the 99.8 % limits solid, the selected municipality
ringed and named. Pure: no Streamlit, no database.
"""

from __future__ import annotations

import altair as alt

from atlas.charts.scatter import FONT, _locale
from atlas.i18n import render
from atlas.views.funnel import FunnelView

# Okabe & Ito: blue (higher), vermilion (lower), grey (within)
STATUS_COLOURS = {"higher": "#0072B2", "lower": "#D55E00", "similar": "#9a9a9a"}
LIMIT_COLOUR = "#444444"


def funnel_chart(model: FunnelView, height: int = 420) -> alt.LayerChart:
    points = [{
        "code": p.code, "name": p.name, "value": p.value, "denominator": p.denominator,
        "value_text": render(p.value_shown, model.lang),
        "denominator_text": render(p.denominator_shown, model.lang),
        "status": model.status_labels[p.status], "status_text": p.status_text,
        "selected": p.selected,
    } for p in model.points]
    data = alt.Data(values=points)
    curve = alt.Data(values=list(model.curve))
    x_scale = alt.Scale(type="log", nice=False)
    x = alt.X("denominator:Q", title=model.x_title, scale=x_scale,
              axis=alt.Axis(format="~s", titleFontSize=FONT, labelFontSize=FONT - 1))
    y_scale = alt.Scale(zero=False, nice=True)
    axis_y = alt.Axis(titleFontSize=FONT, labelFontSize=FONT - 1)

    limits = []
    for level, dash in (("95", [5, 4]), ("998", [])):
        for side in ("lower", "upper"):
            limits.append(alt.Chart(curve).mark_line(
                color=LIMIT_COLOUR, strokeWidth=1.2, strokeDash=dash, clip=True).encode(
                x=alt.X("denominator:Q", scale=x_scale, title=model.x_title),
                y=alt.Y(f"{side}_{level}:Q", scale=y_scale, title=model.y_title, axis=axis_y),
            ))
    label = render(model.national_text, model.lang)
    national = alt.Chart(alt.Data(values=[{"national": model.national, "label": label}])).mark_rule(
        color="#000000", strokeWidth=1.4).encode(y=alt.Y("national:Q", scale=y_scale),
                                                  tooltip=[alt.Tooltip("label:N", title=" ")])
    domain = [model.status_labels[key] for key in ("higher", "similar", "lower")]
    dots = alt.Chart(data).mark_circle(size=70, opacity=0.85, stroke="#ffffff",
                                       strokeWidth=0.6).encode(
        x=x,
        y=alt.Y("value:Q", title=model.y_title, scale=y_scale, axis=axis_y),
        color=alt.Color("status:N", title=model.status_title,
                        scale=alt.Scale(domain=domain,
                                        range=[STATUS_COLOURS[key] for key in
                                               ("higher", "similar", "lower")]),
                        legend=alt.Legend(orient="bottom", labelFontSize=FONT - 1,
                                          titleFontSize=FONT, labelLimit=320)),
        tooltip=[alt.Tooltip("name:N", title=model.name_title),
                 alt.Tooltip("value_text:N", title=model.value_title),
                 alt.Tooltip("denominator_text:N", title=model.denominator_title),
                 alt.Tooltip("status_text:N", title=model.status_title)],
    )
    layers = [*limits, national, dots]
    if any(p.selected for p in model.points):
        chosen = alt.Chart(data).transform_filter("datum.selected").encode(
            x=x, y=alt.Y("value:Q", scale=y_scale))
        layers.append(chosen.mark_circle(size=260, fillOpacity=0, stroke="#000000",
                                         strokeWidth=2.2))
        layers.append(chosen.mark_text(align="left", dx=11, dy=-9, fontSize=FONT,
                                       fontWeight="bold").encode(text="name:N"))
    return alt.layer(*layers).properties(
        height=height, width="container", description=model.render_id,
    ).configure(locale=_locale(model.lang)).configure_view(stroke="#bbbbbb")
