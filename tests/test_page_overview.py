"""AppTest of the data-status page: default load, languages, bad parameters, missing DB."""

from __future__ import annotations

import functools

import pytest
from streamlit.testing.v1 import AppTest

from atlas.views.text import md
from tests.conftest import open_page


@pytest.fixture
def app(real_db, monkeypatch):
    monkeypatch.setenv("ATLAS_DB", str(real_db))

    return functools.partial(open_page, "pages/overview.py")


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_default_load_in_danish(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Datastatus"
    body = texts(at)
    # the offline snapshot lacks four core indicators; each says how to load it
    for label in ("Borgere pr. lægekapacitet", "Kronisk sygdomsbyrde", "Andel døde på sygehus",
                  "Andel 65 år og derover"):
        assert f":material/warning: **{md(label)}** — findes ikke i denne database" in body
    assert "atlas import FIL.csv --indicator citizens_per_gp" in body
    assert ":material/check_circle: **Afstand til nærmeste akutmodtagelse** — indlæst, seneste periode 2026, 98 kommuner" in body
    assert [h.value for h in at.header] == ["Kerneindikatorer", "Indikatorer", "Kommuner (98)", "Kilder"]
    municipalities = at.dataframe[1].value
    assert len(municipalities) == 98
    assert 411 not in set(municipalities["kommune_kode"])


def test_english(app):
    at = app(lang="en")
    assert not at.exception
    assert at.title[0].value == "Data status"
    assert ":material/warning: **Citizens per GP capacity** — not in this database" in texts(at)
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
    assert "atlas build" in texts(at)
    assert at.code[0].value == "atlas build"
