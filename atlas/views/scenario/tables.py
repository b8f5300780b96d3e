"""The scenario's tables: the most affected municipalities with their need indicators beside,
the health clusters with population-weighted means, and the municipalities that change
cluster. Their numbers are Numbers, rendered where the tables are drawn."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from atlas.i18n import Joined, Number
from atlas.query import core as queries
from atlas.query import profile as profile_queries
from atlas.registry import Indicator, pair_preferences
from atlas.views.scenario.results import UNCHANGED_KM, Scenario
from atlas.views.scenario.wording import text

NEED_COLUMNS = 3


def need_indicators(n: int = NEED_COLUMNS) -> tuple[Indicator, ...]:
    """The need indicators shown beside the results: those of the registry's need x access
    pairs first, then need indicators with a direction (more = worse), then the rest."""
    cat = queries.catalogue().indicators
    needs = [ind for ind in cat.values() if ind.role == "need"]
    preferred = [p[0] for p in pair_preferences()]
    order = {ident: i for i, ident in enumerate(dict.fromkeys(preferred))}
    needs.sort(key=lambda ind: (order.get(ind.id, len(order)),
                                ind.direction != "higher_worse"))
    return tuple(needs[:n])


def outcome_indicator() -> Indicator | None:
    cat = queries.catalogue().indicators
    outcomes = [ind for ind in cat.values() if ind.role == "outcome"]
    preferred = [p[0] for p in pair_preferences()]
    outcomes.sort(key=lambda ind: (0 if ind.id in preferred else 1))
    return outcomes[0] if outcomes else None


def _indicator_values(indicators: Sequence[Indicator]) -> pd.DataFrame:
    """kommune_kode x indicator id, latest period."""
    ids = tuple(ind.id for ind in indicators)
    if not ids:
        return pd.DataFrame()
    long = profile_queries.latest_values(ids)
    return long.pivot(index="kommune_kode", columns="indicator_id", values="value")


def _high_need(values: pd.DataFrame, indicators: Sequence[Indicator]) -> pd.Series:
    """True where a municipality is in the highest-need quarter on any need indicator."""
    flag = pd.Series(False, index=values.index)
    for ind in indicators:
        if ind.id not in values:
            continue
        column = values[ind.id]
        signed = -column if ind.direction == "higher_better" else column
        flag |= signed >= signed.quantile(0.75)
    return flag


def ranked_table(frame: pd.DataFrame, scenario: Scenario, lang: str) -> pd.DataFrame:
    """The most affected municipalities, largest change first, with need indicators beside."""
    needs = need_indicators()
    values = _indicator_values(needs)
    high = _high_need(values, needs) if len(values) else pd.Series(dtype=bool)
    changed = frame[frame["affected"] > 0].copy()
    changed["order"] = -changed["change_km"].abs()
    changed = changed.sort_values(["order", "affected"], ascending=[True, False])
    rows = []
    for row in changed.itertuples():
        code = int(row.kommune_kode)
        flagged = row.change_km >= UNCHANGED_KM and bool(high.get(code, False))
        record = {
            text("col.flag", lang): "⚠" if flagged else "",
            text("col.municipality", lang): str(row.name),
            text("col.change", lang): Number(row.change_km, 1, signed=True),
            text("col.today", lang): Number(row.km_today, 1),
            text("col.scenario", lang): Number(row.km_scenario, 1),
            text("col.over", lang): Joined((Number(row.over_today, 1),
                                            Number(row.over_scenario, 1)), " → "),
            text("col.affected", lang): Number(row.affected, 0),
            text("col.crossing", lang): Number(row.pushed_out - row.brought_in, 0, signed=True),
        }
        for ind in needs:
            value = values.at[code, ind.id] if ind.id in values and code in values.index \
                else None
            record[f"{ind.label(lang)} ({ind.unit(lang)})"] = Number(value, ind.decimals)
        record[text("col.nearest", lang)] = scenario.sites[int(row.site_scenario)].name
        record[text("col.island", lang)] = "⛴" if row.is_island else ""
        rows.append(record)
    return pd.DataFrame(rows)


def cluster_table(frame: pd.DataFrame, scenario: Scenario, today: bool, lang: str
                  ) -> pd.DataFrame:
    """One row per cluster: its site, municipalities, population and population-weighted
    need, access and outcome indicators (means over the members with a value)."""
    column = "site_today" if today else "site_scenario"
    suffix = "today" if today else "scenario"
    needs = need_indicators(2)
    outcome = outcome_indicator()
    shown = [*needs, *([outcome] if outcome else [])]
    values = _indicator_values(shown).reindex(frame["kommune_kode"])
    clusters, member = np.unique(frame[column].to_numpy(int), return_inverse=True)
    n = len(clusters)
    population = frame["population"].to_numpy(float)

    def weighted(column_values: Any) -> np.ndarray:
        v = np.asarray(column_values, dtype=float)
        ok = ~np.isnan(v)
        top = np.bincount(member, np.where(ok, v * population, 0.0), n)
        bottom = np.bincount(member, np.where(ok, population, 0.0), n)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(bottom > 0, top / bottom, np.nan)

    columns = {
        text("col.site", lang): [scenario.sites[int(site)].name for site in clusters],
        text("col.n", lang): np.bincount(member, minlength=n),
        text("col.population", lang): [Number(v, 0)
                                       for v in np.bincount(member, population, n)],
        text("col.distance", lang): [Number(v, 1) for v in weighted(frame[f"km_{suffix}"])],
        text("col.over", lang): [Number(v, 1) for v in weighted(frame[f"over_{suffix}"])],
    }
    for ind in shown:
        series = values[ind.id] if ind.id in values else np.full(len(frame), np.nan)
        columns[f"{ind.label(lang)} ({ind.unit(lang)})"] = [
            Number(v, ind.decimals) for v in weighted(series)]
    names: list[list[str]] = [[] for _ in range(n)]
    for k, name in zip(member, frame["name"]):
        names[k].append(str(name))
    columns[text("col.members", lang)] = [", ".join(sorted(group)) for group in names]
    return pd.DataFrame(columns)


def moved_table(frame: pd.DataFrame, scenario: Scenario, lang: str) -> pd.DataFrame:
    moved = frame[frame["site_today"] != frame["site_scenario"]]
    return pd.DataFrame([{
        text("col.municipality", lang): str(row.name),
        text("col.from", lang): scenario.sites[int(row.site_today)].name,
        text("col.to", lang): scenario.sites[int(row.site_scenario)].name,
        text("col.population", lang): Number(row.population, 0),
    } for row in moved.itertuples()])
