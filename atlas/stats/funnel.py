"""Funnel-plot control limits for register rates with a known denominator (issue 20).

    control_limits("binomial", national=48.2, per=100, denominators=[1_800, 50_000])
    classify("binomial", value=51.0, denominator=50_000, national=48.2, per=100)

Around the national value theta, for a municipality with denominator n (residents):
- "binomial": a share of the residents (per = 100 for a percentage); the count is
  Binomial(n, theta);
- "poisson": recipients or events per `per` residents; the count is Poisson(n * theta).
Limits are exact: the p-quantile r of the count, interpolated between r - 1 and r so the
limits are smooth in n (Spiegelhalter 2005, appendix A.1.1), divided by n and scaled by `per`.
95 % limits: p = 0.025 and 0.975; 99.8 %: p = 0.001 and 0.999.

No count is derived from a published rate: the limits need only n and theta, and a
municipality is compared with the limits at its own n. No language here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

KINDS = ("binomial", "poisson")
LEVELS = (0.95, 0.998)
REFERENCE = (
    "Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance. "
    "Statistics in Medicine 24(8), 1185-1202 (exact limits with interpolation, appendix A.1.1)."
)


@dataclass(frozen=True)
class Limits:
    level: float                 # 0.95 or 0.998
    lower: np.ndarray            # on the rate's scale, one per denominator
    upper: np.ndarray


def _quantile_limit(kind: str, probability: float, n: np.ndarray, theta: float) -> np.ndarray:
    """The interpolated exact `probability` quantile of the count, divided by n."""
    from scipy.stats import binom, poisson

    if kind == "binomial":
        distribution = binom(n, theta)
    elif kind == "poisson":
        distribution = poisson(n * theta)
    else:
        raise ValueError(f"unknown funnel kind {kind!r}; expected one of {KINDS}")
    r = distribution.ppf(probability)
    at_r = distribution.cdf(r)
    below_r = distribution.cdf(r - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(at_r > below_r, (at_r - probability) / (at_r - below_r), 0.0)
    return (r - alpha) / n


def control_limits(kind: str, national: float, per: float, denominators: Sequence[Any],
                   levels: Sequence[float] = LEVELS) -> tuple[Limits, ...]:
    """Lower and upper limits at each level for each denominator, on the rate's scale."""
    n = np.asarray(denominators, dtype=float)
    if np.any(~np.isfinite(n)) or np.any(n <= 0):
        raise ValueError("denominators must be positive")
    theta = float(national) / float(per)
    if kind == "binomial" and not 0.0 < theta < 1.0:
        raise ValueError(f"a binomial national value must lie strictly between 0 and {per}")
    if kind == "poisson" and not theta > 0.0:
        raise ValueError("a Poisson national rate must be positive")
    n = np.round(n)        # a count of residents
    result = []
    for level in levels:
        tail = (1.0 - level) / 2.0
        result.append(Limits(level,
                             _quantile_limit(kind, tail, n, theta) * per,
                             _quantile_limit(kind, 1.0 - tail, n, theta) * per))
    return tuple(result)


@dataclass(frozen=True)
class Position:
    """Where a municipality lies: "higher" / "lower" than the national value beyond the 95 %
    limits, or "similar"; `beyond_998` when it also lies beyond the 99.8 % limits."""

    status: str
    beyond_998: bool
    limits: tuple[Limits, ...]


def classify(kind: str, value: float, denominator: float, national: float, per: float
             ) -> Position:
    limits = control_limits(kind, national, per, [denominator])
    by_level = {item.level: item for item in limits}
    inner, outer = by_level[0.95], by_level[0.998]
    if value > inner.upper[0]:
        status = "higher"
    elif value < inner.lower[0]:
        status = "lower"
    else:
        status = "similar"
    beyond = bool(value > outer.upper[0] or value < outer.lower[0])
    return Position(status, beyond, limits)


def classify_all(kind: str, values: Sequence[Any], denominators: Sequence[Any], national: float,
                 per: float) -> list[Position | None]:
    """`classify` for many municipalities at once; None where the value or the denominator
    is missing."""
    values = np.asarray(values, dtype=float)
    n = np.asarray(denominators, dtype=float)
    usable = np.isfinite(values) & np.isfinite(n) & (n > 0)
    result: list[Position | None] = [None] * len(values)
    if not usable.any():
        return result
    limits = control_limits(kind, national, per, n[usable])
    by_level = {item.level: item for item in limits}
    inner, outer = by_level[0.95], by_level[0.998]
    for index_in, index in enumerate(np.flatnonzero(usable)):
        value = values[index]
        status = ("higher" if value > inner.upper[index_in]
                  else "lower" if value < inner.lower[index_in] else "similar")
        beyond = bool(value > outer.upper[index_in] or value < outer.lower[index_in])
        own = tuple(Limits(item.level, item.lower[index_in:index_in + 1],
                           item.upper[index_in:index_in + 1]) for item in limits)
        result[index] = Position(status, beyond, own)
    return result
