"""Data status, for everyone: what the atlas has, what is missing and what that means; the
commands to load the rest sit in a collapsed section for administrators. Tables are static
(atlas.ui.static_table: HTML in st.table's look, not ~1,100 Markdown cells for the browser to
build) with numbers written in the app's language (ui.render_frame), so no English table menus
appear."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.ui.scaffold import open_page
from atlas.ui.static_table import static_table
from atlas.views import data_status

lang = open_page().lang
view = data_status.build_view(lang)

st.title(t("data.title", lang))
st.markdown(t("data.intro", lang))
st.caption(ui.render(view.built_line, lang))

st.header(t("data.core", lang))
missing_core = []
for status in view.core:
    if status.loaded:
        st.markdown(t("data.core.loaded.plain", lang, label=status.label,
                      period=status.latest_period, n=status.n_values))
    else:
        st.markdown(t("data.core.missing.plain", lang, label=status.label))
        missing_core.append(status)

if view.missing:
    st.header(t("data.missing.title", lang))
    st.markdown(t("data.missing.text", lang, n=len(view.missing), names=", ".join(view.missing)))

if missing_core:
    with st.expander(t("data.admin", lang), icon=":material/terminal:"):
        for status in missing_core:
            st.markdown(f"**{status.label}**  \n{status.how_to_load}")


def _table(frame, columns: dict[str, str]) -> None:
    """The numbers written in the page's language; the texts escaped for HTML by static_table."""
    static_table(ui.render_frame(frame[list(columns)], lang).rename(columns=columns)
                 .set_index(columns[next(iter(columns))]))


st.header(t("data.indicators", lang))
_table(view.indicators, {
    "label": t("data.col.indicator", lang),
    "role": t("data.col.role", lang),
    "unit": t("data.col.unit", lang),
    "periods": t("data.col.periods", lang),
    "latest_n_values": t("data.col.n_latest", lang),
    "publisher": t("data.col.publisher", lang),
    "table_name": t("data.col.table", lang),
})

st.header(t("data.municipalities", lang, n=len(view.municipalities)))
_table(view.municipalities, {
    "name": t("data.col.name", lang),
    "kommune_kode": t("data.col.code", lang),
    "region_name": t("region", lang),
    "kommunegruppe_name": t("data.col.group", lang),
    "population": t("data.col.population", lang, period=view.population_period),
    "area_km2": t("data.col.area", lang),
    "is_island": t("data.col.island", lang),
})

st.header(t("data.sources", lang))
_table(view.sources, {
    "publisher": t("data.col.publisher", lang),
    "table_name": t("data.col.table", lang),
    "title": t("data.col.title", lang),
    "licence": t("licence", lang),
    "n_observations": t("data.col.n_values", lang),
})
