"""Data status: what the atlas database holds (municipalities, indicators, sources) and
which core indicators are loaded, with instructions for those that are not."""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.views import data_status

ui.require_database()
lang = ui.page_language()
view = data_status.build_view(lang)

st.title(t("data.title", lang))
st.caption(view.built_line)

st.header(t("data.core", lang))
for status in view.core:
    with st.container(border=True):
        if status.loaded:
            st.markdown(t("data.core.loaded", lang, label=status.label,
                          period=status.latest_period, n=status.n_values))
        else:
            st.markdown(t("data.core.missing", lang, label=status.label))
            st.markdown(status.how_to_load)

st.header(t("data.indicators", lang))
st.dataframe(
    view.indicators,
    hide_index=True, width="stretch",
    column_config={
        "label": t("data.col.indicator", lang),
        "role": t("data.col.role", lang),
        "direction": t("data.col.direction", lang),
        "unit": t("data.col.unit", lang),
        "periods": t("data.col.periods", lang),
        "latest_n_values": st.column_config.NumberColumn(t("data.col.n_latest", lang)),
        "publisher": t("data.col.publisher", lang),
        "table_name": t("data.col.table", lang),
    },
)

st.header(t("data.municipalities", lang, n=len(view.municipalities)))
st.dataframe(
    view.municipalities,
    hide_index=True, width="stretch",
    column_config={
        "kommune_kode": st.column_config.NumberColumn(t("data.col.code", lang), format="%d"),
        "name": t("data.col.name", lang),
        "region_name": "Region",
        "kommunegruppe_name": t("data.col.group", lang),
        "population": st.column_config.NumberColumn(
            t("data.col.population", lang, period=view.population_period),
            format="localized"),
        "area_km2": st.column_config.NumberColumn(t("data.col.area", lang), format="localized"),
        "is_island": st.column_config.CheckboxColumn(t("data.col.island", lang)),
    },
)

st.header(t("data.sources", lang))
st.dataframe(
    view.sources,
    hide_index=True, width="stretch",
    column_config={
        "publisher": t("data.col.publisher", lang),
        "table_name": t("data.col.table", lang),
        "title": t("data.col.title", lang),
        "licence": t("licence", lang),
        "url": st.column_config.LinkColumn("Link"),
        "n_observations": st.column_config.NumberColumn(t("data.col.n_values", lang)),
    },
)
