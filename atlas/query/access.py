"""The scenario page's data: the stored inputs of the hospital-distance computation (population
points, candidate sites), the municipalities with today's values, and the latest values of the
indicators shown beside a scenario's results.

Names are unique across atlas.query: `@per_build` caches by function name."""

from __future__ import annotations

import pandas as pd

from atlas.db import database, per_build


@per_build
def access_points() -> pd.DataFrame:
    """kommune_kode, kind, name, lat, lon, weight per point, in the build's order."""
    return database().df("queries/access_points")


@per_build
def access_sites() -> pd.DataFrame:
    """site_id, name, town, region, kind, lat, lon, coord_confidence, baseline per candidate
    site, in the build's column order."""
    return database().df("queries/access_sites")


@per_build
def access_municipalities() -> pd.DataFrame:
    """The 98 municipalities by code, with population, island notes and today's access."""
    return database().df("queries/access_municipalities")

