"""Spatial statistics (atlas/stats/spatial.py, atlas/query/spatial.py, issue 20): weights, global
and bivariate Moran's I, Dutilleul-adjusted Spearman, local bivariate Moran with FDR.

Values are checked against esda and against an independent reference computed here from the
snapshot's boundaries (pyproj + shapely centroids, brute-force nearest neighbours): a wrong
weight (k, row standardisation, CRS) or a dropped municipality fails them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from atlas.stats import spatial

# --- synthetic: fast, no database ------------------------------------------------------------


def grid(side: int = 8) -> tuple[list[int], np.ndarray]:
    """side x side points 10 km apart, with a little jitter so nearest neighbours are unique."""
    rng = np.random.default_rng(3)
    xy = np.array([(600_000 + 10_000 * i, 6_200_000 + 10_000 * j)
                   for i in range(side) for j in range(side)], dtype=float)
    xy += rng.uniform(-500, 500, size=xy.shape)
    return list(range(101, 101 + side * side)), xy


def brute_force_neighbours(xy: np.ndarray, k: int) -> list[set[int]]:
    distance = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(distance, np.inf)
    return [set(np.argsort(row)[:k].tolist()) for row in distance]


def test_knn_weights_are_the_k_nearest_row_standardised():
    codes, xy = grid()
    weights = spatial.knn_weights(codes, xy)
    assert weights.k == 5 and weights.codes == tuple(codes)
    dense = weights.sparse.toarray()
    np.testing.assert_allclose(dense.sum(axis=1), 1.0)
    assert set(np.unique(dense[dense > 0])) == {0.2}
    expected = brute_force_neighbours(xy, 5)
    for index, code in enumerate(codes):
        assert {codes.index(c) for c in weights.neighbours(code)} == expected[index]
        assert set(np.flatnonzero(dense[index])) == expected[index]


def test_subset_rebuilds_the_neighbours_among_the_kept_codes():
    codes, xy = grid()
    weights = spatial.knn_weights(codes, xy)
    kept = [code for code in codes if code % 3]
    smaller = spatial.subset(weights, kept)
    assert smaller.codes == tuple(kept) and smaller.k == 5
    position = {code: index for index, code in enumerate(codes)}
    expected = brute_force_neighbours(xy[[position[code] for code in kept]], 5)
    for index, code in enumerate(kept):
        assert len(smaller.neighbours(code)) == 5
        assert {kept.index(c) for c in smaller.neighbours(code)} == expected[index]
    assert spatial.subset(weights, codes) is weights
    with pytest.raises(KeyError):
        spatial.subset(weights, [*kept, 9999])


def test_missing_values_are_dropped_and_the_weights_rebuilt():
    codes, xy = grid()
    weights = spatial.knn_weights(codes, xy)
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=len(codes)), rng.normal(size=len(codes))
    y[[0, 9, 30]] = np.nan
    result = spatial.spearman_spatial(x, y, weights)
    keep = np.isfinite(y)
    direct = spatial.spearman_spatial(x[keep], y[keep], spatial.subset(
        weights, [code for code, kept in zip(codes, keep) if kept]))
    assert result == direct and result.n == len(codes) - 3
    assert spatial.moran(y, weights).n == len(codes) - 3
    assert len(spatial.local_bivariate(x, y, weights, permutations=99)) == len(codes) - 3


def test_moran_matches_the_hand_formula_and_esda_permutations():
    from esda.moran import Moran, Moran_BV

    codes, xy = grid()
    weights = spatial.knn_weights(codes, xy)
    rng = np.random.default_rng(8)
    x = rng.normal(size=len(codes))
    x = x + 2 * (weights.sparse @ x)                 # autocorrelated
    y = 0.5 * x + rng.normal(size=len(codes))
    dense = weights.sparse.toarray()
    z = x - x.mean()
    assert spatial.moran(x, weights).i == pytest.approx(z @ dense @ z / (z @ z), abs=1e-12)

    result = spatial.moran(x, weights, permutations=499, seed=11)
    np.random.seed(11)
    reference = Moran(x, weights.w, permutations=499)
    assert (result.i, result.expected, result.p_value) == pytest.approx(
        (reference.I, reference.EI, reference.p_sim), abs=1e-12)
    assert result.z == pytest.approx(reference.z_sim, rel=1e-9)
    assert result.permutations == 499 and result.n == len(codes)

    bivariate = spatial.bivariate_moran(x, y, weights, permutations=499, seed=11)
    np.random.seed(11)
    reference = Moran_BV(x, y, weights.w, permutations=499)
    assert (bivariate.i, bivariate.expected, bivariate.p_value) == pytest.approx(
        (reference.I, reference.EI_sim, reference.p_sim), abs=1e-12)
    assert bivariate.z == pytest.approx(reference.z_sim, rel=1e-9)
    # a fixed seed: the same p on every call
    assert spatial.moran(x, weights) == spatial.moran(x, weights)


def test_spearman_spatial_naive_part_is_the_pages_spearman():
    from atlas.stats.pairs import spearman

    codes, xy = grid()
    weights = spatial.knn_weights(codes, xy)
    rng = np.random.default_rng(9)
    x = rng.normal(size=len(codes))
    y = x + rng.normal(size=len(codes))
    result = spatial.spearman_spatial(x, y, weights)
    page = spearman(x, y)
    assert result.rho == pytest.approx(page.estimate, abs=1e-12)
    assert (result.naive.low, result.naive.high) == pytest.approx(
        (page.interval.low, page.interval.high), abs=1e-12)
    assert result.p_naive == pytest.approx(page.p_value, rel=1e-6)
    assert 3 <= result.n_effective <= result.n
    assert "Dutilleul" in result.method and "Biometrics" in result.reference


def test_effective_sample_size_is_n_without_autocorrelation_and_smaller_with_it():
    codes, xy = grid(10)
    rng = np.random.default_rng(12)
    noise = [spatial.effective_sample_size(rng.permutation(100).astype(float),
                                           rng.permutation(100).astype(float), xy)
             for _ in range(20)]
    assert 80 < np.median(noise) < 120
    smooth_x = xy[:, 0] + rng.normal(0, 5_000, size=100)      # a west-east gradient
    smooth_y = xy[:, 0] + rng.normal(0, 5_000, size=100)
    assert spatial.effective_sample_size(smooth_x, smooth_y, xy) < 20


# --- the false-discovery-rate step -----------------------------------------------------------

def test_benjamini_hochberg_q_values_and_rejections():
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]
    q, rejected = spatial.false_discovery_rate(p, alpha=0.05)
    # q_(i) = min over j >= i of p_(j) m / j, m = 8 (by hand)
    np.testing.assert_allclose(q, [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08,
                                   0.0845714285714, 0.205], rtol=1e-9)
    assert rejected.tolist() == [True, True, False, False, False, False, False, False]
    shuffled = [0.06, 0.001, 0.205, 0.042]             # order kept, m = 4
    q, rejected = spatial.false_discovery_rate(shuffled, alpha=0.05)
    np.testing.assert_allclose(q, [0.08, 0.004, 0.205, 0.08], rtol=1e-9)
    assert rejected.tolist() == [False, True, False, False]
    q, rejected = spatial.false_discovery_rate([])
    assert q.size == 0 and rejected.size == 0


@pytest.mark.filterwarnings("ignore:The alternative hypothesis:DeprecationWarning")
def test_local_bivariate_matches_esda_and_applies_the_fdr_step():
    from esda.moran import Moran_Local_BV

    codes, xy = grid()
    weights = spatial.knn_weights(codes, xy)
    rng = np.random.default_rng(4)
    x = rng.normal(size=len(codes))
    x = x + 2 * (weights.sparse @ x)
    y = x + rng.normal(size=len(codes))
    clusters = spatial.local_bivariate(x, y, weights, permutations=999, seed=7)
    reference = Moran_Local_BV(x, y, weights.w, permutations=999, seed=7, n_jobs=1)
    assert [c.code for c in clusters] == codes
    np.testing.assert_allclose([c.p_value for c in clusters], reference.p_sim)
    names = {1: "high-high", 2: "low-high", 3: "low-low", 4: "high-low"}
    assert [c.quadrant for c in clusters] == [names[q] for q in reference.q]
    q_values, rejected = spatial.false_discovery_rate(reference.p_sim, 0.05)
    np.testing.assert_allclose([c.q_value for c in clusters], q_values)
    assert [c.significant for c in clusters] == rejected.tolist()
    assert all(c.significant == (c.q_value <= 0.05) for c in clusters)
    # the FDR step bites: some municipality has p <= 0.05 and is not significant
    assert any(c.p_value <= 0.05 and not c.significant for c in clusters)
    assert clusters == spatial.local_bivariate(x, y, weights, permutations=999, seed=7)


# --- the real database -----------------------------------------------------------------------

def reference_centroids(real_sources) -> tuple[list[int], np.ndarray]:
    """Area centroids of the unsimplified boundaries in EPSG:25832, computed independently of
    the build (pyproj transform of each polygon, shapely centroid)."""
    import shapely
    from pyproj import Transformer

    from atlas.build.snapshot import read_boundaries

    boundaries = read_boundaries(real_sources)
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)

    def project(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(to_utm.transform(coords[:, 0], coords[:, 1]))

    codes = sorted(boundaries)
    points = [shapely.transform(boundaries[code][1], project).centroid for code in codes]
    return codes, np.array([(point.x, point.y) for point in points])


def reference_moran(values: np.ndarray, xy: np.ndarray, k: int = 5,
                    row_standardised: bool = True) -> float:
    """Moran's I = n/S0 z'Wz / z'z with brute-force kNN weights (with k neighbours each, row
    standardisation does not change the global I; the bivariate I below shows it)."""
    weights = reference_weights(xy, k, row_standardised)
    z = values - values.mean()
    return len(values) / weights.sum() * (z @ weights @ z) / (z @ z)


def reference_weights(xy: np.ndarray, k: int = 5, row_standardised: bool = True) -> np.ndarray:
    n = len(xy)
    weights = np.zeros((n, n))
    for index, neighbours in enumerate(brute_force_neighbours(xy, k)):
        weights[index, list(neighbours)] = 1.0 / k if row_standardised else 1.0
    return weights


def reference_bivariate_moran(x: np.ndarray, y: np.ndarray, xy: np.ndarray, k: int = 5,
                              row_standardised: bool = True) -> float:
    """Bivariate Moran's I = zx' W zy / (n - 1), z standardised with n - 1 (Anselin et al.)."""
    zx = (x - x.mean()) / x.std(ddof=1)
    zy = (y - y.mean()) / y.std(ddof=1)
    return zx @ reference_weights(xy, k, row_standardised) @ zy / (len(x) - 1)


@pytest.fixture(scope="module")
def real(real_db, real_sources):
    import os

    previous = os.environ.get("ATLAS_DB")
    os.environ["ATLAS_DB"] = str(real_db)
    from atlas.query.core import catalogue
    from atlas.query.spatial import spatial_weights
    from atlas.query.values import values

    weights = spatial_weights()
    cat = catalogue()

    def indicator(ident: str) -> np.ndarray:
        frame = values(ident, cat.latest[ident]).set_index("kommune_kode")
        return frame["value"].reindex(list(weights.codes)).to_numpy(dtype=float)

    yield weights, indicator, reference_centroids(real_sources), cat
    if previous is None:
        os.environ.pop("ATLAS_DB", None)
    else:
        os.environ["ATLAS_DB"] = previous


def test_build_weights_are_knn5_over_all_98_centroids_in_utm32(real):
    weights, _, (codes, xy), _ = real
    assert weights.codes == tuple(codes) and len(codes) == 98 and weights.k == 5
    np.testing.assert_allclose(weights.xy, xy, atol=1.0)       # metres
    assert weights.w.transform == "R"
    np.testing.assert_allclose(weights.sparse.sum(axis=1), 1.0)


@pytest.mark.parametrize("ident", ["gp_distance_km", "home_nursing_per_1000",
                                   "hospital_distance_km", "poor_diet_share"])
def test_moran_on_the_real_database_against_an_independent_reference(real, ident):
    weights, indicator, (_, xy), cat = real
    if ident not in cat.indicators:
        pytest.skip(f"{ident} has no data in this snapshot")
    values = indicator(ident)
    assert np.isfinite(values).all()
    result = spatial.moran(values, weights)
    expected = reference_moran(values, xy)
    assert result.n == 98
    assert result.i == pytest.approx(expected, abs=1e-9)
    assert result.p_value == pytest.approx(0.001) and result.z > 3
    # the check has power: each of these mistakes moves I by far more than its tolerance
    lonlat = np.array([[c.x, c.y] for c in _lonlat_centroids(xy)])
    for wrong in (reference_moran(values, xy, k=4), reference_moran(values, xy, k=6),
                  reference_moran(values, lonlat),
                  reference_moran(np.delete(values, 40), np.delete(xy, 40, axis=0))):
        assert abs(wrong - result.i) > 1e-6          # equality above is to 1e-9


def _lonlat_centroids(xy: np.ndarray):
    """The centroids back in degrees (a wrong CRS for distances)."""
    from pyproj import Transformer
    from shapely.geometry import Point

    back = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
    return [Point(*back.transform(x, y)) for x, y in xy]


def test_issue_figures_for_distance_to_gp_and_home_nursing(real):
    """The issue quotes Moran's I about 0.56 (distance to a GP) and 0.42 (home nursing)."""
    weights, indicator, _, cat = real
    for ident, quoted in (("gp_distance_km", 0.56), ("home_nursing_per_1000", 0.42)):
        if ident not in cat.indicators:
            continue
        assert spatial.moran(indicator(ident), weights).i == pytest.approx(quoted, abs=0.01)


