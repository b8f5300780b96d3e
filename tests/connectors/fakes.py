"""A scripted fake transport and a small StatBank emulator over the fixture files.

`FakeStatbank` answers /tableinfo with the fixture JSON and /data by filtering the fixture CSV
to the requested codes, keeping DST's format (BOM, `;`, CRLF, header in upper-case codes with
TID and INDHOLD). A code that is not in the fixture's tableinfo gets DST's 400
EXTRACT-NOTFOUND body, as the real API does.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Callable, Mapping

from atlas.connectors.transport import Response

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "connectors"
STATBANK = "https://api.statbank.dk/v1"

Outcome = Any  # Response | BaseException | (error class, text) | Callable[[method, url, payload], Response]


def response(body: bytes | str, status: int = 200, **headers: str) -> Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Response(status, headers or {"Content-Type": "text/csv; charset=utf-8"}, data, "fake://")


class FakeStatbank:
    def __init__(self, directory: Path = FIXTURES / "statbank",
                 overrides: Mapping[str, bytes] | None = None) -> None:
        self.directory = directory
        self.overrides = dict(overrides or {})

    def __call__(self, method: str, url: str, payload: Any) -> Response:
        endpoint = url.rstrip("/").rsplit("/", 1)[-1]
        table = str(payload.get("table", "")).upper()
        info_path = self.directory / f"tableinfo_{table}.json"
        if not info_path.is_file():
            return self._error("EXTRACT-NOTFOUND", "Tabellen blev ikke fundet")
        if endpoint == "tableinfo":
            body = self.overrides.get(f"tableinfo_{table}", info_path.read_bytes())
            return Response(200, {"Content-Type": "text/json; charset=utf-8"}, body, url)
        if endpoint != "data":
            return Response(404, {}, b"", url)
        if payload.get("format") != "CSV":
            return self._error("REQUEST-MISSING", "Format ikke angivet, eller ikke gyldigt")
        if f"data_{table}" in self.overrides:
            return Response(200, {"Content-Type": "text/csv; charset=utf-8"},
                            self.overrides[f"data_{table}"], url)
        info = json.loads(info_path.read_text(encoding="utf-8"))
        known = {v["id"].upper(): {value["id"] for value in v["values"]} for v in info["variables"]}
        wanted: dict[str, set[str]] = {}
        for variable in payload["variables"]:
            code = variable["code"].upper()
            if code not in known:
                return self._error("EXTRACT-NOTFOUND", "Variablen blev ikke fundet")
            if not set(variable["values"]) <= known[code]:
                return self._error("EXTRACT-NOTFOUND", "Værdien blev ikke fundet")
            wanted["TID" if code == "TID" else code] = set(variable["values"])
        text = (self.directory / f"data_{table}.csv").read_bytes().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        header, body_rows = rows[0], [r for r in rows[1:] if r]
        order = [v["code"].upper() for v in payload["variables"] if v["code"].upper() != "TID"]
        order += ["TID", "INDHOLD"]
        position = {name: header.index(name) for name in header}
        out = [";".join(order)]
        for row in body_rows:
            if all(row[position[name]] in codes for name, codes in wanted.items()):
                out.append(";".join(row[position[name]] for name in order))
        data = ("\ufeff" + "\r\n".join(out) + "\r\n").encode("utf-8")
        return Response(200, {"Content-Type": "text/csv; charset=utf-8"}, data, url)

    @staticmethod
    def _error(code: str, message: str) -> Response:
        body = json.dumps({"errorTypeCode": code, "message": message}, ensure_ascii=False)
        return Response(400, {"Content-Type": "text/json; charset=utf-8"}, body.encode(), "fake://")


class FakeTransport:
    """Routes by URL prefix to a handler (callable) or fixed bytes; scripted outcomes first."""

    def __init__(self, routes: Mapping[str, Any] | None = None) -> None:
        self.routes = dict(routes or {})
        self.calls: list[tuple[str, str, Any]] = []
        self._scripts: list[tuple[Callable[[str, str, Any], bool], list[Outcome]]] = []

    def script(self, match: str | Callable[[str, str, Any], bool], *outcomes: Outcome) -> None:
        """The next requests that `match` (a URL/table substring or a predicate) get `outcomes`
        in order; afterwards they fall through to the routes."""
        if isinstance(match, str):
            needle = match
            match = lambda method, url, payload: needle in url or (  # noqa: E731
                isinstance(payload, dict) and payload.get("table", "").upper() == needle.upper())
        self._scripts.append((match, list(outcomes)))

    def post_json(self, url: str, payload: Mapping[str, Any], *, source: str) -> Response:
        return self._dispatch("POST", url, dict(payload), source)

    def get(self, url: str, *, params: Mapping[str, str] | None = None, source: str) -> Response:
        return self._dispatch("GET", url, dict(params or {}), source)

    def _dispatch(self, method: str, url: str, payload: Any, source: str = "") -> Response:
        self.calls.append((method, url, payload))
        for match, outcomes in self._scripts:
            if outcomes and match(method, url, payload):
                outcome = outcomes.pop(0)
                if isinstance(outcome, tuple):      # (error class, text): as a real transport
                    error, text = outcome           # would raise it, prefixed with the source
                    raise error(f"{source}: {text}")
                if isinstance(outcome, BaseException):
                    raise outcome
                if callable(outcome):
                    return outcome(method, url, payload)
                return outcome
        for prefix, target in sorted(self.routes.items(), key=lambda item: -len(item[0])):
            if url.startswith(prefix):
                if callable(target):
                    return target(method, url, payload)
                return Response(200, {}, target, url)
        return Response(404, {"Content-Type": "text/html"}, b"<html>Not found</html>", url)

    def data_calls(self, table: str) -> list[dict]:
        return [p for m, u, p in self.calls if u.endswith("/data") and p.get("table") == table]
