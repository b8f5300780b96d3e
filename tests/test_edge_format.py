"""Numbers are formatted at the edge (issue 19): view models hold `Number`, `Moment` and
`Message` values, and `atlas.i18n.render(item, lang)` turns them into text where a renderer,
atlas.ui, a page or an export shows them.

The unit tests pin the edge formatter; the view tests build each converted view with every
formatting function of the view layer replaced by one that fails, so a view that formats a
number while it is built fails here."""

from __future__ import annotations

import dataclasses
import importlib
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pandas as pd
import pytest

from atlas import i18n
from atlas.i18n import Message, Moment, Number, message, message_plural, render, render_frame

# --- the edge formatter -------------------------------------------------------------------------


@pytest.mark.parametrize("number,lang,expected", [
    (Number(1234.56, 1), "da", "1.234,6"),
    (Number(1234.56, 1), "en", "1,234.6"),
    (Number(2.675, 2), "da", "2,68"),                  # half-up, as written
    (Number(1234567), "da", "1.234.567"),
    (Number(1234567), "en", "1,234,567"),
    (Number(0.5, 0), "en", "1"),
    (Number(12.345, 1, "% af voksne"), "da", "12,3 % af voksne"),
    (Number(None, 1, "år"), "da", "ingen data"),       # missing: no unit, never 0
    (Number(float("nan"), 1, "years"), "en", "no data"),
    (Number(pd.NA, 0), "da", "ingen data"),
    (Number(1.25, 1, "år", signed=True), "da", "+1,3 år"),
    (Number(-0.4, 1, "år", signed=True), "da", "-0,4 år"),
    (Number(0.04, 1, "år", signed=True), "da", "0,0 år"),   # rounds to zero: no sign
    (Number(1000.0, 0, signed=True), "da", "+1.000"),
])
def test_number(number: Number, lang: str, expected: str) -> None:
    assert render(number, lang) == expected
    assert number.render(lang) == expected


def test_number_is_the_same_as_format_value() -> None:
    from atlas.registry import registry

    for indicator in list(registry().values())[:8]:
        for lang in ("da", "en"):
            for value in (None, 0.0, 3.14159, 12345.678):
                assert render(Number(value, indicator.decimals, indicator.unit(lang)), lang) \
                    == i18n.format_value(value, indicator, lang)


def test_moment() -> None:
    stamp = "2026-11-22T05:40:00+00:00"
    assert render(Moment(stamp), "da") == "22. november 2026 kl. 05.40 UTC"
    assert render(Moment(stamp), "en") == "22 November 2026, 05:40 UTC"
    assert render(Moment(None, "?"), "da") == "?"


def test_message_renders_its_numbers_in_the_language() -> None:
    texts = i18n.area("profile")
    item = message(texts, "with_n", value=Number(1234.5, 1, "år"), n=7)
    assert item == Message("profile", "with_n", (("value", Number(1234.5, 1, "år")), ("n", 7)))
    assert render(item, "da") == texts.text("with_n", "da", value="1.234,5 år", n=7)
    assert render(item, "en") == texts.text("with_n", "en", value="1,234.5 år", n=7)
    assert render(message(texts, "with_n", value=Number(None, 1), n=0), "en") \
        == texts.text("with_n", "en", value="no data", n=0)


def test_plural_message_takes_its_form_from_the_catalogue() -> None:
    one = message_plural(i18n.STRINGS, "map.legend.count", 1)
    many = message_plural(i18n.STRINGS, "map.legend.count", 1234)
    assert render(one, "da") == i18n.format_count(1, "da") == "1 kommune"
    assert render(many, "da") == "1.234 kommuner"
    assert render(many, "en") == "1,234 municipalities"


def test_escaped_renders_then_escapes() -> None:
    from atlas.views.text import md

    item = i18n.Escaped(Number(1234.5, 1, "år"), md)
    assert render(item, "da") == "1\\.234,5 år"
    assert render(item, "en") == "1,234\\.5 år"


def test_plain_text_and_none_pass_through() -> None:
    assert render("Lolland", "en") == "Lolland"
    assert render(None, "da") is None
    frame = pd.DataFrame({"a": [Number(1.5, 1), "x"], "b": [Number(None), Moment(None, "?")]})
    assert render_frame(frame, "da").to_dict("list") == {"a": ["1,5", "x"],
                                                        "b": ["ingen data", "?"]}


