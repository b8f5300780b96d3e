"""A scenario computed from a URL state, and its results per municipality and for the whole
country: distances, shares beyond 30 km, residents affected and crossing the 30 km line, and each
municipality's cluster site."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from atlas.geo.hospital_distance import Access, Sites, access, distance_matrix
from atlas.views.scenario.model import THRESHOLD_KM, ScenarioModel, Site
from atlas.views.scenario.state import ScenarioState

UNCHANGED_KM = 0.05         # |change| below this reads as 0,0 km: "unchanged"


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
