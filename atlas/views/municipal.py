"""What the profile, comparison and table views share: the municipalities and indicators the
URL may name, resolving a municipality written as a code or a name (with "did you mean …"
suggestions), the reference values, and the provenance rows of the exports."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from atlas.connectors import names
from atlas.db import per_build
from atlas.exports import Provenance
from atlas.i18n import (
    DEFAULT_LANG,
    N_,
    Moment,
    area,
    group_name,
    is_missing,
    pick,
    publisher_name,
    sorted_names,
    source_wording,
    t,
)
from atlas.query import core as queries
from atlas.query import profile as profile_queries
from atlas.query import values as value_queries
from atlas.registry import Indicator
from atlas.views.about import attribution
from atlas.views.text import echo, md

TEXTS = area("municipal")   # ids `municipal.*` (docs/i18n.md)
MAX_SUGGESTIONS = 5
NAME_TEXT_LIMIT = 100   # characters of a municipality's name or code read (the longest is 17)


@dataclass(frozen=True)
class Context:
    """What the pages' URLs may name."""

    municipalities: Mapping[int, str]      # code -> name, ordered by name
    regions: Mapping[int, str]
    groups: Mapping[int, str]
    indicators: Mapping[str, Indicator]    # indicators with data, in role order
    latest: Mapping[str, str]              # indicator id -> latest period
    periods: Mapping[str, tuple[str, ...]]


def context(lang: str = DEFAULT_LANG) -> Context:
    """The municipalities in the language's alphabetical order (Danish: Aabenraa under Å) and
    the kommunegrupper by their names in `lang`."""
    munis = queries.municipalities()
    cat = queries.catalogue()
    return Context(
        municipalities=sorted_names(dict(zip(munis["kommune_kode"].astype(int), munis["name"])),
                                    lang),
        regions=dict(sorted(munis.groupby("region_code")["region_name"].first().items())),
        groups={int(code): group_name(code, name, lang) for code, name in sorted(
            munis.groupby("kommunegruppe_code")["kommunegruppe_name"].first().items())},
        indicators=cat.indicators,
        latest=cat.latest,
        periods=cat.periods,
    )


# --- municipalities written as codes or names ---------------------------------------------------
@dataclass(frozen=True)
class Resolution:
    text: str                                   # as written in the URL
    code: int | None                            # None: not a municipality
    suggestions: tuple[tuple[int, str], ...] = ()
    town: str | None = None                     # a town's name: the suggestions hold it

    def notice(self, lang: str) -> str:
        if self.town is not None:
            places = [pick(TEXTS, "town.municipality", lang, name=name)
                      for _, name in self.suggestions]
            joined = (", ".join(places[:-1]) + pick(TEXTS, "town.and", lang) + places[-1]
                      if len(places) > 1 else places[0])
            return pick(TEXTS, "town", lang, town=echo(self.town), municipalities=md(joined))
        key = "unknown_code" if names.normalise_code(self.text) is not None else "unknown_name"
        return pick(TEXTS, key, lang, value=echo(self.text))

    def prompt(self, lang: str) -> str:
        """What the suggestions are: "Gå til" a town's municipality, else "Mente du"."""
        return pick(TEXTS, "town.prompt" if self.town is not None else "did_you_mean", lang)


def resolve(text: str, municipalities: Mapping[int, str]) -> Resolution:
    """A municipality from a code ("360", "0751") or a name as people write it ("Lolland",
    "Århus", "Kobenhavn"); a town the database knows ("Nakskov") gives its municipality as the
    suggestion ("Nakskov ligger i Lolland Kommune"); otherwise the closest names as
    suggestions. A suggestion is never applied. The one resolver of the profile's `?kommune=`,
    the comparison's `?kommuner=` and the map's search. Only the first NAME_TEXT_LIMIT characters
    are read."""
    text = str(text)[:NAME_TEXT_LIMIT].strip()
    code = names.normalise_code(text)
    if code is None:
        code = names.match_name(text)
    if code is not None and code in municipalities:
        return Resolution(text, code)
    if names.normalise_code(text) is not None:
        return Resolution(text, None)
    town = towns().get(names.fold(text))
    if town is not None:
        name, codes = town
        found = tuple((c, municipalities[c]) for c in codes if c in municipalities)
        if found:
            return Resolution(text, None, found, town=name)
    return Resolution(text, None, suggestions(text, municipalities))


@per_build
def towns() -> dict[str, tuple[str, tuple[int, ...]]]:
    """Folded town name -> (the town's name, its municipalities, most populous first)."""
    out: dict[str, tuple[str, list[int]]] = {}
    for name, code in zip(queries.towns()["name"], queries.towns()["kommune_kode"]):
        key = names.fold(name)
        if key:
            out.setdefault(key, (str(name), []))[1].append(int(code))
    return {key: (name, tuple(codes)) for key, (name, codes) in out.items()}