def test_render_rows_renders_every_cell_as_render_does() -> None:
    from atlas.i18n import Joined, render_rows

    nan = float("nan")
    rows = [[Number(1234.56, 1), Number(2.675, 2), "Lolland", Number(None, 1),
             Joined((Number(1.25, 1), Number(3.0, 1)), " → "), 7],
            [Number(1234.56, 1), Number(0.04, 1, "år", signed=True), Number(nan, 1),
             Number(pd.NA, 0), message(i18n.area("profile"), "with_n", value=Number(2.5, 1),
                                       n=3), None],
            [Number(1234.56, 2), Number(1.25, 1, "år", signed=True), Number(-0.0, 1),
             Number(1.0, 0, Message("profile", "with_n", (("value", []), ("n", 1)))),
             Number(12.345, 1, "%"), "x"]]
    for lang in ("da", "en", "da"):       # the second Danish call reads the remembered texts
        assert render_rows(rows, lang) == [[render(cell, lang) for cell in row] for row in rows]
    assert render_rows(rows, "da")[0][:4] == ["1.234,6", "2,68", "Lolland", "ingen data"]
    assert render_rows(rows, "en")[1][:4] == ["1,234.6", "0.0 år", "no data", "no data"]
    assert render_rows([], "da") == []


def test_number_column_renders_each_value_once_per_language() -> None:
    from atlas.i18n import NumberColumn

    values = [1234.56, 2.675, float("nan"), 1234.56, None, 0.04]
    column = NumberColumn({value: Number(value, 2) for value in values if value == value
                           and value is not None}, Number(None, 2))
    for lang in ("da", "en"):
        assert column.render(values, lang) == [render(Number(value, 2), lang)
                                               for value in values]
    assert column.render(values, "da")[:3] == ["1.234,56", "2,68", "ingen data"]
    assert column.texts("en") is column.texts("en")          # rendered once per language


# --- converted views format nothing while they are built ----------------------------------------
CONVERTED = ("atlas.views.municipal", "atlas.views.compare", "atlas.views.profile",
             "atlas.views.data_status", "atlas.views.autocorrelation",
             "atlas.views.inverse_care.overview", "atlas.views.funnel",
             "atlas.views.inverse_care.wording", "atlas.views.choropleth",
             "atlas.views.map_page", "atlas.views.inverse_care.lisa", "atlas.views.about",
             "atlas.views.inverse_care.model", "atlas.views.inverse_care.figures",
             "atlas.views.inverse_care.spatial",
             "atlas.views.table", "atlas.views.scenario.figures", "atlas.views.scenario.state",
             "atlas.views.scenario.tables", "atlas.views.scenario.view",
             "atlas.views.scenario.wording")
FORMATTERS = ("format_number", "format_value", "format_range", "format_count",
              "format_datetime", "plural", "render", "render_frame", "render_rows")


@contextmanager
def no_formatting() -> Iterator[list[str]]:
    """While inside: every formatting function as the view layer imported it replaced by one
    that records its call (the list yielded) and fails."""
    for name in CONVERTED:
        importlib.import_module(name)
    calls: list[str] = []
    originals = {getattr(i18n, name): name for name in FORMATTERS}
    with pytest.MonkeyPatch.context() as patch:
        for module_name, module in list(sys.modules.items()):
            if not module_name.startswith("atlas.views") or module is None:
                continue
            for attribute, value in list(vars(module).items()):
                if callable(value) and value in originals:
                    def recorder(*args: Any, _name: str = originals[value], **kwargs: Any) -> Any:
                        calls.append(_name)
                        raise AssertionError(f"{_name} called while a view model is built")
                    patch.setattr(module, attribute, recorder)
        yield calls


def walk(item: Any) -> Iterator[Any]:
    """Every value inside a view model (dataclasses, containers, DataFrames' cells)."""
    yield item
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        if isinstance(item, (Number, Moment)):
            return
        for f in dataclasses.fields(item):
            yield from walk(getattr(item, f.name))
    elif isinstance(item, (tuple, list, set, frozenset)):
        for part in item:
            yield from walk(part)
    elif isinstance(item, dict):
        for part in item.values():
            yield from walk(part)
    elif isinstance(item, pd.DataFrame):
        for part in item.to_numpy().ravel().tolist():
            yield from walk(part)


def _compare(lang: str) -> Callable[[], Any]:
    from atlas.views import compare, municipal

    context = municipal.context(lang)
    state, _ = compare.parse_state({"kommuner": "360,376,101", "lang": lang}, context)
    return lambda: compare.build_view(state, context)


def _profile(lang: str) -> Callable[[], Any]:
    from atlas.views import municipal, profile

    context = municipal.context(lang)
    state, _, _ = profile.parse_state({"kommune": "360", "lang": lang}, context)
    return lambda: profile.build_view(state, context)


def _data_status(lang: str) -> Callable[[], Any]:
    from atlas.views import data_status

    return lambda: data_status.build_view(lang)


def _autocorrelation(lang: str) -> Callable[[], Any]:
    from atlas.views import autocorrelation, municipal

    latest = municipal.context(lang).latest
    return lambda: [autocorrelation.lines(ident, period) for ident, period in latest.items()]


