"""Spatial statistics across municipalities, with libpysal and esda (PySAL).

    weights = knn_weights(codes, xy)                   # k = 5 nearest centroids, row-standardised
    moran(values, weights)                             # global Moran's I, permutation p
    bivariate_moran(x, y, weights)                     # esda.Moran_BV
    spearman_spatial(x, y, weights)                    # rho, naive and Dutilleul-adjusted
    local_bivariate(x, y, weights)                     # LISA clusters, permutation p, BH q

- Weights: the k = 5 nearest neighbours of each municipality's centroid (EPSG:25832, metres),
  row-standardised (each row sums to 1). Contiguity would leave the island municipalities
  (Læsø, Samsø, Fanø, Ærø, Bornholm, …) without neighbours; nearest centroids give everyone five.
- Values are aligned with `weights.codes`; NaN means no data. A municipality without data is
  dropped and the kNN weights are rebuilt among those left (`subset`), so every remaining
  municipality keeps k neighbours with data.
- Orientation is the caller's job: pass values already oriented so that "high" means what the
  caller's words say (e.g. high need, poor access). This module never flips a sign.
- Permutation tests use a fixed seed, so a page shows the same p-value on every run.
- Spatially adjusted correlation: Dutilleul's (1993) modified t-test on the ranks, with the
  effective sample size estimated from Moran-type autocorrelation of both variables in 13
  equal-width distance classes (as SpatialPack's `modified.ttest`); the interval is Fisher z
  with Bonett & Wright's variance (1 + rho^2/2) / (n_eff - 3), as atlas/stats/pairs.py uses n.

No language and no formatting here. libpysal and esda take seconds to import on the 2-core
machine: they are imported inside the functions (`warm_up()` starts that in a background thread).
"""

from __future__ import annotations

import functools
import math
import threading
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from atlas.stats.pairs import CONFIDENCE, Interval

if TYPE_CHECKING:  # pragma: no cover
    import libpysal.weights

K_NEIGHBOURS = 5
PERMUTATIONS = 999
SEED = 20_260_101
ALPHA = 0.05
DISTANCE_CLASSES = 13           # SpatialPack's default for the modified t-test
MIN_N = K_NEIGHBOURS + 2        # below this the kNN weights and the tests say nothing

DUTILLEUL_METHOD = "Dutilleul's modified t-test (effective sample size)"
DUTILLEUL_REFERENCE = (
    "Dutilleul, P. (1993). Modifying the t test for assessing the correlation between two "
    "spatial processes. Biometrics, 49(1), 305-314; Clifford, P., Richardson, S. & Hémon, D. "
    "(1989). Assessing the significance of the correlation between two spatial processes. "
    "Biometrics 45(1), 123-134; Osorio, F. & Vallejos, R. SpatialPack: tools for assessment of "
    "the association between two spatial processes (R package)."
)
MORAN_REFERENCE = (
    "Moran, P. A. P. (1950). Notes on continuous stochastic phenomena. Biometrika 37, 17-23; "
    "Anselin, L. (1995). Local indicators of spatial association - LISA. Geographical "
    "Analysis 27(2), 93-115; Rey, S. J. & Anselin, L. (2007). PySAL: a Python library of "
    "spatial analytical methods. The Review of Regional Studies 37(1), 5-27."
)
FDR_REFERENCE = (
    "Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. Journal of "
    "the Royal Statistical Society B 57(1), 289-300."
)

_warm_lock = threading.Lock()
_warm_thread: threading.Thread | None = None


def _import_libraries() -> None:
    import esda  # noqa: F401
    import libpysal.weights  # noqa: F401
    import statsmodels.stats.multitest  # noqa: F401


def warm_up() -> None:
    """Import libpysal, esda and statsmodels' multitest in a background thread (once per
    process), so the first spatial statistic of a session does not pay the import."""
    global _warm_thread
    with _warm_lock:
        if _warm_thread is None:
            _warm_thread = threading.Thread(target=_import_libraries,
                                            name="atlas-spatial-import", daemon=True)
            _warm_thread.start()


@functools.lru_cache(maxsize=16)
def permutation_indices(n: int, permutations: int, seed: int) -> np.ndarray:
    """(permutations x n) index rows: the same permutations, in the same order, that esda's
    global Moran tests draw with `np.random.permutation` after `np.random.seed(seed)`.
    Cached (read-only): drawing them costs more than the test itself."""
    generator = np.random.RandomState(seed)
    rows = (np.stack([generator.permutation(n) for _ in range(permutations)]) if permutations
            else np.zeros((0, n), dtype=int))
    rows.setflags(write=False)
    return rows


