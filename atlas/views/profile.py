"""The municipality profile's view: every indicator of one municipality against Denmark, its
kommunegruppe and its region, with ranks, percentiles, a spine chart, trends, the most similar
municipalities and a generated summary.

    ?kommune=360            ?kommune=Lolland       ?kommune=Århus&lang=en

Query results (atlas.query.profile) + registry + language -> a `ProfileView`. Pure logic
(ranks, percentiles, similarity, the summary's choice of indicators) lives in
atlas.stats.profile; this module only turns it into text. An unknown or malformed municipality
gives a `Chooser` with suggestions, never an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any, Mapping, Sequence

import pandas as pd

from atlas.exports import Column, ExportTable
from atlas.i18n import (
    Joined,
    Message,
    Moment,
    Number,
    area,
    is_missing,
    message,
    pick,
    render,
    role_label,
)
from atlas.query import core as queries
from atlas.query import profile as profile_queries
from atlas.query import values as value_queries
from atlas.registry import ROLES, Indicator
from atlas.stats import profile as stats
from atlas.views import municipal
from atlas.views.choropleth import rank_text
from atlas.views.text import md
from atlas.views.urlstate import LANG, Invalid, Param, Schema, constant

TEXTS = area("profile")   # ids `profile.*` (docs/i18n.md)
POPULATION = "population"
HOSPITAL = "hospital_distance_km"
SURVEY_SOURCE = "sundhedsprofil"


def text(key: str, lang: str, **fields_: Any) -> str:
    return pick(TEXTS, key, lang, **fields_)


# --- the URL-state schema -----------------------------------------------------------------------
def _parse_kommune(raw: str, context: municipal.Context, values: dict) -> int:
    found = municipal.resolve(raw, context.municipalities)
    if found.code is None:
        raise Invalid()
    return found.code


SCHEMA = Schema((
    LANG,
    Param("kommune", _parse_kommune, constant(None), widget="profile_kommune"),
))


@dataclass(frozen=True)
class ProfileState:
    kommune: int | None = None
    lang: str = "da"

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Chooser:
    """Shown instead of a profile: why (an unknown municipality) and what it might be."""

    message: str | None
    suggestions: tuple[tuple[int, str], ...]
    options: Mapping[int, str]
    prompt: str = ""                # "Mente du …"


def parse_state(raw: Mapping[str, Any], context: municipal.Context
                ) -> tuple[ProfileState, list[str], Chooser | None]:
    """(state, notices, chooser): the chooser is set when no municipality could be read."""
    values, notices = SCHEMA.parse({k: v for k, v in raw.items() if k != "kommune"}, context)
    lang = values["lang"]
    wanted = raw.get("kommune")
    if isinstance(wanted, (list, tuple)):
        wanted = wanted[-1] if wanted else None
    if wanted is None or str(wanted).strip() == "":
        return ProfileState(None, lang), notices, Chooser(None, (), context.municipalities)
    found = municipal.resolve(str(wanted), context.municipalities)
    if found.code is None:
        return (ProfileState(None, lang), notices,
                Chooser(found.notice(lang), found.suggestions, context.municipalities,
                        found.prompt(lang) + " …"))
    return ProfileState(found.code, lang), notices, None


def permalink(state: ProfileState, context: municipal.Context) -> dict[str, str]:
    return SCHEMA.to_params(state.values(), context)


# --- the view model -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ProfileRow:
    indicator: Indicator
    period: str
    value: float | None
    national: float | None
    group: float | None                 # None also when it rests on too few municipalities
    region: float | None
    rank: int | None
    n_ranked: int | None
    percentile: float | None
    status: str                         # stats.compare_to against the national value
    cells: Mapping[str, Any]            # column label -> text or Number/Message, as shown


@dataclass(frozen=True)
class SpineRow:
    role: str
    label: str
    value: Number                       # the municipality's value, with its unit
    national: Number
    low: float                          # positions: -1 .. 1, national = 0, better = right
    q1: float
    q3: float
    high: float
    position: float | None
    status: str                         # better | worse | same | neutral | none


@dataclass(frozen=True)
class TrendPoint:
    series: str
    period: str
    year: int
    value: float


@dataclass(frozen=True)
class Trend:
    indicator_id: str
    title: str
    unit: str
    points: tuple[TrendPoint, ...]
    series_order: tuple[str, ...]
    digits: int = 0                     # the indicator's decimals

    def shown(self, point: TrendPoint) -> Number:
        """A point's value with the indicator's decimals and unit."""
        return Number(point.value, self.digits, self.unit)


@dataclass(frozen=True)
class SimilarMunicipality:
    code: int
    name: str
    group: str
    distance: Message

    @property
    def label(self) -> Joined:
        """The link's text, Markdown: "Lolland · Yderkommuner · afstand 0,42"."""
        return Joined((md(self.name), md(self.group), self.distance), " · ")


