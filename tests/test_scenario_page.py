"""AppTest of the scenario page (/scenarier) against the real database: valid scenario URLs,
malformed ones (each falls back with a notice that stays until the visitor changes
something), every site closed, the widgets writing the URL, English."""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_page, permalink
from tests.support.html_table import page_tables

PAGE = "pages/scenario.py"


@pytest.fixture
def app(atlas_db):
    return functools.partial(open_page, PAGE)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def params(at: AppTest) -> dict[str, str]:
    return permalink(at)


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def metrics(at: AppTest) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.proto.delta or None) for m in at.metric}


def tables(at: AppTest) -> list[pd.DataFrame]:
    """The page's tables (atlas.ui.static_table), as shown: every cell a text, in page order."""
    return page_tables(at)


def test_default_is_today_with_no_change(app):
    at = ok(app())
    assert at.title[0].value.startswith("Scenarier")
    assert not at.warning
    assert params(at) == {"lang": "da"}
    assert any("Intet er ændret" in i.value for i in at.info)
    mean = metrics(at)["Gennemsnitlig afstand, hele landet"]
    assert mean[1] == "0,0 km"
    assert at.multiselect(key="scenario_off").value == []
    assert any("Luftlinje" in m.value for m in at.markdown)          # the method is stated
    assert any("ikke regionernes officielle optageområder" in i.value for i in at.info)


def test_bornholm_off_from_the_url(app):
    at = ok(app(off="bornholms-hospital"))
    assert not at.warning
    assert at.multiselect(key="scenario_off").value == ["bornholms-hospital"]
    assert params(at)["off"] == "bornholms-hospital"
    value, delta = metrics(at)["Gennemsnitlig afstand, hele landet"]
    assert delta.startswith("+")
    assert not at.dataframe                 # static tables: no data-grid code to load
    table, clusters_scenario, clusters_today, moved = tables(at)
    assert table.iloc[0]["Kommune"] == "Bornholm" and table.iloc[0]["Færgeø"] == "⛴"
    assert list(table.columns[:2]) == ["Kommune", "⚠"]   # the name is the row header
    assert "Bornholm" in " ".join(moved["Kommune"])


def test_a_change_that_shows_as_zero_has_no_arrow_and_no_colour(app):
    """st.metric draws a delta text without a minus sign as a rise: "0,0 km" came with a red
    up arrow on the unchanged scenario."""
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    def looks(at: AppTest) -> dict[str, tuple[int, int]]:
        return {m.label: (m.proto.direction, m.proto.color) for m in at.metric if m.proto.delta}

    steady = (MetricProto.MetricDirection.NONE, MetricProto.MetricColor.GRAY)
    assert set(looks(ok(app())).values()) == {steady}
    farther = looks(ok(app(off="bornholms-hospital")))["Gennemsnitlig afstand, hele landet"]
    assert farther == (MetricProto.MetricDirection.UP, MetricProto.MetricColor.RED)


@pytest.mark.parametrize("query, check", [
    ({"on": "akutklinik-silkeborg"},
     lambda at: at.multiselect(key="scenario_on").value == ["akutklinik-silkeborg"]),
    ({"add": "54.8289,11.1386,Nakskov"},
     lambda at: at.multiselect(key="scenario_add").value == ["54.8289,11.1386,Nakskov"]),
    ({"map": "clusters"}, lambda at: at.button_group(key="scenario_map").value == "clusters"),
    ({"map": "clusters-today", "off": "holbaek-sygehus"},
     lambda at: any("Sundhedsklynger i dag" in m.value for m in at.markdown)),
    ({"lang": "en", "off": "bornholms-hospital"},
     lambda at: at.title[0].value.startswith("Scenarios")
     and "Mean distance, all of Denmark" in metrics(at)),
])
def test_valid_scenario_urls(app, query, check):
    at = ok(app(**query))
    assert not at.warning, warnings(at)
    for key, value in query.items():
        assert params(at)[key] == value
    assert check(at)


@pytest.mark.parametrize("query, kept", [
    ({"off": "rigshospitalet,drop table"}, {"off": "rigshospitalet"}),
    ({"off": "nonsense"}, {}),
    ({"on": "bornholms-hospital"}, {}),
    ({"add": "91,200,Nowhere"}, {}),
    ({"add": "55.5,x"}, {}),
    ({"map": "satellite"}, {}),
    ({"lang": "de"}, {}),
])
def test_malformed_scenario_urls_fall_back_with_a_notice_that_stays(app, query, kept):
    at = ok(app(**query))
    (param, value), = query.items()
    assert len(at.warning) == 1, warnings(at)
    assert param in at.warning[0].value
    shown = {k: v for k, v in params(at).items() if k != "lang"}
    assert shown == kept
    # the canonical URL replaced the bad one; the next run (e.g. the map component's first
    # value) keeps the notice on screen
    at.run()
    ok(at)
    assert len(at.warning) == 1, "the notice vanished on the next run"
    # the visitor changes something: the notice has served its purpose
    at.multiselect(key="scenario_on").select("akutklinik-silkeborg").run()
    ok(at)
    assert not at.warning
    assert params(at)["on"] == "akutklinik-silkeborg"


def test_every_site_closed_gives_a_message_not_a_crash(app):
    from atlas.views.scenario import scenario_model

    everything = ",".join(scenario_model().baseline_ids)
    at = ok(app(off=everything))
    assert any("Alle akutsteder er lukket" in e.value for e in at.error)
    assert not at.metric and not tables(at)
    at.button(key="scenario_reset").click().run()
    ok(at)
    assert "off" not in params(at) and not at.error
    assert at.metric


def test_widgets_write_the_scenario_into_the_url(app):
    at = ok(app())
    at.multiselect(key="scenario_off").select("bornholms-hospital").run()
    assert params(ok(at))["off"] == "bornholms-hospital"
    town = next(label for label in at.selectbox(key="scenario_town").options
                if label.startswith("Nakskov ("))
    at.selectbox(key="scenario_town").select(town).run()
    at.button(key="scenario_add_town").click().run()
    ok(at)
    assert params(at)["add"].endswith(",Nakskov")
    assert at.selectbox(key="scenario_town").value is None
    at.multiselect(key="scenario_add").set_value([]).run()
    assert "add" not in params(ok(at))
    at.button_group(key="scenario_map").set_value("clusters").run()
    assert params(ok(at))["map"] == "clusters"
    at.multiselect(key="scenario_off").unselect("bornholms-hospital").run()
    assert "off" not in params(ok(at))


def test_one_new_site_is_nyt_by_the_plural_rule(app):
    """Issue 21: the summary said "1 nye" (et akutsted: "1 nyt", but "2 nye")."""
    one = [c.value for c in ok(app(add="54.8289,11.1386,Nakskov")).caption]
    assert any(line.endswith("0 opgraderet, 1 nyt.") for line in one), one
    two = [c.value for c in ok(app(add="54.8289,11.1386,Nakskov;55.05,10.6,Svendborg"))
           .caption]
    assert any(line.endswith("2 nye.") for line in two), two
