"""What the inverse-care page's URL may name (`Choices`, per build and language), its schema
and the parsed `InverseCareState`. Identifiers come from the registry and the catalogue, never
from the URL's text."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

from atlas.db import per_build
from atlas.query import core as queries
from atlas.registry import PAIR_ACCESS_ROLES, PAIR_NEED_ROLES, Indicator, pair_preferences, registry
from atlas.views.inverse_care.wording import text
from atlas.views.text import md
from atlas.views.urlstate import LANG, Invalid, Param, Schema, choice, constant, integer

WEIGHTINGS = ("none", "population")
COLOURINGS = ("gruppe", "region")
MAPS = ("tertiles", "clusters")    # the descriptive 3 x 3 map, or the tested LISA clusters


# --- what the URL may name ----------------------------------------------------------------------
@dataclass(frozen=True)
class Choices:
    indicators: Mapping[str, Indicator]          # loaded indicators (catalogue order)
    needs: tuple[str, ...]                       # loaded, role need or outcome
    accesses: tuple[str, ...]                    # loaded, role supply
    periods: Mapping[str, tuple[str, ...]]
    latest: Mapping[str, str]
    registered: frozenset[str]
    labels: Mapping[str, str]
    municipalities: Mapping[int, str]
    preferred: tuple[tuple[str, str], ...]       # registry pairs with data, in preference order
    skipped: tuple[tuple[str, str], ...]         # registry pairs without data

    @property
    def ready(self) -> bool:
        return bool(self.needs and self.accesses)

    def default_pair(self) -> tuple[str, str]:
        """The first preferred pair with data, else the first need and access with data.
        Never chosen by how strongly a pair correlates."""
        if self.preferred:
            return self.preferred[0]
        return self.needs[0], self.accesses[0]

    def default_access(self, need: str) -> str:
        """The preferred partner of `need`, else the default pair's access."""
        for pair_need, pair_access in self.preferred:
            if pair_need == need:
                return pair_access
        return self.default_pair()[1]


@per_build
def choices(lang: str = "da") -> Choices:
    """What the page's URL may name, per build and language (read-only, like every cached
    result)."""
    cat = queries.catalogue()
    munis = queries.municipalities()
    labels = {ident: ind.label(lang) for ident, ind in registry().items()}
    labels.update({ident: ind.label(lang) for ident, ind in cat.indicators.items()})
    needs = tuple(i for i, ind in cat.indicators.items() if ind.role in PAIR_NEED_ROLES)
    accesses = tuple(i for i, ind in cat.indicators.items() if ind.role in PAIR_ACCESS_ROLES)
    preferred = tuple(p for p in pair_preferences()
                      if p[0] in cat.indicators and p[1] in cat.indicators)
    return Choices(
        indicators=cat.indicators, needs=needs, accesses=accesses, periods=cat.periods,
        latest=cat.latest, registered=frozenset(registry()) | frozenset(cat.indicators),
        labels=labels,
        municipalities=dict(zip(munis["kommune_kode"].astype(int), munis["name"])),
        preferred=preferred,
        skipped=tuple(p for p in pair_preferences() if p not in preferred),
    )


# --- the URL-state schema -----------------------------------------------------------------------
def _indicator_parser(role: str):
    def parse(raw: str, context: Choices, values: dict) -> str:
        wanted = raw.strip()
        allowed = context.needs if role == "need" else context.accesses
        if wanted in allowed:
            return wanted
        if wanted in context.registered and wanted not in context.indicators:
            raise Invalid("notice.no_data_indicator", shown=context.labels.get(wanted, wanted))
        raise Invalid()
    return parse


def _describe_indicator(value: str, context: Choices, lang: str) -> str:
    return md(context.labels.get(value, value))