def _permutation_inference(observed: float, simulated: np.ndarray) -> tuple[float, float, float]:
    """(mean of the permuted statistics, permutation z, pseudo p) exactly as esda folds them."""
    permutations = len(simulated)
    if permutations == 0:
        return float("nan"), float("nan"), float("nan")
    larger = int((simulated >= observed).sum())
    if permutations - larger < larger:
        larger = permutations - larger
    p_value = (larger + 1.0) / (permutations + 1.0)
    mean = float(simulated.sum() / permutations)
    spread = float(simulated.std())
    z = (observed - mean) / spread if spread > 0 else float("nan")
    return mean, z, p_value


# --- weights ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SpatialWeights:
    """Row-standardised k-nearest-neighbour weights over `codes` (kommune codes); every array
    and every values argument is in the order of `codes`."""

    codes: tuple[int, ...]
    xy: np.ndarray               # centroids in EPSG:25832 (metres), same order as codes
    k: int
    w: "libpysal.weights.W"
    sparse: Any                  # the same weights as a scipy CSR matrix in codes order

    @property
    def n(self) -> int:
        return len(self.codes)

    def neighbours(self, code: int) -> tuple[int, ...]:
        return tuple(int(c) for c in self.w.neighbors[code])


def knn_weights(codes: Sequence[int], xy: Any, k: int = K_NEIGHBOURS) -> SpatialWeights:
    """k nearest neighbours by centroid distance (libpysal KNN), row-standardised."""
    from libpysal.weights import KNN

    codes = tuple(int(code) for code in codes)
    points = np.asarray(xy, dtype=float).reshape(len(codes), 2)
    if len(set(codes)) != len(codes):
        raise ValueError("duplicate municipality codes")
    if len(codes) <= k:
        raise ValueError(f"{len(codes)} points cannot have {k} nearest neighbours each")
    w = KNN(points, k=k, ids=list(codes))
    w.transform = "r"
    order = [w.id_order.index(code) for code in codes]
    sparse = w.sparse.tocsr()[order][:, order]
    points.setflags(write=False)
    return SpatialWeights(codes, points, k, w, sparse)


def subset(weights: SpatialWeights, codes: Sequence[int]) -> SpatialWeights:
    """The kNN weights rebuilt among `codes` only (in the order given): a municipality whose
    neighbour lacks data gets its next-nearest one with data instead, so every municipality keeps
    k neighbours. Not the original matrix with rows and columns struck out."""
    position = {code: index for index, code in enumerate(weights.codes)}
    codes = tuple(int(code) for code in codes)
    if tuple(codes) == weights.codes:
        return weights
    unknown = [code for code in codes if code not in position]
    if unknown:
        raise KeyError(f"no centroid for municipality code(s) {unknown}")
    xy = weights.xy[[position[code] for code in codes]]
    return knn_weights(codes, xy, weights.k)


def _aligned(weights: SpatialWeights, *arrays: Any) -> tuple[SpatialWeights, list[np.ndarray]]:
    """The arrays as floats, the municipalities where any is NaN dropped, the weights rebuilt
    among the rest."""
    values = [np.asarray(array, dtype=float).reshape(-1) for array in arrays]
    for array in values:
        if len(array) != weights.n:
            raise ValueError(f"{len(array)} values for {weights.n} municipalities")
    keep = np.ones(weights.n, dtype=bool)
    for array in values:
        keep &= np.isfinite(array)
    if keep.all():
        return weights, values
    if keep.sum() < MIN_N:
        raise ValueError(f"only {int(keep.sum())} municipalities with data")
    kept_codes = [code for code, kept in zip(weights.codes, keep) if kept]
    return subset(weights, kept_codes), [array[keep] for array in values]


# --- global Moran ----------------------------------------------------------------------------

@dataclass(frozen=True)
class MoranResult:
    """Global Moran's I with its permutation test. `z` is the permutation z (I minus the mean of
    the permuted I over their standard deviation); `p_value` the pseudo p (1 + #{|I_perm| as
    extreme}) / (1 + permutations), two-sided as esda folds it."""

    i: float
    expected: float
    z: float
    p_value: float
    permutations: int
    n: int


def moran(values: Any, weights: SpatialWeights, permutations: int = PERMUTATIONS,
          seed: int = SEED) -> MoranResult:
    """Global Moran's I of `values` (aligned with weights.codes; NaN dropped): the statistic
    from esda.Moran; its permutation test vectorised over the same permutations esda draws
    with `seed` (tests check that both agree), some ten times faster than esda's loop."""
    from esda.moran import Moran

    weights, (y,) = _aligned(weights, values)
    result = Moran(y, weights.w, transformation="r", permutations=0)
    centred = np.asarray(result.z, dtype=float) * float(np.std(y))    # esda rescales .z
    permuted = centred[permutation_indices(weights.n, permutations, seed)]
    lagged = (weights.sparse @ permuted.T).T
    simulated = (weights.n / weights.w.s0) * (permuted * lagged).sum(axis=1) / result.z2ss
    _, z, p_value = _permutation_inference(float(result.I), simulated)
    return MoranResult(float(result.I), float(result.EI), z, p_value, permutations, weights.n)


