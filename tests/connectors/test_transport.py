"""The transport: retries with backoff, politeness, the raw-response cache, error mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from atlas.connectors.transport import (
    HttpStatusError,
    RequestsTransport,
    ResilientTransport,
    Response,
    SourceTimeout,
    SourceUnreachable,
    redact_url,
)
from tests.connectors.fakes import FakeTransport, response

URL = "https://api.example.test/v1/data"


def resilient(fake, sleeps, **kwargs) -> ResilientTransport:
    kwargs.setdefault("min_interval", 0.0)
    return ResilientTransport(fake, sleep=sleeps.append, **kwargs)


def test_5xx_is_retried_with_exponential_backoff_then_succeeds() -> None:
    fake, sleeps = FakeTransport({URL: b"ok"}), []
    fake.script(URL, response("", 500), response("", 502), response("", 503))
    answer = resilient(fake, sleeps).post_json(URL, {"a": 1}, source="Test source")
    assert answer.body == b"ok" and answer.status == 200
    assert sleeps == [1.0, 2.0, 4.0]
    assert len(fake.calls) == 4


def test_retry_after_is_honoured_and_capped() -> None:
    fake, sleeps = FakeTransport({URL: b"ok"}), []
    fake.script(URL, response("", 429, **{"Retry-After": "30"}),
                response("", 503, **{"Retry-After": "999"}))
    resilient(fake, sleeps, max_wait=60).get(URL, source="Test source")
    assert sleeps == [30.0, 60.0]


def test_persistent_5xx_returns_the_last_response_for_the_connector_to_report() -> None:
    fake, sleeps = FakeTransport(), []
    fake.script(URL, *[response("Service Unavailable", 503)] * 4)
    answer = resilient(fake, sleeps).get(URL, source="Test source")
    assert answer.status == 503 and len(fake.calls) == 4
    with pytest.raises(HttpStatusError, match=r"Test source: HTTP 503 \(server error\)"):
        answer.raise_for_status("Test source")


def test_4xx_is_not_retried() -> None:
    fake, sleeps = FakeTransport(), []
    fake.script(URL, response('{"errorTypeCode":"X"}', 400))
    assert resilient(fake, sleeps).get(URL, source="Test source").status == 400
    assert len(fake.calls) == 1 and sleeps == []


@pytest.mark.parametrize("error", [SourceUnreachable("Test source: could not resolve the host "
                                                     "name api.example.test (DNS)"),
                                   SourceTimeout("Test source: no answer within 120 s")])
def test_no_response_is_retried_then_raised_with_the_source_named(error) -> None:
    fake, sleeps = FakeTransport(), []
    fake.script(URL, *[error] * 4)
    with pytest.raises(type(error), match=r"^Test source: .*gave up after 4 attempts"):
        resilient(fake, sleeps).get(URL, source="Test source")
    assert sleeps == [1.0, 2.0, 4.0]


def test_politeness_spaces_requests_to_one_host() -> None:
    now = [100.0]
    fake, sleeps = FakeTransport({"https://": b"ok"}), []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    transport = ResilientTransport(fake, sleep=sleep, clock=lambda: now[0], min_interval=1.0)
    transport.get(URL, source="s")
    now[0] += 0.25
    transport.get(URL + "?x=1", source="s")
    transport.get("https://other.example.test/", source="s")
    assert sleeps == [pytest.approx(0.75)]


def test_cache_serves_repeats_and_keeps_credentials_off_disk(tmp_path: Path) -> None:
    fake, sleeps = FakeTransport({URL: b"payload"}), []
    transport = resilient(fake, sleeps, cache_dir=tmp_path)
    first = transport.get(URL, params={"password": "hunter2", "q": "1"}, source="s")
    second = transport.get(URL, params={"password": "hunter2", "q": "1"}, source="s")
    assert (first.from_cache, second.from_cache) == (False, True)
    assert second.body == b"payload" and len(fake.calls) == 1
    stored = "".join(p.read_text(errors="replace") for p in tmp_path.iterdir())
    assert "hunter2" not in stored and "password=***" in stored
    assert transport.log[-1]["from_cache"] is True


def test_cache_is_bypassed_when_expired_or_damaged(tmp_path: Path) -> None:
    fake, sleeps = FakeTransport({URL: b"payload"}), []
    resilient(fake, sleeps, cache_dir=tmp_path).get(URL, source="s")
    resilient(fake, sleeps, cache_dir=tmp_path, max_age=0).get(URL, source="s")
    assert len(fake.calls) == 2
    for body in tmp_path.glob("*.body"):
        body.write_bytes(b"tampered")
    answer = resilient(fake, sleeps, cache_dir=tmp_path).get(URL, source="s")
    assert answer.body == b"payload" and not answer.from_cache


def test_error_responses_are_not_cached(tmp_path: Path) -> None:
    fake, sleeps = FakeTransport(), []
    fake.script(URL, response("bad", 400))
    resilient(fake, sleeps, cache_dir=tmp_path).get(URL, source="s")
    assert not list(tmp_path.glob("*.body"))


class _Session:
    """Stands in for requests.Session: raises or answers as told."""

    def __init__(self, outcome) -> None:
        self.outcome, self.headers = outcome, {}

    def request(self, method, url, timeout, **kwargs):
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


class _Reply:
    status_code, headers, content = 404, {"Content-Type": "text/html"}, b"<html/>"


@pytest.mark.parametrize("exception, kind, text", [
    (requests.ConnectionError("HTTPSConnectionPool: Failed to resolve 'api.statbank.dk' "
                              "(NameResolutionError)"), SourceUnreachable, "DNS"),
    (requests.ConnectionError("Connection refused"), SourceUnreachable, "could not connect"),
    (requests.ReadTimeout("read timed out"), SourceTimeout, "no answer"),
    (requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead"),
     SourceUnreachable, "failed"),
])
def test_requests_failures_become_source_errors(exception, kind, text) -> None:
    transport = RequestsTransport(session=_Session(exception))
    with pytest.raises(kind, match=text) as caught:
        transport.post_json("https://api.statbank.dk/v1/data", {"table": "X"},
                            source="Statistics Denmark (StatBank API)")
    assert str(caught.value).startswith("Statistics Denmark (StatBank API): ")


def test_requests_transport_returns_any_status() -> None:
    answer = RequestsTransport(session=_Session(_Reply())).get(URL, params={"a": "b"}, source="s")
    assert isinstance(answer, Response) and answer.status == 404 and answer.url == URL + "?a=b"


def test_redact_url() -> None:
    url = "https://wfs.example.test/WFS?service=WFS&username=alice&password=p%40ss&apikey=k"
    shown = redact_url(url)
    assert "alice" not in shown and "p%40ss" not in shown and shown.count("***") == 3
    assert redact_url("https://example.test/file.xlsx") == "https://example.test/file.xlsx"
    assert json.dumps(shown)
