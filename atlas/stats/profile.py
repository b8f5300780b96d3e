"""Ranking, percentiles, "better or worse", similarity and the strongest/weakest summary.

Pure functions of numbers: no database, no language, no Streamlit. The profile, comparison and
table views (atlas/views/) turn their results into text. `direction` is a registry direction:
higher_better | higher_worse | neutral (neutral is ordered highest first and never called
better or worse).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

# A group average resting on fewer municipalities, or on a smaller share of the group's
# residents, is not shown as a figure ("too few municipalities with data").
MIN_GROUP_MUNICIPALITIES = 3
MIN_GROUP_POPULATION_SHARE = 0.75
SIMILAR_COUNT = 10
# Two municipalities are compared only on context indicators both have; at least this share of
# the context indicators must be shared.
MIN_SHARED_SHARE = 0.5


def present(value: Any) -> bool:
    """True for a finite number (None, NaN and pandas NA are "no data")."""
    if value is None:
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def oriented(value: float, direction: str) -> float:
    """`value` turned so that larger is better (neutral: larger is higher)."""
    return -float(value) if direction == "higher_worse" else float(value)


def rank_values(values: Mapping[int, Any], direction: str) -> dict[int, int | None]:
    """Rank 1..n (1 = best; neutral: 1 = highest); ties share the better rank, missing values
    get None. The same rule as the build's `ranks` model (sql/models/ranks.sql)."""
    scores = {code: oriented(v, direction) for code, v in values.items() if present(v)}
    ranks: dict[int, int | None] = {code: None for code in values}
    for code, score in scores.items():
        ranks[code] = 1 + sum(1 for other in scores.values() if other > score)
    return ranks


def percentile(code: int, values: Mapping[int, Any], direction: str) -> float | None:
    """Share (0-100) of the *other* municipalities with data that `code` is better than (neutral:
    higher than); a tie counts half. None when `code` or every other has no data."""
    if not present(values.get(code)):
        return None
    own = oriented(values[code], direction)
    others = [oriented(v, direction) for c, v in values.items() if c != code and present(v)]
    if not others:
        return None
    below = sum(1 for other in others if other < own)
    ties = sum(1 for other in others if other == own)
    return 100.0 * (below + 0.5 * ties) / len(others)


def group_value_usable(n_municipalities: Any, population_share: Any) -> bool:
    """Whether a group average rests on enough municipalities and residents to be shown."""
    if not present(n_municipalities) or int(n_municipalities) < MIN_GROUP_MUNICIPALITIES:
        return False
    return present(population_share) and float(population_share) >= MIN_GROUP_POPULATION_SHARE


def compare_to(value: Any, reference: Any, direction: str) -> str:
    """"better" | "worse" | "same" than `reference`; "neutral" for a neutral indicator;
    "none" when either value is missing."""
    if not (present(value) and present(reference)):
        return "none"
    if direction == "neutral":
        return "neutral"
    difference = oriented(value, direction) - oriented(reference, direction)
    if difference > 0:
        return "better"
    if difference < 0:
        return "worse"
    return "same"


def best_codes(values: Mapping[int, Any], direction: str) -> frozenset[int]:
    """The municipalities holding the best value of a row (several on a tie); none for a
    neutral indicator, fewer than two values, or when all values are equal."""
    scores = {code: oriented(v, direction) for code, v in values.items() if present(v)}
    if direction == "neutral" or len(scores) < 2 or len(set(scores.values())) == 1:
        return frozenset()
    best = max(scores.values())
    return frozenset(code for code, score in scores.items() if score == best)


# --- similarity ---------------------------------------------------------------------------------
def standardise(frame: pd.DataFrame) -> pd.DataFrame:
    """Each column as z-scores over the rows with data (mean 0, population standard deviation
    1); a column without spread is dropped (it cannot tell municipalities apart)."""
    numbers = frame.astype(float)
    spread = numbers.std(ddof=0)
    keep = spread[spread > 0].index
    return (numbers[keep] - numbers[keep].mean()) / spread[keep]


def similar(frame: pd.DataFrame, code: int, n: int = SIMILAR_COUNT,
            min_shared_share: float = MIN_SHARED_SHARE) -> list[tuple[int, float]]:
    """The `n` rows (municipality codes) nearest to `code`: root-mean-square difference of the
    standardised columns both have (so a missing value neither helps nor hurts), closest
    first, ties by code. Rows sharing fewer than `min_shared_share` of the columns are left
    out. `frame`: index = codes, one column per (context) indicator, NaN = no data."""
    z = standardise(frame)
    if code not in z.index or z.shape[1] == 0:
        return []
    target = z.loc[code]
    needed = max(1, math.ceil(min_shared_share * z.shape[1]))
    squared = (z.drop(index=code) - target) ** 2
    shared = squared.notna().sum(axis=1)
    distance = np.sqrt(squared.sum(axis=1, min_count=1) / shared.where(shared > 0))
    distance = distance[shared >= needed].dropna()
    ordered = sorted(distance.items(), key=lambda item: (item[1], item[0]))
    return [(int(other), float(value)) for other, value in ordered[:n]]


# --- the strongest / weakest summary ------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """One indicator of a municipality against a reference (its kommunegruppe's value)."""

    indicator_id: str
    value: Any
    reference: Any          # None/NaN when the group value is missing or rests on too few
    spread: Any             # standard deviation over the municipalities (the yardstick)
    direction: str


@dataclass(frozen=True)
class Scored:
    indicator_id: str
    value: float
    reference: float
    score: float            # (value - reference) / spread, turned so that > 0 is better


@dataclass(frozen=True)
class Summary:
    strongest: tuple[Scored, ...]   # better than the reference, most so first
    weakest: tuple[Scored, ...]     # worse than the reference, most so first
    missing: tuple[str, ...]        # no value, no usable reference or no spread
    neutral: tuple[str, ...]        # neutral indicators: neither strong nor weak


def summarise(comparisons: Iterable[Comparison], n: int = 3) -> Summary:
    """The `n` indicators on which a municipality is most clearly better (strongest) and worse
    (weakest) than its reference, measured in standard deviations across municipalities so
    that units do not matter. An indicator is strongest only when it is strictly better than
    the reference, weakest only when strictly worse; missing values are listed, never
    guessed."""
    scored: list[Scored] = []
    missing: list[str] = []
    neutral: list[str] = []
    for item in comparisons:
        if item.direction == "neutral":
            neutral.append(item.indicator_id)
            continue
        if not (present(item.value) and present(item.reference) and present(item.spread)
                and float(item.spread) > 0):
            missing.append(item.indicator_id)
            continue
        score = (oriented(item.value, item.direction)
                 - oriented(item.reference, item.direction)) / float(item.spread)
        scored.append(Scored(item.indicator_id, float(item.value), float(item.reference), score))
    strongest = sorted((s for s in scored if s.score > 0), key=lambda s: -s.score)[:n]
    weakest = sorted((s for s in scored if s.score < 0), key=lambda s: s.score)[:n]
    return Summary(tuple(strongest), tuple(weakest), tuple(missing), tuple(neutral))


def spread(values: Sequence[Any]) -> float | None:
    """Population standard deviation of the values with data (None for fewer than two)."""
    numbers = [float(v) for v in values if present(v)]
    if len(numbers) < 2:
        return None
    return float(np.std(numbers))
