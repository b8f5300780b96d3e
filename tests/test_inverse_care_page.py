"""AppTest of the inverse-care page: every loaded need x access pair on the real snapshot, the
URL parameters (pair, periods, weighting, colour, selection, language) valid and invalid, the
widgets writing the URL, and the commission's chart on a database that holds its indicators
(the snapshot plus synthetic test values)."""

from __future__ import annotations

import functools
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_page, permalink
from tests.support.html_table import table_rows

PAGE = "pages/inverse_care.py"


@pytest.fixture
def app(atlas_db):
    return functools.partial(open_page, PAGE)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def params(at: AppTest) -> dict[str, str]:
    return permalink(at)


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def statistics_table(at: AppTest) -> list[list[str]]:
    """The pair's statistics table (an HTML table, atlas.ui.static_table), header row first:
    every cell as shown."""
    from atlas.ui.static_table import TABLE_CLASS

    tables = [table_rows(e.value)[0] for e in at.html
              if TABLE_CLASS in e.value and "<table" in e.value]
    assert len(tables) == 1
    return tables[0]


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def reading(at: AppTest) -> str:
    return at.info[0].value


def scatter_spec(at: AppTest) -> dict:
    charts = [c for c in at.get("vega_lite_chart") if c.key == "ic_scatter"]
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def grid_counts(at: AppTest) -> tuple[list[int], int]:
    html = next(m.value for m in at.markdown if "atlas-bivariate-legend" in m.value)
    cells = [int(n) for n in re.findall(r'data-cell="\d-\d"[^>]*>(\d+)</div>', html)]
    no_data = re.search(r'atlas-legend-nodata.*?(\d+) (?:kommuner|kommune|municipalities|'
                        r'municipality)</span>', html)
    return cells, int(no_data.group(1))


def first_pair(at: AppTest) -> AppTest:
    """Click the overview's first pair: the registry's first pair with data."""
    return at.button(key="ic_pair_0").click().run()


def test_default_pair_and_why(app):
    at = ok(first_pair(ok(app())))
    assert at.title[0].value == "Omvendt omsorg: behov mod adgang"
    assert not at.warning
    assert params(at) == {"lang": "da", "need": "self_rated_good_health_share",
                          "need_period": "2025", "access": "hospital_distance_km",
                          "access_period": "2026"}
    text = markdown(at)
    assert "Godt selvvurderet helbred × Afstand til nærmeste akutmodtagelse" in text
    assert "første par i atlassets foretrukne rækkefølge" in text
    assert "ikke efter hvor stærk sammenhængen er" in text
    assert "Perioderne er forskellige" in captions(at)       # 2025 against 2026
    assert "Sundhedsprofil" in captions(at)                 # the survey note
    assert reading(at).startswith("På tværs af 98 kommuner")
    spec = scatter_spec(at)
    assert spec["description"].startswith("ic|self_rated_good_health_share|2025|")
    cells, no_data = grid_counts(at)
    assert len(cells) == 9 and sum(cells) == 98 and no_data == 0
    # the commission's chart needs data the snapshot lacks: the page says how to load it
    assert "atlas fetch --out data/sources --only ruks --ruks URL" in at.code[0].value


@pytest.mark.slow
def test_every_loaded_need_access_pair(app, atlas_db):
    from atlas.views.inverse_care.state import choices
    from atlas.views.text import md

    context = choices("da")
    pairs = [(need, access) for need in context.needs for access in context.accesses]
    assert len(pairs) >= 40
    failures = []
    for need, access in pairs:
        at = app(need=need, access=access)
        problems = []
        if at.exception:
            problems.append([e.value for e in at.exception])
        if at.warning:
            problems.append([w.value for w in at.warning])
        if (params(at)["need"], params(at)["access"]) != (need, access):
            problems.append(params(at))
        label_need, label_access = context.labels[need], context.labels[access]
        if f"{md(label_need)} × {md(label_access)}" not in markdown(at):
            problems.append("pair not named")
        cells, no_data = grid_counts(at)
        if sum(cells) + no_data != 98:
            problems.append(("grid", cells, no_data))
        first = reading(at)
        if not first or ("Ingen klar sammenhæng" not in first and "sammenhæng, også når der "
                         "tages højde" not in first and "For få" not in first):
            problems.append(first)
        spec = scatter_spec(at)
        if not spec["description"].startswith(f"ic|{need}|"):
            problems.append(spec["description"])
        n_points = len(spec["layer"][-1]["data"]["values"]) if "data" in spec["layer"][-1] \
            else None
        if "n = " not in markdown(at):
            problems.append("no n")
        if problems:
            failures.append((need, access, n_points, problems))
    assert failures == []


