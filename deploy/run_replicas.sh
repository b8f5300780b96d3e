#!/usr/bin/env bash
# N replicas of the atlas behind nginx, all on 127.0.0.1, until stopped (Ctrl-C / SIGTERM).
#
#   deploy/run_replicas.sh N [PORT]        e.g. deploy/run_replicas.sh 3 8080
#
# Replicas: `python -m atlas.serve` on ports REPLICA_PORT.. (default 8601..), each serving
# $ATLAS_DB (default data/atlas.duckdb) read-only. nginx (Debian package `nginx-light` or
# `nginx`) runs in the foreground with deploy/nginx.conf rendered into a temporary folder:
# upstream = the N replicas, listen = 127.0.0.1:PORT. Prints "replica <i> pid <pid> port
# <port>" per replica and "nginx pid <pid> port <port>", then "ready: http://127.0.0.1:PORT"
# once every replica and the balancer answer /_stcore/health. On exit it stops nginx and
# every replica and removes the folder. PYTHON overrides the interpreter (default .venv/bin/python).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:?usage: deploy/run_replicas.sh N [PORT]}
PORT=${2:-8080}
FIRST=${REPLICA_PORT:-8601}
PY=${PYTHON:-.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX" ] || { echo "nginx not installed (apt-get install nginx-light)" >&2; exit 2; }

work=$(mktemp -d)
pids=()
stop_all() {
    trap - EXIT INT TERM
    if [ -s "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap stop_all EXIT
trap "stop_all; exit 0" INT TERM

wait_healthy() {  # URL: poll until it answers "ok" (3 min at most)
    "$PY" - "$1" <<'EOF'
import sys, time, urllib.request
url, deadline = sys.argv[1], time.monotonic() + 180
while True:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            if reply.read().strip() == b"ok":
                break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit(f"not healthy after 3 min: {url}")
    time.sleep(0.2)
EOF
}

servers=""
for i in $(seq 1 "$N"); do
    port=$((FIRST + i - 1))
    "$PY" -m atlas.serve --server.port "$port" --server.address 127.0.0.1 \
        --server.headless true --browser.gatherUsageStats false \
        --server.fileWatcherType none >"$work/replica$i.log" 2>&1 &
    pids+=($!)
    echo "replica $i pid $! port $port"
    servers+="    server 127.0.0.1:$port max_fails=1 fail_timeout=10s;\n"
done

# deploy/nginx.conf with this run's replicas and address
awk -v servers="$servers" -v listen="    listen 127.0.0.1:$PORT;" -v cache="$work/cache" '
    /^    server 127\.0\.0\.1:[0-9]+/ { if (!done) { printf "%s", servers; done = 1 }; next }
    /^    listen / { print listen; next }
    /^proxy_cache_path / { sub(/proxy_cache_path [^ ]+/, "proxy_cache_path " cache) }
    { print }' deploy/nginx.conf >"$work/atlas.conf"
mkdir -p "$work/tmp"
cat >"$work/nginx.conf" <<EOF
$(if [ "$(id -u)" = 0 ]; then echo "user root;"; fi)
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log $work/access.log;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    include $work/atlas.conf;
}
EOF

for i in $(seq 1 "$N"); do
    wait_healthy "http://127.0.0.1:$((FIRST + i - 1))/_stcore/health" \
        || { tail -20 "$work/replica$i.log" >&2; exit 1; }
done
"$NGINX" -p "$work" -c "$work/nginx.conf" -g "daemon off;" &
pids+=($!)
echo "nginx pid $! port $PORT"
wait_healthy "http://127.0.0.1:$PORT/_stcore/health" || { cat "$work/error.log" >&2; exit 1; }
echo "ready: http://127.0.0.1:$PORT"

# run until nginx exits or this script is stopped (the trap stops everything)
wait "${pids[-1]}"