@pytest.mark.filterwarnings("ignore:The alternative hypothesis:DeprecationWarning")
def test_real_pair_statistics_against_esda(real):
    from esda.moran import Moran_BV, Moran_Local_BV

    weights, indicator, (_, xy), _ = real
    x, y = indicator("home_nursing_per_1000"), indicator("gp_distance_km")
    bivariate = spatial.bivariate_moran(x, y, weights)
    assert bivariate.n == 98
    assert bivariate.i == pytest.approx(reference_bivariate_moran(x, y, xy), abs=1e-9)
    for wrong in (reference_bivariate_moran(x, y, xy, k=4),
                  reference_bivariate_moran(x, y, xy, row_standardised=False)):
        assert abs(wrong - bivariate.i) > 1e-4
    np.random.seed(spatial.SEED)
    reference = Moran_BV(x, y, weights.w, permutations=999)
    assert (bivariate.i, bivariate.p_value) == pytest.approx((reference.I, reference.p_sim))
    clusters = spatial.local_bivariate(x, y, weights)
    local = Moran_Local_BV(x, y, weights.w, permutations=999, seed=spatial.SEED, n_jobs=1)
    np.testing.assert_allclose([c.p_value for c in clusters], local.p_sim)
    adjusted = spatial.spearman_spatial(x, y, weights)
    assert adjusted.n == 98 and adjusted.n_effective < 98
    assert adjusted.adjusted.high - adjusted.adjusted.low > adjusted.naive.high - adjusted.naive.low
    assert math.isfinite(adjusted.p_adjusted) and adjusted.p_adjusted >= adjusted.p_naive


