"""The scenario page's view: everything the page shows for one URL state."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas.geo.hospital_distance import NoActiveSite
from atlas.i18n import format_count, format_number, plural, site_name
from atlas.views.choropleth import Choropleth
from atlas.views.scenario.figures import change_choropleth, cluster_choropleth
from atlas.views.scenario.model import ScenarioModel
from atlas.views.scenario.results import compute, municipality_results, totals
from atlas.views.scenario.state import MAP_MODES, ScenarioState
from atlas.views.scenario.tables import cluster_table, moved_table, ranked_table
from atlas.views.scenario.wording import TEXT, signed_text, text


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: str | None
    help: str | None = None


@dataclass(frozen=True)
class ScenarioView:
    state: ScenarioState
    title: str
    intro: str
    permalink: dict[str, str]
    off_options: dict[str, str]        # site id -> name
    on_options: dict[str, str]
    town_options: dict[int, str]       # index into model.towns -> "Town (Municipality)"
    added_options: dict[str, str]      # URL text of an added site -> its name
    map_modes: dict[str, str]
    blocked: str | None                # every site closed: the message instead of results
    summary: str = ""
    metrics: tuple[Metric, ...] = ()
    affected_line: str = ""
    no_change: str | None = None
    choropleth: Choropleth | None = None
    table: pd.DataFrame | None = None
    table_caption: str = ""
    clusters_scenario: pd.DataFrame | None = None
    clusters_today: pd.DataFrame | None = None
    moved: pd.DataFrame | None = None
    method: str = ""


def build_view(state: ScenarioState, model: ScenarioModel, *, inset: bool = True
               ) -> ScenarioView:
    """Everything the scenario page shows for `state` (validated by parse_state)."""
    lang = state.lang
    base = dict(
        state=state, title=text("title", lang),
        intro=text("intro", lang, n=int(model.baseline.sum())),
        permalink=state.to_params(model),
        off_options={s.id: site_name(s.name, lang) for s in model.sites if s.baseline},
        on_options={s.id: site_name(s.name, lang) for s in model.sites
                    if s.kind == "akutklinik"},
        town_options={i: town.label for i, town in enumerate(model.towns)},
        added_options={site.to_text(): site.name for site in state.add},
        map_modes={mode: text(f"map.{mode}", lang) for mode in MAP_MODES},
        method=text("method.text", lang),
    )
    try:
        scenario = compute(state, model)
    except NoActiveSite:
        return ScenarioView(blocked=text("no_site", lang), **base)
    frame = municipality_results(scenario, model)
    sums = totals(scenario, model, frame)
    notes = [text("notes.points", lang)] + ([text("notes.inset", lang)] if inset else [])
    if state.map == "change":
        choropleth = change_choropleth(state, scenario, frame, sums, lang, notes)
    else:
        choropleth = cluster_choropleth(state, scenario, frame, state.map == "clusters-today",
                                        lang, notes)
    metrics = (
        Metric(text("metric.mean", lang), f"{format_number(sums.mean_scenario, 1, lang)} km",
               f"{signed_text(sums.mean_change, 1, lang)} km", text("metric.mean.help", lang)),
        Metric(text("metric.over", lang), f"{format_number(sums.over_scenario, 1, lang)} %",
               text("points", lang, n=signed_text(sums.over_scenario - sums.over_today, 1, lang))),
        Metric(text("metric.out", lang), format_number(sums.pushed_out, 0, lang), None),
        Metric(text("metric.in", lang), format_number(sums.brought_in, 0, lang), None),
    )
    active = int(scenario.active.sum())
    return ScenarioView(
        blocked=None,
        summary=text("summary", lang, n_active=active, n_today=int(model.baseline.sum()),
                     closed=len(state.off), upgraded=len(state.on),
                     added=plural(TEXT, "summary.added", len(state.add), lang)),
        metrics=metrics,
        affected_line=text("metric.affected", lang, n=format_number(sums.affected, 0, lang),
                           m=format_count(sums.municipalities_affected, lang)),
        no_change=text("no_change", lang) if state.unchanged else None,
        choropleth=choropleth,
        table=ranked_table(frame, scenario, lang),
        table_caption=text("table.caption", lang),
        clusters_scenario=cluster_table(frame, scenario, False, lang),
        clusters_today=cluster_table(frame, scenario, True, lang),
        moved=moved_table(frame, scenario, lang),
        **base,
    )
