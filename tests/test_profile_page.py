"""AppTest of the municipality profile (/kommune): codes, names, misspelt and unknown
municipalities, both languages."""

from __future__ import annotations

import functools

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_lazy_containers, open_page, permalink
from tests.support.html_table import page_tables


@pytest.fixture
def app(atlas_db):
    return functools.partial(open_page, "pages/profile.py")


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_lolland_by_code(app):
    at = app(kommune="360")
    assert not at.exception
    assert at.title[0].value == "Kommuneprofil: Lolland"
    assert "Region Sjælland · Landkommuner" in at.caption[0].value
    assert [m.value for m in at.markdown if m.value.startswith("#### ")] == [
        "#### Behov", "#### Tilbud", "#### Udfald", "#### Kontekst"]
    # static tables, not the data grid (whose header sorted the written numbers as text)
    assert not at.dataframe and len(page_tables(at)) == 4
    outcome = page_tables(at)[2]
    life = outcome[outcome["Indikator"] == "Middellevetid"].iloc[0]
    assert life["Værdi"] == "78,6 år"
    assert life["Placering"] == "Nr. 94 af 94 (1 = bedst)"
    assert life["Landkommuner"] == "81,0 år (27 kommuner)"
    assert life["I forhold til landet"] == "dårligere"
    body = markdown(at)
    assert "**35,5 km** i gennemsnit til nærmeste akutmodtagelse" in body
    assert "**Svagest** i forhold til gennemsnittet for Landkommuner" in body
    # nothing is better than the group: the summary says so instead of naming a "strongest"
    assert "Lolland ligger ikke bedre end gennemsnittet for Landkommuner" in body
    assert "Sundhedsprofilens bølger (2010, 2013, 2017, 2021, 2025)" in at.info[0].value
    similar = [link.label for link in at.get("page_link")]
    assert any(label.startswith("Odsherred · Landkommuner") for label in similar)
    assert permalink(at)["kommune"] == "360"
    downloads = [button.label for button in at.get("download_button")]
    assert {"Hent CSV", "Hent Excel", "Hent kilder (CSV)"} <= set(downloads)
    assert not any(label.startswith(("PNG", "SVG")) for label in downloads)  # popover closed
    downloads = [button.label for button in open_lazy_containers(at).get("download_button")]
    assert sum(label.startswith(("PNG", "SVG")) for label in downloads) == 4  # the figure


@pytest.mark.parametrize("written,title", [("Lolland", "Lolland"), ("Århus", "Aarhus"),
                                           ("Kobenhavn", "København"), ("0751", "Aarhus")])
def test_names_resolve_and_the_url_becomes_the_code(app, written, title):
    at = app(kommune=written)
    assert not at.exception
    assert at.title[0].value == f"Kommuneprofil: {title}"
    assert permalink(at)["kommune"].isdigit()


def test_english_island_has_its_ferry_note(app):
    at = app(kommune="825", lang="en")
    assert not at.exception
    assert at.title[0].value == "Municipality profile: Læsø"
    assert any("ferry" in box.value for box in at.info)
    assert "Strongest" in markdown(at) or "is not better than" in markdown(at)


def test_misspelt_name_offers_suggestions(app):
    at = app(kommune="Lollandd")
    assert not at.exception
    assert at.title[0].value == "Kommuneprofil"
    assert at.warning[0].value == "Kommunen «Lollandd» findes ikke."
    assert "**Mente du …**" in markdown(at)
    assert [link.label for link in at.get("page_link")][0] == "Lolland"
    assert not page_tables(at)


def test_unknown_code_and_hostile_text_give_the_chooser(app):
    at = app(kommune="999")
    assert not at.exception
    assert at.warning[0].value == "Ingen kommune har koden «999»."
    at = app(kommune="![x](http://example.com/a.png)", lang="en")
    assert not at.exception
    assert "](" not in at.warning[0].value
    assert "Choose a municipality" in at.info[0].value


def test_no_municipality_shows_the_chooser(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Kommuneprofil"
    assert at.selectbox[0].value is None


def test_a_town_names_its_municipality_and_offers_it(app):
    """Issue 21: a town in the URL ("Nakskov") says where it lies and links its municipality,
    with the resolver the comparison and the map's search share."""
    at = app(kommune="Nakskov")
    assert not at.exception
    assert at.warning[0].value == "Nakskov ligger i Lolland Kommune."
    assert "**Gå til …**" in markdown(at)
    assert [link.label for link in at.get("page_link")][0] == "Lolland"
    at = app(kommune="skagen", lang="en")
    assert at.warning[0].value == "Skagen is in Frederikshavn Municipality."


def test_municipality_list_in_danish_alphabet(app):
    """Issue 21: the select lists Aabenraa, Aalborg, Aarhus under Å, last, in Danish."""
    options = app().selectbox(key="profile_kommune").options
    assert options[-3:] == ["Aabenraa", "Aalborg", "Aarhus"]
    assert app(lang="en").selectbox(key="profile_kommune").options[:3] == [
        "Aabenraa", "Aalborg", "Aarhus"]
