#!/usr/bin/env bash
# Ulighedsatlas: the two set-up commands of the README.
#   bash run.sh app    install (first time), build data/atlas.duckdb if missing or outdated,
#                      serve on :8501
#   bash run.sh test   install (first time), then run the whole test suite (four workers)
#   bash run.sh quick  install (first time), then the quick tier: unit, SQL and AppTest tests
#                      on two workers, without browsers, servers and slow checks (about 2 min)
# The app listens on 127.0.0.1 (this computer only). To let others reach it, set the address,
# e.g. ATLAS_ADDRESS=0.0.0.0 bash run.sh app: the atlas then runs in public mode (no import or
# rebuild from the browser, no server paths shown; see docs/security.md).
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
PY="$VENV/bin/python"

install() {
    if [ ! -x "$PY" ]; then
        python3.11 -m venv "$VENV" 2>/dev/null || python3 -m venv "$VENV"
    fi
    if ! "$PY" -m uv --version >/dev/null 2>&1; then
        "$PY" -m pip install --quiet --disable-pip-version-check uv
    fi
    # exact versions from the lock file, then the project itself (editable, no extra resolution);
    # compiled to bytecode when installed, as the atlas's own modules below: otherwise the first
    # start compiles them all (`atlas export-story` compiled some 1,900 modules, 4.9 s of its
    # 9.9 s under cProfile, issue 23), and every start does where Python may not write its
    # caches (PYTHONDONTWRITEBYTECODE)
    "$PY" -m uv pip install --quiet --python "$PY" --compile-bytecode -r requirements.lock
    # the editable install is skipped when pyproject.toml is unchanged since (~2 s every run)
    local stamp="$VENV/.atlas-editable"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$(sha256sum pyproject.toml)" ] \
            || [ ! -x "$VENV/bin/atlas" ]; then
        "$PY" -m uv pip install --quiet --python "$PY" --no-deps -e .
        sha256sum pyproject.toml > "$stamp"
    fi
    "$PY" -m compileall -q app.py atlas pages >/dev/null
    # the message catalogues' .mo files from the .po files (docs/i18n.md; not committed)
    "$PY" -m atlas.catalogue compile >/dev/null
    # Leaflet & co. for offline maps, from the npm registry (not committed)
    if [ -f scripts/fetch_vendor_assets.sh ]; then
        bash scripts/fetch_vendor_assets.sh
    fi
}

case "${1:-app}" in
    app)
        install
        # builds data/atlas.duckdb if missing or built by an older version of the atlas
        "$VENV/bin/atlas" build --if-outdated
        # = streamlit run app.py (see atlas/serve/server.py)
        exec "$PY" -m atlas.serve --server.port "${PORT:-8501}" --server.headless true \
            --server.address "${ATLAS_ADDRESS:-127.0.0.1}"
        ;;
    test)
        install
        bash scripts/install_browser.sh && bash scripts/install_nginx.sh
        shift || true
        # four workers (xdist) on two cores: a browser test mostly waits for its server and
        # Chromium, which leaves a core idle with two workers. A test file per worker: a browser
        # module's server and pages stay in one process; read-only browser modules share one
        # server per worker. `bash run.sh test -n 2` overrides the number.
        exec "$PY" -m pytest -n 4 --dist loadfile "$@"
        ;;
    quick)
        install
        shift || true
        # a test file per worker, as in `test`: a module's fixtures are made once
        exec "$PY" -m pytest -n 2 --dist loadfile -m "not browser and not scaleout and not slow" "$@"
        ;;
    *)
        echo "usage: bash run.sh [app|test|quick]" >&2
        exit 2
        ;;
esac
