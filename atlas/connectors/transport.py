"""HTTP for the connectors: one small protocol, a `requests` implementation, and a wrapper that
adds what every official source needs — retries with exponential backoff, politeness (about one
request per second per host) and a cache of raw responses.

Layers, so that retries and caching are tested without a network:

    ResilientTransport(RequestsTransport())        # production (see `default_transport`)
    ResilientTransport(FakeTransport(...), sleep=…) # tests (FakeTransport lives in tests/)

A transport returns a `Response` for every HTTP status; it raises `SourceUnreachable` or
`SourceTimeout` (both SourceError) only when no response arrived. Deciding what a 4xx body means
is the connector's job (`Response.raise_for_status` gives a generic message).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from atlas import __version__
from atlas.errors import SourceError

USER_AGENT = f"Ulighedsatlas/{__version__} (health inequality atlas; python-requests)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SECRET_PARAMETERS = frozenset({"password", "apikey", "api_key", "token", "key", "username"})


class TransportError(SourceError):
    """No usable response from a source (after retries)."""


class SourceUnreachable(TransportError):
    """DNS failure, refused or reset connection, TLS failure."""


class SourceTimeout(TransportError):
    """The source did not answer in time."""


class HttpStatusError(TransportError):
    """The source answered with an HTTP error status."""

    def __init__(self, message: str, *, status: int, **where: Any) -> None:
        self.status = status
        super().__init__(message, **where)


def redact_url(url: str) -> str:
    """The URL with credentials in its query string replaced by '***' (for messages and logs)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, "***" if k.lower() in SECRET_PARAMETERS else v)
             for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*:,")))


def with_params(url: str, params: Mapping[str, str] | None) -> str:
    if not params:
        return url
    separator = "&" if urlsplit(url).query else "?"
    return url + separator + urlencode(list(params.items()), safe=":,")


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str
    from_cache: bool = False
    fetched_at: str = field(default_factory=lambda: _now_iso())

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def raise_for_status(self, source: str) -> None:
        if self.ok:
            return
        snippet = self.body[:300].decode("utf-8", "replace").strip()
        kind = "server error" if self.status >= 500 else "request refused"
        raise HttpStatusError(
            f"{source}: HTTP {self.status} ({kind}) from {redact_url(self.url)}"
            + (f": {snippet}" if snippet else ""),
            status=self.status,
        )


class Transport(Protocol):
    def post_json(self, url: str, payload: Mapping[str, Any], *, source: str) -> Response: ...

    def get(self, url: str, *, params: Mapping[str, str] | None = None,
            source: str) -> Response: ...


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class RequestsTransport:
    """One attempt per call, with connect/read timeouts; maps `requests` failures to ours."""

    def __init__(self, *, connect_timeout: float = 10.0, read_timeout: float = 120.0,
                 session: Any = None) -> None:
        import requests

        self._requests = requests
        self.timeout = (connect_timeout, read_timeout)
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT})

    def post_json(self, url: str, payload: Mapping[str, Any], *, source: str) -> Response:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return self._send("POST", url, source=source, data=body,
                          headers={"Content-Type": "application/json; charset=utf-8"})

    def get(self, url: str, *, params: Mapping[str, str] | None = None,
            source: str) -> Response:
        return self._send("GET", with_params(url, params), source=source)

    def _send(self, method: str, url: str, *, source: str, **kwargs: Any) -> Response:
        requests = self._requests
        shown = redact_url(url)
        host = urlsplit(url).hostname or url
        try:
            reply = self.session.request(method, url, timeout=self.timeout, **kwargs)
            body = reply.content  # reads the whole body; an aborted transfer raises here
        except requests.Timeout as problem:
            raise SourceTimeout(f"{source}: no answer from {host} within "
                                f"{self.timeout[1]:.0f} s ({type(problem).__name__})") from None
        except requests.ConnectionError as problem:
            text = str(problem)
            if any(marker in text for marker in ("NameResolution", "Name or service not known",
                                                 "getaddrinfo", "nodename nor servname")):
                reason = f"could not resolve the host name {host} (DNS); are you online?"
            else:
                reason = f"could not connect to {host} ({type(problem).__name__})"
            raise SourceUnreachable(f"{source}: {reason} ({shown})") from None
        except requests.RequestException as problem:
            raise SourceUnreachable(f"{source}: request to {shown} failed: {problem}") from None
        return Response(reply.status_code, dict(reply.headers), body, url)


