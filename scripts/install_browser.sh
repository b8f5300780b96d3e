#!/usr/bin/env bash
# Debian's Chromium for the Playwright browser tests (Playwright's own browser download is
# not reachable here). Needs root for apt-get; without it the browser tests skip locally,
# and fail in CI (CI=true), where a skipped browser test would hide a regression.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
else
    echo "note: /usr/bin/chromium missing and apt-get unavailable; browser tests will skip" >&2
fi