def bivariate_moran(x: Any, y: Any, weights: SpatialWeights, permutations: int = PERMUTATIONS,
                    seed: int = SEED) -> MoranResult:
    """Bivariate Moran's I (esda.Moran_BV): x against the spatial lag of y, y permuted. The
    permutation test is vectorised as in `moran`. `expected` is the mean of the permuted
    statistics (close to 0)."""
    from esda.moran import Moran_BV

    weights, (first, second) = _aligned(weights, x, y)
    result = Moran_BV(first, second, weights.w, transformation="r", permutations=0)
    permuted = np.asarray(result.zy)[permutation_indices(weights.n, permutations, seed)]
    simulated = (weights.sparse @ permuted.T).T @ np.asarray(result.zx) / result.den
    expected, z, p_value = _permutation_inference(float(result.I), simulated)
    return MoranResult(float(result.I), expected, z, p_value, permutations, weights.n)


# --- spatially adjusted correlation ----------------------------------------------------------

@dataclass(frozen=True)
class AdjustedCorrelation:
    rho: float                    # Spearman's rho
    n: int                        # municipalities with both values
    n_effective: float            # Dutilleul's effective sample size (<= n under positive
                                  # autocorrelation of both variables)
    naive: Interval               # Fisher z, Bonett-Wright variance, n
    adjusted: Interval            # the same with n_effective
    p_naive: float                # t test with n - 2 degrees of freedom
    p_adjusted: float             # F(1, n_effective - 2)
    method: str
    reference: str
    confidence: float = CONFIDENCE

    @property
    def clear_relation(self) -> bool:
        """The spatially adjusted interval excludes zero."""
        return not self.adjusted.spans_zero


def _distance_class_autocorrelation(values: np.ndarray, classes: np.ndarray,
                                    n_classes: int) -> np.ndarray:
    """Moran-type autocorrelation per distance class: mean cross-product of the centred values
    over the pairs in the class, divided by the variance (divisor n). Empty class: 0."""
    centred = values - values.mean()
    variance = float(np.mean(centred ** 2))
    products = np.outer(centred, centred)
    upper = np.triu(np.ones_like(products, dtype=bool), k=1)
    sums = np.bincount(classes[upper], weights=products[upper], minlength=n_classes)
    counts = np.bincount(classes[upper], minlength=n_classes)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(counts > 0, sums / np.maximum(counts, 1) / variance, 0.0)
    return result if variance > 0 else np.zeros(n_classes)


def _distance_classes(xy: np.ndarray, n_classes: int) -> np.ndarray:
    """Each pair's class among `n_classes` equal-width distance classes up to the largest
    distance (upper bounds inclusive)."""
    difference = xy[:, None, :] - xy[None, :, :]
    distance = np.hypot(difference[..., 0], difference[..., 1])
    width = distance.max() / n_classes
    classes = np.ceil(distance / width).astype(int) - 1
    return np.clip(classes, 0, n_classes - 1)


def effective_sample_size(x: np.ndarray, y: np.ndarray, xy: np.ndarray,
                          n_classes: int = DISTANCE_CLASSES) -> float:
    """Dutilleul's (1993) effective sample size 1 + tr(P Rx) tr(P Ry) / tr(P Rx P Ry), with
    P the centring matrix and Rx, Ry the correlation matrices estimated by distance class."""
    n = len(x)
    classes = _distance_classes(xy, n_classes)
    matrices = []
    for values in (x, y):
        by_class = _distance_class_autocorrelation(values, classes, n_classes)
        matrix = by_class[classes]
        np.fill_diagonal(matrix, 1.0)
        matrices.append(matrix - matrix.mean(axis=0, keepdims=True))   # P R
    centred_x, centred_y = matrices
    trace_x = float(np.trace(centred_x))
    trace_y = float(np.trace(centred_y))
    trace_xy = float(np.sum(centred_x * centred_y.T))                  # tr(P Rx P Ry)
    if trace_xy <= 0:
        return float(n)
    return 1.0 + trace_x * trace_y / trace_xy


