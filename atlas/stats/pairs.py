"""Statistics of a pair of indicators across municipalities, with scipy and statsmodels.

    result = pair_statistics(x, y, weights=population, labels=names)
    result.pearson.estimate, result.pearson.interval     # r and its 95 % interval
    result.spearman, result.ols, result.wls, result.n, result.excluded

- Pearson r with scipy's confidence interval (Fisher z), Spearman rho with a Fisher-z interval
  using Bonett & Wright's (2000) variance (1 + rho^2/2) / (n - 3), which holds for rank
  correlations where 1 / (n - 3) is too narrow;
- the least-squares line (statsmodels OLS) and the population-weighted line (statsmodels WLS),
  slope with its interval and R^2;
- a pair with a missing value (or, for a weighted fit, a missing or non-positive weight) is left
  out of everything and named in `excluded`; nothing is ever filled with zero.

No language and no formatting here (the view writes the sentences). scipy and statsmodels take
seconds to import on the 2-core machine, so they are imported inside the functions (once per
process; `warm_up()` starts that import in a background thread ahead of the first use).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from atlas.stats.arrays import as_float_array

CONFIDENCE = 0.95
MIN_N = 4            # Fisher-z intervals need n > 3

_warm_lock = threading.Lock()
_warm_thread: threading.Thread | None = None


def _import_libraries() -> None:
    import scipy.stats  # noqa: F401
    import statsmodels.regression.linear_model  # noqa: F401


def warm_up() -> None:
    """Import scipy.stats and statsmodels in a background thread (once per process), so the
    first statistics of a session do not pay the import while the page draws its charts."""
    global _warm_thread
    with _warm_lock:
        if _warm_thread is None:
            _warm_thread = threading.Thread(target=_import_libraries, name="atlas-stats-import",
                                            daemon=True)
            _warm_thread.start()


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def spans_zero(self) -> bool:
        return self.low <= 0.0 <= self.high


@dataclass(frozen=True)
class Correlation:
    estimate: float
    interval: Interval
    p_value: float


@dataclass(frozen=True)
class LineFit:
    """y = intercept + slope * x."""

    slope: float
    intercept: float
    slope_interval: Interval
    r_squared: float
    weighted: bool

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x


@dataclass(frozen=True)
class Excluded:
    label: str
    missing: tuple[str, ...]      # which of "x", "y", "weight" is missing


@dataclass(frozen=True)
class PairStatistics:
    n: int                                  # pairs used
    excluded: tuple[Excluded, ...]          # pairs left out, in input order
    pearson: Correlation | None             # None when n < MIN_N or a variable is constant
    spearman: Correlation | None
    ols: LineFit | None
    wls: LineFit | None                     # None without weights
    problem: str | None = None              # "too_few" | "constant" | None
    confidence: float = CONFIDENCE

    @property
    def clear_relation(self) -> bool:
        """Both intervals exclude zero, on the same side: the only case a reading may claim
        a relation."""
        if self.pearson is None or self.spearman is None:
            return False
        p, s = self.pearson.interval, self.spearman.interval
        if p.spans_zero or s.spans_zero:
            return False
        return (p.low > 0) == (s.low > 0)


def _fisher_interval(r: float, n: int, variance: float, confidence: float) -> Interval:
    from scipy.stats import norm

    if abs(r) >= 1.0:
        return Interval(float(r), float(r))
    z = math.atanh(r)
    half = norm.ppf(0.5 + confidence / 2) * math.sqrt(variance / (n - 3))
    return Interval(math.tanh(z - half), math.tanh(z + half))


def pearson(x: np.ndarray, y: np.ndarray, confidence: float = CONFIDENCE) -> Correlation:
    from scipy.stats import pearsonr

    result = pearsonr(x, y)
    r = float(result.statistic)
    if abs(r) >= 1.0:
        interval = Interval(r, r)
    else:
        ci = result.confidence_interval(confidence_level=confidence)
        interval = Interval(float(ci.low), float(ci.high))
    return Correlation(r, interval, float(result.pvalue))


def spearman(x: np.ndarray, y: np.ndarray, confidence: float = CONFIDENCE) -> Correlation:
    from scipy.stats import spearmanr

    result = spearmanr(x, y)
    rho = float(result.statistic)
    interval = _fisher_interval(rho, len(x), 1.0 + rho * rho / 2.0, confidence)
    return Correlation(rho, interval, float(result.pvalue))


def line_fit(x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None,
             confidence: float = CONFIDENCE) -> LineFit:
    """OLS (no weights) or WLS (weights: e.g. population) of y on x, with statsmodels."""
    from statsmodels.regression.linear_model import OLS, WLS

    design = np.column_stack([np.ones_like(x), x])
    model = OLS(y, design) if weights is None else WLS(y, design, weights=weights)
    fit = model.fit()
    low, high = fit.conf_int(alpha=1 - confidence)[1]
    r_squared = float(fit.rsquared)
    if not math.isfinite(r_squared):  # a perfect fit of constant residuals
        r_squared = 1.0
    return LineFit(slope=float(fit.params[1]), intercept=float(fit.params[0]),
                   slope_interval=Interval(float(low), float(high)), r_squared=r_squared,
                   weighted=weights is not None)


def pair_statistics(x: Sequence[Any], y: Sequence[Any], weights: Sequence[Any] | None = None,
                    labels: Sequence[str] | None = None,
                    confidence: float = CONFIDENCE) -> PairStatistics:
    """Correlations and line fits of `y` on `x` over the complete pairs.

    Missing values (None, NaN) leave a pair out; with `weights`, so does a missing or
    non-positive weight (every figure then rests on the same n). `labels` name the pairs
    for `excluded`."""
    xs, ys = as_float_array(x), as_float_array(y)
    if len(xs) != len(ys):
        raise ValueError("x and y differ in length")
    ws = as_float_array(weights) if weights is not None else None
    if ws is not None and len(ws) != len(xs):
        raise ValueError("weights differ in length")
    names = list(labels) if labels is not None else [str(i) for i in range(len(xs))]

    keep = ~np.isnan(xs) & ~np.isnan(ys)
    bad_weight = np.zeros(len(xs), dtype=bool)
    if ws is not None:
        bad_weight = np.isnan(ws) | (np.nan_to_num(ws, nan=0.0) <= 0)
        keep &= ~bad_weight
    excluded = tuple(
        Excluded(names[i], tuple(part for part, missing in
                                 (("x", np.isnan(xs[i])), ("y", np.isnan(ys[i])),
                                  ("weight", bad_weight[i])) if missing))
        for i in np.flatnonzero(~keep))
    xs, ys = xs[keep], ys[keep]
    n = int(keep.sum())
    if n < MIN_N:
        return PairStatistics(n, excluded, None, None, None, None, "too_few", confidence)
    if np.ptp(xs) == 0 or np.ptp(ys) == 0:
        return PairStatistics(n, excluded, None, None, None, None, "constant", confidence)
    return PairStatistics(
        n=n,
        excluded=excluded,
        pearson=pearson(xs, ys, confidence),
        spearman=spearman(xs, ys, confidence),
        ols=line_fit(xs, ys, None, confidence),
        wls=line_fit(xs, ys, ws[keep], confidence) if ws is not None else None,
        confidence=confidence,
    )


__all__ = ["CONFIDENCE", "MIN_N", "Interval", "Correlation", "LineFit", "Excluded",
           "PairStatistics", "pair_statistics", "pearson", "spearman", "line_fit", "warm_up"]
