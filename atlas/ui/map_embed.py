"""One way to put a map on a page: a choropleth view model in streamlit-folium's component,
with its key, its size, what the browser reports back and the click handling.

Every map of the atlas (the map page, the scenarios, the inverse-care map, the presenter's
slides) goes through `embed_map`, so the component's options are set in one place: the
base map (geometry only, cached by the browser), the per-run layer with the colours, only the
returned objects a click handler needs (a map that reports nothing reruns nothing), and the
asset check (the map's vendored Leaflet files missing: how to fetch them instead).
"""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from atlas.i18n import t
from atlas.maps import assets
from atlas.maps import folium_map as fm
from atlas.views.choropleth import Choropleth
from atlas.views.geometry import MapGeometry

# What streamlit-folium reports back for each kind of click handler.
_MUNICIPALITY_OBJECTS = ["last_active_drawing", "last_object_clicked"]
_POINT_OBJECTS = ["last_clicked"]


def embed_map(model: Choropleth, geometry: MapGeometry, lang: str, *, key: str,
              height: int = fm.MAP_HEIGHT, tiles: str | None = None,
              on_municipality: Callable[[int], None] | None = None,
              on_point: Callable[[dict[str, float]], None] | None = None,
              label_px: int | None = None) -> None:
    """Draw the choropleth `model` on `geometry` as the map component with widget `key`.

    `on_municipality(code)`: a municipality was clicked (or chosen with Enter on the
    keyboard). `on_point({"lat": …, "lng": …})`: a point on the map was clicked. Both are
    called from the component's on_change callback, before the page's run, like a widget's.
    `tiles`: a background map (`?tiles=`; online only). `height` in pixels. `label_px`: place
    names up to that size (a slide), else the map's own 13 px."""
    # imported in the script run: importing streamlit_folium declares its component, which
    # registers only inside a run (the server's preload leaves it out: atlas/serve/server.py)
    from streamlit_folium import st_folium

    if assets.missing_assets():
        st.error(t("map.assets_missing", lang), icon="🗺️")
        st.code(assets.FETCH_COMMAND, language="bash")
        return
    returned = [*(_MUNICIPALITY_OBJECTS if on_municipality else []),
                *(_POINT_OBJECTS if on_point else [])]
    st_folium(
        fm.build_base_map(geometry, height=height, tiles=tiles,
                          tile_error=t("map.tiles.failed", lang) if tiles else None,
                          label_px=label_px),
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=returned,
        feature_group_to_add=fm.choropleth_layer(model, geometry, lang),
        on_change=_click_handler(key, on_municipality, on_point) if returned else None,
    )


def _click_handler(key: str, on_municipality: Callable[[int], None] | None,
                   on_point: Callable[[dict[str, float]], None] | None) -> Callable[[], None]:
    def clicked() -> None:
        value: Any = st.session_state.get(key) or {}
        if on_municipality is not None:
            code = fm.clicked_code(value)
            if code is not None:
                on_municipality(code)
        if on_point is not None and value.get("last_clicked"):
            on_point(value["last_clicked"])

    return clicked
