"""Data status: what the atlas database holds (municipalities, indicators, sources) and
which core indicators are loaded, with instructions for those that are not."""

import streamlit as st

from atlas.i18n import format_datetime, t
from atlas.query import core
from atlas.status import core_status
from atlas.ui import current_lang, require_database

lang = current_lang()
require_database()

catalogue = core.indicator_catalogue()
info = core.build_info()

st.title(t("data.title", lang))
st.caption(t("data.built", lang, date=format_datetime(info.get("built_at"), lang) or "?",
             sources=info.get("sources_dir", "?"), version=info.get("atlas_version", "?")))

st.header(t("data.core", lang))
for status in core_status(catalogue, lang):
    with st.container(border=True):
        if status.loaded:
            st.markdown(t("data.core.loaded", lang, label=status.label,
                          period=status.latest_period, n=status.n_values))
        else:
            st.markdown(t("data.core.missing", lang, label=status.label))
            st.markdown(status.how_to_load)

st.header(t("data.indicators", lang))
st.dataframe(
    core.indicator_table(lang),
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

municipalities = core.municipalities()
st.header(t("data.municipalities", lang, n=len(municipalities)))
st.dataframe(
    municipalities[["kommune_kode", "name", "region_name", "kommunegruppe_name", "population",
                    "area_km2", "is_island"]],
    hide_index=True, width="stretch",
    column_config={
        "kommune_kode": st.column_config.NumberColumn(t("data.col.code", lang), format="%d"),
        "name": t("data.col.name", lang),
        "region_name": "Region",
        "kommunegruppe_name": t("data.col.group", lang),
        "population": st.column_config.NumberColumn(
            t("data.col.population", lang,
              period=municipalities["population_period"].iloc[0]), format="localized"),
        "area_km2": st.column_config.NumberColumn(t("data.col.area", lang), format="localized"),
        "is_island": st.column_config.CheckboxColumn(t("data.col.island", lang)),
    },
)

st.header(t("data.sources", lang))
st.dataframe(
    core.sources()[["publisher", "table_name", "title", "licence", "url", "n_observations"]],
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
