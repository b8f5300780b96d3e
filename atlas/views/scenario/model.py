"""The scenario's model: the stored access inputs once per build, a scenario computed from a
URL state, and its results per municipality and for the whole country."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

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

if TYPE_CHECKING:
    from atlas.views.scenario.state import ScenarioState

THRESHOLD_KM = 30.0
UNCHANGED_KM = 0.05         # |change| below this reads as 0,0 km: "unchanged"


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


# --- the computation ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    """A computed scenario: the sites in play and access today and under the scenario."""

    sites: tuple[Site, ...]        # candidates + added, in mask order
    active: np.ndarray             # mask over `sites`
    today: Access
    result: Access

    @property
    def active_sites(self) -> tuple[Site, ...]:
        return tuple(site for site, on in zip(self.sites, self.active) if on)


def compute(state: ScenarioState, model: ScenarioModel) -> Scenario:
    """Recompute access for all municipalities under `state`. Raises NoActiveSite when every
    site is closed."""
    active = model.baseline.copy()
    active[[model.site_index[i] for i in state.off]] = False
    active[[model.site_index[i] for i in state.on]] = True
    sites = model.sites
    candidates, distances = model.candidates, model.distances
    if state.add:
        extra = tuple(Site(id=f"new-{n}", name=s.name, town=s.name, kind="added", lat=s.lat,
                           lon=s.lon, confidence="user", baseline=False)
                      for n, s in enumerate(state.add, 1))
        extra_sites = Sites(tuple(s.name for s in extra), np.array([s.lat for s in extra]),
                            np.array([s.lon for s in extra]))
        sites = sites + extra
        candidates = candidates.plus(extra_sites)
        distances = np.concatenate([distances, distance_matrix(model.points, extra_sites)],
                                   axis=1)
        active = np.concatenate([active, np.ones(len(extra), dtype=bool)])
    result = access(model.points, candidates, active, threshold_km=THRESHOLD_KM,
                    distances=distances)
    return Scenario(sites=sites, active=active, today=model.today, result=result)


# --- results ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Totals:
    mean_today: float
    mean_scenario: float
    over_today: float              # % of residents beyond 30 km
    over_scenario: float
    pushed_out: float              # residents newly beyond 30 km
    brought_in: float              # residents newly within 30 km
    affected: float                # residents whose distance changes
    municipalities_affected: int

    @property
    def mean_change(self) -> float:
        return self.mean_scenario - self.mean_today


def municipality_results(scenario: Scenario, model: ScenarioModel) -> pd.DataFrame:
    """One row per municipality (by code): distances, shares over 30 km, residents affected
    and crossing the 30 km line, nearest site (cluster) today and in the scenario."""
    points, today, new = model.points, scenario.today, scenario.result
    mi, w, n_m = points.municipality, points.weight, len(points.codes)
    moved = np.abs(new.point_km - today.point_km) > 1e-9
    over_before = today.point_km > THRESHOLD_KM
    over_after = new.point_km > THRESHOLD_KM
    munis = model.municipalities
    frame = pd.DataFrame({
        "kommune_kode": points.codes.astype(int),
        "name": munis["name"].to_numpy(),
        "population": today.weight,
        "is_island": munis["is_island"].fillna(False).to_numpy(bool),
        "island_note_da": munis["island_note_da"].to_numpy(),
        "island_note_en": munis["island_note_en"].to_numpy(),
        "km_today": today.distance_km,
        "km_scenario": new.distance_km,
        "over_today": today.over_share,
        "over_scenario": new.over_share,
        "affected": np.bincount(mi, weights=w * moved, minlength=n_m),
        "pushed_out": np.bincount(mi, weights=w * (over_after & ~over_before), minlength=n_m),
        "brought_in": np.bincount(mi, weights=w * (over_before & ~over_after), minlength=n_m),
        "site_today": today.main_site,
        "site_scenario": new.main_site,
    })
    frame["change_km"] = frame["km_scenario"] - frame["km_today"]
    return frame


def totals(scenario: Scenario, model: ScenarioModel, frame: pd.DataFrame) -> Totals:
    w = model.points.weight
    total = float(w.sum())
    before, after = scenario.today.point_km, scenario.result.point_km
    return Totals(
        mean_today=float((w * before).sum() / total),
        mean_scenario=float((w * after).sum() / total),
        over_today=float((w * (before > THRESHOLD_KM)).sum() / total * 100.0),
        over_scenario=float((w * (after > THRESHOLD_KM)).sum() / total * 100.0),
        pushed_out=float(frame["pushed_out"].sum()),
        brought_in=float(frame["brought_in"].sum()),
        affected=float(frame["affected"].sum()),
        municipalities_affected=int((frame["affected"] > 0).sum()),
    )
