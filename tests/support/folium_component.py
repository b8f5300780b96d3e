"""What streamlit-folium sends to its browser component for one render of the map, computed
with streamlit-folium's own helpers (for the tests and the benches; the renderers in
atlas/maps never import streamlit-folium)."""

from __future__ import annotations

import json
from typing import Any, Mapping

import folium


def component_args(base: folium.Map, choropleth: folium.FeatureGroup | None) -> dict[str, Any]:
    """The arguments streamlit-folium sends to its component for this map (for tests and the
    bench): script, header, html, js/css links and the feature-group script.

    Uses streamlit-folium's own helpers, so it measures exactly what st_folium would send.
    Mutates `base` like st_folium does: build fresh objects for a real render.
    """
    import streamlit_folium as sf

    base.get_root().render()
    base.render()
    html_text = sf._get_html(base)
    header = sf._get_header(base)
    script = sf._get_map_string(base)
    css_links: list[str] = []
    js_links: list[str] = []

    def walk(element: Any):
        if isinstance(element, folium.elements.JSCSSMixin):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    for element in walk(base):
        css_links.extend(href for _, href in getattr(element, "default_css", []))
        js_links.extend(src for _, src in getattr(element, "default_js", []))
    feature_group = None
    if choropleth is not None:
        feature_group = sf._get_feature_group_string(choropleth, map=base, idx=0)
    return {
        "script": script,
        "header": header,
        "html": html_text,
        "css_links": list(dict.fromkeys(css_links)),
        "js_links": list(dict.fromkeys(js_links)),
        "feature_group": feature_group,
    }


def payload_bytes(args: Mapping[str, Any]) -> int:
    """UTF-8 size of everything streamlit-folium sends for one render of the map."""
    return len(json.dumps(args, ensure_ascii=False).encode("utf-8"))
