"""Classification of indicator values into 3–7 colour classes.

Methods:
  quantiles  (default) about the same number of municipalities per class; breaks are actual data
             values (inverted CDF), so equal values never straddle a break
  jenks      natural breaks: Fisher–Jenks optimal breaks, exactly as mapclassify.FisherJenks
             (deterministic, unlike the k-means based mapclassify.NaturalBreaks)
  equal      equal intervals between the smallest and the largest value (same bins as
             mapclassify.EqualInterval, computed directly)

Importing mapclassify pulls in scikit-learn and scipy: about 4.5 s on the 2-core machine, paid
by the first map (or the first natural-breaks map) of every server process, and competing for
the CPU with the session while it runs. So the classifiers here need numpy alone; the Fisher–
Jenks routine is mapclassify's own, and the tests check every method against mapclassify.

Rules:
  - missing values (None/NaN) are never classified: their class is -1;
  - a class holds the values v with lower < v <= upper (the first class also holds its lower
    bound, the minimum), so ties always share a class;
  - quantiles and natural breaks never produce an empty class: when the data has fewer distinct
    values than requested classes, there are fewer classes (`Classification.reduced`);
    equal intervals keep empty classes (they are informative), except when all values are equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from atlas.stats.arrays import as_float_array

METHODS = ("quantiles", "jenks", "equal")
DEFAULT_METHOD = "quantiles"
MIN_CLASSES, MAX_CLASSES, DEFAULT_CLASSES = 3, 7, 5


@dataclass(frozen=True)
class Classification:
    method: str
    requested_k: int
    lower: tuple[float, ...]      # lower bound of each class (exclusive except for class 0)
    upper: tuple[float, ...]      # upper bound of each class (inclusive)
    classes: tuple[int, ...]      # class index per input value; -1 = no data
    counts: tuple[int, ...]       # municipalities per class
    no_data: int                  # values without data (never in a class)
    # the smallest and largest value in each class (None for an empty class): what the legend
    # prints, so two classes never show the same bound
    minimum: tuple[float | None, ...] = ()
    maximum: tuple[float | None, ...] = ()
    largest_tie: tuple[float, int] | None = None   # (value, count) of the most shared value
    n_distinct: int = 0                            # distinct values among the data

    @property
    def k(self) -> int:
        return len(self.upper)

    @property
    def reduced(self) -> bool:
        return self.k < self.requested_k and self.k > 0


def _quantile_breaks(data: np.ndarray, k: int) -> np.ndarray:
    probabilities = np.arange(1, k + 1) / k
    return np.unique(np.quantile(data, probabilities, method="inverted_cdf"))


def _fisher_jenks_means(values: np.ndarray, classes: int) -> np.ndarray:
    """Fisher–Jenks optimal breaks: mapclassify's `_fisher_jenks_means` (BSD-3-Clause, PySAL
    developers), kept line for line, float32 arithmetic and tie rule included, so the breaks are
    exactly mapclassify.FisherJenks's (tests/test_maps_classify.py checks this against
    mapclassify itself). `values` must be sorted ascending."""
    n_data = len(values)
    mat1 = np.zeros((n_data + 1, classes + 1), dtype=np.int32)
    mat2 = np.zeros((n_data + 1, classes + 1), dtype=np.float32)
    mat1[1, 1:] = 1
    mat2[2:, 1:] = np.inf
    v = np.float32(0)
    for _l in range(2, n_data + 1):
        s1 = np.float32(0)
        s2 = np.float32(0)
        w = np.float32(0)
        for m in range(1, _l + 1):
            i3 = _l - m + 1
            val = np.float32(values[i3 - 1])
            s2 += val * val
            s1 += val
            w += np.float32(1)
            v = s2 - (s1 * s1) / w
            i4 = i3 - 1
            if i4 != 0:
                for j in range(2, classes + 1):
                    if mat2[_l, j] >= (v + mat2[i4, j - 1]):
                        mat1[_l, j] = i3
                        mat2[_l, j] = v + mat2[i4, j - 1]
        mat1[_l, 1] = 1
        mat2[_l, 1] = v
    k = n_data
    kclass = np.zeros(classes + 1, dtype=values.dtype)
    kclass[classes] = values[n_data - 1]
    kclass[0] = values[0]
    for count_num in range(classes, 1, -1):
        pivot = mat1[k, count_num]
        kclass[count_num - 1] = values[int(pivot - 2)]
        k = int(pivot - 1)
    return np.delete(kclass, 0)


def _jenks_breaks(data: np.ndarray, k: int) -> np.ndarray:
    distinct = np.unique(data)
    k = min(k, len(distinct))
    if k <= 1:
        return distinct[-1:]
    bins = _fisher_jenks_means(np.sort(data).astype("f8"), classes=k)
    return np.unique(np.asarray(bins, dtype=float))


def _equal_breaks(data: np.ndarray, k: int) -> np.ndarray:
    """Equal intervals as in mapclassify.EqualInterval: min + i * (max - min) / k."""
    low, high = float(np.min(data)), float(np.max(data))
    if low == high:
        return np.array([high])
    width = (high - low) / k
    bins = low + width * np.arange(1, k + 1)
    bins[-1] = high  # exactly the maximum, not a float sum that may fall short of it
    return bins


def classify(values: Sequence[Any], method: str = DEFAULT_METHOD,
             k: int = DEFAULT_CLASSES) -> Classification:
    """Classify `values` (one per municipality, None/NaN for no data) into k classes."""
    if method not in METHODS:
        raise ValueError(f"unknown classification {method!r}; expected one of {METHODS}")
    if not MIN_CLASSES <= int(k) <= MAX_CLASSES:
        raise ValueError(f"number of classes must be {MIN_CLASSES}–{MAX_CLASSES}, got {k}")
    k = int(k)
    array = as_float_array(values)
    present = ~np.isnan(array)
    data = array[present]
    no_data = int((~present).sum())
    if data.size == 0:
        return Classification(method, k, (), (), tuple([-1] * len(array)), (), no_data)

    if method == "quantiles":
        upper = _quantile_breaks(data, k)
    elif method == "jenks":
        upper = _jenks_breaks(data, k)
    else:
        upper = _equal_breaks(data, k)

    upper = np.asarray(upper, dtype=float)
    upper[-1] = max(upper[-1], float(np.max(data)))
    classes = np.full(len(array), -1, dtype=int)
    classes[present] = np.searchsorted(upper, data, side="left")
    counts = np.bincount(classes[present], minlength=len(upper))

    if method != "equal" and (counts == 0).any():  # defensive: drop empty classes
        keep = counts > 0
        upper = upper[keep]
        classes[present] = np.searchsorted(upper, data, side="left")
        counts = np.bincount(classes[present], minlength=len(upper))

    lower = np.concatenate(([float(np.min(data))], upper[:-1]))
    in_class = [data[classes[present] == i] for i in range(len(upper))]
    distinct, tie_counts = np.unique(data, return_counts=True)
    most = int(np.argmax(tie_counts))
    return Classification(
        method=method,
        requested_k=k,
        lower=tuple(float(x) for x in lower),
        upper=tuple(float(x) for x in upper),
        classes=tuple(int(c) for c in classes),
        counts=tuple(int(c) for c in counts),
        no_data=no_data,
        minimum=tuple(float(v.min()) if v.size else None for v in in_class),
        maximum=tuple(float(v.max()) if v.size else None for v in in_class),
        largest_tie=(float(distinct[most]), int(tie_counts[most])) if tie_counts[most] > 1
        else None,
        n_distinct=int(distinct.size),
    )
