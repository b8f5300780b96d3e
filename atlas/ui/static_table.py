"""A static table as one piece of HTML, drawn like Streamlit's `st.table`.

`st.table` renders every cell as Markdown in the browser: the data page's three tables are
~1,100 Markdown cells, and a new visitor's browser spent seconds building them (issue 23:
the data page took 2.9x the floor, its server run 0.1 s). Here the table is one `st.html`
element, its texts escaped for HTML, in st.table's look (borders, grey header row and
index column, texts wrapped to fit the width).
"""

from __future__ import annotations

import html
import math
import re
import zlib
from typing import Any, Iterable, Sequence

import streamlit as st

from atlas.i18n import render_rows, t

TABLE_CLASS = "atlas-static-table"
RIGHT_CLASS = "atlas-number"
# st.table's look (Streamlit 1.67, the app's theme): measured from its computed styles
TABLE_CSS = f"""<style>
.{TABLE_CLASS} {{ border: 1px solid rgb(232, 229, 226); border-radius: 8px; overflow: auto; }}
.{TABLE_CLASS} table {{ width: 100%; border-collapse: separate; border-spacing: 0;
  font-size: 0.875rem; line-height: 1.5; margin: 0; }}
.{TABLE_CLASS} th, .{TABLE_CLASS} td {{ padding: 0.25rem 0.375rem; white-space: normal;
  vertical-align: middle; text-align: left; font-weight: 400;
  border-bottom: 1px solid rgb(232, 229, 226); border-right: 1px solid rgb(232, 229, 226); }}
.{TABLE_CLASS} th {{ color: rgba(47, 45, 43, 0.7); padding-left: 0.5rem; }}
.{TABLE_CLASS} tr > :last-child {{ border-right: 0; }}
.{TABLE_CLASS} tbody tr:last-child > * {{ border-bottom: 0; }}
.{TABLE_CLASS} .{RIGHT_CLASS} {{ text-align: right; font-variant-numeric: tabular-nums; }}
</style>"""


def _cell(value: Any) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value))
                       else str(value))