@dataclass(frozen=True)
class HospitalBox:
    value_line: Message
    method: str
    island_note: str | None


@dataclass(frozen=True)
class ProfileView:
    state: ProfileState
    code: int
    name: str
    title: str
    facts_line: Message
    summary: tuple[Message | str, ...]           # Markdown paragraphs
    sections: tuple[tuple[str, pd.DataFrame], ...]   # (role label, rows as shown)
    rows: tuple[ProfileRow, ...]
    spine: tuple[SpineRow, ...]
    spine_labels: tuple[str, str]                # (left, right) axis words
    role_order: tuple[str, ...]                  # role labels in order
    trends: tuple[Trend, ...]
    trend_note: str | None
    similar: tuple[SimilarMunicipality, ...]
    similar_method: str
    hospital: HospitalBox | None
    sources_line: Message
    permalink: dict[str, str]
    built_at: Moment
    groups_note: str = ""
    export_columns: tuple[Column, ...] = field(default=(), repr=False)
    export_rows: tuple[tuple[Any, ...], ...] = field(default=(), repr=False)
    export_decimals: tuple[int, ...] = field(default=(), repr=False)

    def export(self, view_url: str) -> ExportTable:
        """The profile's rows as shown, with provenance, for CSV/XLSX."""
        lang = self.state.lang
        return ExportTable(
            name=f"ulighedsatlas-profil-{self.code}", lang=lang, columns=self.export_columns,
            rows=self.export_rows, row_decimals=self.export_decimals,
            provenance=tuple(p for row in self.rows
                             for p in municipal.provenance(row.indicator, row.period, lang)),
            built_at=render(self.built_at, lang), view_url=view_url)


def shown(value: Any, indicator: Indicator, lang: str, *, markdown: bool = False) -> Number:
    """A value of `indicator` with its decimals and unit (`markdown`: the unit escaped)."""
    unit = indicator.unit(lang)
    return Number(value, indicator.decimals, md(unit) if markdown else unit)


def _group_text(ref: municipal.GroupReference | None, indicator: Indicator, lang: str
                ) -> tuple[float | None, Message]:
    """(usable value, text with how many municipalities it rests on)."""
    if ref is None:
        return None, message(TEXTS, "too_few", n=0)
    if not stats.group_value_usable(ref.n_municipalities, ref.population_share) \
            or ref.value is None:
        return None, message(TEXTS, "too_few", n=ref.n_municipalities)
    return ref.value, message(TEXTS, "with_n", value=shown(ref.value, indicator, lang),
                              n=ref.n_municipalities)


def _status_label(status: str, value: Any, national: Any, lang: str) -> str:
    if status == "neutral":
        if float(value) == float(national):
            return text("status.same", lang)
        return text("status.higher" if float(value) > float(national) else "status.lower", lang)
    return text(f"status.{status}", lang)


