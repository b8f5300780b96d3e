"""The map's shareable URL state: every parameter valid and invalid (invalid -> default and a
notice; never an exception)."""

from __future__ import annotations

import pytest

from atlas.views.map_page import SCHEMA, Choices, MapState, parse_state
from atlas.views.text import md

# view functions here read the build's own tables (e.g. the towns of municipal.resolve)
pytestmark = pytest.mark.usefixtures("module_db")

CHOICES = Choices(
    periods={"life_expectancy": ("2021-2025",), "daily_smoking_share": ("2021", "2025")},
    latest={"life_expectancy": "2021-2025", "daily_smoking_share": "2025"},
    registered=frozenset({"life_expectancy", "daily_smoking_share", "citizens_per_gp"}),
    labels={"life_expectancy": "Middellevetid", "daily_smoking_share": "Dagligrygere",
            "citizens_per_gp": "Borgere pr. lægekapacitet"},
    municipalities={101: "København", 751: "Aarhus"},
    regions={1084: "Region Hovedstaden", 1082: "Region Midtjylland"},
    groups={1: "Hovedstadskommuner", 2: "Storbykommuner"},
)


def test_defaults():
    state, notices = parse_state({}, CHOICES)
    assert notices == []
    assert state == MapState(indicator="life_expectancy", period="2021-2025")
    assert state.to_params(CHOICES) == {"indicator": "life_expectancy", "period": "2021-2025",
                                 "breaks": "quantiles", "classes": "5", "lang": "da"}


def test_all_valid():
    params = {"indicator": "daily_smoking_share", "period": "2021", "breaks": "equal",
              "classes": "7", "kommune": "0751", "region": "1082", "gruppe": "2",
              "view": "kbh", "tiles": "osm", "lang": "en"}
    state, notices = parse_state(params, CHOICES)
    assert notices == []
    assert state == MapState("daily_smoking_share", "2021", "equal", 7, 751, 1082, 2, "kbh",
                             "osm", "en")
    assert state.to_params(CHOICES) == {**params, "kommune": "751"}
    assert set(state.to_params(CHOICES)) <= set(SCHEMA.names)


@pytest.mark.parametrize("param, value, field, default", [
    ("indicator", "no_such_thing", "indicator", "life_expectancy"),
    ("period", "1999", "period", "2021-2025"),
    ("breaks", "kmeans", "breaks", "quantiles"),
    ("classes", "12", "classes", 5),
    ("classes", "fem", "classes", 5),
    ("kommune", "9999", "kommune", None),
    ("kommune", "Aarhusville", "kommune", None),
    ("region", "1", "region", None),
    ("gruppe", "9", "gruppe", None),
    ("view", "moon", "view", "dk"),
    ("tiles", "google", "tiles", None),
    ("lang", "fr", "lang", "da"),
])
def test_each_invalid_parameter_falls_back_with_a_notice(param, value, field, default):
    state, notices = parse_state({param: value}, CHOICES)
    assert getattr(state, field) == default
    assert len(notices) == 1
    assert f"«{param}»" in notices[0] and md(value) in notices[0]


def test_registered_indicator_without_data_says_so():
    state, notices = parse_state({"indicator": "citizens_per_gp", "lang": "en"}, CHOICES)
    assert state.indicator == "life_expectancy"
    assert notices == ["The indicator “Borgere pr\\. lægekapacitet” has no data in the "
                       "database yet. Showing instead: Middellevetid."]


def test_period_of_another_indicator_is_invalid():
    state, notices = parse_state({"indicator": "daily_smoking_share", "period": "2021-2025"},
                                 CHOICES)
    assert state.period == "2025" and len(notices) == 1


def test_notices_follow_the_language():
    _, notices = parse_state({"classes": "x", "lang": "en"}, CHOICES)
    assert notices[0].startswith("The link's value for “classes”")


def test_hostile_values_are_echoed_escaped_and_shortened():
    hostile = "![u](http://evil.example/u.png)" + "x" * 100
    _, notices = parse_state({"indicator": hostile}, CHOICES)
    assert "![" not in notices[0] and "](" not in notices[0] and "http://" not in notices[0]
    assert "…" in notices[0] and "x" * 60 not in notices[0]


def test_the_schema_declares_each_parameter_once():
    assert len(SCHEMA.names) == len(set(SCHEMA.names)) == 10
    widgets = SCHEMA.widget_values(MapState("life_expectancy", "2021-2025").values())
    assert widgets["map_indicator"] == "life_expectancy" and widgets["map_kommune"] is None


@pytest.mark.parametrize("text, code", [
    ("Århus", 751), ("aarhus", 751), ("Kobenhavn", 101), ("Københavns Kommune", 101),
    ("101", 101), ("0751", 751),
])
def test_kommune_is_found_by_name_or_code_as_people_write_it(text, code):
    """Issue 13, item 10: the upload page's name matcher finds the municipality."""
    state, notices = parse_state({"kommune": text}, CHOICES)
    assert notices == [] and state.kommune == code