class ResilientTransport:
    """Retries, backoff, politeness and the raw-response cache around any Transport.

    * Retries on no-response errors and on HTTP 429/5xx: `attempts` tries in all, waiting
      `backoff`, 2·`backoff`, 4·`backoff` … seconds (or the server's Retry-After, capped).
    * At most one request per `min_interval` seconds to the same host.
    * Successful responses are stored under `cache_dir` (one `.body` and one `.json` file per
      request, keyed by a hash of method, URL and body); a stored response younger than
      `max_age` seconds is reused instead of asking again. `max_age=0` always asks.
    """

    def __init__(self, inner: Transport, *, cache_dir: Path | None = None,
                 max_age: float = 12 * 3600, attempts: int = 4, backoff: float = 1.0,
                 max_wait: float = 60.0, min_interval: float = 1.0,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.inner = inner
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.max_age = max_age
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_wait = max_wait
        self.min_interval = min_interval
        self.sleep = sleep
        self.clock = clock
        self._last_request: dict[str, float] = {}
        self.log: list[dict[str, Any]] = []  # one entry per call, for the fetch manifest

    # -- public API -------------------------------------------------------------------------
    def post_json(self, url: str, payload: Mapping[str, Any], *, source: str) -> Response:
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return self._call("POST", url, body, source,
                          lambda: self.inner.post_json(url, payload, source=source))

    def get(self, url: str, *, params: Mapping[str, str] | None = None,
            source: str) -> Response:
        full = with_params(url, params)
        return self._call("GET", full, b"", source,
                          lambda: self.inner.get(url, params=params, source=source))

    # -- internals --------------------------------------------------------------------------
    def _call(self, method: str, url: str, body: bytes, source: str,
              send: Callable[[], Response]) -> Response:
        key = hashlib.sha256(b"\n".join([method.encode(), url.encode(), body])).hexdigest()
        cached = self._read_cache(key)
        if cached is not None:
            self._log(method, url, key, cached, attempts=0)
            return cached
        host = urlsplit(url).hostname or ""
        last_error: TransportError | None = None
        response: Response | None = None
        for attempt in range(1, self.attempts + 1):
            self._be_polite(host)
            try:
                response = send()
                last_error = None
            except TransportError as problem:
                last_error, response = problem, None
            if last_error is None and response is not None \
                    and response.status not in RETRY_STATUSES:
                break
            if attempt < self.attempts:
                self.sleep(self._wait(attempt, response))
        if last_error is not None:
            raise type(last_error)(f"{last_error} — gave up after {self.attempts} attempts")
        assert response is not None
        if response.ok:
            self._write_cache(key, method, url, body, response)
        self._log(method, url, key, response, attempts=attempt)
        return response

    def _wait(self, attempt: int, response: Response | None) -> float:
        wait = self.backoff * (2 ** (attempt - 1))
        retry_after = response.header("Retry-After") if response is not None else None
        if retry_after and retry_after.strip().isdigit():
            wait = max(wait, float(retry_after.strip()))
        return min(wait, self.max_wait)

    def _be_polite(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            remaining = self.min_interval - (self.clock() - last)
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = self.clock()

    def _log(self, method: str, url: str, key: str, response: Response, attempts: int) -> None:
        self.log.append({"method": method, "url": redact_url(url), "status": response.status,
                         "bytes": len(response.body),
                         "sha256": hashlib.sha256(response.body).hexdigest(),
                         "from_cache": response.from_cache, "attempts": attempts,
                         "fetched_at": response.fetched_at, "cache_key": key})

    def _read_cache(self, key: str) -> Response | None:
        if self.cache_dir is None or self.max_age <= 0:
            return None
        meta_path, body_path = self.cache_dir / f"{key}.json", self.cache_dir / f"{key}.body"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            stored = datetime.fromisoformat(meta["fetched_at"])
            age = (datetime.now(timezone.utc) - stored).total_seconds()
            if age > self.max_age:
                return None
            body = body_path.read_bytes()
            if hashlib.sha256(body).hexdigest() != meta["sha256"]:
                return None  # a damaged cache entry is ignored, not trusted
        except (OSError, ValueError, KeyError):
            return None
        return Response(int(meta["status"]), meta.get("headers", {}), body, meta["url"],
                        from_cache=True, fetched_at=meta["fetched_at"])

    def _write_cache(self, key: str, method: str, url: str, body: bytes,
                     response: Response) -> None:
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # Credentials never reach the disk: the stored URL is redacted (the key is a hash).
        meta = {"method": method, "url": redact_url(url),
                "request_body": body.decode("utf-8", "replace"), "status": response.status,
                "headers": dict(response.headers), "fetched_at": response.fetched_at,
                "sha256": hashlib.sha256(response.body).hexdigest()}
        _atomic_write(self.cache_dir / f"{key}.body", response.body)
        _atomic_write(self.cache_dir / f"{key}.json",
                      json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))


def _atomic_write(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def default_transport(cache_dir: Path | None, *, max_age: float = 12 * 3600) -> ResilientTransport:
    """The production transport: requests + retries + politeness + cache."""
    return ResilientTransport(RequestsTransport(), cache_dir=cache_dir, max_age=max_age)