def _spine_row(indicator: Indicator, values: Mapping[int, float | None], code: int,
               national: float | None, status: str, lang: str) -> SpineRow | None:
    present = [v for v in values.values() if v is not None]
    if national is None or not present or indicator.national == "sum":
        # a national sum (population) is no point within the municipalities' range
        return None
    turned = sorted(stats.oriented(v, indicator.direction) - stats.oriented(
        national, indicator.direction) for v in present)
    scale = max(abs(turned[0]), abs(turned[-1])) or 1.0
    q1, q3 = (float(x) for x in pd.Series(turned).quantile([0.25, 0.75]))
    own = values.get(code)
    position = None if own is None else (stats.oriented(own, indicator.direction)
                                         - stats.oriented(national, indicator.direction)) / scale
    return SpineRow(
        role=role_label(indicator.role, lang), label=indicator.label(lang),
        value=shown(own, indicator, lang), national=shown(national, indicator, lang),
        low=turned[0] / scale, q1=q1 / scale, q3=q3 / scale, high=turned[-1] / scale,
        position=position, status=status)


def _similar(code: int, context: municipal.Context, lang: str
             ) -> tuple[tuple[SimilarMunicipality, ...], str]:
    ids = tuple(ident for ident, ind in context.indicators.items() if ind.role == "context")
    wide = municipal.latest_wide(ids)
    frame = pd.DataFrame(wide, index=list(context.municipalities), dtype=float)
    if POPULATION in frame:
        frame[POPULATION] = frame[POPULATION].where(frame[POPULATION] > 0).map(math.log10)
    munis = queries.municipalities().set_index("kommune_kode")
    found = stats.similar(frame, code) if ids else []
    similar = tuple(
        SimilarMunicipality(other, context.municipalities[other],
                            context.groups.get(int(munis.loc[other, "kommunegruppe_code"]),
                                               str(munis.loc[other, "kommunegruppe_name"])),
                            message(TEXTS, "similar.distance", d=Number(distance, 2)))
        for other, distance in found)
    labels = ", ".join(md(context.indicators[i].label(lang)) for i in ids)
    method = (text("similar.method", lang, n=stats.SIMILAR_COUNT, indicators=labels)
              if ids else text("similar.none", lang))
    return similar, method


def _trends(code: int, name: str, group_code: int, group_name: str,
            context: municipal.Context, lang: str) -> tuple[tuple[Trend, ...], str | None]:
    frame = profile_queries.municipality_values(code)
    refs = municipal.references()
    trends = []
    waves: set[str] = set()
    national_name = text("col.national", lang)
    for ident, rows in frame.groupby("indicator_id", sort=False):
        indicator = context.indicators.get(ident)
        own = rows.dropna(subset=["value"])
        if indicator is None or len(own) < 2:
            continue
        points = []
        for row in rows.to_dict("records"):
            period = str(row["period"])
            national = refs.get((ident, period, "national", None))
            group = refs.get((ident, period, "kommunegruppe", group_code))
            for series, value in (
                    (name, None if is_missing(row["value"]) else float(row["value"])),
                    (national_name, national.value if national else None),
                    (group_name, group.value if group and stats.group_value_usable(
                        group.n_municipalities, group.population_share) else None)):
                if value is not None:
                    points.append(TrendPoint(series, period, int(row["end_year"]), value))
        if indicator.source == SURVEY_SOURCE:
            waves.update(str(p) for p in rows["period"])
        trends.append(Trend(ident, indicator.label(lang), indicator.unit(lang), tuple(points),
                            (name, group_name, national_name), indicator.decimals))
    order = list(context.indicators)
    trends.sort(key=lambda trend: order.index(trend.indicator_id))
    note = text("trends.waves", lang, waves=md(", ".join(sorted(waves)))) if waves else None
    return tuple(trends), note


