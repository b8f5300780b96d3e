"""A user's file (CSV or .xlsx) as a header and raw rows, read safely, and a cell as a number.

The limits are checked before the rows are parsed, so the app's server stays small whatever is
uploaded: `MAX_FILE_BYTES`, `MAX_DATA_ROWS`, `MAX_COLUMNS`, and for an .xlsx the uncompressed size
of its parts (`MAX_XLSX_UNCOMPRESSED`, read from the zip directory). CSV: UTF-8 or Windows-1252,
the delimiter sniffed. An .xlsx formula without a stored result becomes `FormulaWithoutResult`
(unknown, not "not published"). `parse_value` reads a number with a decimal comma or point and
refuses one beyond ±`MAX_ABS_VALUE`. Which column is which is `atlas.connectors.userdata`'s job.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from atlas.errors import SourceError
from atlas.sanitize import printable

SUPPRESSED_MARKS = {"", "..", ".", "-", "x", "na", "n/a", "nan", "null", "none"}
# sizes in MB of 1024 x 1024 bytes, the unit of Streamlit's server.maxUploadSize and of its
# uploader's "Limit 10MB per file": one unit in every limit and message
MEGABYTE = 1024 * 1024
MAX_FILE_BYTES = 10 * MEGABYTE             # 10 MB: a table per municipality is far smaller
MAX_DATA_ROWS = 100_000
MAX_COLUMNS = 200
MAX_XLSX_UNCOMPRESSED = 50 * MEGABYTE      # the workbook's XML, unpacked
MAX_ABS_VALUE = 1e12                       # beyond any per-municipality statistic


class UserDataError(SourceError):
    """The file as a whole cannot be read (not one row's problem)."""


@dataclass(frozen=True)
class FormulaWithoutResult:
    """An .xlsx cell holding a formula whose result was never stored (the file was written by a
    program that does not calculate): its value is unknown, not "not published"."""

    cell: str

    def __str__(self) -> str:
        return f"={self.cell}?"


def _decode(data: bytes, file: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserDataError("the file is neither UTF-8 nor Windows-1252 text", file=file)


def _too_many_rows(file: str) -> UserDataError:
    return UserDataError(f"more than {MAX_DATA_ROWS:,} rows; the atlas takes at most "
                         f"{MAX_DATA_ROWS:,} rows per file (98 municipalities × periods)",
                         file=file)


def _check_width(row: Sequence[Any], file: str, line: int) -> None:
    if len(row) > MAX_COLUMNS:
        raise UserDataError(f"{len(row):,} columns; the atlas reads at most {MAX_COLUMNS}",
                            file=file, line=line)


def _read_csv(data: bytes, file: str) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    text = printable(_decode(data, file))       # control characters dropped (see load_file)
    head = text[:65536].splitlines()[:20]
    sample = "\n".join(head)
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = head[0] if head else ""
        delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            _check_width(row, file, reader.line_num)
            records.append((reader.line_num, row))
            if len(records) > MAX_DATA_ROWS + 1:      # + the header
                raise _too_many_rows(file)
    except csv.Error as problem:
        raise UserDataError(f"malformed CSV ({problem})", file=file) from None
    del text
    while records and not any(cell.strip() for cell in records[0][1]):
        records.pop(0)
    if not records:
        raise UserDataError("the file is empty", file=file)
    header_line, header = records[0]
    header = [cell.strip().lstrip("\ufeff") for cell in header]
    return header, [(line, row) for line, row in records[1:]], delimiter


def _read_xlsx(data: bytes, file: str, sheet: str | None,
               sheet_names: list[str] | None = None
               ) -> tuple[list[str], list[tuple[int, list[Any]]], str]:
    import openpyxl

    _check_unpacked_size(data, file)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as problem:  # zip, XML or openpyxl errors all mean "not a usable .xlsx"
        raise UserDataError(f"not a readable .xlsx workbook ({type(problem).__name__}: {problem})",
                            file=file) from None
    try:
        if sheet_names is not None:
            sheet_names.extend(workbook.sheetnames)
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise UserDataError(f"no sheet {sheet!r} (sheets: "
                                    f"{', '.join(workbook.sheetnames)})", file=file)
            chosen = sheet
        else:
            chosen = workbook.sheetnames[0]
        rows = []
        try:
            for number, row in enumerate(workbook[chosen].iter_rows(values_only=True), start=1):
                _check_width(row, file, number)
                rows.append((number, [printable(value) if isinstance(value, str) else value
                                      for value in row]))
                if len(rows) > MAX_DATA_ROWS + 1:
                    raise _too_many_rows(file)
        except UserDataError:
            raise
        except Exception as problem:
            raise UserDataError(f"the workbook is damaged ({type(problem).__name__})",
                                file=file) from None
    finally:
        workbook.close()
    _mark_formulas_without_result(data, chosen, rows)
    while rows and sum(1 for v in rows[0][1] if v not in (None, "")) < 2:
        rows.pop(0)
    if not rows:
        raise UserDataError(f"sheet {chosen!r} has no header row with two or more columns",
                            file=file)
    header = ["" if v is None else str(v).strip() for v in rows[0][1]]
    return header, rows[1:], chosen


def megabytes(size: int, *, limit: bool = False) -> str:
    """A size in MB (of MEGABYTE bytes) to a tenth: a file's size rounded up, a limit down, so
    that a file just over a limit never reads as the limit itself ("10.1 MB" against "10 MB")."""
    rounding = math.floor if limit else math.ceil
    tenths = rounding(size * 10 / MEGABYTE)
    return f"{tenths // 10:,} MB" if tenths % 10 == 0 else f"{tenths / 10:,.1f} MB"


def _check_unpacked_size(data: bytes, file: str) -> None:
    """Refuse an .xlsx whose parts unpack to more than MAX_XLSX_UNCOMPRESSED (a "zip bomb" of
    text), from the zip directory alone, before any part is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as problem:
        raise UserDataError(f"not a readable .xlsx workbook ({problem})", file=file) from None
    if unpacked > MAX_XLSX_UNCOMPRESSED:
        raise UserDataError(f"the workbook unpacks to {megabytes(unpacked)}; the atlas reads "
                            f"workbooks of at most {megabytes(MAX_XLSX_UNCOMPRESSED, limit=True)} "
                            "unpacked (save the sheet you need as CSV)", file=file)


def _mark_formulas_without_result(data: bytes, sheet: str,
                                  rows: list[tuple[int, list[Any]]]) -> None:
    """Replace the empty cells that hold a formula without a stored result by
    FormulaWithoutResult (read with data_only, such a cell is None: "not published")."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    if not any(cell is None for _, row in rows for cell in row):
        return
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        by_number = dict(rows)
        for number, cells in enumerate(workbook[sheet].iter_rows(), start=1):
            values = by_number.get(number)
            if values is None:
                continue
            for position, cell in enumerate(cells):
                if (position < len(values) and values[position] is None
                        and getattr(cell, "data_type", None) == "f"):
                    values[position] = FormulaWithoutResult(
                        f"{get_column_letter(position + 1)}{number}")
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, FormulaWithoutResult):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_GROUPED_COMMA = re.compile(r"[-+]?\d{1,3}(,\d{3})+")   # 1,234 could be a thousands group
_GROUPED_POINT = re.compile(r"[-+]?\d{1,3}(\.\d{3})+")


def choose_decimal(raw_values: Iterable[Any], delimiter: str | None) -> str:
    """'comma' or 'point' for the value column's text cells (numbers in .xlsx need neither)."""
    comma_evidence = point_evidence = False
    for value in raw_values:
        if not isinstance(value, str):
            continue
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                comma_evidence = True
            else:
                point_evidence = True
        elif re.fullmatch(r"[-+]?\d*,\d+", text) and not _GROUPED_COMMA.fullmatch(text):
            comma_evidence = True
        elif re.fullmatch(r"[-+]?\d*\.\d+", text) and not _GROUPED_POINT.fullmatch(text):
            point_evidence = True
    if comma_evidence and not point_evidence:
        return "comma"
    if point_evidence and not comma_evidence:
        return "point"
    return "point" if delimiter == "," else "comma"   # Danish default when nothing tells


class ExtremeValue(ValueError):
    """A number beyond ±MAX_ABS_VALUE."""


def _bounded(value: float) -> float:
    if math.isnan(value):
        raise ValueError("a number")
    if not math.isfinite(value) or abs(value) > MAX_ABS_VALUE:
        raise ExtremeValue(f"a number between -{MAX_ABS_VALUE:,.0f} and {MAX_ABS_VALUE:,.0f}")
    return value


def parse_value(raw: Any, decimal: str) -> float | None:
    """A cell -> number, or None for an empty/suppressed mark. ValueError when invalid
    (ExtremeValue beyond ±MAX_ABS_VALUE)."""
    if raw is None:
        return None
    if isinstance(raw, FormulaWithoutResult):
        raise ValueError(f"a stored value (cell {raw.cell} holds a formula without a result)")
    if isinstance(raw, bool):
        raise ValueError("a number, not a true/false cell")
    if isinstance(raw, (int, float)):
        try:
            return _bounded(float(raw))
        except OverflowError:      # an integer beyond any float
            raise ExtremeValue(f"a number between -{MAX_ABS_VALUE:,.0f} and "
                               f"{MAX_ABS_VALUE:,.0f}") from None
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if text.casefold() in SUPPRESSED_MARKS or re.fullmatch(r"<\d+([.,]\d+)?", text):
        return None
    thousands, point = (".", ",") if decimal == "comma" else (",", ".")
    if thousands in text:
        whole = text.split(point)[0].lstrip("+-")
        if not re.fullmatch(r"\d{1,3}(" + re.escape(thousands) + r"\d{3})+", whole):
            raise ValueError(f"a number with decimal {decimal} (is the separator right? "
                             "see --decimal)")
        text = text.replace(thousands, "")
    text = text.replace(point, ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError("a number")
    return _bounded(float(text))


@dataclass
class LoadedFile:
    """A file's header and raw data rows (line number, cells), before any column is chosen."""

    file_name: str
    header: list[str]
    records: list[tuple[int, list[Any]]]
    delimiter: str | None
    sheet: str | None
    sheets: list[str]


def _check_size(size: int, file: str) -> None:
    if size > MAX_FILE_BYTES:
        raise UserDataError(f"the file is {megabytes(size)}; the atlas reads files of at most "
                            f"{megabytes(MAX_FILE_BYTES, limit=True)} (one value per "
                            "municipality and period fits in far less)", file=file)


def load_file(source: Path | bytes, file_name: str | None, sheet: str | None) -> LoadedFile:
    """Read a CSV or .xlsx (path or bytes) within the limits; UserDataError when the file as a
    whole cannot be read."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise UserDataError(f"file {path} does not exist")
        file_name = file_name or path.name
        _check_size(path.stat().st_size, file_name)
        data = path.read_bytes()
    else:
        data, file_name = source, file_name or "uploaded file"
    # Control characters (atlas.views.text) are dropped from the file name, the header and
    # every cell: a spreadsheet may carry them unseen, and they would break the figures and
    # workbooks made from the data (the build refuses them in the sources).
    file_name = printable(file_name)
    _check_size(len(data), file_name)
    if not data.strip():
        raise UserDataError("the file is empty", file=file_name)
    is_xlsx = data[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm"))
    sheets: list[str] = []
    if is_xlsx:
        header, records, chosen_sheet = _read_xlsx(data, file_name, sheet, sheets)
        delimiter = None
    else:
        if file_name.lower().endswith(".xls"):
            raise UserDataError("old .xls workbooks are not supported; save as .xlsx or CSV",
                                file=file_name)
        header, records, delimiter = _read_csv(data, file_name)
        chosen_sheet = None
    if len(set(h.casefold() for h in header if h)) < len([h for h in header if h]):
        raise UserDataError(f"the header has duplicate column names: {', '.join(header)}",
                            file=file_name, line=1)
    return LoadedFile(file_name, header, records, delimiter, chosen_sheet, sheets)
