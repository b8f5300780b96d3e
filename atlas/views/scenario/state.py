"""The scenario page's URL state: the schema (off, on, add, map, lang), parsing with a notice
per unusable item, the permalink, and the sites a visitor adds from the town list or a map
click."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields, replace
from typing import Any, Mapping, Sequence

import numpy as np

from atlas.i18n import Number, Text, message
from atlas.views.geometry import MapGeometry
from atlas.views.scenario.model import ScenarioModel, Town
from atlas.views.scenario.wording import TEXT, text
from atlas.views.text import echo, md
from atlas.views.urlstate import LANG, Param, Schema, capped_notices, choice, constant, list_items

MAX_ADDED = 10
MAX_ITEMS = 50      # items of one list parameter (off, on, add) read at most
NAME_LIMIT = 60
# Denmark with Bornholm and a margin: an added site outside is a malformed parameter.
LAT_RANGE, LON_RANGE = (54.4, 57.9), (7.8, 15.3)
MAP_MODES = ("change", "clusters", "clusters-today")


@dataclass(frozen=True)
class AddedSite:
    lat: float
    lon: float
    name: str

    def to_text(self) -> str:
        return f"{self.lat:.4f},{self.lon:.4f},{self.name}"


def clean_name(value: Any) -> str:
    """A site name from the URL or a click: one line, no item separator, at most 60 chars."""
    name = " ".join(re.sub(r"[\x00-\x1f\x7f;]", " ", str(value)).split())
    return name[:NAME_LIMIT].strip()


def _split(raw: Any, separator: str) -> tuple[list[str], int]:
    """(the first MAX_ITEMS items, how many more were not read)."""
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    return list_items(raw, separator, MAX_ITEMS)


def _parse_added(item: str) -> AddedSite | None:
    parts = [part.strip() for part in item.split(",", 2)]
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except (ValueError, IndexError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        return None
    name = clean_name(parts[2]) if len(parts) > 2 else ""
    return AddedSite(round(lat, 4), round(lon, 4), name or f"{lat:.2f}, {lon:.2f}")


def _site_items(raw: Any, allowed: Sequence[str]) -> tuple[tuple[str, ...], list[str], int]:
    """(valid ids in site order, rejected items, items not read)."""
    wanted, unread = _split(raw, ",")
    chosen = {item.lower() for item in wanted} & set(allowed)
    rejected = [item for item in wanted if item.lower() not in allowed]
    return tuple(site for site in allowed if site in chosen), rejected, unread


def _added_items(raw: Any) -> tuple[tuple[AddedSite, ...], list[tuple[str, str]], int]:
    """(valid added sites, in order, duplicates dropped; rejected (item, reason key); items
    not read)."""
    sites: list[AddedSite] = []
    rejected: list[tuple[str, str]] = []
    wanted, unread = _split(raw, ";")
    for item in wanted:
        site = _parse_added(item)
        if site is None:
            rejected.append((item, "why.add"))
        elif len(sites) >= MAX_ADDED:
            rejected.append((item, "why.add.full"))
        elif all((s.lat, s.lon) != (site.lat, site.lon) for s in sites):
            sites.append(site)
    return tuple(sites), rejected, unread


PARAMS = (
    LANG,
    Param("off", lambda text_, model, values: _site_items(text_, model.baseline_ids)[0],
          constant(()), to_text=",".join, widget="scenario_off"),
    Param("on", lambda text_, model, values: _site_items(text_, model.clinic_ids)[0],
          constant(()), to_text=",".join, widget="scenario_on"),
    Param("add", lambda text_, model, values: _added_items(text_)[0], constant(()),
          to_text=lambda sites: ";".join(site.to_text() for site in sites)),
    Param("map", choice(lambda model, values: MAP_MODES), constant("change"),
          describe=lambda value, model, lang: text(f"map.{value}", lang),
          widget="scenario_map"),
)
SCHEMA = Schema(PARAMS)


@dataclass(frozen=True)
class ScenarioState:
    off: tuple[str, ...] = ()
    on: tuple[str, ...] = ()
    add: tuple[AddedSite, ...] = ()
    map: str = "change"
    lang: str = "da"

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_params(self, model: ScenarioModel) -> dict[str, str]:
        return SCHEMA.to_params(self.values(), model)

    def with_(self, **changes: Any) -> "ScenarioState":
        return replace(self, **changes)

    @property
    def unchanged(self) -> bool:
        return not (self.off or self.on or self.add)


def parse_state(raw: Mapping[str, Any], model: ScenarioModel
                ) -> tuple[ScenarioState, list[str]]:
    """(state, notices): unusable items of off/on/add are skipped, each with a notice (the
    first three shown, then how many more; at most MAX_ITEMS items of each are read); any
    other invalid value falls back to its default with the schema's notice."""
    values, notices = SCHEMA.parse(raw, model)
    lang = values["lang"]
    off = _site_items(raw.get("off"), model.baseline_ids)
    on = _site_items(raw.get("on"), model.clinic_ids)
    add = _added_items(raw.get("add"))
    rejected = [("off", item, "why.off") for item in off[1]]
    rejected += [("on", item, "why.on") for item in on[1]]
    rejected += [("add", item, why) for item, why in add[1]]
    notices += capped_notices(
        [text("notice.item", lang, param=param, value=echo(item),
              why=text(why, lang, n=MAX_ADDED)) for param, item, why in rejected],
        lang, unread=off[2] + on[2] + add[2])
    state = ScenarioState(**{name: values[name] for name in SCHEMA.names})
    return state, notices