def _summary(name: str, group_name: str, rows: Sequence[ProfileRow],
             spreads: Mapping[str, float | None], lang: str) -> tuple[Message | str, ...]:
    result = stats.summarise([
        stats.Comparison(row.indicator.id, row.value, row.group, spreads.get(row.indicator.id),
                         row.indicator.direction) for row in rows])
    by_id = {row.indicator.id: row.indicator for row in rows}

    def items(scored: Sequence[stats.Scored]) -> Joined:
        return Joined(tuple(
            message(TEXTS, "summary.item", label=md(by_id[s.indicator_id].label(lang)),
                    value=shown(s.value, by_id[s.indicator_id], lang, markdown=True),
                    reference=shown(s.reference, by_id[s.indicator_id], lang, markdown=True))
            for s in scored), "; ")

    group = md(group_name)
    paragraphs: list[Message | str] = [
        message(TEXTS, "summary.strong", group=group, items=items(result.strongest))
        if result.strongest else text("summary.no_strong", lang, name=md(name), group=group),
        message(TEXTS, "summary.weak", group=group, items=items(result.weakest))
        if result.weakest else text("summary.no_weak", lang, name=md(name), group=group),
    ]
    if result.missing:
        paragraphs.append(text("summary.missing", lang, items=", ".join(
            md(by_id[i].label(lang)) for i in result.missing)))
    paragraphs.append(text("summary.method", lang))
    return tuple(paragraphs)


