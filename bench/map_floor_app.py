"""The map floor for bench/first_map.py: the floor page (a title, a select box, one line of
text) plus the least a streamlit-folium map can be — an empty Leaflet map, Leaflet from the
app's own static files, no tiles, no geometry. What any atlas built on streamlit-folium pays
before it draws a single municipality."""

import folium
import streamlit as st
from branca.element import MacroElement
from folium.template import Template
from streamlit_folium import st_folium

from atlas.maps.assets import MAP_CSS, MAP_JS


class _Painted(MacroElement):
    """Marks the map drawn the way the atlas does (`data-atlas`, `window.atlasPaintedAt`)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "requestAnimationFrame(function () { setTimeout(function () {"
        " window.atlasPaintedAt = Date.now();"
        " {{ this._parent.get_name() }}.getContainer().setAttribute('data-atlas', 'floor');"
        " }, 0); });"
        "{% endmacro %}")


st.title("Floor")
choice = st.selectbox("Choice", ["a", "b", "c"])
st.write(f"Chosen: {choice}")
m = folium.Map(location=[56.0, 10.5], zoom_start=6, tiles=None, height="640px")
m.default_js, m.default_css = list(MAP_JS), list(MAP_CSS)
m.get_root().default_js, m.get_root().default_css = [], []
_Painted().add_to(m)
st_folium(m, key="map", height=640, use_container_width=True, returned_objects=[])