def rows_html(header: Sequence[Any], rows: Iterable[Sequence[Any]],
              right: Iterable[int] = ()) -> str:
    """A table of `header` (the header row) and `rows`, each row's first cell its row header;
    the columns at the positions `right` (0-based) aligned right (numbers). Every text
    escaped."""
    right = set(right)

    def cell(position: int, value: Any) -> str:
        return (f'<td class="{RIGHT_CLASS}">{_cell(value)}</td>' if position in right
                else f"<td>{_cell(value)}</td>")

    aligned = f' class="{RIGHT_CLASS}"'
    head = "".join(f'<th scope="col"{aligned if i in right else ""}>{_cell(name)}</th>'
                   for i, name in enumerate(header))
    body = "".join(f'<tr><th scope="row">{_cell(first)}</th>'
                   + "".join(cell(i, value) for i, value in enumerate(rest, start=1)) + "</tr>"
                   for first, *rest in rows)
    return (f'<div class="{TABLE_CLASS}"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def table_html(frame: Any) -> str:
    """`frame` (a pandas DataFrame) as an HTML table: its index (named) as the first column of
    row headers, its columns as the header row; every text escaped."""
    return rows_html([frame.index.name or "", *frame.columns],
                     ((index, *values) for index, values in
                      zip(frame.index, frame.itertuples(index=False, name=None))))


def static_table(frame: Any) -> None:
    """Draw `frame` (a pandas DataFrame; its index the first column) as a static table."""
    st.html(TABLE_CSS + table_html(frame))


def text_table(header: Sequence[Any], rows: Iterable[Sequence[Any]], lang: str,
               right: Iterable[int] = ()) -> None:
    """Draw a small table of view-model cells (texts, Numbers, Messages), rendered in `lang`, as
    a static table that wraps its texts to the width it is given (rows_html)."""
    st.html(TABLE_CSS + rows_html(header, render_rows(rows, lang), right))


# --- a data table: a large table of numbers that scrolls, its header and first column kept in
# view (the table page's 98 municipalities: as light for a browser as text, where Streamlit's
# data grid cost a new visitor 25 more files, 1.6 MB; issue 23) -------------------------------
DATA_CLASS = "atlas-data-table"
_BORDER = "rgb(232, 229, 226)"
DATA_CSS = f"""<style>
.{DATA_CLASS} {{ border: 1px solid {_BORDER}; border-radius: 8px; overflow: auto;
  max-height: var(--atlas-table-height, 720px); }}
.{DATA_CLASS}:focus-visible {{ outline: 2px solid rgb(255, 75, 75); outline-offset: 2px; }}
.{DATA_CLASS} table {{ border-collapse: separate; border-spacing: 0; font-size: 0.875rem;
  line-height: 1.4; margin: 0; min-width: 100%; }}
.{DATA_CLASS} caption {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
.{DATA_CLASS} th, .{DATA_CLASS} td {{ padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; font-weight: 400; background: #fff; white-space: nowrap;
  border-bottom: 1px solid {_BORDER}; border-right: 1px solid {_BORDER}; }}
/* the header row sticks as one element: a sticky header cell each made every redraw of the
   table (a sort) about three times the browser's work (Chromium's task time, issue 23) */
.{DATA_CLASS} thead {{ position: sticky; top: 0; z-index: 2; }}
.{DATA_CLASS} thead th {{ white-space: normal;
  min-width: 4.5rem; max-width: 11rem; vertical-align: bottom; background: rgb(248, 247, 246);
  color: rgba(47, 45, 43, 0.85); }}
.{DATA_CLASS} tbody th {{ position: sticky; left: 0; z-index: 1; min-width: 7rem;
  color: rgba(47, 45, 43, 0.85); }}
.{DATA_CLASS} thead th:first-child {{ position: sticky; left: 0; z-index: 3; }}
.{DATA_CLASS} tr > :last-child {{ border-right: 0; }}
.{DATA_CLASS} tbody tr:last-child > * {{ border-bottom: 0; }}
.{DATA_CLASS} tbody tr:hover > * {{ background: rgb(248, 247, 246); }}
.{DATA_CLASS} th[title] {{ cursor: help; }}
</style>"""


def data_table_html(headers: Sequence[tuple[str, str | None]], rows: Iterable[Sequence[str]],
                    *, caption: str, right: Iterable[int] = (), height: int = 720) -> str:
    """A scrolling table: `headers` (label, tooltip or None) in the header row, `rows` of
    texts, each row's first cell its row header (kept in view when the table scrolls sideways,
    as the header row is when it scrolls down). `right`: the positions (0-based) of the columns
    aligned right (numbers); `caption` names the table for screen readers; `height`: the most
    pixels it takes before it scrolls (a shorter table takes its own height). Every text
    escaped; the scrolling box can be reached with the keyboard (a named region)."""
    esc = html.escape
    head = "".join(f'<th scope="col" title="{esc(tip)}">{esc(label)}</th>' if tip
                   else f'<th scope="col">{esc(label)}</th>' for label, tip in headers)
    body = "".join(f'<tr><th scope="row">{esc(first)}</th>'
                   + "".join(f"<td>{esc(cell)}</td>" for cell in rest) + "</tr>"
                   for first, *rest in rows)
    right = sorted(set(right))
    # the alignment rule named after the columns it aligns: two tables on a page keep their own
    aligned = f"atlas-right-{zlib.crc32(repr(right).encode()):08x}"
    align = (f"<style>{', '.join(f'.{aligned} td:nth-child({i + 1})' for i in right)}"
             " { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }"
             "</style>" if right else "")
    return (f'{align}<div class="{DATA_CLASS} {aligned}" role="region" '
            f'aria-label="{esc(caption)}" tabindex="0" '
            f'style="--atlas-table-height: {int(height)}px">'
            f"<table><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def data_table(headers: Sequence[tuple[str, str | None]], rows: Iterable[Sequence[str]], *,
               caption: str, right: Iterable[int] = (), height: int = 720) -> None:
    """Draw a data table (`data_table_html`); its styles go in an element of their own, the
    same in every run (so a rerun sends them as a reference)."""
    st.html(DATA_CSS)
    st.html(data_table_html(headers, rows, caption=caption, right=right, height=height))


# a number as the atlas writes it: "1.234", "+2,3", "−1,0", "12,3 → 14,5", and after it a
# unit or a mark ("−8,8 procentpoint", "81,2 ★")
_NUMBER = re.compile(r"[+\-\u2212]?\d[\d.,\u00a0]*(?: \u2192 [+\-\u2212]?\d[\d.,\u00a0]*)?"
                     r"(?: [^\d\s].*)?")


def frame_table(frame: Any, lang: str, *, caption: str, row_header: str | None = None,
                height: int = 480, text_columns: Iterable[str] = ()) -> None:
    """A pandas DataFrame of a view model (texts, Numbers, Messages) as a data table, its cells
    rendered in `lang`: its columns' names the header row, `row_header` (a column; default the
    first) first in each row, the columns whose every text reads as a number, perhaps with a
    unit or mark after it (or "ingen data" / "no data"), aligned right unless named in
    `text_columns` (periods: "2025" beside "2021-2025" in another table)."""
    columns = list(frame.columns)
    first = columns.index(row_header) if row_header is not None else 0
    order = [first, *(i for i in range(len(columns)) if i != first)]
    no_data = t("no_data", lang)
    rows = [[str(cell) for cell in row] for row in render_rows(
        ([row[i] for i in order] for row in frame.itertuples(index=False, name=None)), lang)]
    texts = {str(name) for name in text_columns}
    right = [position for position, i in enumerate(order) if position and rows
             and str(columns[i]) not in texts
             and all(cell == no_data or _NUMBER.fullmatch(cell) for cell in
                     (row[position] for row in rows))]
    data_table([(str(columns[i]), None) for i in order], rows, caption=caption, right=right,
               height=height)


def section_tables(sections: Iterable[tuple[str, Any]], lang: str, *,
                   text_columns: Iterable[str] = ()) -> None:
    """A view's (heading, DataFrame) sections, each under its heading as a data table
    (`frame_table`, the heading its caption): the profile's and the comparison's indicators by
    role. Tables of a few dozen rows, drawn whole (no scrolling down within the page)."""
    text_columns = tuple(text_columns)
    for heading, frame in sections:
        st.markdown(f"#### {heading}")
        frame_table(frame, lang, caption=heading, height=960, text_columns=text_columns)
