"""Local copies of the browser assets the map needs (Leaflet), served by Streamlit.

`scripts/fetch_vendor_assets.sh` puts Leaflet's dist files into `static/vendor/leaflet/`
(git-ignored) from the npm registry; `.streamlit/config.toml` turns on static serving, which
publishes `static/` at `<app>/app/static/`.

streamlit-folium draws the map inside its component iframe, served from
`<app>/component/streamlit_folium.st_folium/index.html`, and loads the map's `default_js` /
`default_css` there as <script src> / <link href>. The URLs are therefore relative to that
iframe document: `../../app/static/vendor/...` resolves to `<app>/app/static/vendor/...`,
under any `server.baseUrlPath`, with no host name and nothing from a CDN.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
LEAFLET_DIR = VENDOR_DIR / "leaflet"
FETCH_COMMAND = "bash scripts/fetch_vendor_assets.sh"

# Relative to the streamlit-folium component iframe (see module docstring).
IFRAME_STATIC_PREFIX = "../../app/static/"
LEAFLET_JS = ("leaflet", IFRAME_STATIC_PREFIX + "vendor/leaflet/leaflet.js")
LEAFLET_CSS = ("leaflet_css", IFRAME_STATIC_PREFIX + "vendor/leaflet/leaflet.css")
MAP_JS = [LEAFLET_JS]
MAP_CSS = [LEAFLET_CSS]


def missing_assets(vendor_dir: Path = VENDOR_DIR) -> list[str]:
    """Vendor files the map needs that are not on disk (empty when all are in place)."""
    needed = [vendor_dir / "leaflet" / "leaflet.js", vendor_dir / "leaflet" / "leaflet.css"]
    return [str(path.relative_to(vendor_dir.parent.parent)) for path in needed
            if not path.is_file()]
