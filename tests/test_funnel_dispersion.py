"""The funnel plots' overdispersion adjustment (atlas/stats/funnel.py `dispersion`,
Spiegelhalter et al. 2012, section 3.5): sampling-only data keep the exact limits, data whose
municipalities differ by more than chance get limits widened by the estimated tau, and the real
register rates no longer mark almost every municipality."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas.stats import funnel
from tests.conftest import examples

# municipality sizes like Denmark's: about 2,000 (Læsø) to 650,000 (Copenhagen)
SIZES = np.round(np.geomspace(1_800, 650_000, 98))


def binomial_sample(seed: int, theta: float, spread: float) -> np.ndarray:
    """Shares per 100: each municipality's true share drawn around theta with `spread` on the
    arcsine-square-root scale (0: sampling variation only), then its count drawn binomially."""
    rng = np.random.default_rng(seed)
    centre = np.arcsin(np.sqrt(theta))
    true = np.sin(np.clip(centre + rng.normal(0.0, spread, SIZES.size), 0, np.pi / 2)) ** 2
    return rng.binomial(SIZES.astype(int), true) / SIZES * 100


def marked(kind: str, values, national: float, per: float, tau2: float) -> int:
    positions = funnel.classify_all(kind, values, SIZES, national, per, tau2=tau2)
    return sum(p is not None and p.status != "similar" for p in positions)


def test_sampling_variation_alone_keeps_the_exact_limits():
    values = binomial_sample(seed=7, theta=0.3, spread=0.0)
    spread = funnel.dispersion("binomial", values, SIZES, 30.0, 100)
    assert spread.municipalities == 98
    # winsorising the z-scores at 10 % and 90 % shrinks their mean square below 1 (about 0.66
    # for normal z), so the test leans conservative, as in Spiegelhalter et al. 2012
    assert 0.4 < spread.phi < 1.2
    assert spread.statistic < spread.critical and not spread.overdispersed
    assert spread.tau2 == 0.0
    exact = funnel.control_limits("binomial", 30.0, 100, SIZES)
    same = funnel.control_limits("binomial", 30.0, 100, SIZES, tau2=spread.tau2)
    for a, b in zip(exact, same):
        np.testing.assert_array_equal(a.lower, b.lower)
        np.testing.assert_array_equal(a.upper, b.upper)
    assert marked("binomial", values, 30.0, 100, spread.tau2) <= 10


def test_overdispersed_shares_widen_the_limits_by_the_estimated_tau():
    values = binomial_sample(seed=11, theta=0.3, spread=0.03)
    spread = funnel.dispersion("binomial", values, SIZES, 30.0, 100)
    assert spread.overdispersed and spread.statistic > spread.critical
    assert spread.phi > 10
    # the winsorised estimate runs low (the largest municipalities' z-scores, which weigh most,
    # are the ones clipped), as in the method's published form: tau is underestimated, never
    # zero, and the limits are widened by it
    assert 0.3 * 0.03 < np.sqrt(spread.tau2) < 1.2 * 0.03
    # with sampling limits most municipalities are "different"; with the adjusted ones far fewer
    assert spread.sampling_outside >= 60
    assert marked("binomial", values, 30.0, 100, 0.0) >= 60
    assert marked("binomial", values, 30.0, 100, spread.tau2) <= 30


def test_overdispersed_poisson_rates():
    rng = np.random.default_rng(3)
    true = (np.sqrt(0.025) + rng.normal(0.0, 0.02, SIZES.size)) ** 2
    values = rng.poisson(SIZES * true) / SIZES * 1000
    spread = funnel.dispersion("poisson", values, SIZES, 25.0, 1000)
    assert spread.overdispersed
    assert 0.3 * 0.02 < np.sqrt(spread.tau2) < 1.2 * 0.02
    assert marked("poisson", values, 25.0, 1000, spread.tau2) <= 30 < spread.sampling_outside


def test_missing_values_are_left_out_and_too_few_give_no_adjustment():
    values = binomial_sample(seed=5, theta=0.3, spread=0.03)
    values[:10] = np.nan
    assert funnel.dispersion("binomial", values, SIZES, 30.0, 100).municipalities == 88
    few = funnel.dispersion("binomial", [30.0, np.nan], [1000, 2000], 30.0, 100)
    assert few is funnel.NO_DISPERSION and not few.overdispersed


@settings(max_examples=examples(200), deadline=None)
@given(n=st.floats(1_000, 2_000_000), tau=st.floats(0.0, 0.3),
       theta=st.floats(0.001, 0.999), kind=st.sampled_from(funnel.KINDS))
def test_adjusted_limits_stay_on_the_scale_and_widen_with_tau(n, tau, theta, kind):
    """For municipalities' sizes (a few thousand residents and up). Any tau > 0 uses the
    normal approximation on the stabilised scale, so widening is checked between two taus."""
    per = 100.0 if kind == "binomial" else 1000.0
    national = theta * per
    plain = funnel.control_limits(kind, national, per, [n], tau2=tau**2)
    wider = funnel.control_limits(kind, national, per, [n], tau2=(tau + 0.01) ** 2)
    if tau**2 == 0.0:
        plain = funnel.control_limits(kind, national, per, [n], tau2=1e-12)
    for limits, wide in zip(plain, wider):
        low, high = limits.lower[0], limits.upper[0]
        assert 0.0 <= low <= national <= high
        if kind == "binomial":
            assert high <= per
        assert wide.lower[0] <= low + 1e-12 and wide.upper[0] >= high - 1e-12
    inner, outer = plain
    assert outer.lower[0] <= inner.lower[0] and outer.upper[0] >= inner.upper[0]


def test_large_municipalities_keep_a_floor_of_municipal_variation():
    """Exact limits shrink to the national value as n grows; overdispersed ones keep about
    z * tau on the stabilised scale, however large the municipality."""
    tau2 = 0.02**2
    exact = funnel.control_limits("binomial", 30.0, 100, [10**7])[0]
    adjusted = funnel.control_limits("binomial", 30.0, 100, [10**7], tau2=tau2)[0]
    assert exact.upper[0] - 30 < 0.1
    centre = np.arcsin(np.sqrt(0.3))
    expected = np.sin(centre + 1.959964 * np.sqrt(1 / (4 * 10**7) + tau2)) ** 2 * 100
    assert adjusted.upper[0] == pytest.approx(expected, rel=1e-6)


def test_real_register_rates_mark_the_unusual_not_almost_all(atlas_db):
    """Before the adjustment 85-90 of the 98 municipalities were marked for each rate."""
    from atlas.query.core import catalogue
    from atlas.views import funnel as funnel_views

    held = catalogue()
    with_funnel = [i for i in held.indicators.values() if funnel_views.eligible(i)]
    assert len(with_funnel) == 3
    for indicator in with_funnel:
        data = funnel_views.funnel_data(indicator.id, held.latest[indicator.id])
        assert data is not None, indicator.id
        assert data.dispersion.overdispersed
        assert data.dispersion.sampling_outside >= 60
        flagged = sum(p is not None and p.status != "similar" for p in data.positions)
        assert 0 < flagged <= 30, (indicator.id, flagged)
