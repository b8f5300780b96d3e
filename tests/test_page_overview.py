"""AppTest of the data-status page: default load, languages, bad parameters, missing DB."""

from __future__ import annotations

import functools
from html.parser import HTMLParser

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas.ui.static_table import TABLE_CLASS, table_html
from atlas.views.text import md
from tests.conftest import open_page


@pytest.fixture
def app(real_db, monkeypatch):
    monkeypatch.setenv("ATLAS_DB", str(real_db))

    return functools.partial(open_page, "pages/overview.py")


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


class _Rows(HTMLParser):
    """The rows of an HTML table, each a list of its cells' texts (th and td alike)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse_table(body: str) -> pd.DataFrame:
    parser = _Rows()
    parser.feed(body)
    header, *rows = parser.rows
    return pd.DataFrame(rows, columns=header).set_index(header[0])


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The page's static tables (atlas.ui.static_table), as shown: every cell a text."""
    return [parse_table(h.value) for h in at.html if TABLE_CLASS in h.value]


def test_default_load_in_danish(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Datastatus"
    body = texts(at)
    # the offline snapshot lacks four core indicators; each says how to load it
    for label in ("Borgere pr. lægekapacitet", "Kronisk sygdomsbyrde", "Andel døde på sygehus",
                  "Andel 65 år og derover"):
        assert f":material/warning: **{md(label)}** — mangler; vises ikke på kortet" in body
    assert "atlas import FIL.csv --indicator citizens_per_gp" in body
    assert ":material/check_circle: **Afstand til nærmeste akutmodtagelse** — har data, seneste periode 2026, 98 kommuner" in body
    assert [h.value for h in at.header] == ["Kerneindikatorer", "Indikatorer uden data",
                                            "Indikatorer", "Kommuner (98)", "Kilder"]
    # the commands are for administrators, in a collapsed section
    assert "For administratorer" in at.expander[0].label
    municipalities = tables(at)[1]
    assert len(municipalities) == 98
    assert "411" not in set(municipalities["Kode"])


def test_english(app):
    at = app(lang="en")
    assert not at.exception
    assert at.title[0].value == "Data status"
    assert ":material/warning: **Citizens per GP capacity** — missing; not on the map" \
        in texts(at)
    assert "Statistics Denmark" in set(tables(at)[0]["Publisher"])
    assert "Capital municipalities" in set(tables(at)[1]["Municipality group"])
    assert not at.warning


def test_unknown_language_falls_back_with_notice(app):
    at = app(lang="xx")
    assert not at.exception
    assert at.title[0].value == "Datastatus"
    assert "«xx»" in at.warning[0].value and "Dansk" in at.warning[0].value


def test_missing_database_explains_how_to_build(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_DB", str(tmp_path / "absent.duckdb"))
    at = open_page("pages/overview.py")
    assert not at.exception
    assert "ikke bygget" in at.error[0].value
    assert at.code[0].value == "atlas build"


def test_numbers_follow_the_app_language_not_the_browser(app):
    """Issue 13, bug 10: the tables formatted numbers by the browser's locale."""
    da = tables(app())[1]
    en = tables(app(lang="en"))[1]
    copenhagen_da = da.loc["København"]
    copenhagen_en = en.loc["København"]
    population = [c for c in da.columns if c.startswith("Folketal")][0]
    assert "." in copenhagen_da[population] and "," not in copenhagen_da[population]
    population_en = [c for c in en.columns if c.startswith("Population")][0]
    assert "," in copenhagen_en[population_en]


def test_indicators_without_data_are_listed_here(app):
    body = texts(app())
    assert "registrerede indikatorer har endnu ingen data" in body


def test_the_tables_are_static_html_with_their_texts_escaped(app):
    """One HTML element per table, not a Markdown cell each for the browser to build (issue
    23): three tables, no st.table; a text from the data is shown literally."""
    at = app()
    assert not at.table and len(tables(at)) == 3
    frame = pd.DataFrame({"Navn": ['<img src="x">', "**fed**"], "n": [1, None]}).set_index("Navn")
    body = table_html(frame)
    assert "<img" not in body and "&lt;img src=&quot;x&quot;&gt;" in body
    shown = parse_table(body)
    assert list(shown.index) == ['<img src="x">', "**fed**"]
    assert list(shown["n"]) == ["1.0", ""]
