"""Queries of the profile, comparison and table pages: one municipality's values over all
indicators and periods, every municipality's latest values for chosen indicators, and the
reference values (national, region, kommunegruppe) of every indicator and period."""

from __future__ import annotations

import pandas as pd

from atlas.db import database, per_build


@per_build
def latest_values(indicator_ids: tuple[str, ...]) -> pd.DataFrame:
    """Long frame: indicator_id, period (the indicator's latest), kommune_kode, value (NaN = no
    data), rank, n_ranked; all 98 municipalities for each chosen indicator that has data."""
    return database().df("queries/latest_values", {"indicators": list(indicator_ids)})


@per_build
def municipality_values(code: int) -> pd.DataFrame:
    """indicator_id, period, end_year, is_latest, value, rank, n_ranked of one municipality."""
    return database().df("queries/municipality_values", {"kommune": int(code)})


@per_build
def reference_values() -> pd.DataFrame:
    """Every reference value: indicator_id, period, end_year, is_latest, group_type
    (national | region | kommunegruppe), group_code, group_name, value, method,
    n_municipalities, population_share."""
    return database().df("queries/reference_values_all")