PARAMS = (
    LANG,
    Param("need", _indicator_parser("need"), lambda c, v: c.default_pair()[0],
          describe=_describe_indicator, always=True, widget="ic_need"),
    Param("need_period", choice(lambda c, v: c.periods[v["need"]], lower=False),
          lambda c, v: c.latest[v["need"]], always=True, widget="ic_need_period"),
    Param("access", _indicator_parser("access"), lambda c, v: c.default_access(v["need"]),
          describe=_describe_indicator, always=True, widget="ic_access"),
    Param("access_period", choice(lambda c, v: c.periods[v["access"]], lower=False),
          lambda c, v: c.latest[v["access"]], always=True, widget="ic_access_period"),
    Param("weighting", choice(lambda c, v: WEIGHTINGS), constant("none"),
          describe=lambda value, c, lang: text(f"weighting.{value}", lang).lower(),
          widget="ic_weighting"),
    Param("colour", choice(lambda c, v: COLOURINGS), constant("gruppe"),
          describe=lambda value, c, lang: text(f"colour.{value}", lang).lower(),
          widget="ic_colour"),
    Param("map", choice(lambda c, v: MAPS), constant("tertiles"),
          describe=lambda value, c, lang: text(f"mapkind.{value}", lang).lower(),
          widget="ic_map_kind"),
    Param("kommune", integer(lambda c, v: c.municipalities), constant(None),
          describe=lambda value, c, lang: "—", widget="ic_kommune"),
)
SCHEMA = Schema(PARAMS)
REQUIRED = ("need", "need_period", "access", "access_period", "weighting", "colour", "map")


@dataclass(frozen=True)
class InverseCareState:
    need: str
    need_period: str
    access: str
    access_period: str
    weighting: str = "none"
    colour: str = "gruppe"
    map: str = "tertiles"
    kommune: int | None = None
    lang: str = "da"

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def to_params(self, context: Choices) -> dict[str, str]:
        return SCHEMA.to_params(self.values(), context)

    def with_(self, **changes: Any) -> "InverseCareState":
        return replace(self, **changes)


def parse_state(raw: Mapping[str, Any], context: Choices
                ) -> tuple[InverseCareState, list[str]]:
    """(state, notices) from raw query parameters; every invalid value -> default + notice."""
    values, notices = SCHEMA.parse(raw, context)
    return InverseCareState(**values), notices


def widget_values(state: InverseCareState) -> dict[str, Any]:
    return SCHEMA.widget_values(state.values())


def render_id(state: InverseCareState) -> str:
    """Names what the charts show; the map echoes it in `data-atlas` once drawn."""
    return "|".join(str(part) for part in (
        "ic", state.need, state.need_period, state.access, state.access_period,
        state.weighting, state.colour, state.kommune or "", state.lang))


def wants_detail(raw: Mapping[str, Any], state: InverseCareState) -> bool:
    """The page shows a pair's detail when the URL names any of its state (every detail
    permalink names the pair) and each named indicator was accepted; with no such parameter, or
    with a malformed `need`/`access` (its notice shown), it opens on the overview of all
    pairs. The detail's default pair is still the registry's first with data."""
    if not any(raw.get(param) not in (None, "") for param in REQUIRED + ("kommune",)):
        return False
    return not _refused(raw, state)


def _refused(raw: Mapping[str, Any], state: InverseCareState) -> list[str]:
    """The `need`/`access` values of the URL that the state did not take."""
    return [str(raw[key]).strip() for key in ("need", "access")
            if raw.get(key) not in (None, "") and getattr(state, key) != str(raw[key]).strip()]


def overview_notices(raw: Mapping[str, Any], state: InverseCareState, context: Choices,
                     lang: str) -> list[str]:
    """The overview's notices: a language it cannot show, and a pair it cannot show (escaped)."""
    language = SCHEMA.parse({"lang": raw["lang"]}, context)[1] if "lang" in raw else []
    return [*language, *(text("overview.notice", lang, value=md(context.labels.get(v, v)))
                         for v in _refused(raw, state))]
