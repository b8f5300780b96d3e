"""AppTest of the journalist's table (/tabel): default columns, filters, sorting, rank columns,
invalid parameters, and the table view's formats."""

from __future__ import annotations

import functools
import html
import math

import pandas as pd
import pytest
from babel.numbers import parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.conftest import open_lazy_containers, open_page, permalink
from tests.support.html_table import table_rows


@pytest.fixture
def app(atlas_db):
    return functools.partial(open_page, "pages/table.py")


def table_html(at: AppTest) -> str:
    """The page's one table (atlas.ui.static_table.data_table) as sent to the browser."""
    from atlas.ui.static_table import DATA_CLASS

    found = [h.value for h in at.html if DATA_CLASS in h.value and "<table" in h.value]
    assert len(found) == 1
    return found[0]


def shown(at: AppTest) -> pd.DataFrame:
    """The page's table as a visitor reads it, its columns named by their keys (the headers
    are the view's labels): numbers read back from their texts in the page's language, a
    missing value ("ingen data" / "no data") as NaN, other cells as texts."""
    from atlas.i18n import t
    from atlas.views import municipal
    from atlas.views import table as tv

    params = permalink(at)
    lang = params.get("lang", "da")
    context = municipal.context(lang)
    view = tv.build_view(tv.parse_state(params, context)[0], context)
    (header, *rows), _ = table_rows(table_html(at))
    keys = {label: key for key, label in view.labels.items()}
    frame = pd.DataFrame(rows, columns=[keys[label] for label in header])
    no_data = t("no_data", lang)
    for key in view.numeric & set(frame.columns):
        frame[key] = [math.nan if text == no_data else float(parse_decimal(text, locale=lang))
                      for text in frame[key]]
    return frame


