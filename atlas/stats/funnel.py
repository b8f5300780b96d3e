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

Overdispersion (Spiegelhalter 2005, section 6; Spiegelhalter et al. 2012, section 3.5): the
98 municipalities differ by more than chance, because they differ in age, illness and
services. Pure sampling limits then mark almost every municipality as different (87-90 of
98 for the register rates here), which is true and says nothing. So `dispersion` tests it on
a variance-stabilised scale (arcsine square root for a share, square root for a rate; each
municipality's z-score winsorised at its 10 % and 90 % points; phi = mean(z^2); I * phi
against the 95 % point of chi^2 with I - 1 degrees of freedom) and, when overdispersed,
estimates the between-municipality variance tau^2 (DerSimonian-Laird). Limits are then
target +- z_p * sqrt(s(n)^2 + tau^2) on that scale, transformed back: a municipality is
marked only when it lies outside what the spread of municipalities of its size explains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

KINDS = ("binomial", "poisson")
LEVELS = (0.95, 0.998)
REFERENCE = (
    "Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance. "
    "Statistics in Medicine 24(8), 1185-1202."
)
DISPERSION_REFERENCE = (
    "Spiegelhalter, D. J., Sherlaw-Johnson, C., Bardsley, M., Blunt, I., Wood, C. & Grigg, O. "
    "(2012). Statistical methods for healthcare regulation: rating, screening and surveillance. "
    "Journal of the Royal Statistical Society A 175(1), 1-47."
)
WINSOR = 0.10              # winsorise the z-scores at their 10 % and 90 % points
DISPERSION_TEST_LEVEL = 0.95


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


def _theta(kind: str, national: float, per: float) -> float:
    if kind not in KINDS:
        raise ValueError(f"unknown funnel kind {kind!r}; expected one of {KINDS}")
    theta = float(national) / float(per)
    if kind == "binomial" and not 0.0 < theta < 1.0:
        raise ValueError(f"a binomial national value must lie strictly between 0 and {per}")
    if kind == "poisson" and not theta > 0.0:
        raise ValueError("a Poisson national rate must be positive")
    return theta


def _stabilised(kind: str, rate: np.ndarray) -> np.ndarray:
    """A rate (count / n) on the variance-stabilised scale, where its sampling standard
    error is 1 / (2 sqrt(n)) whatever theta is."""
    if kind == "binomial":
        return np.arcsin(np.sqrt(np.clip(rate, 0.0, 1.0)))
    return np.sqrt(np.clip(rate, 0.0, None))


def _unstabilised(kind: str, y: np.ndarray) -> np.ndarray:
    if kind == "binomial":
        return np.sin(np.clip(y, 0.0, np.pi / 2)) ** 2
    return np.clip(y, 0.0, None) ** 2


def control_limits(kind: str, national: float, per: float, denominators: Sequence[Any],
                   levels: Sequence[float] = LEVELS, tau2: float = 0.0) -> tuple[Limits, ...]:
    """Lower and upper limits at each level for each denominator, on the rate's scale: exact
    sampling limits, or with `tau2` > 0 (see `dispersion`) the overdispersed limits."""
    from scipy.stats import norm

    n = np.asarray(denominators, dtype=float)
    if np.any(~np.isfinite(n)) or np.any(n <= 0):
        raise ValueError("denominators must be positive")
    theta = _theta(kind, national, per)
    n = np.round(n)        # a count of residents
    result = []
    for level in levels:
        tail = (1.0 - level) / 2.0
        if tau2 > 0.0:
            spread = norm.ppf(1.0 - tail) * np.sqrt(1.0 / (4.0 * n) + tau2)
            target = _stabilised(kind, np.array(theta))
            lower = _unstabilised(kind, target - spread)
            upper = _unstabilised(kind, target + spread)
        else:
            # the interpolation can step below 0 where the expected count is about 1
            lower = np.maximum(_quantile_limit(kind, tail, n, theta), 0.0)
            upper = _quantile_limit(kind, 1.0 - tail, n, theta)
        result.append(Limits(level, lower * per, upper * per))
    return tuple(result)


@dataclass(frozen=True)
class Dispersion:
    """Whether the municipalities vary more than sampling explains, and by how much.

    `phi`: the mean squared winsorised z-score (1 under sampling variation alone);
    `statistic` = municipalities * phi, compared with `critical` (the 95 % point of chi^2 with
    municipalities - 1 degrees of freedom); `tau2`: the between-municipality variance on the
    stabilised scale (0 when not overdispersed); `sampling_outside`: how many lie outside the
    95 % sampling limits, which the adjusted limits replace."""

    municipalities: int
    phi: float
    statistic: float
    critical: float
    tau2: float
    sampling_outside: int

    @property
    def overdispersed(self) -> bool:
        return self.tau2 > 0.0


NO_DISPERSION = Dispersion(0, float("nan"), float("nan"), float("nan"), 0.0, 0)


def dispersion(kind: str, values: Sequence[Any], denominators: Sequence[Any], national: float,
               per: float) -> Dispersion:
    """Test for overdispersion and estimate tau^2 (module docstring); municipalities without
    a value or denominator are left out."""
    from scipy.stats import chi2

    rates = np.asarray(values, dtype=float) / float(per)
    n = np.asarray(denominators, dtype=float)
    usable = np.isfinite(rates) & np.isfinite(n) & (n > 0)
    count = int(usable.sum())
    if count < 3:
        return NO_DISPERSION
    theta = _theta(kind, national, per)
    rates, n = rates[usable], np.round(n[usable])
    s = 1.0 / (2.0 * np.sqrt(n))
    z = (_stabilised(kind, rates) - _stabilised(kind, np.array(theta))) / s
    low, high = np.quantile(z, [WINSOR, 1.0 - WINSOR])
    phi = float(np.mean(np.clip(z, low, high) ** 2))
    statistic = count * phi
    critical = float(chi2.ppf(DISPERSION_TEST_LEVEL, count - 1))
    tau2 = 0.0
    if statistic > critical:
        weights = 1.0 / s**2
        tau2 = max(0.0, float((statistic - (count - 1))
                              / (weights.sum() - (weights**2).sum() / weights.sum())))
    inner = control_limits(kind, national, per, n, levels=(0.95,))[0]
    outside = int(np.sum((rates * per > inner.upper) | (rates * per < inner.lower)))
    return Dispersion(count, phi, statistic, critical, tau2, outside)


@dataclass(frozen=True)
class Position:
    """Where a municipality lies: "higher" / "lower" than the national value beyond the 95 %
    limits, or "similar"; `beyond_998` when it also lies beyond the 99.8 % limits."""

    status: str
    beyond_998: bool
    limits: tuple[Limits, ...]


def classify(kind: str, value: float, denominator: float, national: float, per: float,
             tau2: float = 0.0) -> Position:
    limits = control_limits(kind, national, per, [denominator], tau2=tau2)
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
                 per: float, tau2: float = 0.0) -> list[Position | None]:
    """`classify` for many municipalities at once; None where the value or the denominator
    is missing."""
    values = np.asarray(values, dtype=float)
    n = np.asarray(denominators, dtype=float)
    usable = np.isfinite(values) & np.isfinite(n) & (n > 0)
    result: list[Position | None] = [None] * len(values)
    if not usable.any():
        return result
    limits = control_limits(kind, national, per, n[usable], tau2=tau2)
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
