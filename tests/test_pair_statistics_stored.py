"""The build stores the statistics of the registered need x access pairs (tables
`pair_statistics`, `pair_clusters`; atlas/build/pair_statistics.py), and the views read them:
they equal, bit for bit, what the views compute on the fly for every registered pair (Pearson,
Spearman, OLS, WLS; Spearman with its naive and Dutilleul-adjusted interval; the bivariate
Moran's I; the local bivariate Moran clusters), and a process that only reads them
(`atlas export-story`) imports none of scipy, scikit-learn, statsmodels, libpysal or esda."""

from __future__ import annotations

import dataclasses
import json

import pytest

from atlas.query import pairs as pair_queries
from atlas.query.spatial import spatial_weights
from atlas.registry import pair_preferences
from atlas.stats import pairs as statistics
from atlas.stats import spatial as spatial_stats
from atlas.stats import stored
from atlas.views.inverse_care import model, overview, spatial
from atlas.views.inverse_care import state as ic_state
from tests.support.fresh_process import last_json

pytestmark = pytest.mark.usefixtures("module_db")

STATISTICS_LIBRARIES = ("scipy", "sklearn", "statsmodels", "libpysal", "esda")


def same(first, second) -> bool:
    """Equal field by field and bit for bit (NaN equals NaN: compared as JSON text)."""
    return json.dumps(dataclasses.asdict(first)) == json.dumps(dataclasses.asdict(second))


def registered() -> list[tuple[str, str, str, str]]:
    context = ic_state.choices("da")
    return [(need, context.latest[need], access, context.latest[access])
            for need, access in context.preferred]


def test_every_registered_pair_with_data_is_stored_in_its_latest_periods():
    keys = registered()
    assert len(keys) >= 3          # the offline snapshot: three of the nine pairs have data
    assert sorted(pair_queries.stored_pairs()) == sorted(keys)
    skipped = [pair for pair in pair_preferences()
               if pair not in ic_state.choices("da").preferred]
    assert skipped and not [key for key in pair_queries.stored_pairs()
                            if (key[0], key[2]) in skipped]


def test_stored_statistics_equal_those_computed_on_the_fly():
    for key in registered():
        check_stored_pair(key)


def check_stored_pair(key: tuple[str, str, str, str]) -> None:
    need, need_period, access, access_period = key
    found = pair_queries.stored_pair(*key)
    assert found is not None

    # the pair statistics of the values as published, as statistics_view computes them
    context = ic_state.choices("da")
    state, _ = ic_state.parse_state({"need": need, "need_period": need_period,
                                     "access": access, "access_period": access_period},
                                    context)
    view = model.build_view(state, context)
    computed = statistics.pair_statistics(
        [row.need for row in view.rows], [row.access for row in view.rows],
        weights=[row.population for row in view.rows], labels=[row.name for row in view.rows])
    assert computed.pearson is not None and computed.wls is not None
    assert same(found.statistics, computed)
    assert model.statistics_view(view).result is found.statistics

    # the spatial statistics of the oriented values, as pair_spatial and pair_clusters do
    weights = spatial_weights()
    x, y = spatial.oriented_arrays(need, need_period, access, access_period, weights.codes)
    assert found.n_total == weights.n == 98 and found.problem is None
    assert same(found.correlation, spatial_stats.spearman_spatial(x, y, weights))
    assert same(found.moran, spatial_stats.bivariate_moran(x, y, weights))
    assert found.correlation.n_effective < found.correlation.n       # Dutilleul adjusted
    clusters = spatial_stats.local_bivariate(x, y, weights)
    assert len(found.clusters) == len(clusters) > 80
    assert all(same(found.clusters[c.code], c) for c in clusters)

    # and the views hand out the stored results
    numbers = spatial.pair_spatial(*key)
    assert numbers.correlation is found.correlation and numbers.moran is found.moran
    assert spatial.pair_clusters(*key) is found.clusters
    assert overview.overview("da").row(need, access).numbers.correlation is found.correlation


def test_a_pair_in_other_periods_is_computed_as_before():
    context = ic_state.choices("da")
    need, access = "self_rated_good_health_share", "hospital_distance_km"
    older = [p for p in context.periods[need] if p != context.latest[need]][0]
    key = (need, older, access, context.latest[access])
    assert pair_queries.stored_pair(*key) is None
    weights = spatial_weights()
    x, y = spatial.oriented_arrays(*key, weights.codes)
    assert same(spatial.pair_spatial(*key).correlation,
                spatial_stats.spearman_spatial(x, y, weights))
    assert spatial.pair_clusters(*key)


def test_results_survive_the_json_text_unchanged():
    result = spatial_stats.MoranResult(i=0.1, expected=-1 / 97, z=float("nan"), p_value=0.5,
                                       permutations=999, n=98)
    assert same(stored.load_moran(stored.dump(result)), result)
    assert stored.dump(None) is None and stored.load_adjusted_correlation(None) is None
    fit = statistics.pair_statistics([1, 2, 3, 4.5, None, 7], [2.1, 1, 4, 3, 5, 8],
                                     weights=[1, 2, 3, 4, 5, 0], labels="abcdef")
    assert fit.excluded and fit.wls is not None
    assert same(stored.load_pair_statistics(stored.dump(fit)), fit)
    too_few = statistics.pair_statistics([1, 2], [3, 4])
    assert same(stored.load_pair_statistics(stored.dump(too_few)), too_few)


@pytest.mark.slow
def test_the_story_export_imports_no_statistics_library(real_db, tmp_path):
    """`atlas export-story` reads the stored statistics: its process never imports scipy,
    scikit-learn (through libpysal/esda), statsmodels, libpysal or esda (issue 23: they were
    some 3 s of its 9.5 s)."""
    probe = ("import json, sys\n"
             "from atlas.cli import main\n"
             f"code = main(['export-story', '--out', {str(tmp_path / 'talk.html')!r}])\n"
             "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n")
    result = last_json(probe, real_db)
    assert result["code"] == 0 and (tmp_path / "talk.html").stat().st_size > 100_000
    loaded = sorted({name.split(".")[0] for name in result["modules"]}
                    & set(STATISTICS_LIBRARIES))
    assert loaded == []
    assert "atlas.stories.export" in result["modules"]


@pytest.mark.slow
def test_the_inverse_care_page_of_a_registered_pair_imports_no_statistics_library(real_db):
    """The overview and a registered pair's detail read the stored statistics: a fresh
    process showing them loads none of the five libraries (the page's warm_up() of scipy and
    statsmodels is for a pair or period the build did not compute)."""
    # the page's own imports: the background thread that prepares the pairs one need away (an
    # unregistered pair computes its statistics with scipy) is switched off, else what it has
    # imported by the end depends on timing (seen: scipy, in a full run)
    probe = ("import json, sys\n"
             "from atlas.ui import prefetch\n"
             "prefetch.ahead = lambda key, compute: None\n"
             "from tests.conftest import open_page\n"
             "for params in ({}, {'need': 'home_nursing_per_1000', 'access': 'gp_distance_km',"
             " 'map': 'clusters'}):\n"
             "    at = open_page('pages/inverse_care.py', timeout=240, **params)\n"
             "    assert not at.exception, [e.value for e in at.exception]\n"
             "    assert 'Moran' in ' '.join(m.value for m in at.markdown)\n"
             "print(json.dumps(sorted(sys.modules)))\n")
    modules = last_json(probe, real_db, timeout=600)
    assert "atlas.views.inverse_care.lisa" in modules
    assert sorted({name.split(".")[0] for name in modules} & set(STATISTICS_LIBRARIES)) == []
