"""Values from a user's own file are labelled as user-supplied wherever they appear: the
database flag, the map's indicator labels and title, the source line and the data page."""

from __future__ import annotations

import duckdb
import pytest

from atlas.build.pipeline import build_database
from atlas.query import core
from atlas.views import data_status
from atlas.views.map_page import source_text
from atlas.views.text import md
from tests.conftest import QUIET, open_page

USER_SOURCE = "user_doedssted_2024_csv"


@pytest.fixture(scope="module")
def user_db(real_sources, tmp_path_factory):
    """The real snapshot plus a user's own file filling the core indicator
    hospital_death_share for three municipalities (synthetic test values)."""
    import shutil

    root = tmp_path_factory.mktemp("user")
    sources = root / "sources"
    shutil.copytree(real_sources, sources)
    with open(sources / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write(f"hospital_death_share,101,2024,41.5,{USER_SOURCE}\n"
                     f"hospital_death_share,751,2024,35.0,{USER_SOURCE}\n"
                     f"hospital_death_share,825,2024,,{USER_SOURCE}\n")
    with open(sources / "sources.csv", "a", encoding="utf-8") as handle:
        handle.write(f"{USER_SOURCE},Brugerens egen fil (user-supplied),,doedssted_2024.csv,,"
                     "ukendt / unknown\n")
    out = root / "atlas.duckdb"
    build_database(sources, out, console=QUIET)
    return out


def test_database_flags_the_indicator(user_db):
    with duckdb.connect(str(user_db), read_only=True) as con:
        flagged = {row[0] for row in con.execute(
            "SELECT indicator_id FROM indicators WHERE user_supplied").fetchall()}
    assert flagged == {"hospital_death_share"}


def test_labels_and_source_line(user_db, use_db):
    use_db(user_db)
    catalogue = core.catalogue()
    indicator = catalogue.indicators["hospital_death_share"]
    assert indicator.label("da") == "Andel døde på sygehus (egne data)"
    assert indicator.label("en") == "Share of deaths in hospital (user-supplied)"
    assert catalogue.indicators["life_expectancy"].label("da") == "Middellevetid"
    text = source_text(indicator, "da", "2024")
    assert text.startswith("Brugerens egen fil") and "user-supplied" not in text
    english = source_text(indicator, "en", "2024")     # issue 21: no mixed-language publisher
    assert english.startswith("The user's own file") and "Brugerens" not in english
    table = data_status.indicator_table("en")
    assert "Share of deaths in hospital (user-supplied)" in set(table["label"])


def test_map_page_title_marks_user_data(user_db, monkeypatch):
    monkeypatch.setenv("ATLAS_DB", str(user_db))
    at = open_page("pages/map.py", indicator="hospital_death_share")
    assert not at.exception
    assert at.title[0].value == "Andel døde på sygehus \\(egne data\\)"   # Markdown-escaped
    captions = "\n".join(c.value for c in at.caption)
    assert md("Brugerens egen fil") in captions and "user-supplied" not in captions
