"""AppTest of the map page against the real database: default load, each classification,
switching indicator and period, every query parameter valid and invalid (invalid -> default and
a visible notice, never an exception), language switch, selection, filters, missing assets."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from atlas.maps.layout import DEFINITION_KEY, FILTERS_KEY, OPTIONS_KEY
from atlas.registry import registry
from atlas.ui import SHARE_POPOVER_KEY, figure_popover_key
from atlas.views import map_page as mv
from atlas.views.text import md
from tests.conftest import open_page

PAGE = "pages/map.py"


@pytest.fixture
def app(real_db, monkeypatch):
    monkeypatch.setenv("ATLAS_DB", str(real_db))

    return functools.partial(open_page, PAGE)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def html_blocks(at: AppTest) -> list[str]:
    """The HTML the page shows with st.html (the legend and the value panel)."""
    return [element.proto.body for element in at.get("html")]


def legend(at: AppTest) -> str:
    return next(block for block in html_blocks(at) if "atlas-legend" in block)


def legend_counts(at: AppTest) -> tuple[list[int], int]:
    html = legend(at)
    rows = re.findall(r'class="atlas-legend-row"[^>]*>.*?<span[^>]*>(\d+) (?:kommuner|kommune|'
                      r'municipalities|municipality)</span></div>', html)
    no_data = re.search(r'atlas-legend-nodata.*?(\d+) (?:kommuner|kommune|municipalities|'
                        r'municipality)</span>', html)
    return [int(n) for n in rows], int(no_data.group(1))


def params(at: AppTest) -> dict[str, str]:
    return {key: at.query_params[key] for key in at.query_params}


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def page_text(at: AppTest) -> str:
    return "\n".join([*(c.value for c in at.caption), *(m.value for m in at.markdown)])


def share_link(at: AppTest) -> str:
    """The link in the share popover, which is lazy: opened (and the page run) if closed."""
    if not at.session_state[SHARE_POPOVER_KEY]:
        at.session_state[SHARE_POPOVER_KEY] = True
        at.run()
    return next(m.value for m in at.markdown if "indicator=" in m.value)


def test_default_load(app):
    at = ok(app())
    assert at.title[0].value == "Middellevetid"
    assert not at.warning
    counts, no_data = legend_counts(at)
    assert len(counts) == 5 and sum(counts) == 94 and no_data == 4
    # a first visit leaves the URL as typed (no history entry); the share link is canonical
    assert params(at) == {}
    assert ("indicator=life_expectancy&period=2021-2025&breaks=quantiles&classes=5"
            in share_link(at))
    text = captions(at)
    assert "Kilde: Danmarks Statistik, HISBK" in text and "Periode: 2021-2025" in text
    assert "Landsværdi: 81,6 år" in text
    assert "4 kommuner uden data vises skraveret" in text
    assert "DAGI" in text
    assert at.selectbox(key="map_indicator").value == "life_expectancy"
    assert at.selectbox(key="map_kommune").value is None


@pytest.mark.parametrize("method, label", [("quantiles", "Kvantiler"),
                                           ("jenks", "Naturlige brud"),
                                           ("equal", "Lige intervaller")])
def test_each_classification(app, method, label):
    at = opened(ok(app(breaks="quantiles" if method != "quantiles" else "equal")), OPTIONS_KEY)
    at.button_group(key="map_breaks").set_value(method).run()
    ok(at)
    assert params(at)["breaks"] == method
    assert label in legend(at)
    counts, no_data = legend_counts(at)
    assert sum(counts) + no_data == 98 and no_data == 4


@pytest.mark.parametrize("k", [3, 4, 5, 6, 7])
def test_each_class_count(app, k):
    at = ok(app(indicator="gini", classes=str(k)))
    counts, no_data = legend_counts(at)
    assert len(counts) == k and sum(counts) == 98 and no_data == 0


def opened(at: AppTest, key: str) -> AppTest:
    """The page with one of the sidebar's lazy expanders opened, as a visitor's click does."""
    at.session_state[key] = True
    return ok(at.run())


def test_the_less_used_choices_wait_in_closed_expanders_unless_the_url_sets_them(app):
    """Filters, classification, class count and background map are drawn only while their
    expander is open (issue 23: fewer widgets for a new visitor's browser to build before the
    map); a link that sets one opens its expander."""
    lazy = ("map_region", "map_gruppe", "map_breaks", "map_classes", "map_tiles")

    def drawn(at: AppTest) -> list[str]:
        return [key for key in lazy
                if any(w.key == key for w in [*at.selectbox, *at.button_group])]

    at = ok(app())
    assert [e.label for e in at.expander if e.label in ("Fremhæv", "Kortindstillinger")] == \
        ["Fremhæv", "Kortindstillinger"]
    assert drawn(at) == []
    assert drawn(opened(at, FILTERS_KEY)) == ["map_region", "map_gruppe"]
    assert drawn(ok(app(region="1082"))) == ["map_region", "map_gruppe"]
    assert drawn(ok(app(classes="3"))) == ["map_breaks", "map_classes", "map_tiles"]
    assert drawn(ok(app(tiles="osm"))) == ["map_breaks", "map_classes", "map_tiles"]


def test_class_slider(app):
    at = opened(ok(app()), OPTIONS_KEY)
    at.button_group(key="map_classes").set_value(3).run()
    assert params(ok(at))["classes"] == "3"
    assert len(legend_counts(at)[0]) == 3


def test_switching_indicator_resets_period_to_its_latest(app):
    at = ok(app(indicator="daily_smoking_share", period="2010"))
    assert at.title[0].value == registry()["daily_smoking_share"].label_da
    at.selectbox(key="map_indicator").select("gini").run()
    ok(at)
    assert at.title[0].value == md(registry()["gini"].label_da)     # Markdown-escaped
    assert params(at)["indicator"] == "gini" and params(at)["period"] == "2024"
    assert not at.warning


def test_switching_period(app):
    at = ok(app(indicator="daily_smoking_share"))
    assert "period=2025" in share_link(at)
    period = at.button_group(key="map_period")
    assert list(period.options) == ["2010", "2013", "2017", "2021", "2025"]
    period.set_value("2013").run()
    ok(at)
    assert params(at)["period"] == "2013"
    assert "Periode: 2013" in captions(at)


@pytest.mark.parametrize("param, value, check", [
    ("indicator", "gini", lambda at: "Gini" in at.title[0].value),
    ("period", "2021-2025", lambda at: "Periode: 2021-2025" in captions(at)),
    ("breaks", "jenks", lambda at: "Naturlige brud" in legend(at)),
    ("classes", "7", lambda at: len(legend_counts(at)[0]) == 7),
    ("kommune", "751", lambda at: any(m.value == "### Aarhus" for m in at.markdown)),
    ("region", "1082", lambda at: "Region Midtjylland (19 kommuner)" in page_text(at)),
    ("gruppe", "2", lambda at: "Storbykommuner (3 kommuner)" in page_text(at)),
    ("view", "kbh", lambda at: at.button_group(key="map_view").value == "kbh"),
    ("tiles", "osm", lambda at: at.button_group(key="map_tiles").value == "osm"),
    ("lang", "en", lambda at: at.title[0].value == "Life expectancy"),
])
def test_every_valid_parameter(app, param, value, check):
    at = ok(app(**{param: value}))
    assert not at.warning, [w.value for w in at.warning]
    assert params(at)[param] == value
    assert check(at)


@pytest.mark.parametrize("param, value, default", [
    ("indicator", "drop table", "life_expectancy"),
    ("period", "1999", "2021-2025"),
    ("breaks", "kmeans", "quantiles"),
    ("classes", "2", "5"),
    ("classes", "many", "5"),
    ("kommune", "411", None),        # Christiansø is not a municipality
    ("kommune", "abc", None),
    ("region", "1099", None),
    ("gruppe", "0", None),
    ("view", "world", None),         # default view is not written to the URL
    ("tiles", "bing", None),
    ("lang", "de", "da"),
])
def test_every_invalid_parameter_falls_back_with_a_notice(app, param, value, default):
    at = ok(app(**{param: value}))
    assert len(at.warning) == 1, [w.value for w in at.warning]
    assert param in at.warning[0].value and value in at.warning[0].value
    assert at.title[0].value == "Middellevetid"
    # issue 13, bug 1: the notice stays on the next run (the map component's own rerun)…
    at.run()
    assert len(ok(at).warning) == 1 and value in at.warning[0].value
    # …until the visitor changes something: then the URL is canonical and the notice gone
    at = opened(at, OPTIONS_KEY)      # opening the settings is no change
    assert len(at.warning) == 1 and value in at.warning[0].value
    if param == "classes":
        at.button_group(key="map_breaks").set_value("equal").run()
    else:
        at.button_group(key="map_classes").set_value(3).run()
    assert not ok(at).warning
    assert params(at).get(param) == default


def test_registered_indicator_without_data(app):
    at = ok(app(indicator="citizens_per_gp"))
    assert "Borgere pr\\. lægekapacitet" in at.warning[0].value
    assert "ingen data" in at.warning[0].value
    assert "indicator=life_expectancy" in share_link(at)


def test_language_switch(app):
    at = ok(app())
    at.button_group(key="atlas_lang_picker").set_value("en").run()
    ok(at)
    assert params(at)["lang"] == "en"
    assert at.title[0].value == "Life expectancy"
    assert "Quantiles" in legend(at) and "Darker colour = worse" in legend(at)
    text = captions(at)
    assert "Source: Statistics Denmark" in text and "National value: 81\\.6 years" in text
    assert at.selectbox(key="map_indicator").label == "Indicator"
    at.button_group(key="atlas_lang_picker").set_value("da").run()
    assert ok(at).title[0].value == "Middellevetid"


def test_selecting_a_municipality_shows_the_side_panel(app):
    at = ok(app(lang="en"))
    at.selectbox(key="map_kommune").select(751).run()
    ok(at)
    assert params(at)["kommune"] == "751"
    body = "\n".join(m.value for m in at.markdown)
    assert "### Aarhus" in body
    assert "**No. 19 of 94 (1 = best)**" in body
    assert "Denmark \\(the atlas's own figure\\): **81\\.6 years \\(94 municipalities\\)**" in body
    assert "Average, Metropolitan municipalities: **" in body
    assert "Average, Region Midtjylland: **" in body
    assert "Period: **2021" in body and "Source: **Statistics Denmark, HISBK**" in body
    value = next(block for block in html_blocks(at) if "atlas-value" in block)
    assert ">82.4<span" in value and "years" in value
    at.button(key="map_clear").click().run()
    assert "kommune" not in params(ok(at))


def test_selected_municipality_without_data(app):
    at = ok(app(kommune="825"))  # Læsø: life expectancy not published
    value = next(block for block in html_blocks(at) if "atlas-value" in block)
    assert ">ingen data<span" in value
    assert any("Ingen placering" in m.value for m in at.markdown)


def test_filters_from_the_widgets(app):
    at = opened(ok(app()), FILTERS_KEY)
    at.selectbox(key="map_region").select(1084).run()
    assert params(ok(at))["region"] == "1084"
    at.selectbox(key="map_gruppe").select(1).run()
    assert params(ok(at))["gruppe"] == "1"
    assert "Region Hovedstaden ∩ Hovedstadskommuner" in page_text(at)
    at.selectbox(key="map_region").select(0).run()
    assert "region" not in params(ok(at))


def test_view_and_tiles_from_the_widgets(app):
    at = ok(app())
    at.button_group(key="map_view").set_value("kbh").run()
    assert params(ok(at))["view"] == "kbh"
    at = opened(at, OPTIONS_KEY)
    at.button_group(key="map_tiles").set_value("osm").run()
    assert params(ok(at))["tiles"] == "osm"
    assert "Bornholm" not in captions(at)  # true position with a basemap: no inset


def test_share_link_reproduces_the_state(app):
    at = ok(app(indicator="gini", kommune="101", lang="en"))
    link = share_link(at)
    assert "indicator=gini" in link and "kommune=101" in link and "lang=en" in link


def test_missing_vendor_assets_give_instructions(app, monkeypatch):
    from atlas.maps import assets

    monkeypatch.setattr(assets, "missing_assets", lambda *a, **k: ["static/vendor/leaflet"])
    at = ok(app())
    assert any("fetch_vendor_assets.sh" in e.value for e in at.error)


def test_missing_database_gives_build_instructions(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_DB", str(tmp_path / "nope.duckdb"))
    at = open_page(PAGE)
    assert not at.exception
    assert at.error and "database" in at.error[0].value.lower()


def test_national_value_names_how_many_municipalities_it_rests_on(app):
    # life expectancy is not published for four small islands: the mean is of 94
    captions = "\n".join(c.value for c in app(indicator="life_expectancy").caption)
    assert "befolkningsvægtet gennemsnit af de 94 kommuner med data" in captions
    captions = "\n".join(c.value for c in app(indicator="gini", lang="en").caption)
    assert "median of the 98 municipalities with data" in captions


def test_hospital_distance_states_its_method_under_the_map(app):
    captions = "\n".join(c.value for c in app(indicator="hospital_distance_km").caption)
    assert "Luftlinje, ikke vej- eller færgerejse" in captions
    captions = "\n".join(c.value for c in app(indicator="gini").caption)
    assert "Luftlinje" not in captions


def test_ferry_island_gets_a_travel_note_for_hospital_distance(app):
    at = app(indicator="hospital_distance_km", kommune="825")
    assert "Luftlinjeafstand" in at.info[0].value or "luftlinje" in at.info[0].value.lower()
    assert not app(indicator="gini", kommune="825").info
    assert not app(indicator="hospital_distance_km", kommune="751").info


# --- issue 13: the map as its users found it -----------------------------------------------

def test_sparse_data_gives_no_average(app, monkeypatch):
    """Bug 5: values for 6 municipalities made "Hele landet: 47,1 %" and a region average of
    Lolland alone. Below the threshold the atlas says too few municipalities have data."""
    from atlas.query import values as value_queries
    from atlas.query.values import GroupValue, Reference

    sparse = Reference(
        national=GroupValue(47.1, 6, 0.05), method="population_weighted_mean",
        region={1085: GroupValue(52.3, 1, 0.07)}, gruppe={5: GroupValue(50.0, 2, 0.1)})
    monkeypatch.setattr(value_queries, "reference", lambda *args: sparse)
    at = ok(app(kommune="360"))
    body = page_text(at)
    assert "47,1" not in body and "52,3" not in body and "50,0" not in body
    assert "Landsværdi: " + md("for få kommuner med data (6 kommuner, 5 % af befolkningen") \
        in body
    assert "kræver mindst 3 kommuner og 75 % af befolkningen" in body
    assert "Gennemsnit, Region Sjælland: **for få kommuner med data \\(1 kommune" in body


def test_averages_say_how_many_municipalities_they_rest_on(app):
    body = page_text(ok(app(kommune="751")))
    assert "Hele landet \\(atlassets eget tal\\): **81,6 år \\(94 kommuner\\)**" in body
    assert re.search(r"Gennemsnit, Region Midtjylland: \*\*8\d,\d år \\\(1\d kommuner\\\)\*\*",
                     body)


def test_legend_with_ties_names_the_shared_value(app):
    """Bug 7, on the real data: "Andel over 30 km", quantiles."""
    at = ok(app(indicator="hospital_over_30km_share"))
    html = legend(at)
    labels = re.findall(r'<span style="white-space:nowrap">([^<]+)</span>', html)
    numbers = [part for label in labels for part in label.split(" – ")
               if part not in ("ingen data",)]
    assert len(numbers) == len(set(numbers)), labels
    assert "har samme værdi" in html and "ikke flere forskellige" not in html


def test_english_page_has_no_danish_group_or_publisher_names(app):
    """Bug 9: English pages showed Danish kommunegruppe names and "Danmarks Statistik"."""
    at = ok(app(lang="en", kommune="751", gruppe="2"))
    body = page_text(at)
    assert "Metropolitan municipalities" in body and "Storbykommuner" not in body
    assert "Statistics Denmark" in body and "Danmarks Statistik" not in body
    assert at.selectbox(key="map_gruppe").options[2] == "Metropolitan municipalities"


def test_highlight_lists_the_municipalities_with_values_and_an_average(app):
    at = ok(app(gruppe="2"))
    body = page_text(at)
    for name in ("Aarhus", "Odense", "Aalborg"):
        assert re.search(rf"{name}: \d+,\d år", body), name
    assert "Gennemsnit, Storbykommuner: **" in body


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("typed, code", [("Århus", "751"), ("Kobenhavn", "101"),
                                          ("360", "360")])
def test_municipality_search_uses_the_name_matcher(app, typed, code, lang):
    """Bug 10: the search did not find "Århus", "Kobenhavn" or the code "360"; bug 9: typing
    into the select box (accept_new_options) showed Streamlit's English "Add: Århus". The
    search is a field of the page's own, in its language; the list is not typed into."""
    at = ok(app(lang=lang))
    picker = at.selectbox(key="map_kommune")
    assert not picker.proto.accept_new_options
    search = at.text_input(key="map_search")
    assert search.label == ("Søg efter kommune" if lang == "da" else "Find a municipality")
    search.input(typed).run()
    assert params(ok(at))["kommune"] == code
    assert at.selectbox(key="map_kommune").value == int(code)
    assert at.text_input(key="map_search").value == ""       # found: the field is cleared
    assert not at.warning
    # a link with the typed text finds the same municipality
    assert ok(app(kommune=typed)).selectbox(key="map_kommune").value == int(code)


