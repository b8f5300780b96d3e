"""The table page's widgets: their values from the URL state, and their callbacks (each
records its change in the URL; pages/table.py keeps the layout)."""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from atlas import ui
from atlas.i18n import is_missing, t
from atlas.ui import static_table
from atlas.views import table as tv

ALL = 0  # "all regions" / "all groups"
FILTERS_KEY = "table_filters"   # the lazy expander of the population and value sliders
DISPLAY_KEY = "table_display"   # the lazy expander of the indicators, top n and ranks
DOWNLOADS_KEY = "table_downloads_popover"   # the lazy popover of the three downloads


def filtering(state: tv.TableState) -> bool:
    """Whether the URL filters by population or values (the filters' expander opens)."""
    return state.pop_min is not None or state.pop_max is not None or bool(state.range)


def set_widgets(state: tv.TableState) -> None:
    """The widgets' values from the state parsed from the URL."""
    for key, value in tv.SCHEMA.widget_values(state.values()).items():
        st.session_state[key] = ALL if value is None and key in ("table_region", "table_gruppe") \
            else list(value) if key == "table_ind" else value
    st.session_state["table_ranks"] = state.ranks == "1"


def on_indicators() -> None:
    # filters and sorting may name indicators no longer shown
    ui.set_list_param("ind", "table_ind", drop=("range", "sort"))


def population_key(view: tv.TableView) -> str:
    """The population slider's key carries its current range: a select slider is a range
    slider only when given a range `value` (not from session state), so each URL state gets
    its own widget, drawn at the URL's range."""
    return "table_pop:{}:{}".format(*view.population_current)


def population_text(view: tv.TableView) -> Callable[[int], str]:
    """The population slider's `format_func`: each stop in the page's language (the view's
    Numbers, rendered here: once per build and language for the stops of every link without
    its own population bounds)."""
    return view.population_numbers.texts(view.state.lang).__getitem__


def on_population(view: tv.TableView) -> None:
    low, high = st.session_state[population_key(view)]
    for param, value, edge in (("pop_min", low, view.population_range[0]),
                               ("pop_max", high, view.population_range[1])):
        if value == edge:
            if param in ui.url_params():
                ui.edit_param(param, None)
        else:
            ui.edit_param(param, str(int(value)))


def range_key(control: tv.RangeControl) -> str:
    """A value slider's key, carrying its current range (as `population_key`)."""
    return "table_range:{}:{}:{}".format(control.indicator_id, *control.current)


def range_text(control: tv.RangeControl, lang: str) -> Callable[[float], str]:
    """A value slider's `format_func`: each stop in the page's language."""
    return control.stops.texts(lang).__getitem__


def on_ranges(view: tv.TableView) -> None:
    chosen = {}
    for control in view.ranges:
        low, high = st.session_state[range_key(control)]
        chosen[control.indicator_id] = (None if low <= control.low else low,
                                        None if high >= control.high else high)
    value = tv.range_param(chosen)
    if value:
        ui.edit_param("range", value)
    elif "range" in ui.url_params():
        ui.edit_param("range", None)


def on_ranks() -> None:
    ui.edit_param("ranks", "1" if st.session_state["table_ranks"] else "0")


def cell_texts(view: tv.TableView) -> list[tuple[str, ...]]:
    """The rows shown as texts in the page's language, in the view's column order: a number
    column's Numbers rendered (each distinct one once per build and language: NumberColumn),
    a text as it is, a missing value "ingen data" / "no data"."""
    lang, frame = view.state.lang, view.frame
    no_data = t("no_data", lang)
    columns = []
    for key in frame.columns:
        number_column = view.numbers.get(key)
        columns.append(number_column.render(frame[key], lang) if number_column is not None
                       else [no_data if is_missing(value) else str(value)
                             for value in frame[key]])
    return list(zip(*columns))


def draw_table(view: tv.TableView, caption: str, embedded: bool) -> None:
    """The rows shown as a static table (atlas.ui.static_table): the municipality's name first
    and kept in view when the table scrolls sideways, each header's tooltip its definition (or
    how a rank or a mark is read), numbers aligned right, missing values "ingen data"; the
    view's Numbers rendered here, in the page's language (`cell_texts`)."""
    keys = list(view.frame.columns)
    first = keys.index("name")
    order = [first, *(i for i in range(len(keys)) if i != first)]
    shown = [keys[i] for i in order]
    static_table.data_table(
        [(view.labels[key], view.helps.get(key)) for key in shown],
        ([cells[i] for i in order] for cells in cell_texts(view)), caption=caption,
        right=[i for i, key in enumerate(shown) if key in view.numeric],
        height=480 if embedded else 720)


def display_options(view: tv.TableView, context: Any, lang: str) -> None:
    """The table's columns and length, in a lazy expander (drawn only while open, as the
    filters; issue 23): which indicators, the first n of the sorting, the rank columns. What
    they chose is in the table itself and the line above it."""
    def text(key: str) -> str:
        return tv.text(key, lang)

    with st.expander(text("display"), key=DISPLAY_KEY, on_change="rerun",
                     icon=":material/view_column:") as box:
        if not box.open:
            return
        st.multiselect(text("indicators"), options=list(view.indicator_options),
                       format_func=view.indicator_options.__getitem__, key="table_ind",
                       placeholder=text("indicators.placeholder"), on_change=on_indicators)
        top_col, ranks_col = st.columns([1, 1], vertical_alignment="bottom")
        top_col.number_input(text("top"), min_value=1, max_value=len(context.municipalities),
                             step=1, key="table_top", placeholder=text("top.placeholder"),
                             help=text("top.help"), on_change=ui.set_param,
                             args=("top", "table_top"))
        ranks_col.toggle(text("ranks"), key="table_ranks", on_change=on_ranks)


def downloads(export: Any, lang: str) -> None:
    """CSV, Excel and sources downloads of the table shown, in a lazy popover (its buttons,
    and Streamlit's download code, only while it is open)."""
    def text(key: str) -> str:
        return tv.text(key, lang)

    with st.popover(text("download"), icon=":material/download:", key=DOWNLOADS_KEY,
                    on_change="rerun") as box:
        if box.open:
            ui.table_downloads(export, {"csv": text("download.csv"),
                                        "xlsx": text("download.xlsx"),
                                        "sources": text("download.sources"),
                                        "file_sources": text("file.sources")},
                               stacked=True)
