#!/usr/bin/env bash
# Fetch the third-party browser assets the map needs into static/vendor/ (git-ignored).
#
# folium and streamlit-folium load Leaflet from public CDNs by default. The atlas serves it
# from its own origin instead (Streamlit static serving, URL ./app/static/vendor/...), so the
# map renders with no internet at all. The files come from the npm registry at install time,
# pinned by version and verified against the registry's SHA-512 integrity hash.
#
# Usage: scripts/fetch_vendor_assets.sh [--force]
# Idempotent: does nothing when the pinned version is already in place.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/static/vendor"

LEAFLET_VERSION="1.9.4"
LEAFLET_INTEGRITY="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="

force=0
[ "${1:-}" = "--force" ] && force=1

target="$DEST/leaflet"
if [ "$force" = 0 ] && [ -f "$target/leaflet.js" ] && [ -f "$target/leaflet.css" ] \
    && [ "$(cat "$target/VERSION" 2>/dev/null)" = "$LEAFLET_VERSION" ]; then
    echo "vendor assets: leaflet $LEAFLET_VERSION already in static/vendor/leaflet"
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "vendor assets: npm is needed to fetch Leaflet from the npm registry" >&2
    echo "  (Debian: apt-get install -y nodejs npm), then run $0 again" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "vendor assets: fetching leaflet@$LEAFLET_VERSION from the npm registry"
(cd "$work" && npm pack "leaflet@$LEAFLET_VERSION" --silent --loglevel=error >/dev/null)
tarball="$work/leaflet-$LEAFLET_VERSION.tgz"
[ -f "$tarball" ] || { echo "vendor assets: npm pack produced no $tarball" >&2; exit 1; }

actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0 2>/dev/null \
    || openssl dgst -sha512 -binary "$tarball" | base64)"
if [ "$actual" != "$LEAFLET_INTEGRITY" ]; then
    echo "vendor assets: integrity mismatch for leaflet@$LEAFLET_VERSION" >&2
    echo "  expected $LEAFLET_INTEGRITY" >&2
    echo "  got      $actual" >&2
    exit 1
fi

tar -xzf "$tarball" -C "$work"
staged="$work/leaflet"
mkdir -p "$staged"
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$staged/"
cp -r "$work/package/dist/images" "$staged/images"
cp "$work/package/LICENSE" "$staged/LICENSE"
echo "$LEAFLET_VERSION" > "$staged/VERSION"

# Replace the previous copy in one step so a running app never sees a half-written folder.
mkdir -p "$DEST"
rm -rf "$target.old"
[ -d "$target" ] && mv "$target" "$target.old"
mv "$staged" "$target"
rm -rf "$target.old"
echo "vendor assets: leaflet $LEAFLET_VERSION -> static/vendor/leaflet ($(du -sh "$target" | cut -f1))"
