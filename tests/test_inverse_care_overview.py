"""The inverse-care overview of every registered pair and the tested hot spots, on the real
snapshot: registry order (never the strongest first), pairs without data named, the verdict
following the spatially adjusted interval, the reading counting across pairs, the cluster map
and the CSV's p and q values; and the app, the presenter story and the exported talk giving the
same numbers."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from atlas.i18n import render
from atlas.registry import pair_preferences, registry
from atlas.stats.pairs import Interval
from atlas.stats.spatial import AdjustedCorrelation, LocalCluster
from atlas.views.inverse_care import export, lisa, model, overview, spatial, wording
from atlas.views.inverse_care import state as ic_state
from atlas.views.text import md
from tests.conftest import open_page

# view functions here read the build's own tables (e.g. the towns of municipal.resolve)
pytestmark = pytest.mark.usefixtures("module_db")

PAGE = "pages/inverse_care.py"


def adjusted(rho: float, naive: tuple[float, float], adjusted: tuple[float, float],
             n_eff: float = 20.0) -> AdjustedCorrelation:
    return AdjustedCorrelation(rho=rho, n=98, n_effective=n_eff, naive=Interval(*naive),
                               adjusted=Interval(*adjusted), p_naive=0.001, p_adjusted=0.2,
                               method="m", reference="r")


def test_the_verdict_follows_the_adjusted_interval():
    clear_naive_only = spatial.PairSpatial(
        "home_nursing_per_1000", "2025", "gp_distance_km", "2024", 98,
        adjusted(0.4, (0.2, 0.6), (-0.1, 0.7)), None)
    assert clear_naive_only.verdict == spatial.NONE
    clear = spatial.PairSpatial("home_nursing_per_1000", "2025", "gp_distance_km", "2024", 98,
                                adjusted(-0.5, (-0.7, -0.3), (-0.8, -0.1)), None)
    assert clear.verdict == spatial.OPPOSITE


@pytest.mark.parametrize("lang, none, naive", [
    ("da", "Ingen klar sammenhæng", "Det naive interval (0,20 til 0,60) udelukker 0"),
    ("en", "No clear relation", "The naive interval (0.20 to 0.60) excludes 0")])
def test_the_spatial_reading_never_claims_more_than_the_adjusted_interval(lang, none, naive):
    need, access = registry()["home_nursing_per_1000"], registry()["gp_distance_km"]
    sentence = wording.spatial_reading(adjusted(0.4, (0.2, 0.6), (-0.1, 0.7)), need, access,
                                       lang)
    assert sentence.startswith(none) and naive in sentence
    clear = wording.spatial_reading(adjusted(0.4, (0.2, 0.6), (0.1, 0.7)), need, access, lang)
    assert ("ringere adgang" if lang == "da" else "worse access") in clear
    assert "0,10" in clear if lang == "da" else "0.10" in clear


@pytest.mark.parametrize("lang", ["da", "en"])
def test_overview_of_every_registered_pair(atlas_db, lang):
    view = overview.overview(lang)
    context = ic_state.choices(lang)
    # the registry's order, never sorted by strength
    assert [(r.need, r.access) for r in view.rows] == list(context.preferred)
    assert len(view.rows) + len(view.missing) == len(pair_preferences())
    for row in view.rows:
        corr = row.numbers.correlation
        assert corr.n_effective <= corr.n <= 98
        assert corr.adjusted.low <= corr.naive.low and corr.adjusted.high >= corr.naive.high
        assert (row.verdict == spatial.NONE) == corr.adjusted.spans_zero
        table = render(view.table, lang)
        assert render(row.rho, lang) in table and render(row.adjusted, lang) in table
    assert sum(view.counts.values()) == len(view.rows)
    # the reading counts; it names no pair, so it cannot pick the strongest
    for label in (r.label for r in view.rows):
        assert label not in view.reading
    assert str(view.counts[spatial.INVERSE]) in view.reading
    # pairs without data by name, with what is missing
    missing = "ingen data for" if lang == "da" else "no data for"
    assert view.missing and all(missing in line for line in view.missing)
    assert any(md(context.labels["citizens_per_gp"]) in line for line in view.missing)
    # the forest plot: a naive and an adjusted bar per pair, in the registry's order
    assert len(view.forest.bars) == 2 * len(view.rows)
    assert view.forest.pairs == tuple(r.label for r in view.rows)
    assert "EPSG:25832" in view.weights and "k = 5" in view.weights
    assert "Dutilleul" in view.method and "Dutilleul, P" in view.references
    assert len(view.meanings) == len(overview.MEANINGS)


def test_forest_chart_draws_both_intervals(atlas_db):
    from atlas.charts.forest import forest_chart

    spec = forest_chart(overview.overview("en").forest).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))] if "datasets" in spec else \
        spec["layer"][1]["data"]["values"]
    kinds = {value["kind"] for value in values}
    assert kinds == {"Naive interval (n)", "Spatially adjusted interval (effective n)"}


def test_detail_state_from_the_url(atlas_db):
    context = ic_state.choices("da")
    for raw, detail in [({}, False), ({"lang": "en"}, False), ({"kommune": "360"}, True),
                        ({"need": "home_nursing_per_1000"}, True),
                        ({"need": "nonsense", "access": "gp_distance_km"}, False)]:
        state, _ = ic_state.parse_state(raw, context)
        assert ic_state.wants_detail(raw, state) is detail, raw


def _detail(lang: str = "en"):
    context = ic_state.choices(lang)
    state, _ = ic_state.parse_state({"need": "home_nursing_per_1000",
                                     "access": "gp_distance_km", "lang": lang}, context)
    view = model.build_view(state, context)
    clusters = spatial.pair_clusters(state.need, state.need_period, state.access,
                                     state.access_period)
    return view, clusters


def test_cluster_map_and_marked_hot_spots(atlas_db):
    view, clusters = _detail()
    assert len(clusters) == 98
    cluster = lisa.cluster_map(view, clusters)
    choropleth = cluster.choropleth
    assert choropleth.legend.total == 98 and len(choropleth.areas) == 98
    significant = {code for code, c in clusters.items() if c.significant}
    assert {a.code for a in choropleth.areas
            if a.colour != lisa.CLUSTER_COLOURS[None]} == significant
    assert len(set(lisa.CLUSTER_COLOURS.values())) == 5
    assert all(c.q_value >= c.p_value for c in clusters.values())
    labels = {spot.code: render(label, view.state.lang)   # Markdown, its values rendered
              for spot, label in lisa.hot_spot_labels(view, clusters)}
    for code, label in labels.items():
        assert ("in a significant cluster" in label) == (code in significant)


def test_cluster_map_with_synthetic_clusters(atlas_db):
    view, _ = _detail("da")
    codes = [row.code for row in view.rows]
    fake = {codes[0]: LocalCluster(codes[0], "high-high", 0.001, 0.01, True),
            codes[1]: LocalCluster(codes[1], "low-high", 0.04, 0.3, False)}
    choropleth = lisa.cluster_map(view, fake).choropleth
    by_code = {area.code: area for area in choropleth.areas}
    assert by_code[codes[0]].colour == "#D55E00"
    assert by_code[codes[1]].colour == lisa.CLUSTER_COLOURS[None]
    assert by_code[codes[2]].colour is None                       # not tested: no data
    assert choropleth.legend.no_data_count == 96


def test_csv_carries_p_and_q(atlas_db):
    view, clusters = _detail()
    rows = list(csv.DictReader(io.StringIO(export.csv_text(view, clusters))))
    assert len(rows) == 98
    for row in rows:
        cluster = clusters[int(row["kommune_kode"])]
        assert float(row["lisa_p"]) == cluster.p_value
        assert float(row["lisa_q"]) == cluster.q_value
        assert row["lisa_significant"] == ("true" if cluster.significant else "false")
        assert row["lisa_cluster"] in lisa.QUADRANTS


def test_detail_statistics_place_the_pair_among_all(atlas_db):
    view, _ = _detail()
    numbers = model.statistics_view(view)
    corr = numbers.adjusted.correlation
    assert "Effective n" in wording.text("overview.col.n_eff", "en")
    assert wording.r_text(corr.rho, "en") in render(numbers.position, "en")
    assert render(numbers.reading, "en").startswith("Across 98 municipalities")
    assert "spatially adjusted 95 % CI" in render(numbers.reading, "en")
    assert render(numbers.table.rows[2][0], "en").startswith("Spearman's ρ, oriented")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_app_story_and_talk_give_the_same_numbers(atlas_db, tmp_path, lang):
    from atlas.stories.export import markdown_html, story_html
    from atlas.stories.presenter import CONTENT
    from atlas.stories.story import load_story

    story = load_story()
    slide = next(s for s in story.slides if s.view == "inverse_care" and s.show == "overview")
    content, _ = CONTENT["inverse_care"](slide, lang)
    # the app's overview
    at = open_page(PAGE, lang=lang)
    assert not at.exception
    assert at.info[0].value == content.overview.reading
    table = next(m.value for m in at.markdown if "|---|" in m.value)
    assert table == render(content.overview.table, lang)
    # the app's detail of the story's pair says where it sits, as the story does
    detail = open_page(PAGE, lang=lang, need=slide.need, access=slide.access)
    position = render(content.position, lang)
    assert any(position in c.value for c in detail.caption)
    # the exported talk carries the same reading and position
    html = story_html(story, lang)
    data = json.loads(re.search(r'<script type="application/json" id="story-data">(.*?)'
                                r'</script>', html, re.S).group(1).replace("<\\/", "</"))
    notes = [s.get("note", "") for s in data["slides"]]
    # the talk renders the same Markdown as HTML (atlas.stories.export.markdown_html)
    assert markdown_html(content.overview.reading) + markdown_html(position) in notes
    rho = render(content.overview.row(slide.need, slide.access).rho, lang)
    assert rho in position
