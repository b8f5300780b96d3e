"""The scenario's model: the stored access inputs (population points, candidate sites, today's
distance matrix and access), once per build."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from atlas.db import per_build
from atlas.geo.hospital_distance import (
    Access,
    PopulationPoints,
    Sites,
    access,
    distance_matrix,
)
from atlas.query import access as access_queries

THRESHOLD_KM = 30.0


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    town: str
    kind: str              # "akutmodtagelse" | "akutklinik" | "added"
    lat: float
    lon: float
    confidence: str        # high | medium | low | user
    baseline: bool
    region: str = ""

    @property
    def short_name(self) -> str:
        """The name before any bracket or " - " part ("Rigshospitalet")."""
        return re.split(r"\s+\(|\s+-\s+", self.name, maxsplit=1)[0]


@dataclass(frozen=True)
class Town:
    """A named population point: where a new site can be placed from the list."""

    name: str
    code: int
    municipality: str
    lat: float
    lon: float
    weight: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.municipality})"


@dataclass(frozen=True)
class ScenarioModel:
    points: PopulationPoints
    sites: tuple[Site, ...]           # candidate sites, in the distance matrix's column order
    site_index: Mapping[str, int]
    candidates: Sites
    distances: np.ndarray             # points x candidate sites, km
    baseline: np.ndarray              # mask: today's 24/7 acute receptions
    today: Access
    municipalities: pd.DataFrame      # by code, in points.codes order
    towns: tuple[Town, ...]           # by name

    @property
    def baseline_ids(self) -> tuple[str, ...]:
        return tuple(site.id for site in self.sites if site.baseline)

    @property
    def clinic_ids(self) -> tuple[str, ...]:
        return tuple(site.id for site in self.sites if site.kind == "akutklinik")

    def site(self, site_id: str) -> Site:
        return self.sites[self.site_index[site_id]]


@per_build
def scenario_model() -> ScenarioModel:
    """The stored access inputs, today's distance matrix and today's access (per build)."""
    points = PopulationPoints.from_frame(access_queries.access_points())
    table = access_queries.access_sites()
    sites = tuple(Site(id=str(r.site_id), name=str(r.name), town=str(r.town), kind=str(r.kind),
                       lat=float(r.lat), lon=float(r.lon), confidence=str(r.coord_confidence),
                       baseline=bool(r.baseline), region=str(r.region))
                  for r in table.itertuples())
    candidates = Sites(tuple(s.name for s in sites), np.array([s.lat for s in sites]),
                       np.array([s.lon for s in sites]))
    distances = distance_matrix(points, candidates)
    baseline = np.array([s.baseline for s in sites], dtype=bool)
    munis = access_queries.access_municipalities().set_index("kommune_kode").loc[points.codes]
    names = munis["name"].to_dict()
    towns: dict[str, Town] = {}
    is_town = points.kind == "town"
    for i in np.flatnonzero(is_town):
        code = int(points.codes[points.municipality[i]])
        town = Town(str(points.name[i]), code, str(names[code]), float(points.lat[i]),
                    float(points.lon[i]), float(points.weight[i]))
        if town.label not in towns or towns[town.label].weight < town.weight:
            towns[town.label] = town
    return ScenarioModel(
        points=points, sites=sites, site_index={s.id: i for i, s in enumerate(sites)},
        candidates=candidates, distances=distances, baseline=baseline,
        today=access(points, candidates, baseline, threshold_km=THRESHOLD_KM,
                     distances=distances),
        municipalities=munis,
        towns=tuple(sorted(towns.values(), key=lambda t: (t.name.casefold(), t.municipality))),
    )
