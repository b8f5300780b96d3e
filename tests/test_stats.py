"""atlas.stats.pairs against known values: perfect rank correlation, known OLS and weighted slopes,
missing values left out and named (never zero-filled), intervals that behave."""

from __future__ import annotations

import math

import numpy as np
import pytest

from atlas.stats.pairs import MIN_N, pair_statistics


def test_perfect_rank_correlation_that_is_not_linear():
    x = [1, 2, 3, 4, 5, 6, 7, 8]
    y = [v ** 3 for v in x]          # monotone, not a straight line
    result = pair_statistics(x, y)
    assert result.n == 8 and result.excluded == ()
    assert result.spearman.estimate == pytest.approx(1.0)
    assert result.spearman.interval.low == pytest.approx(1.0)
    assert 0.9 < result.pearson.estimate < 1.0
    assert result.clear_relation


def test_perfect_negative_rank_correlation():
    result = pair_statistics([1, 2, 3, 4, 5], [50, 40, 30, 20, 10])
    assert result.spearman.estimate == pytest.approx(-1.0)
    assert result.pearson.estimate == pytest.approx(-1.0)
    assert result.ols.slope == pytest.approx(-10.0)
    assert result.clear_relation


def test_known_ols_slope_intercept_and_r_squared():
    x = np.arange(10, dtype=float)
    y = 3.0 + 2.0 * x
    result = pair_statistics(x, y)
    assert result.ols.slope == pytest.approx(2.0)
    assert result.ols.intercept == pytest.approx(3.0)
    assert result.ols.r_squared == pytest.approx(1.0)
    assert result.ols.at(4.0) == pytest.approx(11.0)
    assert result.wls is None


def test_known_noisy_ols_slope():
    # y = 1 + 0.5 x + residuals that sum to zero and are orthogonal to x: slope stays 0.5
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    residuals = np.array([1.0, -2.0, 0.0, 2.0, -1.0])
    assert residuals.sum() == 0 and (residuals * (x - x.mean())).sum() == 0
    result = pair_statistics(x, 1 + 0.5 * x + residuals)
    assert result.ols.slope == pytest.approx(0.5)
    assert result.ols.intercept == pytest.approx(1.0)
    # R^2 = explained / total = (0.5^2 * 10) / (0.5^2 * 10 + 10)
    assert result.ols.r_squared == pytest.approx(2.5 / 12.5)
    assert result.ols.slope_interval.low < 0.5 < result.ols.slope_interval.high


def test_weighted_slope_equals_ols_on_rows_repeated_by_weight():
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    y = np.array([1.0, 1.5, 3.5, 3.0, 6.0, 5.5])
    weights = np.array([1, 3, 1, 2, 5, 1])
    result = pair_statistics(x, y, weights=weights)
    expected_slope, expected_intercept = np.polyfit(np.repeat(x, weights),
                                                    np.repeat(y, weights), 1)
    assert result.wls.weighted and not result.ols.weighted
    assert result.wls.slope == pytest.approx(expected_slope)
    assert result.wls.intercept == pytest.approx(expected_intercept)
    assert result.wls.slope != pytest.approx(result.ols.slope)


def test_weights_pull_the_line_to_the_big_units():
    # two exact lines: the heavy points lie on y = x, one light outlier on y = 10
    x = [0, 1, 2, 3, 4]
    y = [0, 1, 2, 3, 10]
    result = pair_statistics(x, y, weights=[1000, 1000, 1000, 1000, 0.001])
    assert result.wls.slope == pytest.approx(1.0, abs=1e-3)
    assert result.ols.slope == pytest.approx(2.2)


def test_missing_values_are_excluded_and_named_never_zero_filled():
    x = [1.0, 2.0, None, 4.0, 5.0, 6.0, float("nan"), 8.0]
    y = [2.0, 4.0, 6.0, None, 10.0, 12.0, 14.0, 16.0]
    labels = ["a", "b", "c", "d", "e", "f", "g", "h"]
    result = pair_statistics(x, y, weights=[1, 1, 1, 1, 1, None, 1, 1], labels=labels)
    assert result.n == 4
    assert [(e.label, e.missing) for e in result.excluded] == [
        ("c", ("x",)), ("d", ("y",)), ("f", ("weight",)), ("g", ("x",))]
    # on the complete pairs y = 2x exactly; zero-filling would break that
    assert result.ols.slope == pytest.approx(2.0)
    assert result.ols.intercept == pytest.approx(0.0, abs=1e-9)
    assert result.pearson.estimate == pytest.approx(1.0)


def test_unweighted_fit_keeps_pairs_whose_weight_is_missing():
    result = pair_statistics([1, 2, 3, 4, 5], [1, 2, 3, 4, 6])
    assert result.n == 5 and result.excluded == ()


def test_pearson_interval_matches_fisher_z():
    rng = np.random.default_rng(7)
    x = rng.normal(size=60)
    y = 0.4 * x + rng.normal(size=60)
    result = pair_statistics(x, y)
    r = result.pearson.estimate
    half = 1.959963984540054 / math.sqrt(60 - 3)
    assert result.pearson.interval.low == pytest.approx(math.tanh(math.atanh(r) - half))
    assert result.pearson.interval.high == pytest.approx(math.tanh(math.atanh(r) + half))
    # Spearman's interval uses the larger Bonett-Wright variance: wider than Fisher's 1/(n-3)
    rho = result.spearman.estimate
    s = result.spearman.interval
    assert s.low < rho < s.high
    assert s.high - s.low > math.tanh(math.atanh(rho) + half) - math.tanh(math.atanh(rho) - half)


def test_no_relation_spans_zero():
    x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    y = [5, 1, 4, 9, 2, 8, 3, 7, 6, 5]
    result = pair_statistics(x, y)
    assert result.pearson.interval.spans_zero
    assert not result.clear_relation


def test_too_few_and_constant():
    assert pair_statistics([1, 2, 3], [3, 1, 2]).problem == "too_few"
    few = pair_statistics([1, 2, 3, None, 5], [1, None, 3, 4, 5])
    assert few.problem == "too_few" and few.n == MIN_N - 1 and few.pearson is None
    constant = pair_statistics([1, 2, 3, 4, 5], [7, 7, 7, 7, 7])
    assert constant.problem == "constant" and constant.ols is None
    assert not constant.clear_relation


def test_lengths_must_match():
    with pytest.raises(ValueError):
        pair_statistics([1, 2], [1, 2, 3])