def _fisher_interval(rho: float, n: float, confidence: float) -> Interval:
    from scipy.stats import norm

    if abs(rho) >= 1.0 or n <= 3:
        return Interval(-1.0, 1.0) if abs(rho) < 1.0 else Interval(rho, rho)
    z = math.atanh(rho)
    half = norm.ppf(0.5 + confidence / 2) * math.sqrt((1.0 + rho * rho / 2.0) / (n - 3))
    return Interval(math.tanh(z - half), math.tanh(z + half))


def _t_test_p(rho: float, degrees: float) -> float:
    from scipy.stats import f as f_distribution

    if degrees <= 0:
        return 1.0
    if abs(rho) >= 1.0:
        return 0.0
    return float(f_distribution.sf(degrees * rho * rho / (1.0 - rho * rho), 1.0, degrees))


def spearman_spatial(x: Any, y: Any, weights: SpatialWeights,
                     confidence: float = CONFIDENCE) -> AdjustedCorrelation:
    """Spearman's rho with a naive interval (n) and one adjusted for spatial autocorrelation
    (Dutilleul's effective sample size of the ranks). NaN in x or y: dropped (see `subset`)."""
    from scipy.stats import rankdata

    weights, (first, second) = _aligned(weights, x, y)
    rank_x, rank_y = rankdata(first), rankdata(second)
    n = weights.n
    if np.ptp(rank_x) == 0 or np.ptp(rank_y) == 0:
        raise ValueError("a constant variable has no rank correlation")
    rho = float(np.corrcoef(rank_x, rank_y)[0, 1])
    n_effective = min(effective_sample_size(rank_x, rank_y, weights.xy), float(n))
    n_effective = max(n_effective, 3.0)
    return AdjustedCorrelation(
        rho=rho, n=n, n_effective=n_effective,
        naive=_fisher_interval(rho, n, confidence),
        adjusted=_fisher_interval(rho, n_effective, confidence),
        p_naive=_t_test_p(rho, n - 2), p_adjusted=_t_test_p(rho, n_effective - 2),
        method=DUTILLEUL_METHOD, reference=DUTILLEUL_REFERENCE, confidence=confidence,
    )


# --- local bivariate Moran (LISA) ------------------------------------------------------------

QUADRANTS = {1: "high-high", 2: "low-high", 3: "low-low", 4: "high-low"}


@dataclass(frozen=True)
class LocalCluster:
    """One municipality's local bivariate Moran: `quadrant` names its own x ("high"/"low",
    first) and its neighbours' y (second); p is esda's conditional-permutation pseudo p, folded
    to the side of the observed local I as GeoDa does, (1 + #{as extreme}) / (1 + permutations);
    q the Benjamini-Hochberg q over all municipalities tested together."""

    code: int
    quadrant: str                 # "high-high" | "low-low" | "high-low" | "low-high"
    p_value: float
    q_value: float
    significant: bool             # q <= alpha
    local_i: float = float("nan")


def false_discovery_rate(p_values: Sequence[float], alpha: float = ALPHA
                         ) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini-Hochberg q-values and rejections (statsmodels multipletests, fdr_bh)."""
    from statsmodels.stats.multitest import multipletests

    p_values = np.asarray(p_values, dtype=float)
    if p_values.size == 0:
        return np.zeros(0), np.zeros(0, dtype=bool)
    rejected, q_values, _, _ = multipletests(p_values, alpha=alpha, method="fdr_bh")
    return np.asarray(q_values, dtype=float), np.asarray(rejected, dtype=bool)


def local_bivariate(x: Any, y: Any, weights: SpatialWeights, permutations: int = PERMUTATIONS,
                    seed: int = SEED, alpha: float = ALPHA) -> tuple[LocalCluster, ...]:
    """Local bivariate Moran (esda.Moran_Local_BV) of x against the neighbours' y, with
    permutation p-values and Benjamini-Hochberg FDR control. Municipalities without data in x
    or y are not in the result."""
    from esda.moran import Moran_Local_BV

    weights, (first, second) = _aligned(weights, x, y)
    with warnings.catch_warnings():
        # esda announces a future change of its default; the folded p below is the one meant
        warnings.filterwarnings("ignore", message="The alternative hypothesis",
                                category=DeprecationWarning)
        result = Moran_Local_BV(first, second, weights.w, transformation="r",
                                permutations=permutations, seed=seed, n_jobs=1)
    p_values = np.asarray(result.p_sim, dtype=float)
    q_values, rejected = false_discovery_rate(p_values, alpha)
    return tuple(
        LocalCluster(code=code, quadrant=QUADRANTS[int(quadrant)], p_value=float(p),
                     q_value=float(q), significant=bool(reject), local_i=float(local))
        for code, quadrant, p, q, reject, local in zip(
            weights.codes, result.q, p_values, q_values, rejected, result.Is)
    )
