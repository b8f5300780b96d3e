"""The map page's shareable state: parsed from and written back to the URL's query parameters.

    ?indicator=life_expectancy&period=2021-2025&breaks=quantiles&classes=5
     &kommune=751&region=1082&gruppe=2&view=kbh&tiles=osm&lang=en

Every parameter is optional. An invalid value falls back to its default and yields a notice for
the page to show; nothing here raises on user input. Pure: no Streamlit, no database (the caller
passes what is valid: the indicators with data, the municipalities, regions and groups).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from ..i18n import LANG_NAMES, parse_lang, t
from .classify import DEFAULT_CLASSES, DEFAULT_METHOD, parse_k, parse_method
from .folium_map import DEFAULT_VIEW, VIEWS

PARAMS = ("indicator", "period", "breaks", "classes", "kommune", "region", "gruppe", "view",
          "tiles", "lang")
DEFAULT_INDICATOR = "life_expectancy"
TILES = ("osm",)


@dataclass(frozen=True)
class MapState:
    indicator: str
    period: str
    method: str = DEFAULT_METHOD
    k: int = DEFAULT_CLASSES
    kommune: int | None = None
    region: int | None = None
    gruppe: int | None = None
    view: str = DEFAULT_VIEW
    tiles: str | None = None
    lang: str = "da"

    def to_params(self) -> dict[str, str]:
        """Canonical query parameters: always the map's core settings, optional ones if set."""
        params = {
            "indicator": self.indicator,
            "period": self.period,
            "breaks": self.method,
            "classes": str(self.k),
        }
        for key in ("kommune", "region", "gruppe", "tiles"):
            value = getattr(self, key)
            if value is not None:
                params[key] = str(value)
        if self.view != DEFAULT_VIEW:
            params["view"] = self.view
        params["lang"] = self.lang
        return params

    def with_(self, **changes: Any) -> "MapState":
        return replace(self, **changes)


@dataclass(frozen=True)
class Choices:
    """What the URL may name: indicators with data (id -> periods, latest last), and the codes."""

    periods: Mapping[str, Sequence[str]]     # indicator id -> its periods, oldest first
    latest: Mapping[str, str]                # indicator id -> default (latest) period
    registered: frozenset[str]               # every registered indicator id, with or without data
    labels: Mapping[str, str]                # indicator id -> label (for notices)
    municipalities: Mapping[int, str]        # code -> name
    regions: Mapping[int, str]               # code -> name
    groups: Mapping[int, str]                # kommunegruppe code -> name

    def default_indicator(self) -> str:
        if DEFAULT_INDICATOR in self.periods:
            return DEFAULT_INDICATOR
        return next(iter(self.periods))


def _code(raw: Any, valid: Mapping[int, str]) -> tuple[int | None, bool]:
    if raw in (None, ""):
        return None, True
    try:
        code = int(str(raw).strip())
    except ValueError:
        return None, False
    return (code, True) if code in valid else (None, False)


def parse_state(params: Mapping[str, Any], choices: Choices) -> tuple[MapState, list[str]]:
    """(state, notices) from raw query parameters; every invalid value -> default + notice."""
    lang, lang_ok = parse_lang(params.get("lang"))
    notices: list[str] = []

    def invalid(param: str, value: Any, default: str) -> None:
        notices.append(t("notice.invalid_param", lang, param=param, value=value,
                         default=default))

    if not lang_ok:
        invalid("lang", params.get("lang"), LANG_NAMES[lang])

    default_indicator = choices.default_indicator()
    raw_indicator = params.get("indicator")
    indicator = default_indicator
    if raw_indicator not in (None, ""):
        raw_indicator = str(raw_indicator).strip()
        if raw_indicator in choices.periods:
            indicator = raw_indicator
        elif raw_indicator in choices.registered:
            notices.append(t("notice.no_data_indicator", lang,
                             value=choices.labels.get(raw_indicator, raw_indicator),
                             default=choices.labels.get(default_indicator, default_indicator)))
        else:
            invalid("indicator", raw_indicator,
                    choices.labels.get(default_indicator, default_indicator))

    latest = choices.latest[indicator]
    period = latest
    raw_period = params.get("period")
    if raw_period not in (None, ""):
        if str(raw_period).strip() in choices.periods[indicator]:
            period = str(raw_period).strip()
        else:
            invalid("period", raw_period, latest)

    method, ok = parse_method(params.get("breaks"))
    if not ok:
        invalid("breaks", params.get("breaks"), t(f"classification.{method}", lang))
    k, ok = parse_k(params.get("classes"))
    if not ok:
        invalid("classes", params.get("classes"), str(k))

    kommune, ok = _code(params.get("kommune"), choices.municipalities)
    if not ok:
        invalid("kommune", params.get("kommune"), t("none", lang).lower())
    region, ok = _code(params.get("region"), choices.regions)
    if not ok:
        invalid("region", params.get("region"), t("map.filter.all_regions", lang).lower())
    gruppe, ok = _code(params.get("gruppe"), choices.groups)
    if not ok:
        invalid("gruppe", params.get("gruppe"), t("map.filter.all_groups", lang).lower())

    view = DEFAULT_VIEW
    raw_view = params.get("view")
    if raw_view not in (None, ""):
        if str(raw_view).strip().lower() in VIEWS:
            view = str(raw_view).strip().lower()
        else:
            invalid("view", raw_view, t(f"map.view.{DEFAULT_VIEW}", lang))

    tiles = None
    raw_tiles = params.get("tiles")
    if raw_tiles not in (None, ""):
        if str(raw_tiles).strip().lower() in TILES:
            tiles = str(raw_tiles).strip().lower()
        else:
            invalid("tiles", raw_tiles, t("none", lang).lower())

    state = MapState(indicator=indicator, period=period, method=method, k=k, kommune=kommune,
                     region=region, gruppe=gruppe, view=view, tiles=tiles, lang=lang)
    return state, notices