@pytest.mark.parametrize("raw, shown", [
    ({"need": "no_such_indicator"}, "such"),
    ({"need": "gp_distance_km"}, "Afstand til nærmeste"),         # a supply indicator
    ({"access": "citizens_per_gp"}, "Borgere pr"),                # registered, no data
    ({"access": "life_expectancy"}, "Middellevetid"),             # not a supply indicator
    ({"need": "<script>alert(1)</script>", "kommune": "360"}, "alert"),
])
def test_a_malformed_pair_gives_a_notice_and_the_overview(app, raw, shown):
    at = ok(app(**raw))
    assert at.title[0].value == "Omvendt omsorg: alle par af behov og adgang"
    assert len(at.warning) == 1 and shown in at.warning[0].value
    assert "her er i stedet alle par" in at.warning[0].value
    assert "<script>" not in at.warning[0].value
    assert not [c for c in at.get("vega_lite_chart") if c.key == "ic_scatter"]


@pytest.mark.parametrize("raw, shown", [
    ({"need_period": "1999"}, "need_period"),
    ({"access_period": "x"}, "access_period"),
    ({"weighting": "heavy"}, "weighting"),
    ({"colour": "<script>alert(1)</script>"}, "colour"),
    ({"kommune": "999"}, "kommune"),
    ({"kommune": "abc"}, "kommune"),
    ({"lang": "fr", "weighting": "none"}, "lang"),
])
def test_invalid_url_values_fall_back_with_a_notice(app, raw, shown):
    at = ok(app(**raw))
    assert len(at.warning) == 1 and shown in at.warning[0].value
    assert "<script>" not in at.warning[0].value
    got = params(at)
    assert got["need"] == "self_rated_good_health_share"
    assert got["access"] == "hospital_distance_km"
    assert "kommune" not in got and got.get("weighting") is None and got.get("colour") is None


def test_an_unknown_language_on_the_overview_gives_a_notice(app):
    at = ok(app(lang="fr"))
    assert at.title[0].value == "Omvendt omsorg: alle par af behov og adgang"
    assert len(at.warning) == 1 and "lang" in at.warning[0].value


def test_valid_url_state_in_english(app):
    at = ok(app(need="life_expectancy", access="gp_distance_km", weighting="population",
                colour="region", kommune="825", lang="en"))
    assert not at.warning
    assert at.title[0].value == "Inverse care: need against access"
    # a first load leaves the URL as given; the permalink adds the periods
    assert params(at) == {
        "lang": "en", "need": "life_expectancy", "need_period": "2021-2025",
        "access": "gp_distance_km", "access_period": "2024", "weighting": "population",
        "colour": "region", "kommune": "825"}
    text = markdown(at)
    assert "Showing **Life expectancy × Distance to nearest GP**, as chosen." in text
    assert "Left out for missing data (4): Fanø" in text
    header, *rows = statistics_table(at)
    assert header == ["Measure", "Value", "95 % CI", "R²"]
    assert [row[0] for row in rows] == [
        "Pearson's r", "Spearman's ρ (ranks)", "Spearman's ρ, oriented · spatially adjusted CI",
        "Slope, unweighted (OLS)", "Slope, population-weighted (WLS) · the line in the chart"]
    # English numbers; R² for the slopes only
    assert all(re.fullmatch(r"[−-]?\d+\.\d+", row[1]) for row in rows)
    assert all(re.fullmatch(r"[−-]?\d+\.\d+\s+to\s+[−-]?\d+\.\d+", row[2]) for row in rows)
    assert [bool(row[3]) for row in rows] == [False, False, False, True, True]
    # Læsø has no life expectancy: not in the chart, said in the selected panel
    assert any("Læsø lacks data for Life expectancy" in i.value for i in at.info)
    spec = scatter_spec(at)
    colour = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") ==
                  "circle")["encoding"]["color"]
    assert colour["title"] == "Region"
    assert spec["layer"][0]["encoding"]["x"]["scale"]["reverse"] is True
    assert "axis reversed" in " ".join(spec["layer"][0]["encoding"]["x"]["title"])


