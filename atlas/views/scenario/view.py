"""The scenario page's view: everything the page shows for one URL state, its numbers as
Numbers and Messages (rendered by the page, the map and the tables where they are drawn)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas.geo.hospital_distance import NoActiveSite
from atlas.i18n import Message, Number, Text, message, message_plural, rounded, site_name
from atlas.views.choropleth import Choropleth, count_text
from atlas.views.scenario.figures import change_choropleth, cluster_choropleth
from atlas.views.scenario.model import ScenarioModel
from atlas.views.scenario.results import compute, municipality_results, totals
from atlas.views.scenario.state import MAP_MODES, ScenarioState
from atlas.views.scenario.tables import cluster_table, moved_table, ranked_table
from atlas.views.scenario.wording import TEXT, text


@dataclass(frozen=True)
class Metric:
    label: str
    value: Text              # Number(12.3, 1, "km") -> "12,3 km"
    delta: Text | None       # a signed Number: st.metric reads its sign
    help: str | None = None
    steady: bool = False     # the delta rounds to 0: shown without an arrow or a colour


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
    summary: Message | str = ""
    metrics: tuple[Metric, ...] = ()
    affected_line: Message | str = ""
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
        Metric(text("metric.mean", lang), Number(sums.mean_scenario, 1, "km"),
               Number(sums.mean_change, 1, "km", signed=True), text("metric.mean.help", lang),
               steady=_steady(sums.mean_change)),
        Metric(text("metric.over", lang), Number(sums.over_scenario, 1, "%"),
               message(TEXT, "points",
                       n=Number(sums.over_scenario - sums.over_today, 1, signed=True)),
               steady=_steady(sums.over_scenario - sums.over_today)),
        Metric(text("metric.out", lang), Number(sums.pushed_out, 0), None),
        Metric(text("metric.in", lang), Number(sums.brought_in, 0), None),
    )
    active = int(scenario.active.sum())
    return ScenarioView(
        blocked=None,
        summary=message(TEXT, "summary", n_active=active, n_today=int(model.baseline.sum()),
                        closed=len(state.off), upgraded=len(state.on),
                        added=message_plural(TEXT, "summary.added", len(state.add))),
        metrics=metrics,
        affected_line=message(TEXT, "metric.affected", n=Number(sums.affected, 0),
                              m=count_text(sums.municipalities_affected)),
        no_change=text("no_change", lang) if state.unchanged else None,
        choropleth=choropleth,
        table=ranked_table(frame, scenario, lang),
        table_caption=text("table.caption", lang),
        clusters_scenario=cluster_table(frame, scenario, False, lang),
        clusters_today=cluster_table(frame, scenario, True, lang),
        moved=moved_table(frame, scenario, lang),
        **base,
    )


def _steady(change: float) -> bool:
    """A change that shows as 0,0: st.metric would draw it as a rise (an up arrow, red on
    this page), as it reads any delta text without a minus sign."""
    return rounded(change, 1) == 0