def widget_values(state: ScenarioState) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value
            for key, value in SCHEMA.widget_values(state.values()).items()}


def param_text(param: str, value: Any) -> str | None:
    """The URL text of a list parameter's new value (None = remove the parameter)."""
    items = tuple(value or ())
    return SCHEMA.by_name[param].to_text(items) if items else None


def render_id(state: ScenarioState) -> str:
    """What the scenario map shows, as one string (the browser echoes it once drawn)."""
    return "|".join(["scenario", ",".join(state.off), ",".join(state.on),
                     ";".join(site.to_text() for site in state.add), state.map, state.lang])


# --- adding a site from the list or a map click -----------------------------------------------
def town_site(model: ScenarioModel, index: int) -> AddedSite:
    town = model.towns[index]
    return AddedSite(round(town.lat, 4), round(town.lon, 4), clean_name(town.name))


def nearest_town(model: ScenarioModel, lat: float, lon: float) -> Town:
    lats = np.array([t.lat for t in model.towns])
    lons = np.array([t.lon for t in model.towns])
    return model.towns[int(np.argmin((lats - lat) ** 2 + ((lons - lon) * 0.57) ** 2))]


def real_position(geometry: MapGeometry, lat: float, lon: float) -> tuple[float, float]:
    """Where a click on the drawn map really is: a click inside the Bornholm inset frame is
    moved back to Bornholm (the inset's move is a shift and a latitude scale)."""
    frame, move = geometry.inset_frame, geometry.inset_move
    if frame and move:
        (south, west), (north, east) = frame
        if south <= lat <= north and west <= lon <= east:
            x0, y0 = move(0.0, 0.0)
            _, y1 = move(0.0, 1.0)
            return (lat - y0) / (y1 - y0), lon - x0
    return lat, lon


def clicked_site(model: ScenarioModel, geometry: MapGeometry, clicked: Any, lang: str
                 ) -> tuple[AddedSite, Text] | None:
    """(the site a map click proposes, the sentence describing it: a Message, Markdown) from
    st_folium's `last_clicked` ({"lat": …, "lng": …}); None when the click is unusable."""
    try:
        lat, lon = float(clicked["lat"]), float(clicked["lng"])
    except (TypeError, KeyError, ValueError):
        return None
    lat, lon = real_position(geometry, lat, lon)
    site = _parse_added(f"{lat},{lon}")
    if site is None:
        return None
    town = nearest_town(model, site.lat, site.lon)
    name = clean_name(text("add.clicked.name", lang, town=town.name))
    sentence = message(TEXT, "add.clicked", lat=Number(site.lat, 4), lon=Number(site.lon, 4),
                       town=md(town.label))
    return AddedSite(site.lat, site.lon, name), sentence
