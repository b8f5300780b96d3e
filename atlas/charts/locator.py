"""A small locator map (altair geoshape): the 98 municipalities in grey, one highlighted."""

from __future__ import annotations

import json

import altair as alt

from atlas.views.geometry import MapGeometry

HIGHLIGHT = "#b2182b"
OTHERS = "#dcdcdc"


def locator_map(geometry: MapGeometry, code: int, width: int = 260,
                height: int = 220) -> alt.Chart:
    """Denmark's municipalities (Bornholm in its inset when the geometry has one) with `code`
    filled; the highlighted one is drawn last so its outline is not covered."""
    features = json.loads(geometry.features_json)["features"]
    features.sort(key=lambda feature: int(feature["properties"]["k"]) == code)
    for feature in features:
        feature["properties"]["fill"] = HIGHLIGHT if int(feature["properties"]["k"]) == code \
            else OTHERS
    return alt.Chart(alt.Data(values=features)).mark_geoshape(
        stroke="#ffffff", strokeWidth=0.4).encode(
        color=alt.Color("properties.fill:N", scale=None),
    ).project(type="mercator").properties(width=width, height=height).configure_view(
        stroke=None)
