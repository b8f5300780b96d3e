"""The browser tests' offline pages (tests/support/devserver.offline_context): a request to any
host outside the loopback names fails inside Chromium and is recorded in `page.blocked`, loopback
requests go through, and each page starts with an empty HTTP cache. Two small local HTTP servers
stand in for the atlas and for the outside world: 127.0.0.2 is an address of this machine, but
not one of the loopback names the pages may reach, so a request that got through would show up
in its log."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

FETCH = """(url) => fetch(url, {mode: 'no-cors'}).then(() => 'loaded', () => 'failed')"""


class Recorder(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str) -> None:
        self.paths: list[str] = []
        super().__init__((host, 0), Handler)
        self.url = f"http://{host}:{self.server_address[1]}"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.paths.append(self.path)
        body = b"<!doctype html><title>offline</title><p>here</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Cache-Control", "max-age=3600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def servers() -> Iterator[tuple[Recorder, Recorder]]:
    """The page's own server on 127.0.0.1 and an 'outside' one on 127.0.0.2."""
    started = [Recorder("127.0.0.1"), Recorder("127.0.0.2")]
    for server in started:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tuple(started)
    for server in started:
        server.shutdown()
        server.server_close()


def test_a_request_outside_loopback_is_blocked_and_recorded(servers, offline_page):
    inside, outside = servers
    page = offline_page()
    page.goto(inside.url + "/page")
    assert page.evaluate(FETCH, inside.url + "/inside.css") == "loaded"
    assert page.evaluate(FETCH, outside.url + "/outside.css") == "failed"
    assert page.evaluate(FETCH, "http://example.com/font.woff2") == "failed"
    assert outside.paths == []                        # nothing reached the other address
    assert page.blocked == [outside.url + "/outside.css", "http://example.com/font.woff2"]
    assert {"/page", "/inside.css"} <= set(inside.paths)


def test_each_page_starts_with_an_empty_cache(servers, offline_page):
    """A page caches what it loaded (no request interception turns the cache off), and the
    next page, a new visitor, asks for it again (tests of what a first visit loads rely on it)."""
    inside, _ = servers
    first = offline_page()
    first.goto(inside.url + "/page")
    assert first.evaluate(FETCH, inside.url + "/style.css") == "loaded"
    assert first.evaluate(FETCH, inside.url + "/style.css") == "loaded"
    assert inside.paths.count("/style.css") == 1
    second = offline_page()
    second.goto(inside.url + "/page")
    assert second.evaluate(FETCH, inside.url + "/style.css") == "loaded"
    assert inside.paths.count("/style.css") == 2
    assert first.blocked == second.blocked == []
