"""Two indicators side by side per municipality (the inverse-care page's need x access pair and
the commission's chart)."""

from __future__ import annotations

import pandas as pd

from atlas.db import database, per_build


@per_build
def pair_values(first: str, first_period: str, second: str, second_period: str) -> pd.DataFrame:
    """All 98 municipalities by code: name, region, kommunegruppe, population and the two
    indicators' values (`first_value`, `second_value`; NaN = no data, never 0).

    A shared frame (cached per build): do not modify."""
    return database().df("queries/pair_values", {
        "first": first, "first_period": first_period,
        "second": second, "second_period": second_period,
    })
