"""The table page's widgets: their values from the URL state, and their callbacks (each
records its change in the URL; pages/table.py keeps the layout)."""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.views import table as tv

ALL = 0  # "all regions" / "all groups"


def set_widgets(state: tv.TableState, view: tv.TableView) -> None:
    """The widgets' values from the state parsed from the URL."""
    for key, value in tv.SCHEMA.widget_values(state.values()).items():
        st.session_state[key] = ALL if value is None and key in ("table_region", "table_gruppe") \
            else list(value) if key == "table_ind" else value
    st.session_state["table_ranks"] = state.ranks == "1"
    for control in view.ranges:
        st.session_state[f"table_range_{control.indicator_id}"] = control.current


def on_indicators() -> None:
    # filters and sorting may name indicators no longer shown
    ui.set_list_param("ind", "table_ind", drop=("range", "sort"))


def population_key(view: tv.TableView) -> str:
    """The population slider's key carries its current range: a select slider is a range
    slider only when given a range `value` (not from session state), so each URL state gets
    its own widget, drawn at the URL's range."""
    return "table_pop:{}:{}".format(*view.population_current)


def on_population(view: tv.TableView) -> None:
    low, high = st.session_state[population_key(view)]
    for param, value, edge in (("pop_min", low, view.population_range[0]),
                               ("pop_max", high, view.population_range[1])):
        if value == edge:
            if param in ui.url_params():
                ui.edit_param(param, None)
        else:
            ui.edit_param(param, str(int(value)))


def on_ranges(view: tv.TableView) -> None:
    chosen = {}
    for control in view.ranges:
        low, high = st.session_state[f"table_range_{control.indicator_id}"]
        chosen[control.indicator_id] = (None if low <= control.low else low,
                                        None if high >= control.high else high)
    value = tv.range_param(chosen)
    if value:
        ui.edit_param("range", value)
    elif "range" in ui.url_params():
        ui.edit_param("range", None)


def on_ranks() -> None:
    ui.edit_param("ranks", "1" if st.session_state["table_ranks"] else "0")


# Column widths in pixels: the texts narrow, so the numbers are in view even in a 760 px
# article embed (issue 21); a header cut short is shown in full in its tooltip (`help`).
_WIDTHS = {"code": 56, "name": 130, "region": 150, "gruppe": 150, "population": 100}
_EMBED_WIDTHS = {"region": 110, "gruppe": 110}
_VALUE_WIDTH = 150


def column_config(view: tv.TableView, embedded: bool) -> dict[str, st.column_config.Column]:
    """Each column's header, tooltip and width; the name pinned, so it stays beside the
    numbers when the table scrolls sideways."""
    widths = {**_WIDTHS, **(_EMBED_WIDTHS if embedded else {})}
    return {key: st.column_config.Column(label, help=view.helps.get(key),
                                         width=widths.get(key, _VALUE_WIDTH),
                                         pinned=True if key == "name" else None)
            for key, label in view.labels.items()}
