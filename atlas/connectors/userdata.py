"""Read a user's own table (CSV or .xlsx) of values per municipality — a pure function, shared
by `atlas import` and the app's upload control.

The file needs a municipality column (code or name) and a value column, and optionally a period
column. Columns are found by header (kommune_kode, kommune, navn, værdi, value, periode, år …)
or by content, and can be named explicitly. Every data row ends up in exactly one place:

* `rows`      matched to a municipality (value None = empty / '..' / '< 5': not published);
* `rejected`  with a reason (unknown name — with a suggestion —, aggregate row such as
              "Hele landet", invalid value or period, code and name disagreeing, duplicate).

Nothing is dropped silently; fully blank lines are only counted.

Limits, checked by `atlas.connectors.userfile` before the rows are parsed (the app's server must
stay small whatever is uploaded): `MAX_FILE_BYTES`, `MAX_DATA_ROWS`, `MAX_COLUMNS`, and for an
.xlsx the uncompressed size of its parts (`MAX_XLSX_UNCOMPRESSED`, read from the zip
directory). A value beyond ±`MAX_ABS_VALUE`, a period before `FIRST_YEAR` or after next year,
and an Excel formula without a stored result are a row's problem (rejected with the reason and
the cell), never a traceback and never "not published".

`inspect_user_file` gives the columns and the reader's guess for each role without reading the
rows (for the app, where a person confirms the columns and then reads with `detect=False`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Sequence

from atlas.connectors import names
from atlas.connectors.common import period_label
from atlas.connectors.userfile import (
    MAX_ABS_VALUE,
    ExtremeValue,
    FormulaWithoutResult,
    UserDataError,
    cell_text,
    choose_decimal,
    load_file,
    parse_value,
)
from atlas.errors import SourceError

CODE_HEADERS = {"kommunekode", "komkode", "kommunenr", "kommunenummer", "kode", "code",
                "municipalitycode", "kommunecode", "lau1", "kkode", "kommunekod"}
NAME_HEADERS = {"kommune", "kommunenavn", "navn", "name", "municipality", "komnavn",
                "omraade", "area", "kommunenavne", "municipalityname"}
PERIOD_HEADERS = {"periode", "period", "aar", "year", "tid", "aarstal", "time", "ar"}
VALUE_HEADERS = {"vaerdi", "value", "indhold", "andel", "antal", "rate", "pct", "procent",
                 "percent", "share", "vardi", "val", "score"}


FIRST_YEAR = 1900
SHOWN_REJECTED = 50                        # rejected rows listed by the CLI and the page
SUGGESTED_NAMES = 2 * SHOWN_REJECTED       # unknown names given a "did you mean"
DETECT_ROWS = 2_000                        # rows looked at to guess the columns


def last_allowed_year() -> int:
    return date.today().year + 1


@dataclass(frozen=True)
class UserRow:
    line: int
    kommune_kode: int
    period: str
    value: float | None
    raw: dict[str, str]


@dataclass(frozen=True)
class RejectedRow:
    line: int
    raw: dict[str, str]
    reason: str
    suggestion: str | None = None
    # machine-readable form of `reason`, for translated messages (see REJECT_KINDS)
    kind: str = "other"
    detail: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


# Every `RejectedRow.kind`, with the `detail` keys it carries.
REJECT_KINDS = {
    "not_a_code": ("code",), "christiansoe": (), "aggregate_code": (), "unknown_code": ("code",),
    "code_name_mismatch": ("code", "code_name", "name"), "no_municipality": (),
    "aggregate_name": ("name",), "unknown_name": ("name",), "outside_snapshot": ("code",),
    "bad_period": ("period",), "no_period": (), "bad_value": ("value",),
    "duplicate": ("municipality", "period", "first_line"),
    "formula": ("cell",), "period_out_of_range": ("period", "first", "last"),
    "extreme_value": ("value", "limit"),
}


@dataclass(frozen=True)
class FileLayout:
    """What `inspect_user_file` saw: the columns and the best guess for each role (None when
    the guess is not safe, with the reason in `problems`)."""

    file_name: str
    header: list[str]
    sheets: list[str]
    sheet: str | None
    code_column: str | None
    name_column: str | None
    value_column: str | None
    period_column: str | None
    value_candidates: list[str]
    data_rows: int
    problems: list[str]


@dataclass
class UserTable:
    file_name: str
    sheet: str | None
    code_column: str | None
    name_column: str | None
    value_column: str
    period_column: str | None
    decimal: str
    rows: list[UserRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    blank_lines: int = 0

    @property
    def suppressed(self) -> int:
        return sum(1 for row in self.rows if row.value is None)

    @property
    def periods(self) -> list[str]:
        return sorted({row.period for row in self.rows})

    def values(self) -> list[float]:
        return [row.value for row in self.rows if row.value is not None]


# ------------------------------------------------------------------------------------------
# choosing columns
# ------------------------------------------------------------------------------------------

def _column_index(header: Sequence[str], wanted: str, file: str, what: str) -> int:
    for position, name in enumerate(header):
        if name.strip().casefold() == wanted.strip().casefold():
            return position
    if wanted.isdigit() and 1 <= int(wanted) <= len(header):
        return int(wanted) - 1
    raise UserDataError(f"no {what} column {wanted!r} (columns: {', '.join(header)})", file=file)


def _by_header(header: Sequence[str], keys: set[str], taken: set[int]) -> int | None:
    for position, name in enumerate(header):
        if position not in taken and names.fold(name) in keys:
            return position
    return None


def _share(cells: list[Any], test) -> float:
    filled = [c for c in cells if cell_text(c)]
    if not filled:
        return 0.0
    return sum(1 for c in filled if test(c)) / len(filled)


def _is_code(cell: Any) -> bool:
    code = names.normalise_code(cell)
    return code is not None and (code in names.CODES or code == names.CHRISTIANSOE)


def _is_name(cell: Any) -> bool:
    return names.match_name(cell_text(cell)) is not None or names.is_aggregate_name(cell_text(cell))


def _is_number(cell: Any) -> bool:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return True
    try:
        parse_value(cell, "comma")
        return True
    except ValueError:
        try:
            parse_value(cell, "point")
            return True
        except ValueError:
            return False


def _choose_columns(header: list[str], records: list[tuple[int, list[Any]]], file: str,
                    code_column: str | None, name_column: str | None, value_column: str | None,
                    period_column: str | None, *, detect: bool = True,
                    guesses: dict[str, Any] | None = None
                    ) -> tuple[int | None, int | None, int, int | None]:
    """Column positions for code, name, value and period.

    Columns not named are found by header or content when `detect` is set; with `detect` off,
    only the named columns are used (the app's column pickers). With `guesses` (a dict), a
    municipality or value column that cannot be found safely is left None and the reason and
    the candidate value columns are put in `guesses` instead of raising.
    """
    def fail(message: str, key: str) -> None:
        if guesses is None:
            raise UserDataError(message, file=file)
        guesses.setdefault("problems", []).append(message)
        guesses[key] = True

    # guessing by content looks at the first rows only (a big file's guess is no better)
    column_cells = [[row[i] if i < len(row) else None for _, row in records[:DETECT_ROWS]]
                    for i in range(len(header))]
    taken: set[int] = set()

    def explicit(wanted: str | None, what: str) -> int | None:
        if wanted is None:
            return None
        position = _column_index(header, wanted, file, what)
        taken.add(position)
        return position

    code = explicit(code_column, "code")
    name = explicit(name_column, "name")
    value = explicit(value_column, "value")
    period = explicit(period_column, "period")

    if not detect:
        if code is None and name is None:
            fail("choose a municipality column (code or name)", "no_municipality")
        if value is None:
            fail("choose the value column", "no_value")
        return code, name, value, period
    if code is None and name is None:
        code = _by_header(header, CODE_HEADERS, taken)
        if code is not None and _share(column_cells[code], _is_code) < 0.5:
            code = None
        name = _by_header(header, NAME_HEADERS, taken | ({code} if code is not None else set()))
        if name is not None and _share(column_cells[name], _is_code) >= 0.8:
            code, name = (name, None) if code is None else (code, None)   # "Kommune" holds codes
        for position in (code, name):
            if position is not None:
                taken.add(position)
        if code is None and name is None:
            for position, cells in enumerate(column_cells):
                if position in taken:
                    continue
                if _share(cells, _is_code) >= 0.8 and code is None:
                    code = position
                elif _share(cells, _is_name) >= 0.6 and name is None:
                    name = position
            for position in (code, name):
                if position is not None:
                    taken.add(position)
        if code is None and name is None:
            fail("found no municipality column (a code like 101 or a name like København); name "
                 f"it with --code-column or --name-column (columns: {', '.join(header)})",
                 "no_municipality")
    if period is None and period_column is None:
        period = _by_header(header, PERIOD_HEADERS, taken)
        if period is not None:
            taken.add(period)
    if value is None:
        value = _by_header(header, VALUE_HEADERS, taken)
        if value is None:
            numeric = [position for position, cells in enumerate(column_cells)
                       if position not in taken and header[position].strip()
                       and _share(cells, _is_number) >= 0.8]
            if guesses is not None:
                guesses["value_candidates"] = [header[p] for p in numeric]
            if len(numeric) == 1:
                value = numeric[0]
            elif not numeric:
                fail(f"found no value column with numbers (columns: {', '.join(header)}); name "
                     "it with --value-column", "no_value")
            else:
                fail("several columns could hold the values ("
                     + ", ".join(header[p] for p in numeric) + "); choose one with --value-column",
                     "several_values")
    return code, name, value, period


# ------------------------------------------------------------------------------------------
# the public function
# ------------------------------------------------------------------------------------------

def check_period_range(label: str) -> None:
    """ValueError unless every year of a period label lies in FIRST_YEAR … next year."""
    last = last_allowed_year()
    if any(not FIRST_YEAR <= int(year) <= last for year in re.findall(r"\d{4}", label)):
        raise ValueError(f"a year from {FIRST_YEAR} to {last}")


def inspect_user_file(source: Path | bytes, *, file_name: str | None = None,
                      sheet: str | None = None) -> FileLayout:
    """The columns of a user's file and the reader's guess for each role, without reading the
    rows — for letting a person confirm or change the columns before `read_user_table`.

    Raises UserDataError only when the file as a whole cannot be read.
    """
    loaded = load_file(source, file_name, sheet)
    guesses: dict[str, Any] = {}
    code_i, name_i, value_i, period_i = _choose_columns(
        loaded.header, loaded.records, loaded.file_name, None, None, None, None,
        guesses=guesses)

    def column(position: int | None) -> str | None:
        return loaded.header[position] if position is not None else None

    data_rows = sum(1 for _, row in loaded.records if any(cell_text(c) for c in row))
    return FileLayout(loaded.file_name, list(loaded.header), loaded.sheets, loaded.sheet,
                      column(code_i), column(name_i), column(value_i), column(period_i),
                      list(guesses.get("value_candidates", [])), data_rows,
                      list(guesses.get("problems", [])))


def read_user_table(source: Path | bytes, *, file_name: str | None = None,
                    code_column: str | None = None, name_column: str | None = None,
                    value_column: str | None = None, period_column: str | None = None,
                    period: str | None = None, sheet: str | None = None, decimal: str = "auto",
                    universe: Iterable[int] | None = None, detect: bool = True) -> UserTable:
    """Read a user's CSV or .xlsx (path or bytes). See the module docstring.

    `period` is used for every row when the file has no period column.
    `universe`: the municipality codes allowed (default: the 98).
    `detect`: find the columns not named by header or content (default); when False, only the
    named columns are used (a municipality column and the value column must be named).
    """
    if decimal not in ("auto", "comma", "point"):
        raise UserDataError(f"decimal must be auto, comma or point, not {decimal!r}")
    loaded = load_file(source, file_name, sheet)
    file_name, header, records = loaded.file_name, loaded.header, loaded.records
    delimiter, chosen_sheet = loaded.delimiter, loaded.sheet
    allowed = set(universe) if universe is not None else set(names.CODES)

    code_i, name_i, value_i, period_i = _choose_columns(
        header, records, file_name, code_column, name_column, value_column, period_column,
        detect=detect)
    if period_i is None and period is None:
        raise UserDataError("the file has no period column (periode, år, year); say which year "
                            "the values are for with --period 2024", file=file_name)
    fixed_period = None
    if period is not None:
        try:
            fixed_period = period_label(str(period), source=file_name)
            check_period_range(fixed_period)
        except SourceError:
            raise UserDataError(f"--period must be a year or a span like 2021-2025, not "
                                f"{period!r}") from None
        except ValueError as problem:
            raise UserDataError(f"--period {period!r} is not {problem}") from None
    value_cells = [row[value_i] if value_i < len(row) else None for _, row in records]
    chosen_decimal = choose_decimal(value_cells, delimiter) if decimal == "auto" else decimal

    table = UserTable(file_name, chosen_sheet,
                      header[code_i] if code_i is not None else None,
                      header[name_i] if name_i is not None else None,
                      header[value_i], header[period_i] if period_i is not None else None,
                      chosen_decimal)
    first_line: dict[tuple[int, str], int] = {}
    suggestions: dict[str, str | None] = {}
    matched_names: dict[str, int | None] = {}      # a name recurs once per period
    for line, row in records:
        cells = list(row) + [None] * (len(header) - len(row))
        if not any(cell_text(c) for c in cells):
            table.blank_lines += 1
            continue
        raw = {header[i] or f"column {i + 1}": cell_text(cells[i]) for i in range(len(header))}

        def reject(reason: str, suggestion: str | None = None, line: int = line,
                   raw: dict[str, str] = raw, *, kind: str = "other", **detail: Any) -> None:
            table.rejected.append(RejectedRow(line, raw, reason, suggestion, kind,
                                              {k: str(v) for k, v in detail.items()}))

        raw_code = cell_text(cells[code_i]) if code_i is not None else ""
        raw_name = cell_text(cells[name_i]) if name_i is not None else ""
        code_cell = cells[code_i] if code_i is not None else None
        if code_i is None and re.fullmatch(r"\d{1,4}", raw_name):
            # a name column that holds a code in some rows ("0751"): a code is unambiguous
            raw_code, raw_name, code_cell = raw_name, "", raw_name
        code = names.normalise_code(code_cell) if raw_code else None
        if raw_name and raw_name not in matched_names:
            matched_names[raw_name] = names.match_name(raw_name)
        named = matched_names[raw_name] if raw_name else None
        if raw_code and code is None:
            # "101 København" (DST's code-and-text form) in a code column
            match = re.fullmatch(r"(\d{1,4})\s+(.+)", raw_code)
            if match:
                code, named = int(match.group(1)), named or names.match_name(match.group(2))
            else:
                reject(f"{raw_code!r} is not a municipality code", kind="not_a_code", code=raw_code)
                continue
        if code is not None:
            if code == names.CHRISTIANSOE:
                reject("Christiansø (411) is not a municipality", kind="christiansoe")
                continue
            if code == names.NATIONAL_CODE or code in names.REGION_CODES:
                reject("a total for the whole country or a region, not a municipality",
                       kind="aggregate_code")
                continue
            if code not in names.CODES:
                reject(f"unknown municipality code {raw_code}", kind="unknown_code", code=raw_code)
                continue
            if raw_name and named is not None and named != code:
                reject(f"code {code} ({names.municipality_name(code)}) and name {raw_name!r} "
                       "are different municipalities", kind="code_name_mismatch", code=code,
                       code_name=names.municipality_name(code), name=raw_name)
                continue
        else:
            if not raw_name:
                reject("no municipality code or name", kind="no_municipality")
                continue
            if named is None:
                if names.is_aggregate_name(raw_name):
                    reject("a total or region, not a municipality", kind="aggregate_name",
                           name=raw_name)
                else:
                    # "did you mean …" costs milliseconds: only for the rows that are listed
                    if raw_name not in suggestions and len(suggestions) < SUGGESTED_NAMES:
                        suggestions[raw_name] = names.suggest(raw_name)
                    hint = suggestions.get(raw_name)
                    reject(f"municipality name {raw_name!r} not recognised", hint,
                           kind="unknown_name", name=raw_name)
                continue
            code = named
        if code not in allowed:
            reject(f"municipality {code} is not in this snapshot's municipalities",
                   kind="outside_snapshot", code=code)
            continue
        if period_i is not None and cell_text(cells[period_i]):
            try:
                row_period = period_label(cell_text(cells[period_i]), source=file_name)
            except SourceError:
                reject(f"period {cell_text(cells[period_i])!r} is not a year or a span like "
                       "2021-2025", kind="bad_period", period=cell_text(cells[period_i]))
                continue
            try:
                check_period_range(row_period)
            except ValueError:
                reject(f"period {row_period} is not a year from {FIRST_YEAR} to "
                       f"{last_allowed_year()}", kind="period_out_of_range", period=row_period,
                       first=FIRST_YEAR, last=last_allowed_year())
                continue
        elif fixed_period is not None:
            row_period = fixed_period
        else:
            reject("no period in this row (and no --period given)", kind="no_period")
            continue
        value_cell = cells[value_i]
        try:
            value = parse_value(value_cell, chosen_decimal)
        except ExtremeValue as problem:
            reject(f"value {cell_text(value_cell)[:40]!r} is not {problem}", kind="extreme_value",
                   value=cell_text(value_cell)[:40], limit=f"{MAX_ABS_VALUE:g}")
            continue
        except ValueError as problem:
            if isinstance(value_cell, FormulaWithoutResult):
                reject(f"cell {value_cell.cell}: formula without a stored result: open and save "
                       "the file in Excel/LibreOffice, or export CSV", kind="formula",
                       cell=value_cell.cell)
            else:
                reject(f"value {cell_text(value_cell)[:40]!r} is not {problem}", kind="bad_value",
                       value=cell_text(value_cell)[:40])
            continue
        key = (code, row_period)
        if key in first_line:
            reject(f"duplicate: {names.municipality_name(code)} {row_period} already on line "
                   f"{first_line[key]}", kind="duplicate",
                   municipality=names.municipality_name(code), period=row_period,
                   first_line=first_line[key])
            continue
        first_line[key] = line
        table.rows.append(UserRow(line, code, row_period, value, raw))
    return table
