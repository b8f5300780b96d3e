"""The data-status page's view: what the database holds (municipalities, indicators, sources),
which core indicators are loaded, and how to load the rest. Its tables hold numbers as
`Number`s: the page renders them in its language (atlas.i18n.render_frame)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas.deploy_mode import shown_path
from atlas.i18n import (
    STRINGS,
    Message,
    Moment,
    Number,
    direction_label,
    group_name,
    is_missing,
    message,
    name_sort,
    publisher_name,
    role_label,
    source_wording,
    t,
)
from atlas.query import core as queries
from atlas.registry import display_label, registry
from atlas.views.text import md

REBUILD = "atlas build --sources data/sources"


@dataclass(frozen=True)
class CoreStatus:
    indicator_id: str
    label: str
    loaded: bool
    latest_period: str | None
    n_values: int
    how_to_load: str | None


def how_to_load(indicator_id: str, lang: str) -> str:
    """Instructions for loading an indicator: online fetch (the registry's `fetch_hint`), or
    the user's own file."""
    indicator = registry().get(indicator_id)
    options = indicator.fetch_hint if indicator else ""
    online = t("data.howto.online", lang, options=options, rebuild=REBUILD) if options else ""
    return online + t("data.howto.own_file", lang, indicator=indicator_id, rebuild=REBUILD)


def core_status(catalogue: pd.DataFrame, lang: str) -> list[CoreStatus]:
    """One entry per core indicator (registry `core = true`), in registry order."""
    label_column = "label_en" if lang == "en" else "label_da"
    statuses = []
    for row in catalogue[catalogue["core"]].itertuples():
        loaded = bool(row.has_data)
        statuses.append(CoreStatus(
            indicator_id=row.indicator_id,
            label=display_label(getattr(row, label_column), bool(row.user_supplied), lang),
            loaded=loaded,
            latest_period=row.latest_period if loaded else None,
            n_values=int(row.latest_n_values),
            how_to_load=None if loaded else how_to_load(row.indicator_id, lang),
        ))
    return statuses


def indicator_table(lang: str) -> pd.DataFrame:
    """The catalogue for display: label, unit, role and direction in `lang`; "no data" for an
    indicator without periods."""
    frame = queries.indicator_catalogue()
    suffix = "en" if lang == "en" else "da"
    return pd.DataFrame({
        "label": [display_label(label, bool(user), lang)
                  for label, user in zip(frame[f"label_{suffix}"], frame["user_supplied"])],
        "role": frame["role"].map(lambda role: role_label(role, lang)),
        "direction": frame["direction"].map(lambda direction: direction_label(direction, lang)),
        "unit": frame[f"unit_{suffix}"],
        "periods": frame["periods"].fillna(t("no_data", lang)),
        "latest_n_values": [_count(n) for n in frame["latest_n_values"]],
        "publisher": [_publisher(p, lang) for p in frame["publisher"]],
        "table_name": [source_wording(v, lang) for v in frame["table_name"].fillna("")],
    })


def _count(value) -> Number | str:
    return "" if is_missing(value) else Number(value)


def _publisher(value, lang: str) -> str:
    return "" if is_missing(value) else publisher_name(str(value), lang)


def municipality_table(munis: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The 98 municipalities; population and area as Numbers, for the page to write in the
    app's language (not the browser's)."""
    yes, no = ("ja", "nej") if lang != "en" else ("yes", "no")
    munis = munis.sort_values("name", key=name_sort(lang), kind="stable")
    return pd.DataFrame({
        "kommune_kode": munis["kommune_kode"].astype(int).astype(str),
        "name": munis["name"],
        "region_name": munis["region_name"],
        "kommunegruppe_name": [group_name(code, name, lang) for code, name in
                               zip(munis["kommunegruppe_code"], munis["kommunegruppe_name"])],
        "population": [Number(v) for v in munis["population"]],
        "area_km2": [Number(v) for v in munis["area_km2"]],
        "is_island": [yes if flag else no for flag in munis["is_island"]],
    })


@dataclass(frozen=True)
class DataStatusView:
    built_line: Message
    core: list[CoreStatus]
    indicators: pd.DataFrame
    municipalities: pd.DataFrame
    population_period: str
    sources: pd.DataFrame
    missing: tuple[str, ...] = ()     # labels of registered indicators without data


def build_view(lang: str) -> DataStatusView:
    info = queries.build_info()
    munis = queries.municipalities()
    return DataStatusView(
        built_line=message(STRINGS, "data.built", date=Moment(info.get("built_at"), "?"),
                           sources=shown_path(info.get("sources_dir")),   # inside `code`
                           version=md(info.get("atlas_version", "?"))),
        core=[CoreStatus(s.indicator_id, md(s.label), s.loaded, s.latest_period, s.n_values,
                         s.how_to_load)
              for s in core_status(queries.indicator_catalogue(), lang)],
        indicators=indicator_table(lang),
        municipalities=municipality_table(munis, lang),
        population_period=str(munis["population_period"].iloc[0]),
        sources=_sources(lang),
        missing=tuple(md(ind.label(lang)) for ind in queries.catalogue().missing),
    )


def _sources(lang: str) -> pd.DataFrame:
    frame = queries.sources()
    return pd.DataFrame({
        "publisher": [_publisher(p, lang) for p in frame["publisher"]],
        "table_name": [source_wording(v, lang) for v in frame["table_name"].fillna("")],
        "title": [source_wording(v, lang) for v in frame["title"].fillna("")],
        "licence": [source_wording(v, lang) for v in frame["licence"].fillna("")],
        "n_observations": [_count(n) for n in frame["n_observations"]],
    })
