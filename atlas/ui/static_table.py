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
from typing import Any

import streamlit as st

TABLE_CLASS = "atlas-static-table"
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
</style>"""


def _cell(value: Any) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and math.isnan(value))
                       else str(value))


def table_html(frame: Any) -> str:
    """`frame` (a pandas DataFrame) as an HTML table: its index (named) as the first column of
    row headers, its columns as the header row; every text escaped."""
    index_name = frame.index.name or ""
    head = "".join(f'<th scope="col">{_cell(name)}</th>' for name in [index_name, *frame.columns])
    rows = "".join(
        f'<tr><th scope="row">{_cell(index)}</th>'
        + "".join(f"<td>{_cell(value)}</td>" for value in values) + "</tr>"
        for index, values in zip(frame.index, frame.itertuples(index=False, name=None)))
    return (f'<div class="{TABLE_CLASS}"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def static_table(frame: Any) -> None:
    """Draw `frame` (a pandas DataFrame; its index the first column) as a static table."""
    st.html(TABLE_CSS + table_html(frame))
