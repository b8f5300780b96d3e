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

AXE_VERSION="4.10.3"   # axe-core: the accessibility checks of the browser tests only
AXE_INTEGRITY="sha512-Xm7bpRXnDSX2YE2YFfBk2FnF0ep6tmG7xPh8iHee8MIcrgq762Nkce856dYtJYLkuIoYZvGfTs/PbZhideTcEg=="
LEAFLET_VERSION="1.9.4"
LEAFLET_INTEGRITY="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="

force=0
[ "${1:-}" = "--force" ] && force=1

# npm_fetch NAME VERSION INTEGRITY WORKDIR: `npm pack` one package, verify its SHA-512 and
# unpack it into WORKDIR/package
npm_fetch() {
    local name="$1" version="$2" integrity="$3" work="$4"
    echo "vendor assets: fetching $name@$version from the npm registry"
    (cd "$work" && npm pack "$name@$version" --silent --loglevel=error >/dev/null)
    local tarball="$work/$name-$version.tgz"
    [ -f "$tarball" ] || { echo "vendor assets: npm pack produced no $tarball" >&2; exit 1; }
    local actual
    actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0 2>/dev/null \
        || openssl dgst -sha512 -binary "$tarball" | base64)"
    if [ "$actual" != "$integrity" ]; then
        echo "vendor assets: integrity mismatch for $name@$version" >&2
        echo "  expected $integrity" >&2
        echo "  got      $actual" >&2
        exit 1
    fi
    tar -xzf "$tarball" -C "$work"
}

if ! command -v npm >/dev/null 2>&1; then
    echo "vendor assets: npm is needed to fetch the browser assets from the npm registry" >&2
    echo "  (Debian: apt-get install -y nodejs npm), then run $0 again" >&2
    exit 1
fi

# axe-core (tests/browser/test_language_browser.py injects it into the pages it checks)
axe_target="$DEST/axe-core"
if [ "$force" = 1 ] || [ "$(cat "$axe_target/VERSION" 2>/dev/null)" != "$AXE_VERSION" ]; then
    axe_work="$(mktemp -d)"
    npm_fetch axe-core "$AXE_VERSION" "$AXE_INTEGRITY" "$axe_work"
    mkdir -p "$axe_work/staged"
    cp "$axe_work/package/axe.min.js" "$axe_work/package/LICENSE" "$axe_work/staged/"
    echo "$AXE_VERSION" > "$axe_work/staged/VERSION"
    mkdir -p "$DEST"
    rm -rf "$axe_target"
    mv "$axe_work/staged" "$axe_target"
    rm -rf "$axe_work"
    echo "vendor assets: axe-core $AXE_VERSION -> static/vendor/axe-core"
else
    echo "vendor assets: axe-core $AXE_VERSION already in static/vendor/axe-core"
fi

target="$DEST/leaflet"
if [ "$force" = 0 ] && [ -f "$target/leaflet.js" ] && [ -f "$target/leaflet.css" ] \
    && [ "$(cat "$target/VERSION" 2>/dev/null)" = "$LEAFLET_VERSION" ]; then
    echo "vendor assets: leaflet $LEAFLET_VERSION already in static/vendor/leaflet"
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm_fetch leaflet "$LEAFLET_VERSION" "$LEAFLET_INTEGRITY" "$work"
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
