"""Reading back the tables the pages draw as static HTML (atlas.ui.static_table)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Rows(HTMLParser):
    """The rows of an HTML table, each a list of its cells' texts (th and td alike); the
    caption apart."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.caption = ""
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption:
            self.caption += data


def table_rows(body: str) -> tuple[list[list[str]], str]:
    """(the rows of the first table in `body` as texts, header row first; its caption)."""
    parser = _Rows()
    parser.feed(body)
    return parser.rows, parser.caption


def page_tables(at) -> list:
    """The data tables a page drew (atlas.ui.static_table.data_table) in an AppTest run, in
    page order, each a pandas DataFrame of the texts shown (header row as its columns)."""
    import pandas as pd

    from atlas.ui.static_table import DATA_CLASS

    found = []
    for element in at.html:
        if DATA_CLASS in element.value and "<table" in element.value:
            (header, *rows), _ = table_rows(element.value)
            found.append(pd.DataFrame(rows, columns=header))
    return found
