"""AppTest of the "About the data" page: every indicator's definition, unit, direction, source,
periods and caveats; sources with licences and attribution; the database build date."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.i18n import format_datetime
from atlas.query import core
from atlas.registry import registry
from atlas.views.text import md
from tests.conftest import open_page


@pytest.fixture
def app(real_db, monkeypatch):
    monkeypatch.setenv("ATLAS_DB", str(real_db))

    def make(**params) -> AppTest:
        at = open_page("pages/about.py", **params)
        assert not at.exception, [e.value for e in at.exception]
        return at
    return make


def body(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_indicator_is_described(app, lang, real_db):
    at = app(lang=lang)
    text = body(at)
    for indicator in registry().values():
        assert f"#### {md(indicator.label(lang))}" in text, indicator.id
        assert md(indicator.description(lang)) in text, indicator.id
        if indicator.caveats(lang):
            assert md(indicator.caveats(lang)) in text, indicator.id
        assert "{n}" not in text  # the national-value method names its count
    unit = "Enhed" if lang == "da" else "Unit"
    direction = "Retning" if lang == "da" else "Direction"
    assert text.count(f"**{unit}:**") == len(registry())
    assert text.count(f"**{direction}:**") == len(registry())


def test_periods_source_and_missing_data(app, real_db):
    at = app()
    text = body(at)
    assert "**Perioder:** 2010, 2013, 2017, 2021, 2025" in text
    assert "[Danmarks Statistik, HISBK: " in text  # linked source
    assert "Ingen data i databasen endnu." in text  # the online-only core indicators
    assert "Højere er dårligere" in text and "Højere er bedre" in text


def test_build_date_and_sources(app, atlas_db):
    at = app(lang="en")
    built = core.build_info()["built_at"]
    assert f"Built {format_datetime(built, 'en')}." in body(at)
    sources = [line for m in at.markdown if m.value.startswith("- ")
               for line in m.value.splitlines()]
    assert len(set(core.sources()["source"])) == len(sources)
    assert any("CC BY 4\\.0" in line for line in sources)
    assert any("Source\\: Statistics Denmark" in line for line in sources)
    # bug 9: no Danish publisher name on the English page
    assert "Danmarks Statistik" not in body(at)
    assert "Contains data from the Danish Agency for Data Supply and Infrastructure, DAGI" \
        in body(at)


def test_danish_is_the_default(app):
    at = app()
    assert at.title[0].value == "Om data"
    assert not at.warning


def test_invalid_language_falls_back_with_a_notice(app):
    at = app(lang="sv")
    assert at.title[0].value == "Om data"
    assert len(at.warning) == 1 and "sv" in at.warning[0].value


def test_language_switch(app):
    at = app()
    at.button_group(key="atlas_lang_picker").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "About the data"
    assert at.query_params["lang"] == "en"