def test_default_all_municipalities_core_and_need_supply(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Tabel over kommunerne"
    frame = shown(at)
    assert len(frame) == 98
    assert {"hospital_distance_km", "rank:hospital_distance_km", "daily_smoking_share"} \
        <= set(frame.columns)
    assert "life_expectancy" not in frame.columns         # an outcome: not a default column
    assert "Viser 98 af 98 kommuner." in [c.value for c in at.caption]


def test_filters_sort_and_english(app):
    at = app(ind="life_expectancy,gini", region="1085", gruppe="5", sort="life_expectancy",
             order="desc", lang="en")
    assert not at.exception
    frame = shown(at)
    assert set(frame["region"]) == {"Region Sjælland"}
    assert set(frame["gruppe"]) == {"Rural municipalities"}      # DST's English name
    assert list(frame["life_expectancy"]) == sorted(frame["life_expectancy"], reverse=True)
    assert f"Showing {len(frame)} of 98 municipalities." in [c.value for c in at.caption]


def test_population_and_value_ranges(app):
    at = app(ind="life_expectancy", pop_min="20000", pop_max="60000",
             range="life_expectancy:80:81.5", ranks="0")
    assert not at.exception
    frame = shown(at)
    assert frame["population"].between(20000, 60000).all()
    assert frame["life_expectancy"].between(80, 81.5).all()
    # the name first, as the row header that stays in view when the table scrolls sideways
    assert list(frame.columns) == ["name", "code", "region", "gruppe", "population",
                                   "life_expectancy"]


@pytest.mark.parametrize("params,name", [({"ind": "nope"}, "ind"), ({"region": "9"}, "region"),
                                         ({"range": "gini:1:x"}, "range"),
                                         ({"sort": "bogus"}, "sort")])
def test_invalid_parameters_fall_back_with_a_notice(app, params, name):
    at = app(**params)
    assert not at.exception
    assert f"«{name}»" in at.warning[0].value
    assert len(shown(at)) == 98


def test_display_formats_are_danish_and_english(atlas_db):
    from atlas.ui.table_controls import cell_texts
    from atlas.views import municipal
    from atlas.views import table as tv

    context = municipal.context()
    for lang, expected, no_data in (("da", "78,6", "ingen data"), ("en", "78.6", "no data")):
        state, _ = tv.parse_state({"lang": lang, "ind": "life_expectancy"}, context)
        view = tv.build_view(state, context)
        cells = {cell for row in cell_texts(view) for cell in row}
        assert expected in cells and no_data in cells     # Lolland; four without data
        assert view.labels["life_expectancy"].endswith(("(år, 2021-2025)", "(years, 2021-2025)"))


def test_missing_values_read_no_data_not_none(app):
    """Issue 21: Streamlit draws a missing cell as "None" unless told otherwise."""
    for lang, no_data in (("da", "ingen data"), ("en", "no data")):
        at = app(ind="hospital_distance_km,life_expectancy", sort="hospital_distance_km",
                 order="desc", lang=lang)
        assert not at.exception
        frame = shown(at)
        body = table_html(at)
        assert f"<td>{no_data}</td>" in body and ">None<" not in body and ">nan<" not in body
        numbers = frame.select_dtypes("number")
        assert int(numbers.isna().sum().sum()) == body.count(f"<td>{no_data}</td>") > 0
        # missing values sort last when sorting by them
        at = app(ind="life_expectancy", sort="life_expectancy", order="desc", lang=lang)
        frame = shown(at)
        values = list(frame["life_expectancy"])
        n_missing = frame["life_expectancy"].isna().sum()
        assert n_missing > 0 and frame["life_expectancy"].tail(n_missing).isna().all()
        assert values[0] == frame["life_expectancy"].max()


def test_top_n_of_the_sorted_view_in_url_and_download(app):
    at = app(ind="hospital_distance_km", sort="hospital_distance_km", order="desc", top="10")
    assert not at.exception
    frame = shown(at)
    assert len(frame) == 10 and frame["name"].iloc[0] == "Læsø"
    assert "Viser de første 10 af 98 kommuner i den valgte sortering." in \
        [c.value for c in at.caption]
    at = open_lazy_containers(at)                 # the display options and the downloads
    assert at.number_input(key="table_top").value == 10
    csv_button = at.get("download_button")[0]
    assert csv_button is not None


def test_top_in_state_schema_and_permalink(atlas_db):
    from atlas.views import municipal
    from atlas.views import table as tv

    context = municipal.context()
    state, notices = tv.parse_state({"top": "10", "sort": "population"}, context)
    assert notices == [] and state.top == 10
    view = tv.build_view(state, context)
    assert len(view.frame) == 10 and view.permalink["top"] == "10"
    assert len(view.export("x").rows) == 10
    state, notices = tv.parse_state({"top": "0"}, context)
    assert state.top is None and "«top»" in notices[0]


def test_names_sort_in_danish_alphabet_aa_last(atlas_db):
    """Issue 21: in Danish "Aa" is "Å" (Aabenraa, Aalborg, Aarhus last); English keeps A."""
    from atlas.views import municipal
    from atlas.views import table as tv

    for lang in ("da", "en"):
        context = municipal.context(lang)
        names = list(context.municipalities.values())
        state, _ = tv.parse_state({"lang": lang, "ind": "gini"}, context)
        shown = list(tv.build_view(state, context).frame["name"])
        assert shown == names
        if lang == "da":
            assert names[-3:] == ["Aabenraa", "Aalborg", "Aarhus"]
            assert names.index("Ærø") < names.index("Aabenraa")
        else:
            assert names[:3] == ["Aabenraa", "Aalborg", "Aarhus"]


def test_streamlit_table_toolbar_has_no_unsourced_download():
    """Issue 21: the toolbar's own CSV carries no sources; the page's downloads do."""
    import tomllib

    from atlas.paths import PROJECT_ROOT

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["disableDataExport"] is True


def test_population_slider_groups_thousands_in_the_page_language(app):
    """Issue 21: the slider read "671714"; Babel writes it as the page's language does."""
    for lang, biggest in (("da", "671.714"), ("en", "671,714")):
        at = app(lang=lang, pop_min="20500")     # a filter in the URL: the filters are open
        assert not at.exception
        slider = at.select_slider[0]
        assert slider.options[-1] == biggest
        assert slider.value == (20500, 671714)
    at = open_lazy_containers(app())
    at.select_slider[0].set_range(20000, 60000).run()
    assert not at.exception
    frame = shown(at)
    assert frame["population"].between(20000, 60000).all()
    assert permalink(at)["pop_min"] == "20000" and permalink(at)["pop_max"] == "60000"


def test_filters_are_sent_only_while_open(app):
    """Issue 23: the population and value sliders (and Streamlit's slider code, for a new
    visitor's browser) only while their expander is open; it opens itself when the URL
    filters."""
    from atlas.ui.table_controls import FILTERS_KEY

    at = app(ind="life_expectancy,gini")
    assert not at.exception
    assert not at.select_slider and not at.slider
    at.session_state[FILTERS_KEY] = True
    at.run()
    assert len(at.select_slider) == 3 and not at.slider
    at = app(ind="gini", range="gini:25:30")
    assert len(at.select_slider) == 2 and not at.slider
    assert value_slider(at, "gini").value == (25.0, 30.0)


def value_slider(at: AppTest, indicator: str):
    (slider,) = [s for s in at.select_slider if s.key.startswith(f"table_range:{indicator}:")]
    return slider


def test_value_sliders_write_numbers_in_the_page_language(app):
    """The value filters wrote "79.00" and "81.50" on a Danish page (Streamlit's number
    slider formats in the browser's own way); their stops are now the page's numbers, in the
    indicator's decimals, and a link's own bound is a stop of its own."""
    for lang, shown_low, shown_high in (("da", "80,0", "81,5"), ("en", "80.0", "81.5")):
        at = app(lang=lang, ind="life_expectancy,hospital_distance_km",
                 range="life_expectancy:80:81.5")
        assert not at.exception
        life = value_slider(at, "life_expectancy")
        assert life.value == (80.0, 81.5)
        assert shown_low in life.options and shown_high in life.options
        assert life.label.startswith("Middellevetid" if lang == "da" else "Life expectancy")
        distance = value_slider(at, "hospital_distance_km")
        mark = "," if lang == "da" else "."
        ends = [f"{v:.1f}".replace(".", mark) for v in distance.value]   # no filter: the ends
        assert ends == [distance.options[0], distance.options[-1]]
        assert len(distance.options) <= 201 and all(mark in option for option in distance.options)
    at = app(ind="life_expectancy", range="life_expectancy:79.03:")
    assert "79,03" in value_slider(at, "life_expectancy").options


def test_value_sliders_write_the_range_to_the_url(app):
    at = open_lazy_containers(app(ind="life_expectancy,gini"))
    life = value_slider(at, "life_expectancy")
    low, high = life.value
    life.set_range(80.0, high).run()
    assert not at.exception
    assert permalink(at)["range"] == "life_expectancy:80:"
    assert shown(at)["life_expectancy"].ge(80).all()
    # back to the whole range: no filter left in the link
    value_slider(at, "life_expectancy").set_range(low, high).run()
    assert not at.exception and "range" not in permalink(at)
    assert len(shown(at)) == 98


def test_display_options_and_downloads_are_sent_only_while_open(app):
    """Issue 23: the first view has no indicator list, top-n box, ranks switch or download
    buttons (each a kind of widget whose code a new visitor's browser loads first); they are
    drawn while their expander or popover is open and keep the URL's state."""
    from atlas.ui.table_controls import DISPLAY_KEY, DOWNLOADS_KEY

    at = app(ind="life_expectancy,gini", top="5", ranks="1")
    assert not at.exception
    assert not at.multiselect and not at.number_input and not at.toggle
    assert not at.get("download_button")
    at.session_state[DISPLAY_KEY] = True
    at.session_state[DOWNLOADS_KEY] = True
    at.run()
    assert at.multiselect(key="table_ind").value == ["life_expectancy", "gini"]
    assert at.number_input(key="table_top").value == 5
    assert at.toggle(key="table_ranks").value is True
    assert len(at.get("download_button")) == 3
    # a choice made there changes the table and the URL, as before
    at.multiselect(key="table_ind").set_value(["gini"]).run()
    assert not at.exception
    assert permalink(at)["ind"] == "gini" and "life_expectancy" not in shown(at).columns
    at.toggle(key="table_ranks").set_value(False).run()
    assert "rank:gini" not in shown(at).columns


def test_table_is_static_accessible_html_not_the_data_grid(app):
    """Issue 23: Streamlit's data grid cost a new visitor about 4 MB of JavaScript; the table
    is one static HTML table: a caption, column headers and row headers with their scope, each
    column's definition in its header's tooltip, every text escaped."""
    from atlas.views import municipal

    at = app(ind="life_expectancy", lang="en")
    assert not at.exception
    assert not at.dataframe
    body = table_html(at)
    (header, *rows), caption = table_rows(body)
    assert caption == "Table of the municipalities. Showing 98 of 98 municipalities."
    assert body.count('<th scope="col"') == len(header) and len(rows) == 98
    assert body.count('<th scope="row">') == 98
    indicator = municipal.context("en").indicators["life_expectancy"]
    assert 'role="region"' in body and 'tabindex="0"' in body
    assert f'title="{html.escape(indicator.description("en"))}"' in body


@settings(max_examples=200, deadline=None)
@given(low=st.floats(-1e6, 1e6, allow_nan=False), width=st.floats(1e-3, 1e6),
       decimals=st.integers(0, 3), chosen=st.floats(0, 1))
def test_value_slider_stops_are_few_and_keep_the_ends_and_a_links_bound(low, width, decimals,
                                                                        chosen):
    from atlas.views.table import MAX_VALUE_STOPS, _step, value_stops

    high = low + width
    step = _step(decimals, low, high)
    assert step >= 10.0 ** -decimals * (1 - 1e-9)
    first, last = math.floor(low / step) * step, math.ceil(high / step) * step
    bound = first + chosen * (last - first)
    stops = value_stops(first, last, step, bound, None)
    assert stops == tuple(sorted(set(stops)))
    assert stops[0] == round(first, 9) and stops[-1] == round(last, 9)
    assert round(bound, 9) in stops
    # at most the cap plus one, the ends rounded out by a step each, and the link's bound
    assert len(stops) <= MAX_VALUE_STOPS + 4
