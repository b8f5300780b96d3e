#!/usr/bin/env bash
# Debian's nginx for the scale-out test (tests/test_scale_out.py, deploy/run_replicas.sh).
# Needs root for apt-get; without it the test skips locally, and fails in CI (CI=true).
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
else
    echo "note: nginx missing and apt-get unavailable; the scale-out test will skip" >&2
fi
