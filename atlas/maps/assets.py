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

import hashlib
import os
import tempfile
import time
from pathlib import Path

from atlas.paths import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
LEAFLET_DIR = VENDOR_DIR / "leaflet"
FETCH_COMMAND = "bash scripts/fetch_vendor_assets.sh"
# The base map's own code (committed): read by folium_map.base_map_code, published with the
# geometry.
MAP_SCRIPT = STATIC_DIR / "js" / "atlas-map.js"

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


# Generated browser files (the base map's code and geometry), named by content hash so a
# browser may cache them for good; git-ignored. Each build (new geometry) or code change adds
# one; publishing prunes all but the newest KEEP_GENERATED of a prefix, sparing any written or
# used within the last GENERATED_GRACE_S (a page loaded just before may still ask for it).
GENERATED_DIR = STATIC_DIR / "generated"
KEEP_GENERATED = 6
GENERATED_GRACE_S = 3600.0


def prune_generated(directory: Path, prefix: str, suffix: str,
                    keep: int = KEEP_GENERATED, grace_s: float = GENERATED_GRACE_S) -> list[str]:
    """Remove old `<prefix>-*.<suffix>` files beyond the newest `keep`; returns their names."""
    try:
        files = sorted(directory.glob(f"{prefix}-*.{suffix}"),
                       key=lambda path: path.stat().st_mtime, reverse=True)
    except OSError:
        return []
    cutoff = time.time() - grace_s
    removed = []
    for path in files[keep:]:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed.append(path.name)
        except OSError:
            pass            # another replica pruned it first, or the folder is read-only
    return removed


def publish(prefix: str, suffix: str, text: str,
            directory: Path | None = None) -> str | None:
    """Write `text` once to static/generated/<prefix>-<hash>.<suffix> and return its URL
    relative to the component iframe, or None when the folder is not writable (the caller
    then embeds the text). Written to a temporary name and renamed, so replicas sharing the
    folder never serve half a file."""
    directory = GENERATED_DIR if directory is None else directory
    data = text.encode("utf-8")
    name = f"{prefix}-{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"
    target = directory / name
    try:
        if target.is_file():
            os.utime(target)        # in use again: the newest, not pruned
        else:
            directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=directory, prefix=".tmp-", delete=False) as tmp:
                tmp.write(data)
            os.chmod(tmp.name, 0o644)
            os.replace(tmp.name, target)
            prune_generated(directory, prefix, suffix)
    except OSError:
        return None
    return f"{IFRAME_STATIC_PREFIX}generated/{name}"