def test_search_for_an_unknown_name_says_so_and_keeps_the_selection(app):
    at = ok(app(kommune="360"))
    at.text_input(key="map_search").input("Atlantis").run()
    assert params(ok(at)).get("kommune", "360") == "360"
    assert [w.value for w in at.warning] == [
        "«Atlantis» er ikke en kommune, atlasset kender. Skriv navnet eller kommunekoden."]
    at.selectbox(key="map_kommune").select(751).run()       # a choice clears the search
    assert params(ok(at))["kommune"] == "751"
    assert at.text_input(key="map_search").value == "" and not at.warning


def test_bornholm_inset_note_only_where_the_inset_shows(app):
    """Bug 10: the inset caption also showed in the Copenhagen view."""
    assert "Bornholm" in captions(ok(app()))
    assert "Bornholm" not in captions(ok(app(view="kbh")))


def test_front_page_says_what_the_atlas_shows_and_why(app):
    for lang, words in (("da", "omvendte omsorgslov"), ("en", "inverse care law")):
        at = ok(app(lang=lang))
        assert words in at.markdown[0].value or any(words in m.value for m in at.markdown[:3])
        # indicators without data are listed on the data-status page, not in the sidebar
        assert not any("har endnu ingen data" in c.value or "have no data" in c.value
                       for c in at.sidebar.caption)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_front_page_intro_links_to_the_inverse_care_page(app, lang):
    """The intro sentence is followed by a link to the inverse-care page that carries the
    language and the view the menu carries (indicator, period, municipality)."""
    at = ok(app(lang=lang, indicator="daily_smoking_share", kommune="360"))
    main = [node for node in at.main if node.type != "html"]
    intro = next(i for i, node in enumerate(main) if node.type == "markdown"
                 and ("omvendte omsorgslov" in node.value or "inverse care law" in node.value))
    link = main[intro + 1]
    assert link.type == "page_link"
    assert link.proto.label == mv.text("intro.link", lang,
                                       page="Omvendt omsorg" if lang == "da" else "Inverse care")
    assert link.proto.page.endswith("omvendt-omsorg") or "inverse_care" in link.proto.page
    assert dict(parse_qsl(link.proto.query_string)) == {
        "lang": lang, "indicator": "daily_smoking_share", "period": "2025", "kommune": "360"}


