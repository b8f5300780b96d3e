"""Scenarios against the real database: no change reproduces the build, closing Bornholms
Hospital sends Bornholm across the sea, a new site at a main town brings it closer, closing
everything gives a message; the URL-state schema; the diverging change classes; clusters."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from atlas.geo.hospital_distance import NoActiveSite
from atlas.i18n import render
from atlas.views import palettes
from atlas.views import scenario as sv
from atlas.views.scenario import figures

BORNHOLM, LOLLAND, SILKEBORG = 400, 360, 740


@pytest.fixture
def model(atlas_db):
    return sv.scenario_model()


def results(model, **state):
    scenario = sv.compute(sv.ScenarioState(**state), model)
    return scenario, sv.municipality_results(scenario, model).set_index("kommune_kode")


def build_values(db, indicator):
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute(
            "SELECT kommune_kode, value FROM indicator_values WHERE indicator_id = ?",
            [indicator]).fetchall())


def test_no_change_reproduces_the_build_exactly(model, atlas_db):
    scenario, frame = results(model)
    distance = build_values(atlas_db, "hospital_distance_km")
    over = build_values(atlas_db, "hospital_over_30km_share")
    assert len(frame) == 98
    assert {code: frame.at[code, "km_scenario"] for code in frame.index} == distance
    assert {code: frame.at[code, "over_scenario"] for code in frame.index} == over
    assert (frame["change_km"] == 0).all() and (frame["affected"] == 0).all()
    with duckdb.connect(str(atlas_db), read_only=True) as con:
        nearest = dict(con.execute(
            "SELECT kommune_kode, nearest_hospital FROM hospital_access").fetchall())
    assert {code: scenario.sites[int(frame.at[code, "site_scenario"])].name
            for code in frame.index} == nearest
    view = sv.build_view(sv.ScenarioState(), model)
    assert view.no_change and view.table.empty and view.moved.empty
    assert {area.class_index for area in view.choropleth.areas} == {3}   # all unchanged


def test_closing_bornholms_hospital_sends_bornholm_across_the_sea(model):
    scenario, frame = results(model, off=("bornholms-hospital",))
    bornholm = frame.loc[BORNHOLM]
    assert bornholm["km_today"] < 25
    assert bornholm["km_scenario"] > 100       # the nearest other site is on Zealand
    assert bornholm["over_today"] < 5 and bornholm["over_scenario"] == 100.0
    assert scenario.sites[int(bornholm["site_scenario"])].region == "Hovedstaden"
    assert scenario.sites[int(bornholm["site_scenario"])].id != "bornholms-hospital"
    assert bool(bornholm["is_island"])          # flagged: real travel is by ferry or air
    assert bornholm["pushed_out"] == pytest.approx(bornholm["population"])
    others = frame.drop(index=BORNHOLM)
    assert (others["change_km"].abs() < 1e-9).all()
    view = sv.build_view(sv.ScenarioState(off=("bornholms-hospital",)), model)
    first = view.table.iloc[0]
    assert first["Kommune"] == "Bornholm" and first["Færgeø"] == "⛴"
    assert render(first["Ændring (km)"], "da").startswith("+")
    area = next(a for a in view.choropleth.areas if a.code == BORNHOLM)
    assert area.class_index == 6 and "Færgeø" in render(area.tooltip.rank_text, "da")
    assert area.colour == sv.change_colours()[6]
    assert all(p.title != "Bornholms Hospital" for p in view.choropleth.points)


def main_town(model, code):
    return max((town for town in model.towns if town.code == code), key=lambda t: t.weight)


def test_a_new_site_at_a_main_town_lowers_its_distance(model):
    town = main_town(model, LOLLAND)
    assert town.name == "Nakskov"
    site = sv.AddedSite(round(town.lat, 4), round(town.lon, 4), town.name)
    scenario, frame = results(model, add=(site,))
    assert frame.at[LOLLAND, "km_scenario"] < frame.at[LOLLAND, "km_today"] - 5
    assert (frame["change_km"] <= 1e-12).all()        # adding never moves anyone away
    assert scenario.sites[int(frame.at[LOLLAND, "site_scenario"])].kind == "added"
    totals = sv.totals(scenario, model, frame.reset_index())
    assert totals.mean_change < 0 and totals.brought_in > 0 and totals.pushed_out == 0


def test_upgrading_an_emergency_clinic_counts_it_as_a_full_site(model):
    _, frame = results(model, on=("akutklinik-silkeborg",))
    assert frame.at[SILKEBORG, "km_scenario"] < frame.at[SILKEBORG, "km_today"] - 5


def test_closing_every_site_gives_a_clear_message_not_a_crash(model):
    everything = sv.ScenarioState(off=model.baseline_ids)
    with pytest.raises(NoActiveSite):
        sv.compute(everything, model)
    view = sv.build_view(everything, model)
    assert view.blocked and "Alle akutsteder er lukket" in view.blocked
    assert view.choropleth is None and view.table is None
    english = sv.build_view(everything.with_(lang="en"), model)
    assert "Every acute site is closed" in english.blocked
    # one open site, even a single upgraded clinic, is enough again
    assert sv.build_view(everything.with_(on=("akutklinik-silkeborg",)), model).blocked is None


# --- URL state ----------------------------------------------------------------------------------
def test_valid_parameters_round_trip_to_the_canonical_url(model):
    raw = {"off": "Holbaek-Sygehus,bornholms-hospital", "on": "akutklinik-silkeborg",
           "add": "55.23456,11.76,Næstved;56.0350,12.6100", "map": "clusters", "lang": "en"}
    state, notices = sv.parse_state(raw, model)
    assert notices == []
    assert state.off == ("bornholms-hospital", "holbaek-sygehus")     # in site order
    assert state.add[0] == sv.AddedSite(55.2346, 11.76, "Næstved")
    assert state.add[1].name == "56.03, 12.61"                          # a name is optional
    params = state.to_params(model)
    assert params == {"lang": "en", "off": "bornholms-hospital,holbaek-sygehus",
                      "on": "akutklinik-silkeborg",
                      "add": "55.2346,11.7600,Næstved;56.0350,12.6100,56.03, 12.61",
                      "map": "clusters"}
    assert sv.parse_state(params, model) == (state, [])
    assert sv.ScenarioState().to_params(model) == {"lang": "da"}


@pytest.mark.parametrize("param, value, kept, why", [
    ("off", "nonsense", (), "ikke en af dagens akutmodtagelser"),
    ("off", "bornholms-hospital,akutklinik-silkeborg", ("bornholms-hospital",),
     "ikke en af dagens akutmodtagelser"),
    ("on", "bornholms-hospital", (), "ikke en akutklinik"),
    ("add", "55.5,abc,X", (), "bredde,længde,navn"),
    ("add", "40.0,10.0,Rome-ish", (), "inden for Danmark"),
    ("add", "55.5;56.0,10.0,Ok", (sv.AddedSite(56.0, 10.0, "Ok"),), "bredde,længde,navn"),
])
def test_malformed_items_are_skipped_with_a_notice(model, param, value, kept, why):
    state, notices = sv.parse_state({param: value}, model)
    assert getattr(state, param) == kept
    assert len(notices) == 1 and f"«{param}»" in notices[0] and why in notices[0]


def test_too_many_added_sites_and_hostile_names(model):
    many = ";".join(f"55.{i:02d},10.0,S{i}" for i in range(sv.MAX_ADDED + 2))
    state, notices = sv.parse_state({"add": many}, model)
    assert len(state.add) == sv.MAX_ADDED and len(notices) == 2
    state, _ = sv.parse_state({"add": "55.5,10.5,[x](http://evil)\x00" + "y" * 100}, model)
    assert len(state.add[0].name) == sv.NAME_LIMIT and "\x00" not in state.add[0].name
    _, notices = sv.parse_state({"off": "[click](http://evil.example)"}, model)
    assert "](http" not in notices[0]          # echoed values are Markdown-escaped


def test_an_invalid_map_mode_falls_back_with_the_schema_notice(model):
    state, notices = sv.parse_state({"map": "satellite"}, model)
    assert state.map == "change" and len(notices) == 1 and "satellite" in notices[0]


# --- the change map and the clusters ------------------------------------------------------------
def test_change_classes_are_centred_on_zero_with_a_neutral_middle():
    colours = sv.change_colours()
    assert colours == tuple(reversed(palettes.diverging(7, "RdBu")))
    assert colours[3] == "#f7f7f7"                      # unchanged: the light neutral middle
    assert palettes.relative_luminance(colours[3]) > 0.9
    def rgb(colour):
        return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]

    assert all(rgb(c)[2] > rgb(c)[0] for c in colours[:3])   # closer: blue
    assert all(rgb(c)[0] > rgb(c)[2] for c in colours[4:])   # further away: red
    # symmetric lightness either side of zero, darkest at the ends
    lum = [palettes.relative_luminance(c) for c in colours]
    assert lum[0] < lum[1] < lum[2] < lum[3] and lum[6] < lum[5] < lum[4] < lum[3]
    assert [sv.change_class(v) for v in (-25, -10, -5, -2, -1, -0.04, 0, 0.04, 1, 2, 5, 10,
                                         25)] == [0, 0, 1, 1, 2, 3, 3, 3, 4, 5, 5, 6, 6]
    assert sv.change_class(float("nan")) == -1


def test_legend_counts_add_up_and_clusters_cover_every_municipality(model):
    state = sv.ScenarioState(off=("holbaek-sygehus",), map="clusters")
    view = sv.build_view(state, model)
    legend = view.choropleth.legend
    assert sum(row.count for row in legend.rows) == 98
    assert "tilnærmelse" in legend.method_label
    assert all(area.colour in figures.CLUSTER_COLOURS for area in view.choropleth.areas)
    names = set(view.clusters_scenario["Akutsted"])
    assert "Holbæk Sygehus" not in names and "Holbæk Sygehus" in set(
        view.clusters_today["Akutsted"])
    assert view.clusters_scenario["Kommuner"].sum() == 98
    assert "Holbæk" in set(view.moved["Kommune"])
    today = sv.build_view(state.with_(map="clusters-today"), model)
    assert sum(row.count for row in today.choropleth.legend.rows) == 98
    assert len(today.choropleth.points) == int(model.baseline.sum())


def test_neighbouring_clusters_get_different_colours(model):
    sites = model.sites
    colours = figures.cluster_colours(sites, [i for i, s in enumerate(sites) if s.baseline])
    copenhagen = [model.site_index[i] for i in ("rigshospitalet", "bispebjerg-hospital",
                                                "herlev-hospital", "hvidovre-hospital")]
    assert len({colours[i] for i in copenhagen}) == 4


def test_a_click_in_the_bornholm_inset_is_moved_back_to_bornholm(model):
    from atlas.views.map_page import map_geometry

    geometry = map_geometry(True)
    (south, west), (north, east) = geometry.inset_frame
    lat, lon = sv.real_position(geometry, (south + north) / 2, (west + east) / 2)
    assert 54.95 < lat < 55.35 and 14.6 < lon < 15.25          # on Bornholm
    assert sv.real_position(geometry, 56.0, 10.0) == (56.0, 10.0)
    proposal = sv.clicked_site(model, geometry, {"lat": 55.1, "lng": 14.9}, "da")
    assert proposal and proposal[0].lat == 55.1 and "Bornholm" in render(proposal[1], "da")
    assert sv.clicked_site(model, geometry, None, "da") is None
    assert sv.clicked_site(model, geometry, {"lat": 40.0, "lng": 3.0}, "da") is None


def test_recompute_is_fast_enough_to_feel_immediate(model):
    """Not a benchmark (bench/scenario_bench.py is): a guard against an accidental
    recomputation of the distance matrix or the geometry on every change."""
    import time

    state = sv.ScenarioState(off=("bornholms-hospital", "holbaek-sygehus"))
    sv.compute(state, model)
    started = time.perf_counter()
    for _ in range(5):
        sv.compute(state, model)
    assert (time.perf_counter() - started) / 5 < 0.5
    assert np.isfinite(sv.compute(state, model).result.distance_km).all()


@pytest.mark.parametrize("off", [(), ("holbaek-sygehus",), ("holbaek-sygehus", "nykoebing-f-sygehus")])
def test_every_cluster_has_a_colour_of_its_own(model, off):
    """No two clusters share a colour, and two municipalities next to each other (k = 5
    nearest centroids) in different clusters never do, on today's map or the scenario's
    (issue 21 item 13)."""
    from atlas.query.spatial import spatial_weights

    neighbours = spatial_weights().w.neighbors
    for which in ("clusters", "clusters-today"):
        view = sv.build_view(sv.ScenarioState(off=off, map=which), model)
        colour = {area.code: area.colour for area in view.choropleth.areas}
        site = {area.code: area.tooltip.value_text for area in view.choropleth.areas}
        clashes = {(site[a], site[b]) for a, near in neighbours.items() for b in near
                   if site[a] != site[b] and colour[a] == colour[b]}
        assert clashes == set(), (which, clashes)
        # and every cluster has a colour of its own (about 25 clusters, 256 colours)
        clusters = {site[code]: colour[code] for code in colour}
        assert len(set(clusters.values())) == len(clusters) > 8, which