def _inverse_care_overview(lang: str) -> Callable[[], Any]:
    from atlas.views.inverse_care import overview

    return lambda: overview.overview.uncached(lang)   # not another test's per-build cache


def _funnels(lang: str) -> Callable[[], Any]:
    from atlas.views import funnel

    return lambda: funnel.profile_funnels(360, lang)   # every register rate's chart and marks


def _inverse_care_statistics(lang: str) -> Callable[[], Any]:
    from atlas.views.inverse_care import model
    from atlas.views.inverse_care import state as ic_state

    context = ic_state.choices(lang)
    states = [ic_state.parse_state({**query, "lang": lang}, context)[0]
              for query in ({}, {"need": "life_expectancy", "access": "hospital_distance_km",
                                 "weighting": "population"})]
    return lambda: [model.statistics_view(model.build_view(state, context))
                    for state in states]


PAIR_QUERIES = ({}, {"need": "life_expectancy", "access": "hospital_distance_km",
                     "weighting": "population"},
                {"need": "age_65plus_share", "access": "citizens_per_gp", "kommune": "825",
                 "colour": "region"})


def _inverse_care_pair(lang: str, queries: tuple[dict, ...] = PAIR_QUERIES
                       ) -> Callable[[], Any]:
    from atlas.views.inverse_care import figures, lisa, model, spatial
    from atlas.views.inverse_care import state as ic_state

    context = ic_state.choices(lang)
    states = [ic_state.parse_state({**query, "lang": lang}, context)[0] for query in queries]

    def build(state: Any) -> tuple[Any, ...]:
        # the pair's rows, bivariate map, hot spots and selection; its scatter (points,
        # medians, quadrants) and hot-spot links; the commission's chart
        view = model.build_view(state, context)
        clusters = spatial.pair_clusters(state.need, state.need_period, state.access,
                                         state.access_period)
        return (view, figures.scatter_model(view, model.statistics_view(view)),
                lisa.hot_spot_labels(view, clusters), figures.commission_view(context, lang))

    return lambda: [build(state) for state in states]


def _map(lang: str) -> Callable[[], Any]:
    from atlas.views import map_page as mv

    context = mv.choices(lang)
    queries = ({}, {"indicator": "gini", "kommune": "751", "region": "1082", "breaks": "equal",
                    "classes": "7"},
               {"indicator": "hospital_distance_km", "kommune": "825", "gruppe": "2"},
               {"indicator": "daily_smoking_share", "breaks": "jenks", "classes": "3"})
    states = [mv.parse_state({**query, "lang": lang}, context)[0] for query in queries]
    for state in states:      # the per-build pieces (hospitals, labels) before the check
        mv.build_view(state, context)
    # the choropleth (tooltips, legend, notes), the side panel and the highlighted list
    return lambda: [mv.build_view.uncached(state, context) for state in states]


def _cluster_map(lang: str) -> Callable[[], Any]:
    from atlas.views.inverse_care import lisa, model, spatial
    from atlas.views.inverse_care import state as ic_state

    context = ic_state.choices(lang)
    states = [ic_state.parse_state({**query, "lang": lang}, context)[0]
              for query in ({}, {"need": "age_65plus_share", "access": "citizens_per_gp"})]
    return lambda: [lisa.cluster_map(model.build_view(state, context), spatial.pair_clusters(
        state.need, state.need_period, state.access, state.access_period)) for state in states]


def _about(lang: str) -> Callable[[], Any]:
    from atlas.views import about

    return lambda: about.build_view.uncached(lang)   # not another test's per-build cache


def _table(lang: str) -> Callable[[], Any]:
    from atlas.views import municipal
    from atlas.views import table as tv

    context = municipal.context(lang)
    queries = ({}, {"ind": "life_expectancy,gini,hospital_use_share", "region": "1085",
                    "sort": "life_expectancy", "order": "desc", "top": "5"},
               {"ind": "life_expectancy", "pop_min": "20500", "pop_max": "60000",
                "range": "life_expectancy:79:81.5", "ranks": "0", "sort": "rank:gini"},
               {"pop_min": "60000", "pop_max": "20000", "gruppe": "5"},    # swapped: a notice
               {"pop_min": "3", "pop_max": "9999999", "sort": "population"})  # clamped
    states = [tv.parse_state({**query, "lang": lang}, context)[0] for query in queries]
    # the columns of every state (each kept per build) made before the check, from the build
    # cache's own function: the check is of what a visitor's run builds (cells, slider stops,
    # notices, build date), the columns' numbers are checked by building them uncached
    for state in states:
        tv.build_view(state, context)
    ind = states[1].ind
    return lambda: ([tv.build_view(state, context) for state in states]
                    + [tv._columns.uncached((ind, "1", lang), context)])


