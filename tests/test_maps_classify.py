"""Classification: quantiles, natural breaks (Fisher–Jenks), equal intervals; NaN never
classified; ties never split; fewer distinct values than classes; parity with mapclassify."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from atlas.views.classify import (
    METHODS,
    classify,
)

VALUES = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]


def _members(result, values):
    groups: dict[int, list[float]] = {}
    for value, cls in zip(values, result.classes):
        groups.setdefault(cls, []).append(value)
    return groups


@pytest.mark.parametrize("method", METHODS)
def test_every_value_lies_within_its_class_bounds(method):
    rng = np.random.default_rng(7)
    values = list(np.round(rng.gamma(2.0, 3.0, size=98), 1))
    result = classify(values, method, 5)
    for value, cls in zip(values, result.classes):
        low, high = result.lower[cls], result.upper[cls]
        assert (low < value <= high) or (cls == 0 and value == low)
    assert sum(result.counts) == 98
    assert result.lower[0] == min(values) and result.upper[-1] == max(values)
    assert list(result.upper) == sorted(result.upper)


@pytest.mark.parametrize("method", METHODS)
def test_missing_values_are_never_classified(method):
    values = [1.0, None, 3.0, float("nan"), 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, np.nan]
    result = classify(values, method, 3)
    assert result.no_data == 3
    assert [result.classes[i] for i in (1, 3, 10)] == [-1, -1, -1]
    assert all(c >= 0 for i, c in enumerate(result.classes) if i not in (1, 3, 10))
    assert sum(result.counts) == 8


@pytest.mark.parametrize("method", METHODS)
def test_all_missing_gives_no_classes(method):
    result = classify([None, float("nan")], method, 5)
    assert result.k == 0 and result.counts == () and result.no_data == 2
    assert result.classes == (-1, -1)


def test_quantiles_put_equal_numbers_in_each_class():
    result = classify(VALUES, "quantiles", 5)
    assert result.counts == (2, 2, 2, 2, 2)
    assert result.upper == (2.0, 4.0, 6.0, 8.0, 10.0)


def test_ties_share_a_class_and_reduce_quantile_classes():
    values = [1, 1, 1, 1, 2, 2, 3, 3, 3, 10, 10, 10]
    result = classify(values, "quantiles", 5)
    assert all(cls >= 0 for cls in _members(result, values))
    by_value: dict[float, set[int]] = {}
    for value, cls in zip(values, result.classes):
        by_value.setdefault(value, set()).add(cls)
    assert all(len(classes) == 1 for classes in by_value.values())
    assert 0 not in result.counts            # no empty class
    assert result.k == 4 and result.reduced  # only 4 distinct values


@pytest.mark.parametrize("method", ["quantiles", "jenks"])
def test_fewer_distinct_values_than_classes(method):
    result = classify([5.0, 5.0, 7.0, 7.0, 7.0], method, 5)
    assert result.k == 2 and result.reduced
    assert result.counts == (2, 3)


@pytest.mark.parametrize("method", METHODS)
def test_a_single_value_is_one_class(method):
    result = classify([4.2] * 6, method, 5)
    assert result.k == 1 and result.counts == (6,)


def test_equal_intervals_keep_empty_classes():
    result = classify([0.0, 1.0, 2.0, 10.0], "equal", 5)
    assert result.upper == (2.0, 4.0, 6.0, 8.0, 10.0)
    assert result.counts == (3, 0, 0, 0, 1)


def test_invalid_method_and_class_count_raise():
    with pytest.raises(ValueError):
        classify(VALUES, "kmeans", 5)
    for k in (2, 8):
        with pytest.raises(ValueError):
            classify(VALUES, "quantiles", k)


@pytest.mark.slow
def test_natural_breaks_and_equal_intervals_match_mapclassify():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import mapclassify
    rng = np.random.default_rng(2026)
    for trial in range(60):
        n = int(rng.integers(8, 120))
        values = np.round(rng.gamma(2.0, 4.0, size=n), int(rng.integers(0, 3)))
        for k in range(3, 8):
            if len(np.unique(values)) < k:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                jenks = np.unique(mapclassify.FisherJenks(values, k=k).bins)
                equal = mapclassify.EqualInterval(values, k=k).bins
            assert np.array_equal(classify(values, "jenks", k).upper, jenks), (trial, k)
            ours = classify(values, "equal", k).upper
            assert np.allclose(ours, equal, rtol=0, atol=1e-9), (trial, k)


def test_natural_breaks_find_obvious_groups():
    values = [1, 1.2, 1.1, 5, 5.2, 5.1, 9, 9.1, 9.3]
    result = classify(values, "jenks", 3)
    assert result.upper == (1.2, 5.2, 9.3)
    assert result.counts == (3, 3, 3)
