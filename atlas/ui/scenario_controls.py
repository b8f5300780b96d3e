"""The scenario page's widget callbacks: each records its change of the scenario in the URL
(pages/scenario.py keeps the layout). A click on the map is kept as a proposed new site
until the visitor adds it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from atlas import ui
from atlas.views import scenario as sv
from atlas.views.geometry import MapGeometry

MAP_KEY = "scenario_map_view"
CLICK_KEY = "scenario_clicked"    # the last map click, proposed as a new site


def set_widgets(state: sv.ScenarioState, view: sv.ScenarioView) -> None:
    """The widgets' values from the scenario parsed from the URL."""
    for key, value in sv.widget_values(state).items():
        st.session_state[key] = value
    st.session_state["scenario_add"] = list(view.added_options)


def _write(param: str, value: str | None) -> None:
    if value:
        ui.edit_param(param, value)
    elif param in ui.url_params():
        ui.edit_param(param, None)


def on_sites(param: str) -> None:
    """The closed (`off`) or upgraded (`on`) sites' list."""
    _write(param, sv.param_text(param, st.session_state.get(f"scenario_{param}")))


def on_added(state: sv.ScenarioState) -> None:
    """The list of new sites: one removed."""
    keep = set(st.session_state.get("scenario_add") or ())
    _write("add", sv.param_text("add", [s for s in state.add if s.to_text() in keep]))


def _add(state: sv.ScenarioState, site: sv.AddedSite) -> None:
    _write("add", sv.param_text("add", [*state.add, site][: sv.MAX_ADDED]))


def add_town(state: sv.ScenarioState, model: sv.ScenarioModel) -> None:
    """A new site in the town chosen from the list."""
    index = st.session_state.get("scenario_town")
    if index is not None:
        _add(state, sv.town_site(model, index))
    st.session_state["scenario_town"] = None


def on_map_point(point: dict[str, float]) -> None:
    """A click on the map: kept, and proposed as a new site (`clicked_proposal`)."""
    st.session_state[CLICK_KEY] = point


def clicked_proposal(model: sv.ScenarioModel, geometry: MapGeometry, lang: str) -> Any:
    """The site proposed by the last click on the map, with its description, or None."""
    return sv.clicked_site(model, geometry, st.session_state.get(CLICK_KEY), lang)


def add_clicked(state: sv.ScenarioState, model: sv.ScenarioModel, geometry: MapGeometry,
                lang: str) -> None:
    proposal = sv.clicked_site(model, geometry, st.session_state.pop(CLICK_KEY, None), lang)
    if proposal:
        _add(state, proposal[0])


def reset() -> None:
    for param in ("off", "on", "add"):
        _write(param, None)


def on_map_mode() -> None:
    ui.set_param("map", "scenario_map", required=True)
