"""Numbers from loosely typed values, the common ground of the statistics and the views."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

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


def oriented_pair(records: Iterable[Mapping[str, Any]], codes: Sequence[int], first_sign: int,
                  second_sign: int) -> tuple[list[float], list[float]]:
    """A pair's values (rows of sql/queries/pair_values: kommune_kode, first_value,
    second_value) aligned with `codes` and multiplied by each side's sign (+1 or -1, the
    registry's need_sign/access_sign); NaN = no data (no row, or a missing value). The views
    and the build's stored pair statistics orient the same way through this."""
    by_code = {int(record["kommune_kode"]): record for record in records}

    def column(name: str, sign: int) -> list[float]:
        values = as_float_array([by_code[code][name] if code in by_code else None
                                 for code in codes])
        return (sign * values).tolist()

    return column("first_value", first_sign), column("second_value", second_sign)