def _scenario(lang: str) -> Callable[[], Any]:
    from atlas.views import map_page as mv
    from atlas.views import scenario as sv

    model = sv.scenario_model()
    geometry = mv.map_geometry(True)
    queries = ({}, {"off": "bornholms-hospital,holbaek-sygehus", "on": "akutklinik-silkeborg",
                    "add": "55.2412,11.7601,Næstved;56.0350,12.6100,Helsingør"},
               {"off": "slagelse-sygehus,nykoebing-f-sygehus", "map": "clusters"},
               {"off": "slagelse-sygehus", "add": "55.2412,11.7601,Næstved",
                "map": "clusters-today"})
    states = [sv.parse_state({**query, "lang": lang}, model)[0] for query in queries]
    for state in states:     # the per-build pieces (spatial weights, need values) before
        sv.build_view(state, model)
    clicks = ({"lat": 55.5, "lng": 11.5}, {"lat": 56.1234567, "lng": 9.87654})
    # the metrics, summary, legends (class and count labels), tooltips, tables and the
    # sentence proposing a clicked place
    return lambda: ([sv.build_view(state, model) for state in states]
                    + [sv.clicked_site(model, geometry, click, lang) for click in clicks])


# name -> (lang -> a function building the view model, everything it needs prepared)
VIEWS: dict[str, Callable[[str], Callable[[], Any]]] = {
    "about": _about,
    "map": _map,
    "cluster_map": _cluster_map,
    "autocorrelation": _autocorrelation,
    "inverse_care_statistics": _inverse_care_statistics,
    "inverse_care_pair": _inverse_care_pair,
    "funnel": _funnels,
    "inverse_care_overview": _inverse_care_overview,
    "compare": _compare,
    "data_status": _data_status,
    "profile": _profile,
    "table": _table,
    "scenario": _scenario,
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_converted_views_hold_numbers_not_their_text(atlas_db, name: str) -> None:
    assert_holds_numbers(VIEWS[name])


def test_the_commission_chart_holds_numbers_not_their_text(commission_db, use_db) -> None:
    """The commission's chart (its points, group medians and summary) on a database with its
    indicators (synthetic values: tests/conftest.py)."""
    use_db(commission_db)
    assert_holds_numbers(lambda lang: _inverse_care_pair(lang, (
        {"need": "chronic_prevalence_per_100k", "access": "citizens_per_gp"},)))


def assert_holds_numbers(make: Callable[[str], Callable[[], Any]]) -> None:
    """`make(lang)()` builds a view model without formatting, holding Numbers or Moments, the
    same in both languages."""
    numbers = {}
    for lang in ("da", "en"):
        build = make(lang)
        with no_formatting() as calls:
            view = build()
        assert calls == []
        found = [item for item in walk(view) if isinstance(item, (Number, Moment))]
        assert found, "the view shows numbers: they should be Numbers"
        numbers[lang] = [render(dataclasses.replace(item, unit="") if isinstance(item, Number)
                                else item, "en") for item in found]
    # the same numbers in both languages, as shown (the units' words differ, lists of
    # municipalities follow each language's alphabet, and a similarity distance may differ in
    # its last binary digit with that order)
    assert sorted(numbers["da"]) == sorted(numbers["en"])


def test_the_scatter_renders_its_numbers_and_its_spec_is_kept_per_language(atlas_db) -> None:
    """The scatter's tooltips are plain text in the model's language, rendered by the chart
    function; the per-build spec cache keeps one spec per language (the model's `lang` is in
    its key), so a Danish spec is never shown on an English page."""
    from atlas.charts.scatter import scatter_chart
    from atlas.ui import cached_chart
    from atlas.views.inverse_care import figures, model
    from atlas.views.inverse_care import state as ic_state

    context = ic_state.choices("da")
    state, _ = ic_state.parse_state({"need": "life_expectancy", "lang": "da"}, context)
    scatter = figures.scatter_model(model.build_view(state, context))
    point = scatter.points[0]
    specs = {}
    for lang in ("da", "en"):
        shown = dataclasses.replace(scatter, lang=lang)
        dots = next(layer for layer in scatter_chart(shown).to_dict()["layer"]
                    if layer.get("mark", {}).get("type") == "circle")
        values = dots["data"]["values"]
        assert values[0]["need_text"] == render(point.need_text, lang)
        assert values[0]["population_text"] == render(point.population_text, lang)
        specs[lang] = cached_chart.spec(shown, scatter_chart)
        assert cached_chart.spec(shown, scatter_chart) is specs[lang]     # kept
    assert render(point.population_text, "da") != render(point.population_text, "en")
    assert specs["da"] != specs["en"]