def test_simulation_adjusted_test_keeps_its_size_where_the_naive_one_does_not(real):
    """Spatially autocorrelated noise with no true relation on the real 98 centroids: two
    independent Gaussian fields with exponential covariance (range 40 km; their Moran's I is
    about 0.45, like the atlas's indicators). The naive Spearman test rejects far more often
    than 5 %; Dutilleul's adjusted test stays near 5 % (200 draws, fixed seed, a few seconds).
    Rates seen while writing this: naive 0.36, adjusted 0.065 (other seeds: adjusted 0.06-0.10;
    the distance-class estimate of the autocorrelation is a little optimistic at n = 98)."""
    weights = real[0]
    xy = weights.xy
    distance = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    factor = np.linalg.cholesky(np.exp(-distance / 40_000.0) + 1e-9 * np.eye(len(xy)))
    rng = np.random.default_rng(2026)
    draws = 200
    naive = adjusted = 0
    for _ in range(draws):
        x = factor @ rng.normal(size=len(xy))
        y = factor @ rng.normal(size=len(xy))
        result = spatial.spearman_spatial(x, y, weights)
        naive += result.p_naive < 0.05
        adjusted += result.p_adjusted < 0.05
        # the verdict from the interval and from the p-value agree
        assert result.adjusted.spans_zero == (result.p_adjusted >= 0.05) or \
            abs(result.p_adjusted - 0.05) < 0.01
    assert naive / draws >= 0.25
    assert adjusted / draws <= 0.10
    assert naive >= 3 * adjusted


def test_references_are_bibliography_only():
    """The references go into Danish and English texts as they are, so they hold citations
    only (author, year, title, journal, pages); what the atlas did with each ("computed with
    PySAL esda", "distance classes as in SpatialPack") is said in the catalogue's method texts,
    in each language. Danish pages showed those English phrases."""
    import re

    from atlas.stats import funnel
    from atlas.stats import spatial as spatial_stats

    citation = re.compile(r"[A-Z][\w\-'. ,&é]+ \((\d{4})\)\. [^()]+ \d+(\(\d+\))?, \d+-\d+\.?"
                          r"|[A-Z][\w\-'. ,&é]+\. [^()]+ \(R package\)\.")
    for reference in (spatial_stats.DUTILLEUL_REFERENCE, spatial_stats.MORAN_REFERENCE,
                      spatial_stats.FDR_REFERENCE, funnel.REFERENCE,
                      funnel.DISPERSION_REFERENCE):
        for part in reference.split("; "):
            assert citation.fullmatch(part), part
