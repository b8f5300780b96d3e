"""Numbers from loosely typed values, the common ground of the statistics and the views."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np


def as_float_array(values: Sequence[Any]) -> np.ndarray:
    """Floats for `values`; None, text and non-finite values become NaN (no data)."""
    out = np.empty(len(values), dtype=float)
    for i, value in enumerate(values):
        try:
            out[i] = np.nan if value is None else float(value)
        except (TypeError, ValueError):
            out[i] = np.nan
    out[~np.isfinite(out)] = np.nan
    return out
