"""The inverse-care charts (altair), drawn from their view models.

`scatter_chart`: one dot per municipality, need on x and access on y, both oriented by the view
(reversed scales where a higher value means less need or better access, so more need always
points right and worse access up); colour by region or kommunegruppe, size by population;
dashed median lines, the four quadrant labels in the corners, the regression line, the selected
municipality ringed; a point selection named `SELECTION` on the municipality code (Streamlit's
`on_select` reports it). `strip_chart`: the commission's chart, one row per group. The models'
values (Numbers) are rendered here in the model's language: a tooltip shows plain text.

Pure: no Streamlit, no database.
"""

from __future__ import annotations

from dataclasses import replace

import altair as alt

from atlas.i18n import render
from atlas.views.inverse_care.figures import CommissionView, ScatterModel

SELECTION = "pick"
# Okabe & Ito (2008), "Color Universal Design": categorical colours that stay apart with every
# common colour-vision deficiency (the yellow is left out: too light on white).
CATEGORY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000")
GRID = "#666666"
FONT = 13
TICKS = 6          # about this many ticks per axis: round values, room for every label
QUADRANT_SEPARATOR = " · "   # between need and access in a corner label (the catalogue's)
# Vega's number locale per language (d3-format): Danish 1.234,5, English 1,234.5
NUMBER_LOCALES = {
    "da": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["£", ""]},
}


def _locale(lang: str) -> dict:
    return {"number": NUMBER_LOCALES.get(lang, NUMBER_LOCALES["da"])}


def _x(model: ScatterModel, field: str, font: int = FONT) -> alt.X:
    return alt.X(f"{field}:Q", title=list(model.x_title),
                 scale=alt.Scale(zero=False, nice=True, reverse=model.x_reversed),
                 axis=alt.Axis(titleFontSize=font, labelFontSize=font - 1, titleFontWeight=500,
                               tickCount=TICKS, labelOverlap="greedy", labelFlush=True))


def _y(model: ScatterModel, field: str, font: int = FONT) -> alt.Y:
    return alt.Y(f"{field}:Q", title=list(model.y_title),
                 scale=alt.Scale(zero=False, nice=True, reverse=model.y_reversed),
                 axis=alt.Axis(titleFontSize=font, labelFontSize=font - 1, titleFontWeight=500,
                               tickCount=TICKS, labelOverlap="greedy"))


def scatter_chart(model: ScatterModel, height: int = 600, font: int = FONT,
                  width: int | str = "container", legend: str = "bottom") -> alt.LayerChart:
    """The scatter; `font`: the base type size in px, `width` a number for a figure (the
    axis titles then wrap to the plot), `legend` "bottom" or "right" (a slide: one column)."""
    if isinstance(width, int):
        from atlas.charts.export import wrap_lines

        model = replace(model, x_title=tuple(wrap_lines(list(model.x_title), width, font)),
                        y_title=tuple(wrap_lines(list(model.y_title), height, font)))
    columns = 1 if legend == "right" else 2
    lang = model.lang
    points = [{
        "code": p.code, "name": p.name, "need": p.need, "access": p.access,
        "need_text": render(p.need_text, lang), "access_text": render(p.access_text, lang),
        "category": p.category, "population": p.population,
        "population_text": render(p.population_text, lang),
        "quadrant": p.quadrant, "selected": p.selected,
    } for p in model.points]
    data = alt.Data(values=points)
    pick = alt.selection_point(name=SELECTION, fields=["code"], on="click", clear=False)
    colours = list(CATEGORY_COLOURS[:max(1, len(model.categories))])

    dots = alt.Chart(data).mark_circle(opacity=0.82, stroke="#ffffff", strokeWidth=0.8,
                                       cursor="pointer").encode(
        x=_x(model, "need", font),
        y=_y(model, "access", font),
        color=alt.Color("category:N", title=model.category_title,
                        scale=alt.Scale(domain=list(model.categories), range=colours),
                        legend=alt.Legend(orient=legend, columns=columns,
                                          labelFontSize=font - 1, titleFontSize=font,
                                          labelLimit=20 * font, titleLimit=20 * font)),
        size=alt.Size("population:Q", title=model.population_title,
                      scale=alt.Scale(range=[25, 900]),
                      legend=alt.Legend(orient=legend, format=",.0f", labelFontSize=font - 1,
                                        titleFontSize=font, titleLimit=20 * font,
                                        **({"tickCount": 4} if legend == "right" else {}))),
        tooltip=[
            alt.Tooltip("name:N", title=model.name_title),
            alt.Tooltip("need_text:N", title=model.need_title),
            alt.Tooltip("access_text:N", title=model.access_title),
            alt.Tooltip("category:N", title=model.category_title),
            alt.Tooltip("population_text:N", title=model.population_title),
            alt.Tooltip("quadrant:N", title=model.quadrant_title),
        ],
    ).add_params(pick)

    medians = [
        alt.Chart(alt.Data(values=[{"v": model.x_median}])).mark_rule(
            color=GRID, strokeDash=[5, 4], strokeWidth=1.2).encode(x=_x(model, "v", font)),
        alt.Chart(alt.Data(values=[{"v": model.y_median}])).mark_rule(
            color=GRID, strokeDash=[5, 4], strokeWidth=1.2).encode(y=_y(model, "v", font)),
    ]
    corners = []
    # two corner labels side by side need about this many pixels; a narrower chart (a phone)
    # writes each on two lines, need over access ("Lavt behov ·" / "ringe adgang (21)"), so the
    # top and the bottom pair do not run into each other
    one_line = round(2 * max(map(len, model.quadrants.values()), default=0) * 0.5 * font + 24)
    line_height = font + 3
    for place, label in model.quadrants.items():
        top, right = place.startswith("top"), place.endswith("right")
        worst = place == "top_right"
        corners.append(alt.Chart(alt.Data(values=[{"t": label}])).transform_calculate(
            lines=f"width < {one_line} ? split(datum.t, '{QUADRANT_SEPARATOR}') : datum.t",
        ).mark_text(
            x=alt.expr("width - 6") if right else 6,
            # Vega writes a text's further lines below its first, also at the bottom: a
            # bottom label starts a line higher for each further line
            y=6 if top else alt.expr(f"height - 6 - {line_height} * "
                                     "(isArray(datum.lines) ? length(datum.lines) - 1 : 0)"),
            align="right" if right else "left", baseline="top" if top else "bottom",
            fontSize=font, fontWeight="bold" if worst else "normal",
            color="#7a1f1f" if worst else "#444444", lineHeight=line_height,
        ).encode(text="lines:N"))
    layers = [*medians, *corners]
    if model.line is not None:
        (x0, y0), (x1, y1) = model.line
        layers.append(alt.Chart(alt.Data(values=[{"x": x0, "y": y0}, {"x": x1, "y": y1}]))
                      .mark_line(color="#222222", strokeWidth=2)
                      .encode(x=_x(model, "x", font), y=_y(model, "y", font)))
    layers.append(dots)
    if model.selected is not None and any(p.selected for p in model.points):
        chosen = alt.Chart(data).transform_filter(alt.datum.selected)
        layers.append(chosen.mark_point(shape="circle", size=520, filled=False, color="#000000",
                                        strokeWidth=2.6).encode(x=_x(model, "need", font),
                                                                y=_y(model, "access", font)))
        layers.append(chosen.mark_text(dy=-20, fontSize=font + 1, fontWeight="bold",
                                       color="#000000").encode(
            x=_x(model, "need", font), y=_y(model, "access", font), text="name:N"))
    return alt.layer(*layers).properties(
        height=height, width=width, description=model.render_id,
    ).configure(locale=_locale(model.lang)).configure_view(stroke="#bbbbbb")


