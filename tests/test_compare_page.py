"""AppTest of the comparison page (/sammenlign): several codes and names, misspelt and unknown
municipalities, too many and too few."""

from __future__ import annotations

import functools

import pytest

from tests.conftest import open_page, permalink
from tests.support.html_table import page_tables


@pytest.fixture
def app(atlas_db):
    return functools.partial(open_page, "pages/compare.py")


def test_three_municipalities_side_by_side(app):
    at = app(kommuner="360,Guldborgsund,0390")
    assert not at.exception
    # a first load leaves the URL as typed (no extra history entry); the permalink is canonical
    assert at.query_params["kommuner"] == "360,Guldborgsund,0390"
    assert permalink(at)["kommuner"] == "360,376,390"
    outcome = page_tables(at)[2]
    assert list(outcome.columns) == ["Indikator", "Enhed", "Periode", "Lolland", "Guldborgsund",
                                     "Vordingborg", "Guldborgsund − Lolland",
                                     "Vordingborg − Lolland"]
    life = outcome[outcome["Indikator"] == "Middellevetid"].iloc[0]
    marked = [name for name in ("Lolland", "Guldborgsund", "Vordingborg") if "★" in life[name]]
    assert len(marked) == 1                       # the longest life expectancy
    best = marked[0]
    assert float(life[best].split()[0].replace(",", ".")) == max(
        float(life[n].rstrip(" ★").replace(",", ".")) for n in ("Lolland", "Guldborgsund",
                                                                 "Vordingborg"))
    assert life["Guldborgsund − Lolland"].endswith(" år")
    # neutral indicators (need) carry no star
    need = page_tables(at)[0]
    nursing = need[need["Indikator"] == "Modtagere af hjemmesygepleje"].iloc[0]
    assert not any("★" in nursing[n] for n in ("Lolland", "Guldborgsund", "Vordingborg"))
    assert len(at.get("download_button")) == 3


def test_english_names(app):
    at = app(kommuner="Kobenhavn,Århus", lang="en")
    assert not at.exception
    assert at.title[0].value == "Compare municipalities"
    assert "København" in page_tables(at)[0].columns
    assert "Aarhus − København" in page_tables(at)[0].columns


def test_misspelt_name_suggests_and_keeps_the_rest(app):
    at = app(kommuner="Lolland,Gulborgsund,Vordingborg")
    assert not at.exception
    assert "Mente du: Guldborgsund" in at.warning[0].value
    assert permalink(at)["kommuner"] == "360,390"
    assert "Vordingborg" in page_tables(at)[0].columns


def test_unknown_code_leaves_too_few_and_shows_the_chooser(app):
    at = app(kommuner="360,999")
    assert not at.exception
    assert at.warning[0].value == "Ingen kommune har koden «999»."
    assert "Vælg to til fire kommuner" in at.info[0].value
    assert not page_tables(at)


def test_more_than_four_are_cut(app):
    at = app(kommuner="101,147,151,153,155")
    assert not at.exception
    assert "Højst 4 kommuner" in at.warning[0].value
    assert permalink(at)["kommuner"] == "101,147,151,153"


def test_no_parameter(app):
    at = app()
    assert not at.exception
    assert at.multiselect[0].value == []
    assert not at.warning


def test_a_town_names_its_municipality(app):
    """Issue 21: the comparison reads `?kommuner=` with the same resolver as the profile."""
    at = app(kommuner="Nakskov,Vordingborg,Odense")
    assert not at.exception
    assert "Nakskov ligger i Lolland Kommune." in at.warning[0].value
    assert "Lolland" in at.warning[0].value


@pytest.mark.parametrize("lang,points,unit", [("da", "procentpoint", "% af"),
                                              ("en", "percentage points", "% of")])
def test_differences_of_percentages_are_percentage_points(atlas_db, lang, points, unit):
    """Issue 21: a difference of two shares read "+1,2 % af voksne"."""
    from atlas.i18n import render_frame
    from atlas.views import compare as cv
    from atlas.views import municipal

    context = municipal.context(lang)
    state, _ = cv.parse_state({"kommuner": "360,101", "lang": lang}, context)
    view = cv.build_view(state, context)
    label = cv.text("col.difference", lang, name="København", first="Lolland")
    rows = [row for _, frame in view.sections
            for row in render_frame(frame, lang).to_dict("records")]
    unit_col = cv.text("col.unit", lang)
    shares = [row for row in rows if str(row[unit_col]).startswith("%")]
    assert shares
    for row in shares:
        assert row[label].endswith(points) and unit not in row[label], row
    years = [row for row in rows if row[unit_col] in ("år", "years")]
    assert years and not years[0][label].endswith(points)


def test_numbers_stand_right_in_static_tables_not_the_data_grid(app):
    """The data grid's header sorted the written numbers as text ("15,9" before "5,5"); the
    comparison is static HTML, its values and differences (with their units and marks)
    aligned right, the texts left."""
    import re

    from atlas.ui.static_table import DATA_CLASS

    at = app(kommuner="360,101,751")
    assert not at.exception and not at.dataframe
    tables = [e.value for e in at.html if DATA_CLASS in e.value and "<table" in e.value]
    assert len(tables) == len(page_tables(at)) >= 3
    for html, frame in zip(tables, page_tables(at)):
        right = {int(n) - 1 for n in re.findall(r"td:nth-child\((\d+)\)", html)}
        assert [frame.columns[i] for i in sorted(right)] == [
            "Lolland", "København", "Aarhus", "København − Lolland", "Aarhus − Lolland"]
