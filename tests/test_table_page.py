"""AppTest of the journalist's table (/tabel): default columns, filters, sorting, rank columns,
invalid parameters, and the table view's formats."""

from __future__ import annotations

import functools

import pytest

from tests.conftest import open_page


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
    assert set(frame["region"]) == {"Region Sjælland"} and set(frame["gruppe"]) == {"Landkommuner"}
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