def test_selection_from_the_url_rings_the_point(app):
    at = ok(app(kommune="360"))
    spec = scatter_spec(at)
    marks = [layer.get("mark", {}).get("type") for layer in spec["layer"]]
    assert "point" in marks and "text" in marks
    panel = at.get("flex_container")
    assert any(getattr(block, "key", None) == "ic_selected" for block in panel)
    assert "**Lolland**" in markdown(at)
    assert params(at)["kommune"] == "360"


def test_widgets_write_the_url(app):
    at = ok(app(need="self_rated_good_health_share"))
    at.button_group(key="ic_weighting").set_value("population").run()
    ok(at)
    assert params(at)["weighting"] == "population"
    assert statistics_table(at)[-1][0].endswith("(WLS) · linjen i figuren")
    at.button_group(key="ic_colour").set_value("region").run()
    assert params(ok(at))["colour"] == "region"
    at.selectbox(key="ic_need").set_value("home_nursing_per_1000").run()
    ok(at)
    assert params(at)["need"] == "home_nursing_per_1000"
    assert params(at)["access"] == "gp_distance_km"           # its preferred partner
    assert "stærk sammenhæng" in reading(at)
    at.selectbox(key="ic_access").set_value("hospital_over_30km_share").run()
    assert params(ok(at))["access"] == "hospital_over_30km_share"
    at.selectbox(key="ic_kommune").set_value(751).run()
    assert params(ok(at))["kommune"] == "751"
    at.selectbox(key="ic_need").set_value("daily_smoking_share").run()
    ok(at)
    at.selectbox(key="ic_need_period").set_value("2017").run()
    ok(at)
    assert params(at)["need_period"] == "2017"
    assert "daily_smoking_share|2017|" in scatter_spec(at)["description"]


def test_hot_spots_link_to_the_map(app):
    at = ok(app(need="home_nursing_per_1000", access="gp_distance_km"))
    links = [link for link in at.get("page_link")]
    hot = [link for link in links if re.match(r"\d+\. ", link.proto.label)]
    assert hot and all(link.proto.page.endswith("kort") or "map" in link.proto.page
                       for link in hot)
    assert all("kommune=" in link.proto.query_string for link in hot)
    html = next(m.value for m in at.markdown if "atlas-bivariate-legend" in m.value)
    worst = re.search(r'data-cell="2-2"[^>]*>(\d+)</div>', html)
    assert len(hot) == int(worst.group(1))


# --- the commission's chart on a database that has its indicators --------------------------------
def test_commission_chart_and_core_pair(commission_db, use_db):
    use_db(commission_db)
    at = ok(first_pair(ok(open_page(PAGE))))
    got = params(at)
    # the registry's first preferred pair is loaded now: it is the default
    assert (got["need"], got["access"]) == ("chronic_prevalence_per_100k", "citizens_per_gp")
    assert "Kronisk sygdomsbyrde × Borgere pr" in markdown(at)
    assert "første par i atlassets foretrukne rækkefølge" in markdown(at)
    assert "Udeladt for manglende data (1): Læsø" in markdown(at)
    assert "Periode: 2024 for begge." in captions(at)
    strips = [c for c in at.get("vega_lite_chart") if c.key != "ic_scatter"]
    assert len(strips) == 1
    spec = json.loads(strips[0].proto.spec)
    dots = spec["layer"][0]["data"]["values"]
    assert len(dots) == 97                              # Læsø has no GP figure
    groups = {dot["group"] for dot in dots}
    assert groups == {"Andel 65+ over medianen", "Andel 65+ på eller under medianen"}
    assert "Median" in markdown(at) and "n = " in markdown(at)
    assert "Sundhedsstrukturkommissionen (2024)" in captions(at)
    assert "LABY27" in captions(at) and "RUKS" in captions(at)   # the inputs' sources too
    assert not at.code or "atlas fetch" not in at.code[0].value
