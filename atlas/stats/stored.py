"""The statistics' results as JSON text and back, for the results the build computes once and
stores (the registered need x access pairs: `pair_statistics`, atlas/build/pair_statistics.py).

    text = dump(result)                    # a PairStatistics, AdjustedCorrelation or MoranResult
    load_pair_statistics(text), load_adjusted_correlation(text), load_moran(text)

Floats travel as Python's shortest round-trip text (NaN as `NaN`), so a loaded result equals
the computed one bit for bit. Only numpy: reading a stored result imports no statistics library.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from atlas.stats.pairs import Correlation, Excluded, Interval, LineFit, PairStatistics
from atlas.stats.spatial import AdjustedCorrelation, MoranResult


def dump(result: Any) -> str | None:
    """A result dataclass as JSON text; None stays None."""
    if result is None:
        return None
    return json.dumps(dataclasses.asdict(result), allow_nan=True, separators=(",", ":"))


def _interval(data: dict) -> Interval:
    return Interval(data["low"], data["high"])


def _correlation(data: dict | None) -> Correlation | None:
    if data is None:
        return None
    return Correlation(data["estimate"], _interval(data["interval"]), data["p_value"])


def _line_fit(data: dict | None) -> LineFit | None:
    if data is None:
        return None
    return LineFit(slope=data["slope"], intercept=data["intercept"],
                   slope_interval=_interval(data["slope_interval"]),
                   r_squared=data["r_squared"], weighted=data["weighted"])


def load_pair_statistics(text: str) -> PairStatistics:
    data = json.loads(text)
    return PairStatistics(
        n=data["n"],
        excluded=tuple(Excluded(item["label"], tuple(item["missing"]))
                       for item in data["excluded"]),
        pearson=_correlation(data["pearson"]), spearman=_correlation(data["spearman"]),
        ols=_line_fit(data["ols"]), wls=_line_fit(data["wls"]),
        problem=data["problem"], confidence=data["confidence"])


def load_adjusted_correlation(text: str | None) -> AdjustedCorrelation | None:
    if text is None:
        return None
    data = json.loads(text)
    return AdjustedCorrelation(**{**data, "naive": _interval(data["naive"]),
                                  "adjusted": _interval(data["adjusted"])})


def load_moran(text: str | None) -> MoranResult | None:
    return None if text is None else MoranResult(**json.loads(text))


__all__ = ["dump", "load_pair_statistics", "load_adjusted_correlation", "load_moran"]