def test_tooltip_names_period_source_and_the_atlas_own_national_figure(atlas_db):
    from atlas.maps.folium_map import tooltip_html
    from atlas.views import map_page as mv

    context = mv.choices("da")
    state, _ = mv.parse_state({"indicator": "life_expectancy"}, context)
    view = mv.build_view(state, context)
    tip = tooltip_html(view.choropleth.areas[0].tooltip, "da")
    assert "Hele landet (atlassets eget tal): 81,6 år (94 kommuner)" in tip
    assert "Periode 2021-2025 · Kilde: Danmarks Statistik, HISBK" in tip


def test_share_figure_and_definition_are_drawn_only_when_opened(app):
    """The share and figure popovers and the definition expander are lazy: a run of the page
    does not send their contents (bytes and elements per switch, issue 14) until opened."""
    at = ok(app(indicator="gini"))
    assert not any("indicator=" in m.value for m in at.markdown)           # share link
    assert not at.get("download_button")                                   # figure files
    assert not any(m.value.startswith("**Definition.**") for m in at.markdown)
    for key in (SHARE_POPOVER_KEY, figure_popover_key("map_figure"), DEFINITION_KEY):
        at.session_state[key] = True
    at.run()
    assert any("indicator=gini" in m.value for m in at.markdown)
    assert len(at.get("download_button")) == 4                             # PNG/SVG x 2 sizes
    assert any(m.value.startswith("**Definition.** Gini") for m in at.markdown)


@pytest.mark.parametrize("lang,notice,prompt", [
    ("da", "Nakskov ligger i Lolland Kommune.", "Gå til: Lolland"),
    ("en", "Nakskov is in Lolland Municipality.", "Go to: Lolland")])
def test_search_for_a_town_says_where_it_lies_and_offers_it(app, lang, notice, prompt):
    """Issue 21: "Nakskov" got "«Nakskov» er ikke en kommune"; the database knows its towns."""
    at = ok(app(lang=lang))
    at.text_input(key="map_search").input("Nakskov").run()
    assert [w.value for w in ok(at).warning] == [notice]
    go = at.button(key="map_search_go_360")
    assert go.label == prompt
    go.click().run()
    assert params(ok(at))["kommune"] == "360"
    assert at.text_input(key="map_search").value == "" and not at.warning


def test_a_town_in_the_link_says_where_it_lies(app):
    at = ok(app(kommune="Nakskov"))
    assert "Byen i linket ligger i Lolland Kommune" in at.warning[0].value
    assert at.selectbox(key="map_kommune").value is None     # offered, never applied
