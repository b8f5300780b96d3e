"""AppTest of the journalist's table (/tabel): default columns, filters, sorting, rank columns,
invalid parameters, and the table view's formats."""

from __future__ import annotations

import functools

import pytest

from tests.conftest import open_page, permalink


@pytest.fixture
def app(atlas_db):
    return functools.partial(open_page, "pages/table.py")


def test_default_all_municipalities_core_and_need_supply(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Tabel over kommunerne"
    frame = at.dataframe[0].value
    assert len(frame) == 98
    assert {"hospital_distance_km", "rank:hospital_distance_km", "daily_smoking_share"} \
        <= set(frame.columns)
    assert "life_expectancy" not in frame.columns         # an outcome: not a default column
    assert "Viser 98 af 98 kommuner." in [c.value for c in at.caption]


def test_filters_sort_and_english(app):
    at = app(ind="life_expectancy,gini", region="1085", gruppe="5", sort="life_expectancy",
             order="desc", lang="en")
    assert not at.exception
    frame = at.dataframe[0].value
    assert set(frame["region"]) == {"Region Sjælland"}
    assert set(frame["gruppe"]) == {"Rural municipalities"}      # DST's English name
    assert list(frame["life_expectancy"]) == sorted(frame["life_expectancy"], reverse=True)
    assert f"Showing {len(frame)} of 98 municipalities." in [c.value for c in at.caption]


def test_population_and_value_ranges(app):
    at = app(ind="life_expectancy", pop_min="20000", pop_max="60000",
             range="life_expectancy:80:81.5", ranks="0")
    assert not at.exception
    frame = at.dataframe[0].value
    assert frame["population"].between(20000, 60000).all()
    assert frame["life_expectancy"].between(80, 81.5).all()
    assert list(frame.columns) == ["code", "name", "region", "gruppe", "population",
                                   "life_expectancy"]


@pytest.mark.parametrize("params,name", [({"ind": "nope"}, "ind"), ({"region": "9"}, "region"),
                                         ({"range": "gini:1:x"}, "range"),
                                         ({"sort": "bogus"}, "sort")])
def test_invalid_parameters_fall_back_with_a_notice(app, params, name):
    at = app(**params)
    assert not at.exception
    assert f"«{name}»" in at.warning[0].value
    assert len(at.dataframe[0].value) == 98


def test_display_formats_are_danish_and_english(atlas_db):
    from atlas.views import municipal
    from atlas.views import table as tv

    context = municipal.context()
    for lang, expected, no_data in (("da", "78,6", "ingen data"), ("en", "78.6", "no data")):
        state, _ = tv.parse_state({"lang": lang, "ind": "life_expectancy"}, context)
        view = tv.build_view(state, context)
        html = view.styled.to_html()
        assert expected in html and no_data in html       # Lolland; four without data
        assert view.labels["life_expectancy"].endswith(("(år, 2021-2025)", "(years, 2021-2025)"))


def test_missing_values_read_no_data_not_none(app):
    """Issue 21: Streamlit draws a missing cell as "None" unless told otherwise."""
    for lang, no_data in (("da", "ingen data"), ("en", "no data")):
        at = app(ind="hospital_distance_km,life_expectancy", sort="hospital_distance_km",
                 order="desc", lang=lang)
        assert not at.exception
        assert at.dataframe[0].proto.placeholder == no_data
        frame = at.dataframe[0].value
        # missing values sort last when sorting by them
        at = app(ind="life_expectancy", sort="life_expectancy", order="desc", lang=lang)
        frame = at.dataframe[0].value
        values = list(frame["life_expectancy"])
        n_missing = frame["life_expectancy"].isna().sum()
        assert n_missing > 0 and frame["life_expectancy"].tail(n_missing).isna().all()
        assert values[0] == frame["life_expectancy"].max()


def test_top_n_of_the_sorted_view_in_url_and_download(app):
    at = app(ind="hospital_distance_km", sort="hospital_distance_km", order="desc", top="10")
    assert not at.exception
    frame = at.dataframe[0].value
    assert len(frame) == 10 and frame["name"].iloc[0] == "Læsø"
    assert "Viser de første 10 af 98 kommuner i den valgte sortering." in \
        [c.value for c in at.caption]
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
        at = app(lang=lang, pop_min="20500")
        assert not at.exception
        slider = at.select_slider[0]
        assert slider.options[-1] == biggest
        assert slider.value == (20500, 671714)
    at = app()
    at.select_slider[0].set_range(20000, 60000).run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert frame["population"].between(20000, 60000).all()
    assert permalink(at)["pop_min"] == "20000" and permalink(at)["pop_max"] == "60000"
