"""Downloads of exactly what a page shows: CSV and Excel (.xlsx) with provenance.

A view builds one `ExportTable` from the same model it shows (columns in the order shown, rows
in the order shown, texts in the page's language); this module only writes it:

- CSV: UTF-8 with a byte-order mark; Danish uses `;` between fields and a decimal comma (what
  Excel with Danish settings expects), English `,` and a decimal point. Numbers are rounded
  half-up to the column's (or row's) decimals (the indicator's own number format), without
  thousands separators. The provenance goes in a second CSV (`provenance_csv`).
- XLSX (openpyxl): a data sheet with real numbers and number formats (Excel shows them in the
  reader's own locale), text columns (municipality codes such as "071") stored as text, and a
  provenance sheet: publisher, table, period, licence and attribution per indicator, plus the
  build date and the atlas address of the view.

A missing value is an empty cell in both (never 0, never a word a spreadsheet would have to
skip); the provenance says so in a line of its own ("Tom celle: ingen data …").
- Formula injection (OWASP "CSV injection"): a text cell that a spreadsheet would read as a
  formula (starting with `= + - @`, a tab or a carriage return) gets a leading `'` in CSV
  (`spreadsheet_text`, also used by the other CSV writers), and every XLSX text cell is written
  as a string, never a formula. Numbers stay numbers.

User-supplied indicators keep their label ("… (egne data)") because the view passes the
labels it shows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Sequence

from atlas.i18n import area, is_missing, pick
from atlas.sanitize import printable

TEXTS = area("exports")   # ids `exports.*` (docs/i18n.md)
SEPARATOR = {"da": ";", "en": ","}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?")


def spreadsheet_text(value: Any) -> Any:
    """A text cell as a spreadsheet cannot run it: OWASP's CSV-injection rule, a leading `'`
    before text that starts with `= + - @`, a tab or a carriage return (Excel, LibreOffice and
    Google Sheets read those as formulas, e.g. `=HYPERLINK(...)`). A plain number written as
    text ("-3,5") and anything that is not a string are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) \
            and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class SpreadsheetCsvWriter:
    """`csv.writer` whose every cell passes through `spreadsheet_text` first: the one way the
    atlas writes a CSV for people to open."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Sequence[Any]) -> Any:
        return self._writer.writerow([spreadsheet_text(cell) for cell in row])

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"          # "text" | "number"
    decimals: int | None = 0    # None: the row's decimals (`ExportTable.row_decimals`)


@dataclass(frozen=True)
class Provenance:
    indicator: str              # the label as shown (user-supplied ones keep their mark)
    period: str
    publisher: str
    table: str
    title: str
    licence: str
    attribution: str
    url: str
    user_supplied: bool


@dataclass(frozen=True)
class ExportTable:
    name: str                                 # file name stem, e.g. "ulighedsatlas-tabel"
    lang: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    provenance: tuple[Provenance, ...]
    built_at: str
    view_url: str
    row_decimals: tuple[int, ...] | None = None   # per row, for columns with decimals=None

    def decimals(self, row: int, column: int) -> int:
        places = self.columns[column].decimals
        if places is None:
            return self.row_decimals[row] if self.row_decimals else 0
        return places


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "da"


def number_text(value: Any, decimals: int, lang: str) -> str:
    """A number for a CSV cell: half-up to `decimals`, no grouping, decimal comma in Danish."""
    number = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals),
                                                  rounding=ROUND_HALF_UP)
    if number.is_zero():
        number = number.copy_abs()
    text = f"{number:f}"
    return text.replace(".", ",") if _lang(lang) == "da" else text


def _cell_text(table: ExportTable, row: int, column: int, value: Any) -> str:
    if is_missing(value):
        return ""
    if table.columns[column].kind == "number":
        return number_text(value, table.decimals(row, column), table.lang)
    return spreadsheet_text(str(value))


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]], lang: str) -> bytes:
    buffer = io.StringIO()
    writer = SpreadsheetCsvWriter(buffer, delimiter=SEPARATOR[_lang(lang)], lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_csv(table: ExportTable) -> bytes:
    """The data as CSV (UTF-8 with BOM; `;` and decimal comma in Danish, `,` in English)."""
    return _csv([c.label for c in table.columns],
                [[_cell_text(table, r, c, value) for c, value in enumerate(row)]
                 for r, row in enumerate(table.rows)], table.lang)


def _provenance_header(lang: str) -> list[str]:
    return [pick(TEXTS, key, lang) for key in ("indicator", "period", "publisher", "table",
                                                "title", "licence", "attribution", "url",
                                                "user_supplied")]


def _provenance_row(item: Provenance, lang: str) -> list[str]:
    return [item.indicator, item.period, item.publisher, item.table, item.title, item.licence,
            item.attribution, item.url, pick(TEXTS, "yes" if item.user_supplied else "no", lang)]


def provenance_csv(table: ExportTable) -> bytes:
    """The provenance of the data CSV: one row per indicator and source, then the build date
    and the address of the view."""
    lang = table.lang
    rows = [_provenance_row(item, lang) for item in table.provenance]
    rows += [[], [pick(TEXTS, "built", lang), table.built_at],
             [pick(TEXTS, "view_url", lang), table.view_url],
             [pick(TEXTS, "empty", lang), pick(TEXTS, "empty.meaning", lang)]]
    return _csv(_provenance_header(lang), rows, lang)


def excel_format(decimals: int) -> str:
    """Excel number format with thousands grouping and `decimals` places ("#,##0.0")."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _as_strings(row) -> None:
    """Text cells as strings: openpyxl turns a text starting with `=` into a formula."""
    for cell in row:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True     # Excel keeps it text even when the cell is edited


def _xlsx_row(values: Sequence[Any]) -> list[Any]:
    """A row for openpyxl: texts without control characters (openpyxl refuses them with an
    IllegalCharacterError; see atlas.views.text)."""
    return [printable(value) if isinstance(value, str) else value for value in values]


def to_xlsx(table: ExportTable) -> bytes:
    """The data sheet (numbers with number formats) and the provenance sheet, as .xlsx."""
    # openpyxl here, not with the module: every page imports this one (atlas.ui), and the
    # first map needs no workbook (issue 23)
    from openpyxl import Workbook
    from openpyxl.styles import Font

    lang = table.lang
    book = Workbook()
    data = book.active
    data.title = pick(TEXTS, "data", lang)
    bold = Font(bold=True)
    data.append(_xlsx_row([c.label for c in table.columns]))
    for cell in data[1]:
        cell.font = bold
    _as_strings(data[1])
    for r, row in enumerate(table.rows):
        data.append(_xlsx_row([None if is_missing(value)
                               else float(value) if table.columns[c].kind == "number"
                               else str(value) for c, value in enumerate(row)]))
        _as_strings(data[r + 2])
        for c, column in enumerate(table.columns):
            if column.kind == "number" and not is_missing(row[c]):
                data.cell(row=r + 2, column=c + 1).number_format = \
                    excel_format(table.decimals(r, c))
            elif column.kind == "text":
                data.cell(row=r + 2, column=c + 1).number_format = "@"   # "071" stays text
    data.freeze_panes = "A2"
    for c, column in enumerate(table.columns, start=1):
        data.column_dimensions[data.cell(row=1, column=c).column_letter].width = \
            min(45, max(10, len(column.label) + 2))

    sources = book.create_sheet(pick(TEXTS, "provenance", lang))
    sources.append(_provenance_header(lang))
    for cell in sources[1]:
        cell.font = bold
    for item in table.provenance:
        sources.append(_xlsx_row(_provenance_row(item, lang)))
    sources.append([])
    sources.append(_xlsx_row([pick(TEXTS, "built", lang), table.built_at]))
    sources.append(_xlsx_row([pick(TEXTS, "view_url", lang), table.view_url]))
    sources.append(_xlsx_row([pick(TEXTS, "empty", lang), pick(TEXTS, "empty.meaning", lang)]))
    for row in sources.iter_rows():
        _as_strings(row)
    for letter, width in zip("ABCDEFGHI", (40, 12, 30, 20, 40, 25, 30, 40, 10)):
        sources.column_dimensions[letter].width = width

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
