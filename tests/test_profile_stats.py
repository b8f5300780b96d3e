"""Unit tests of the profile's pure logic (atlas.stats.profile): ranking, percentiles, better
or worse, similarity and the strongest/weakest summary; and resolving municipality names."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.stats import profile as stats
from atlas.views import municipal

# view functions here read the build's own tables (e.g. the towns of municipal.resolve)
pytestmark = pytest.mark.usefixtures("module_db")

MUNIS = {101: "København", 147: "Frederiksberg", 259: "Køge", 360: "Lolland",
         376: "Guldborgsund", 751: "Aarhus"}


# --- ranking ---------------------------------------------------------------------------------
def test_rank_higher_better_ties_share_the_better_rank_missing_unranked():
    ranks = stats.rank_values({1: 80.0, 2: 82.0, 3: 80.0, 4: None, 5: float("nan"), 6: 79.0},
                              "higher_better")
    assert ranks == {2: 1, 1: 2, 3: 2, 6: 4, 4: None, 5: None}


def test_rank_higher_worse_puts_the_lowest_first_and_neutral_the_highest():
    values = {1: 10.0, 2: 30.0, 3: 20.0}
    assert stats.rank_values(values, "higher_worse") == {1: 1, 3: 2, 2: 3}
    assert stats.rank_values(values, "neutral") == {2: 1, 3: 2, 1: 3}


def test_python_ranks_equal_the_build_ranks_for_every_indicator(atlas_db):
    from atlas.query import core, profile

    catalogue = core.catalogue()
    frame = profile.latest_values(tuple(catalogue.indicators))
    for ident, rows in frame.groupby("indicator_id"):
        values = dict(zip(rows["kommune_kode"].astype(int), rows["value"]))
        expected = {int(c): (None if pd.isna(r) else int(r))
                    for c, r in zip(rows["kommune_kode"], rows["rank"])}
        assert stats.rank_values(values, catalogue.indicators[ident].direction) == expected, ident


# --- percentile ------------------------------------------------------------------------------
def test_percentile_counts_the_others_it_beats_ties_half():
    values = {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0, 5: 4.0, 6: None}
    assert stats.percentile(5, values, "higher_better") == pytest.approx(100 * 3.5 / 4)
    assert stats.percentile(1, values, "higher_better") == 0.0
    assert stats.percentile(1, values, "higher_worse") == 100.0
    assert stats.percentile(6, values, "higher_better") is None
    assert stats.percentile(1, {1: 5.0, 2: None}, "higher_better") is None


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=2, max_size=30),
       st.sampled_from(["higher_better", "higher_worse", "neutral"]))
def test_percentile_and_rank_agree(values, direction):
    """A better rank never has a lower percentile; the best is at 100 unless tied."""
    mapping = dict(enumerate(values))
    ranks = stats.rank_values(mapping, direction)
    pct = {code: stats.percentile(code, mapping, direction) for code in mapping}
    assert all(0 <= p <= 100 for p in pct.values())
    for a in mapping:
        for b in mapping:
            if ranks[a] < ranks[b]:
                assert pct[a] > pct[b]


# --- better / worse / best -------------------------------------------------------------------
def test_compare_to_uses_direction_and_handles_missing():
    assert stats.compare_to(81, 80, "higher_better") == "better"
    assert stats.compare_to(81, 80, "higher_worse") == "worse"
    assert stats.compare_to(80, 80, "higher_worse") == "same"
    assert stats.compare_to(81, 80, "neutral") == "neutral"
    assert stats.compare_to(None, 80, "higher_better") == "none"
    assert stats.compare_to(81, float("nan"), "higher_better") == "none"


def test_best_codes():
    assert stats.best_codes({1: 5.0, 2: 7.0, 3: 7.0}, "higher_better") == {2, 3}
    assert stats.best_codes({1: 5.0, 2: 7.0, 3: None}, "higher_worse") == {1}
    assert stats.best_codes({1: 5.0, 2: 7.0}, "neutral") == frozenset()
    assert stats.best_codes({1: 5.0, 2: 5.0}, "higher_better") == frozenset()
    assert stats.best_codes({1: 5.0, 2: None}, "higher_better") == frozenset()


def test_group_value_needs_three_municipalities_and_three_quarters_of_residents():
    assert stats.group_value_usable(3, 0.75)
    assert not stats.group_value_usable(2, 1.0)
    assert not stats.group_value_usable(30, 0.74)
    assert not stats.group_value_usable(30, None)


# --- similarity ------------------------------------------------------------------------------
def test_similar_orders_by_standardised_distance():
    frame = pd.DataFrame({"a": [0.0, 1.0, 2.0, 10.0], "b": [0.0, 100.0, 200.0, 1000.0]},
                         index=[1, 2, 3, 4])
    found = stats.similar(frame, 1, n=3)
    assert [code for code, _ in found] == [2, 3, 4]
    assert found[0][1] < found[1][1] < found[2][1]
    # scale does not matter: column b is column a times 100
    z = stats.standardise(frame)
    assert z["a"].tolist() == pytest.approx(z["b"].tolist())


def test_similar_skips_missing_values_and_municipalities_sharing_too_little():
    frame = pd.DataFrame({"a": [0.0, 0.1, 5.0, None], "b": [0.0, None, 5.0, 0.0],
                          "c": [0.0, None, 5.0, None]}, index=[1, 2, 3, 4])
    found = dict(stats.similar(frame, 1, n=10))
    assert 2 not in found and 4 not in found   # share one column of three: below half
    assert list(found) == [3]
    assert stats.similar(frame, 99) == []


def test_similar_ignores_a_column_without_spread():
    frame = pd.DataFrame({"a": [1.0, 2.0, 3.0], "same": [5.0, 5.0, 5.0]}, index=[1, 2, 3])
    assert list(stats.standardise(frame)) == ["a"]
    assert [c for c, _ in stats.similar(frame, 1)] == [2, 3]


# --- summary ---------------------------------------------------------------------------------
def comparison(ident, value, reference, direction="higher_better", spread=1.0):
    return stats.Comparison(ident, value, reference, spread, direction)


def test_summary_strongest_and_weakest_follow_direction():
    summary = stats.summarise([
        comparison("life", 82, 80),                          # +2 sd better
        comparison("smoking", 10, 15, "higher_worse"),       # +5 sd better
        comparison("distance", 30, 20, "higher_worse"),      # -10 sd worse
        comparison("health", 79, 80),                        # -1 sd worse
        comparison("age", 30, 20, "neutral"),
        comparison("nodata", None, 20),
        comparison("nogroup", 5, None),
        comparison("nospread", 5, 4, spread=0),
    ])
    assert [s.indicator_id for s in summary.strongest] == ["smoking", "life"]
    assert [s.indicator_id for s in summary.weakest] == ["distance", "health"]
    assert summary.missing == ("nodata", "nogroup", "nospread")
    assert summary.neutral == ("age",)


def test_summary_with_nothing_better_names_no_strongest():
    summary = stats.summarise([comparison("a", 1, 2), comparison("b", 2, 2)])
    assert summary.strongest == ()
    assert [s.indicator_id for s in summary.weakest] == ["a"]


@given(st.lists(st.tuples(st.one_of(st.none(), st.floats(-100, 100)),
                          st.one_of(st.none(), st.floats(-100, 100)),
                          st.sampled_from(["higher_better", "higher_worse", "neutral"]),
                          st.floats(0, 10)), max_size=25))
def test_summary_never_calls_worse_than_the_group_strongest(items):
    comparisons = [stats.Comparison(f"i{n}", v, r, s, d) for n, (v, r, d, s) in enumerate(items)]
    summary = stats.summarise(comparisons)
    by_id = {c.indicator_id: c for c in comparisons}
    for scored in summary.strongest:
        item = by_id[scored.indicator_id]
        assert stats.compare_to(item.value, item.reference, item.direction) == "better"
    for scored in summary.weakest:
        item = by_id[scored.indicator_id]
        assert stats.compare_to(item.value, item.reference, item.direction) == "worse"
    named = [s.indicator_id for s in summary.strongest + summary.weakest]
    assert not set(named) & set(summary.missing)
    assert len(summary.strongest) <= 3 and len(summary.weakest) <= 3


def test_spread():
    assert stats.spread([1.0, 3.0, None]) == pytest.approx(1.0)
    assert stats.spread([1.0, math.nan]) is None


# --- municipality names ------------------------------------------------------------------------
@pytest.mark.parametrize("written,code", [("360", 360), ("0751", 751), ("Lolland", 360),
                                          ("Århus", 751), ("Kobenhavn", 101),
                                          ("københavns kommune", 101)])
def test_resolve_codes_and_names(written, code):
    assert municipal.resolve(written, MUNIS).code == code


def test_resolve_unknown_gives_suggestions_and_a_safe_notice():
    misspelt = municipal.resolve("Lollandd", MUNIS)
    assert misspelt.code is None and misspelt.suggestions[0] == (360, "Lolland")
    unknown = municipal.resolve("999", MUNIS)
    assert unknown.code is None and unknown.suggestions == ()
    assert "999" in unknown.notice("da") and "koden" in unknown.notice("da")
    hostile = municipal.resolve("[x](http://evil)", MUNIS)
    assert "](" not in hostile.notice("en")