def build_view(state: ProfileState, context: municipal.Context) -> ProfileView:
    """Everything the profile shows for `state.kommune` (a valid code)."""
    lang = state.lang
    code = state.kommune
    munis = queries.municipalities().set_index("kommune_kode")
    muni = munis.loc[code]
    name = str(muni["name"])
    group_code, region_code = int(muni["kommunegruppe_code"]), int(muni["region_code"])
    group_name = context.groups.get(group_code, str(muni["kommunegruppe_name"]))
    region_name = str(muni["region_name"])
    group_members = [int(c) for c in munis.index[munis["kommunegruppe_code"] == group_code]]

    ids = tuple(context.indicators)
    wide = municipal.latest_wide(ids)
    latest = profile_queries.latest_values(ids)
    ranks = {(r.indicator_id, int(r.kommune_kode)): (r.rank, r.n_ranked)
             for r in latest.itertuples() if int(r.kommune_kode) == code}
    refs = municipal.references()

    col = {key: text(key, lang) for key in ("col.indicator", "col.value", "col.period",
                                             "col.national", "col.rank", "col.percentile",
                                             "col.group_rank", "col.vs_national")}
    col_group = text("col.group", lang, group=group_name)
    col_region = text("col.region", lang, region=region_name)
    rows: list[ProfileRow] = []
    spine: list[SpineRow] = []
    spreads: dict[str, float | None] = {}
    for ident, indicator in context.indicators.items():
        period = context.latest[ident]
        values = wide[ident]
        value = values.get(code)
        national_ref = refs.get((ident, period, "national", None))
        national = national_ref.value if national_ref else None
        group_value, group_cell = _group_text(refs.get((ident, period, "kommunegruppe",
                                                        group_code)), indicator, lang)
        region_value, region_cell = _group_text(refs.get((ident, period, "region",
                                                          region_code)), indicator, lang)
        rank, n_ranked = ranks.get((ident, code), (None, None))
        rank = None if is_missing(rank) else int(rank)
        n_ranked = None if is_missing(n_ranked) else int(n_ranked)
        pct = stats.percentile(code, values, indicator.direction)
        group_ranks = stats.rank_values({c: values.get(c) for c in group_members},
                                        indicator.direction)
        n_group = sum(1 for c in group_members if values.get(c) is not None)
        status = ("none" if indicator.national == "sum"
                  else stats.compare_to(value, national, indicator.direction))
        spreads[ident] = stats.spread(list(values.values()))
        cells = {
            col["col.indicator"]: indicator.label(lang),
            col["col.value"]: shown(value, indicator, lang),
            col["col.period"]: period,
            col["col.national"]: shown(national, indicator, lang),
            col_group: group_cell,
            col_region: region_cell,
            col["col.rank"]: rank_text(rank, n_ranked, indicator.direction, lang)
            if rank is not None else rank_text(None, None, indicator.direction, lang),
            col["col.percentile"]: "—" if pct is None else message(
                TEXTS, "percentile.higher" if indicator.direction == "neutral"
                else "percentile.better", p=Number(round(pct))),
            col["col.group_rank"]: "—" if group_ranks.get(code) is None else text(
                "group_rank", lang, rank=group_ranks[code], n=n_group),
            col["col.vs_national"]: "—" if status == "none"
            else _status_label(status, value, national, lang),
        }
        row = ProfileRow(indicator, period, value, national, group_value, region_value, rank,
                         n_ranked, pct, status, cells)
        rows.append(row)
        spine_row = _spine_row(indicator, values, code, national, status, lang)
        if spine_row is not None:
            spine.append(spine_row)

    sections = tuple(
        (role_label(role, lang), pd.DataFrame([dict(r.cells) for r in rows
                                               if r.indicator.role == role]))
        for role in ROLES if any(r.indicator.role == role for r in rows))

    similar, similar_method = _similar(code, context, lang)
    trends, trend_note = _trends(code, name, group_code, group_name, context, lang)

    hospital = None
    if HOSPITAL in context.indicators:
        indicator = context.indicators[HOSPITAL]
        row = next(r for r in rows if r.indicator.id == HOSPITAL)
        island = None
        if indicator.island_note:
            frame = value_queries.values(HOSPITAL, row.period).set_index("kommune_kode")
            note = frame.loc[code, "island_note_en" if lang == "en" else "island_note_da"]
            island = None if is_missing(note) or not str(note).strip() else md(note)
        hospital = HospitalBox(
            value_line=message(TEXTS, "hospital.value",
                               value=shown(row.value, indicator, lang, markdown=True),
                               rank=rank_text(row.rank, row.n_ranked, indicator.direction,
                                              lang)),
            method=text("hospital.method", lang, text=md(
                f"{indicator.description(lang)} {indicator.caveats(lang)}")),
            island_note=island)

    population = muni["population"]
    built = municipal.build_moment()
    export_columns = (
        Column(text("col.role", lang)), Column(text("col.indicator", lang)),
        Column(text("col.unit", lang)), Column(text("col.period", lang)),
        Column(name, "number", None), Column(text("col.national", lang), "number", None),
        Column(col_group, "number", None), Column(col_region, "number", None),
        Column(text("col.rank", lang), "number", 0), Column(text("col.n_ranked", lang),
                                                            "number", 0),
        Column(text("col.percentile", lang), "number", 0),
    )
    export_rows = tuple(
        (role_label(r.indicator.role, lang), r.indicator.label(lang), r.indicator.unit(lang),
         r.period, r.value, r.national, r.group, r.region, r.rank, r.n_ranked,
         None if r.percentile is None else round(r.percentile))
        for r in rows)
    return ProfileView(
        state=state, code=code, name=name, title=text("title", lang, name=md(name)),
        facts_line=message(TEXTS, "facts", region=md(region_name), group=md(group_name),
                           population=Number(population), period=md(muni["population_period"]),
                           area=Number(muni["area_km2"])),
        summary=_summary(name, group_name, rows, spreads, lang),
        sections=sections, rows=tuple(rows), spine=tuple(spine),
        spine_labels=(text("spine.worse", lang), text("spine.better", lang)),
        role_order=tuple(role_label(role, lang) for role in ROLES),
        trends=trends, trend_note=trend_note, similar=similar, similar_method=similar_method,
        hospital=hospital, sources_line=message(TEXTS, "sources", date=built),
        permalink=permalink(state, context), built_at=built,
        groups_note=text("groups.note", lang),
        export_columns=export_columns, export_rows=export_rows,
        export_decimals=tuple(r.indicator.decimals for r in rows),
    )