def suggestions(text: str, municipalities: Mapping[int, str]) -> tuple[tuple[int, str], ...]:
    """Up to five municipalities whose names are close to `text`: the name matcher's own
    suggestion first, then close spellings and names starting alike."""
    key = names.fold(text)
    if not key:
        return ()
    by_key = {names.fold(name): code for code, name in municipalities.items()}
    found: list[int] = []
    best = names.suggest(text)
    if best is not None and names.match_name(best) in municipalities:
        found.append(names.match_name(best))
    for close in difflib.get_close_matches(key, list(by_key), n=MAX_SUGGESTIONS, cutoff=0.6):
        found.append(by_key[close])
    if len(key) >= 3:
        found += [code for folded, code in by_key.items() if folded.startswith(key[:3])]
    unique = list(dict.fromkeys(found))[:MAX_SUGGESTIONS]
    return tuple((code, municipalities[code]) for code in unique)


# --- values and references ----------------------------------------------------------------------
def _number(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


@per_build
def latest_wide(indicator_ids: tuple[str, ...]) -> dict[str, dict[int, float | None]]:
    """indicator id -> {code: latest value or None} for every municipality."""
    frame = profile_queries.latest_values(indicator_ids)
    out: dict[str, dict[int, float | None]] = {ident: {} for ident in indicator_ids}
    for ident, code, value in zip(frame["indicator_id"], frame["kommune_kode"], frame["value"]):
        out[ident][int(code)] = _number(value)
    return out


@dataclass(frozen=True)
class GroupReference:
    value: float | None
    n_municipalities: int
    population_share: float | None


@per_build
def references() -> dict[tuple[str, str, str, int | None], GroupReference]:
    """(indicator, period, group_type, group_code) -> the build's reference value; national
    has group_code None."""
    out = {}
    for row in profile_queries.reference_values().to_dict("records"):
        code = None if is_missing(row["group_code"]) else int(row["group_code"])
        out[(row["indicator_id"], row["period"], row["group_type"], code)] = GroupReference(
            _number(row["value"]), int(row["n_municipalities"] or 0),
            _number(row["population_share"]))
    return out


# --- provenance of the exports ------------------------------------------------------------------
def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value)


def provenance(indicator: Indicator, period: str, lang: str) -> list[Provenance]:
    """One row per source that supplied the indicator's values in `period` (a user's own
    file names itself), else the registry's source."""
    keys = value_queries.period_sources(indicator.id, period) or (indicator.source,)
    records = queries.source_records()
    rows = []
    for key in keys:
        info = records.get(key, {})
        publisher = _text(info.get("publisher")) or key
        rows.append(Provenance(
            indicator=indicator.label(lang), period=period,
            publisher=publisher_name(publisher, lang),
            table=source_wording(_text(info.get("table_name")), lang),
            title=source_wording(_text(info.get("title")), lang),
            licence=source_wording(_text(info.get("licence")), lang),
            attribution=attribution(publisher, lang),
            url=_text(info.get("url")), user_supplied=indicator.user_supplied))
    return rows


def sources_line(provenance: Iterable[Provenance], lang: str) -> str:
    """"Kilde: Danmarks Statistik (HISBK, FOLK1A); …": each publisher once with its tables, in
    order of appearance, Markdown-escaped (the source line of a compact, embedded view)."""
    tables: dict[str, list[str]] = {}
    for item in provenance:
        listed = tables.setdefault(publisher_name(item.publisher, lang), [])
        if item.table and item.table not in listed:
            listed.append(item.table)
    parts = [md(name) + (f" ({md(', '.join(listed))})" if listed else "")
             for name, listed in tables.items()]
    return f"{t('source', lang)}: {'; '.join(parts)}"


def build_moment() -> Moment:
    """When the database was built, rendered in the page's language ("?" when unknown)."""
    return Moment(queries.build_info().get("built_at"), "?")


# --- navigation -------------------------------------------------------------------------------
PAGES = (  # (page file, title's id in TEXTS, icon, url path)
    ("pages/profile.py", N_("nav.kommune"), ":material/location_city:", "kommune"),
    ("pages/compare.py", N_("nav.sammenlign"), ":material/compare_arrows:", "sammenlign"),
    ("pages/table.py", N_("nav.tabel"), ":material/table_rows:", "tabel"),
)


def navigation_pages(lang: str) -> list[tuple[str, str, str, str]]:
    """(path, title, icon, url path) of the profile, comparison and table pages, for app.py."""
    return [(path, TEXTS.text(title, lang), icon, url) for path, title, icon, url in PAGES]
