"""Statistics Denmark's StatBank API (https://api.statbank.dk/v1) on the wire: POST /tableinfo
(what variables and codes a table has now) and POST /data as CSV with `valuePresentation=Code`,
`lang=da`, each response checked completely before it is used.

Format facts (docs/…/source-formats.md §1): `;`-separated, UTF-8 with an optional BOM, CRLF,
header = variable codes in upper case then `TID` and `INDHOLD`, decimal comma, `..` for a
suppressed value. An `errorTypeCode` body, an HTTP error, a header that lacks a requested
variable (reshaped table), a row with too few fields or a missing combination (truncated), and
any area code that was not asked for (unknown municipality) are each a `StatbankError` naming
the table, the line and the column. What to ask for is `atlas.connectors.statbank`'s job.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import dataclass
from typing import Any, Mapping

from atlas.build.snapshot import strict_float
from atlas.connectors.transport import Response, Transport
from atlas.errors import SourceError

STATBANK_URL = "https://api.statbank.dk/v1"
SOURCE = "Statistics Denmark (StatBank API)"
SUPPRESSED = frozenset({"..", ".", "-", "x", "X"})  # `..` is DST's; the rest are precautions


class StatbankError(SourceError):
    """A StatBank request or response that cannot be used."""


class StatbankApiError(StatbankError):
    """DST answered with an error body: {"errorTypeCode": …, "message": …}."""

    def __init__(self, message: str, *, code: str, **where: Any) -> None:
        self.code = code
        super().__init__(message, **where)


# ------------------------------------------------------------------------------------------
# tableinfo
# ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Variable:
    id: str
    text: str
    elimination: bool
    time: bool
    values: tuple[tuple[str, str], ...]  # (code, text)

    @property
    def codes(self) -> list[str]:
        return [code for code, _ in self.values]


@dataclass(frozen=True)
class TableInfo:
    id: str
    text: str
    unit: str
    updated: str
    variables: tuple[Variable, ...]

    def variable(self, variable_id: str) -> Variable | None:
        wanted = variable_id.casefold()
        return next((v for v in self.variables if v.id.casefold() == wanted), None)

    @property
    def time_variable(self) -> Variable:
        for variable in self.variables:
            if variable.time:
                return variable
        raise StatbankError(f"{SOURCE}, table {self.id}: tableinfo has no time variable")


def parse_tableinfo(body: bytes, table: str) -> TableInfo:
    where = f"{SOURCE}, table {table}, tableinfo"
    document = _json_or_none(body)
    if not isinstance(document, dict):
        raise StatbankError(f"{where}: the response is not the expected JSON object "
                            f"(starts with {body[:60]!r}); it may be truncated")
    _raise_api_error(document, table, "tableinfo")
    try:
        variables = tuple(
            Variable(str(v["id"]), str(v.get("text", "")), bool(v.get("elimination", False)),
                     bool(v.get("time", False)),
                     tuple((str(value["id"]), str(value.get("text", ""))) for value in v["values"]))
            for v in document["variables"]
        )
    except (KeyError, TypeError) as problem:
        raise StatbankError(f"{where}: unexpected shape, missing {problem}") from None
    if not variables:
        raise StatbankError(f"{where}: the table has no variables")
    return TableInfo(str(document.get("id", table)), str(document.get("text", "")),
                     str(document.get("unit", "")), str(document.get("updated", "")), variables)


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _raise_api_error(document: Any, table: str, endpoint: str, status: int | None = None) -> None:
    if isinstance(document, dict) and "errorTypeCode" in document:
        code = str(document.get("errorTypeCode"))
        message = str(document.get("message", "")).strip()
        http = f"HTTP {status}, " if status else ""
        raise StatbankApiError(
            f"{SOURCE}, table {table}: DST refused the {endpoint} request ({http}{code}): "
            f"{message or 'no message'}", code=code)


# ------------------------------------------------------------------------------------------
# /data as CSV
# ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DataRow:
    line: int
    codes: Mapping[str, str]   # variable id (as requested) -> code
    value: float | None


def parse_data_csv(body: bytes, *, table: str, selection: Mapping[str, list[str]],
                   area: str | None = None) -> list[DataRow]:
    """Parse a /data CSV response (valuePresentation=Code, lang=da) and check it completely.

    `selection` maps each requested variable id to the codes requested; the response must
    contain exactly one row per combination, with no other codes.
    """
    file = f"{SOURCE}, table {table}, data response"
    if body.lstrip()[:1] == b"{":
        _raise_api_error(_json_or_none(body), table, "data")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise StatbankError(f"not UTF-8 (byte {problem.start}); the response is damaged",
                            file=file) from None
    if not text.strip():
        raise StatbankError("the response is empty (expected a CSV header and rows); "
                            "it may be truncated", file=file)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader)]
        records = [(reader.line_num, row) for row in reader]
    except csv.Error as problem:
        raise StatbankError(f"malformed CSV ({problem}); the response may be truncated",
                            file=file) from None

    # Header: one column per requested variable (time as TID), then INDHOLD. By name, not place.
    folded = {name.casefold(): position for position, name in enumerate(header)}
    columns: dict[str, int] = {}
    missing = []
    for variable in selection:
        position = folded.get(variable.casefold())
        if position is None:
            missing.append(variable.upper())
        else:
            columns[variable] = position
    value_position = folded.get("indhold")
    if value_position is None:
        missing.append("INDHOLD")
    expected = [v.upper() for v in selection] + ["INDHOLD"]
    extra = [name for name in header if name.casefold() not in
             {v.casefold() for v in selection} | {"indhold"}]
    if missing or extra:
        raise StatbankError(
            f"the table looks reshaped: header is {';'.join(header)!r} but the request needs "
            f"{';'.join(expected)!r}" + (f" (missing {', '.join(missing)})" if missing else "")
            + (f" (unexpected {', '.join(extra)})" if extra else "")
            + "; update atlas/connectors/table_specs.toml", file=file, line=1)

    wanted = {variable: set(codes) for variable, codes in selection.items()}
    rows: list[DataRow] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, record in records:
        if not record or record == [""]:
            continue
        if len(record) != len(header):
            raise StatbankError(f"row has {len(record)} field(s), expected {len(header)}: "
                                "the response looks truncated", file=file, line=line)
        codes = {variable: record[position].strip() for variable, position in columns.items()}
        for variable, code in codes.items():
            if code not in wanted[variable]:
                what = ("unknown area code" if variable == area else "unexpected code")
                hint = (" — not one of the requested municipalities"
                        if variable == area else " — it was not requested")
                raise StatbankError(f"{what} {code!r}{hint}", file=file, line=line,
                                    column=variable.upper())
        raw = record[value_position].strip()
        if raw in SUPPRESSED:
            value = None
        elif raw == "":
            raise StatbankError("empty value (DST writes '..' for a suppressed value); the "
                                "response looks truncated", file=file, line=line, column="INDHOLD")
        else:
            try:
                value = strict_float(raw.replace(",", "."))
            except ValueError:
                raise StatbankError(f"expected a number (decimal comma) or '..', found {raw!r}",
                                    file=file, line=line, column="INDHOLD") from None
        key = tuple(codes[variable] for variable in selection)
        if key in seen:
            raise StatbankError(f"duplicate row for {dict(zip(selection, key))} (first on line "
                                f"{seen[key]})", file=file, line=line)
        seen[key] = line
        rows.append(DataRow(line, codes, value))

    expected_rows = 1
    for codes in selection.values():
        expected_rows *= len(set(codes))
    if len(rows) != expected_rows:
        first_missing = next(
            (dict(zip(selection, combo)) for combo in itertools.product(*selection.values())
             if tuple(combo) not in seen), None)
        raise StatbankError(
            f"the response has {len(rows)} of the {expected_rows} requested rows"
            + (f" (first missing: {first_missing})" if first_missing else "")
            + "; it is truncated or the table changed", file=file)
    return rows


class StatbankClient:
    def __init__(self, transport: Transport, base_url: str = STATBANK_URL) -> None:
        self.transport = transport
        self.base_url = base_url.rstrip("/")

    def _post(self, endpoint: str, payload: Mapping[str, Any], table: str) -> Response:
        label = f"{SOURCE}, table {table}"
        response = self.transport.post_json(f"{self.base_url}/{endpoint}", payload, source=label)
        if not response.ok:
            _raise_api_error(_json_or_none(response.body), table, endpoint, response.status)
            response.raise_for_status(label)
        return response

    def tableinfo(self, table: str) -> TableInfo:
        response = self._post("tableinfo", {"table": table, "format": "JSON", "lang": "da"}, table)
        return parse_tableinfo(response.body, table)

    def data(self, table: str, selection: Mapping[str, list[str]],
             area: str | None = None) -> list[DataRow]:
        """Rows for an explicit selection (every variable, explicit codes; no wildcards)."""
        payload = {"table": table, "format": "CSV", "lang": "da", "valuePresentation": "Code",
                   "variables": [{"code": variable, "values": list(codes)}
                                 for variable, codes in selection.items()]}
        response = self._post("data", payload, table)
        return parse_data_csv(response.body, table=table, selection=selection, area=area)
