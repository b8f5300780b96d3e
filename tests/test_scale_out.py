"""Scale-out behind nginx (deploy/nginx.conf via deploy/run_replicas.sh): sessions land on
different replicas, stay pinned to theirs, and survive one replica being stopped.

Runs the shipped script with three replicas; nginx from Debian's package is required in CI
(scripts/install_nginx.sh installs it) and skipped with a reason elsewhere when missing.
A session here is what a browser tab does: load the page (which sets the sticky cookie), then
open Streamlit's websocket with that cookie and run the script (atlas/serve/streamclient.py).
"""

from __future__ import annotations

import os
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from atlas.paths import PROJECT_ROOT
from atlas.serve.streamclient import StreamSession
from tests.support.aio import run_async
from tests.support.devserver import free_port

pytestmark = pytest.mark.scaleout

SCRIPT = PROJECT_ROOT / "deploy" / "run_replicas.sh"
REPLICAS = 3
VISITORS = 12  # all on one of 3 replicas by chance: 3 * (1/3)**12, about 1 in 177,000
START_TIMEOUT = 150  # seconds; a passing start returns as soon as the script says "ready"


def require_nginx() -> None:
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        if os.environ.get("CI"):
            pytest.fail("nginx missing in CI (scripts/install_nginx.sh installs it)")
        pytest.skip("nginx not installed (apt-get install nginx-light)")


@dataclass
class Balancer:
    url: str
    replicas: dict[str, int]  # "127.0.0.1:<port>" -> pid
    nginx_pid: int


@pytest.fixture(scope="module")
def balancer(real_db, tmp_path_factory):
    require_nginx()
    port = free_port()
    # ATLAS_PRELOAD=0: routing does not depend on it, and replicas that never run the map
    # page then never pay for its imports (the test runs it on two replicas only)
    env = dict(os.environ, PYTHON=sys.executable, ATLAS_DB=str(real_db), ATLAS_PRELOAD="0",
               REPLICA_PORT=str(free_port()), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(["bash", str(SCRIPT), str(REPLICAS), str(port)],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue[str | None] = queue.Queue()
    output: list[str] = []

    def read() -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    replicas, nginx_pid = {}, 0
    try:
        while True:
            line = lines.get(timeout=START_TIMEOUT)
            assert line is not None, "run_replicas.sh ended before ready:\n" + "".join(output)
            output.append(line)
            words = line.split()
            if words[0] == "replica":
                replicas[f"127.0.0.1:{words[5]}"] = int(words[3])
            elif words[0] == "nginx":
                nginx_pid = int(words[2])
            elif words[0] == "ready:":
                break
        yield Balancer(f"http://127.0.0.1:{port}", replicas, nginx_pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # stuck before its trap could run
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    for pid in [*replicas.values(), nginx_pid]:
        assert not Path(f"/proc/{pid}").exists() or _is_zombie(pid), \
            f"process {pid} still running after run_replicas.sh stopped"


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def answered_by(headers) -> str:
    """The replica that answered: the last of the upstream addresses nginx tried."""
    return headers["X-Atlas-Replica"].split(",")[-1].strip()


def get(url: str, cookie: str | None = None) -> tuple[int, str, str | None]:
    """(status, replica that answered, sticky cookie set by the balancer or None)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as reply:
        set_cookie = reply.headers.get("Set-Cookie")
        return reply.status, answered_by(reply.headers), \
            set_cookie.split(";")[0] if set_cookie else None


def new_visitor(balancer: Balancer) -> tuple[str, str]:
    """A first page load without a cookie: (the sticky cookie it was given, its replica)."""
    status, replica, cookie = get(balancer.url + "/")
    assert status == 200 and cookie and cookie.startswith("atlas_replica=")
    return cookie, replica


async def session(balancer: Balancer, cookie: str, run: bool) -> str:
    """Open Streamlit's websocket as the page does; optionally run the map page to its end.
    Returns the replica that holds the session."""
    async with StreamSession(balancer.url, cookie=cookie) as stream:
        if run:
            result = await stream.run("")
            assert result.ok, (result.status, result.exceptions)
            assert any("folium" in name for name in result.components)
        return answered_by(stream.response_headers)


def stop_replica(pid: int) -> None:
    """SIGTERM one replica and wait until it has exited (a pidfd turns readable then)."""
    fd = os.pidfd_open(pid)
    try:
        os.kill(pid, signal.SIGTERM)
        ready, _, _ = select.select([fd], [], [], 60)
        assert ready, f"replica {pid} did not stop within 60 s"
    finally:
        os.close(fd)


def test_sessions_spread_over_replicas_and_stay_pinned(balancer):
    visitors = [new_visitor(balancer) for _ in range(VISITORS)]
    assert len({replica for _, replica in visitors}) >= 2, visitors
    assert {replica for _, replica in visitors} <= set(balancer.replicas)
    for cookie, replica in visitors:
        assert get(balancer.url + "/", cookie)[1:] == (replica, None)  # no new cookie
        assert get(balancer.url + "/_stcore/health", cookie)[1] == replica
    # the websocket of each visitor reaches the replica its page came from; the first visitor
    # runs the map page through the balancer
    for n, (cookie, replica) in enumerate(visitors):
        assert run_async(session(balancer, cookie, run=n == 0)) == replica


def test_sessions_survive_a_stopped_replica(balancer):
    visitors = [new_visitor(balancer) for _ in range(VISITORS)]
    by_replica: dict[str, list[str]] = {}
    for cookie, replica in visitors:
        by_replica.setdefault(replica, []).append(cookie)
    stopped = max(by_replica, key=lambda replica: len(by_replica[replica]))
    stop_replica(balancer.replicas[stopped])
    alive = set(balancer.replicas) - {stopped}

    # the stopped replica's visitors move to one live replica each, and stay there
    for cookie in by_replica[stopped]:
        moved_to = run_async(session(balancer, cookie, run=cookie == by_replica[stopped][0]))
        assert moved_to in alive
        assert get(balancer.url + "/", cookie)[1] == moved_to
        assert run_async(session(balancer, cookie, run=False)) == moved_to
    # the other visitors stay where they were
    for replica in alive & set(by_replica):
        for cookie in by_replica[replica]:
            assert get(balancer.url + "/", cookie)[1] == replica
    # new visitors go to the live replicas only, without errors
    newcomers = [new_visitor(balancer) for _ in range(VISITORS)]
    assert {replica for _, replica in newcomers} <= alive
    for cookie, replica in newcomers:
        assert run_async(session(balancer, cookie, run=False)) == replica


def test_static_files_come_from_the_balancers_cache(balancer):
    """Leaflet (the atlas's static folder) and Streamlit's own code are served by nginx from
    its cache after the first request: a new visitor's files cost no replica anything."""
    page = urllib.request.urlopen(balancer.url + "/", timeout=60).read().decode()
    streamlit_code = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', page)
    assert streamlit_code, "no Streamlit script in the page"
    for path in ("app/static/vendor/leaflet/leaflet.js", streamlit_code[1]):
        replies = []
        for _ in range(2):
            with urllib.request.urlopen(f"{balancer.url}/{path}", timeout=60) as reply:
                replies.append((reply.status, reply.headers.get("X-Atlas-Cache"), reply.read()))
        (first_status, _, first_body), (second_status, cache, second_body) = replies
        assert first_status == second_status == 200
        assert cache == "HIT", (path, cache)
        assert second_body == first_body and len(first_body) > 1000