FIGURE_SIZES = {"web": (1000, 620), "slide": (1500, 820)}   # plot area per figure size


def scatter_figure(model: ScatterModel, title: str, lines: list[str],
                   size: str = "web") -> alt.TopLevelMixin:
    """The scatter as a downloadable figure (atlas.charts.export): `title` and the subtitle
    `lines` (periods, reading, sources; plain text) wrapped to the plot's width."""
    from atlas.charts.export import titled

    return titled(scatter_chart(model), title, lines, size, *FIGURE_SIZES[size])


def strip_chart(model: CommissionView, height: int = 240) -> alt.LayerChart:
    """The commission's chart: chronic cases per GP capacity, one row per group (above /
    at or below the median share aged 65+), each municipality a dot, the group medians as
    black ticks."""
    values = [{"name": p.name, "value": p.value, "value_text": render(p.value_text, model.lang),
               "share_text": render(p.share_text, model.lang), "group": p.group,
               "jitter": ((i * 0.618034) % 1.0) - 0.5}
              for i, p in enumerate(model.points)]
    groups = list(model.groups)
    y = alt.Y("group:N", title=None, sort=groups,
              axis=alt.Axis(labelFontSize=FONT, labelLimit=320))
    x = alt.X("value:Q", title=model.axis_title, scale=alt.Scale(zero=False, nice=True),
              axis=alt.Axis(titleFontSize=FONT, labelFontSize=FONT - 1))
    dots = alt.Chart(alt.Data(values=values)).mark_circle(size=70, opacity=0.75).encode(
        x=x, y=y, yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-1.4, 1.4])),
        color=alt.Color("group:N", scale=alt.Scale(domain=groups,
                                                   range=list(CATEGORY_COLOURS[:2])),
                        legend=None),
        tooltip=[alt.Tooltip("name:N", title=" "),
                 alt.Tooltip("value_text:N", title=model.value_title),
                 alt.Tooltip("share_text:N", title=model.share_title)])
    medians = alt.Chart(alt.Data(values=[
        {"group": group, "value": value, "label": model.median_title}
        for group, value in zip(groups, model.group_medians)])).mark_tick(
        color="#000000", thickness=3, size=46).encode(
        x=x, y=y, tooltip=[alt.Tooltip("label:N", title=" "),
                           alt.Tooltip("value:Q", title=model.value_title, format=",.0f")])
    return alt.layer(dots, medians).properties(height=height, width="container").configure(
        locale=_locale(model.lang))


__all__ = ["SELECTION", "CATEGORY_COLOURS", "scatter_chart", "scatter_figure", "strip_chart"]
