"""Data status: what the atlas database holds (municipalities, indicators, sources) and
which core indicators are loaded, with instructions for those that are not."""

import streamlit as st

from atlas.i18n import format_datetime
from atlas.query import core
from atlas.status import core_status
from atlas.ui import current_lang, require_database

lang = current_lang()
en = lang == "en"
require_database()

catalogue = core.indicator_catalogue()
info = core.build_info()

st.title("Data status" if en else "Datastatus")
built = format_datetime(info.get("built_at"), lang) or "?"
st.caption(
    (f"Database built {built} from `{info.get('sources_dir', '?')}` "
     f"(Ulighedsatlas {info.get('atlas_version', '?')}).") if en else
    (f"Databasen er bygget {built} fra `{info.get('sources_dir', '?')}` "
     f"(Ulighedsatlas {info.get('atlas_version', '?')}).")
)

st.header("Core indicators" if en else "Kerneindikatorer")
for status in core_status(catalogue, lang):
    with st.container(border=True):
        if status.loaded:
            st.markdown(
                f":material/check_circle: **{status.label}** — "
                + (f"loaded, latest period {status.latest_period}, "
                   f"{status.n_values} municipalities with a value" if en else
                   f"indlæst, seneste periode {status.latest_period}, "
                   f"{status.n_values} kommuner med en værdi")
            )
        else:
            st.markdown(f":material/warning: **{status.label}** — "
                        + ("not in this database" if en else "findes ikke i denne database"))
            st.markdown(status.how_to_load)

st.header("Indicators" if en else "Indikatorer")
st.dataframe(
    core.indicator_table(lang),
    hide_index=True, width="stretch",
    column_config={
        "label": "Indicator" if en else "Indikator",
        "role": "Role" if en else "Rolle",
        "direction": "Direction" if en else "Retning",
        "unit": "Unit" if en else "Enhed",
        "periods": "Periods" if en else "Perioder",
        "latest_n_values": st.column_config.NumberColumn(
            "Municipalities with data (latest)" if en else "Kommuner med data (seneste)"),
        "publisher": "Publisher" if en else "Udgiver",
        "table_name": "Table" if en else "Tabel",
    },
)

municipalities = core.municipalities()
st.header(("Municipalities" if en else "Kommuner") + f" ({len(municipalities)})")
st.dataframe(
    municipalities[["kommune_kode", "name", "region_name", "kommunegruppe_name", "population",
                    "area_km2", "is_island"]],
    hide_index=True, width="stretch",
    column_config={
        "kommune_kode": st.column_config.NumberColumn("Code" if en else "Kode", format="%d"),
        "name": "Name" if en else "Navn",
        "region_name": "Region",
        "kommunegruppe_name": "Kommunegruppe",
        "population": st.column_config.NumberColumn(
            ("Population" if en else "Folketal")
            + f" ({municipalities['population_period'].iloc[0]})",
            format="localized"),
        "area_km2": st.column_config.NumberColumn("Area km²" if en else "Areal km²",
                                                  format="localized"),
        "is_island": st.column_config.CheckboxColumn(
            "Ferry-only island" if en else "Ø uden fast forbindelse"),
    },
)

st.header("Sources" if en else "Kilder")
st.dataframe(
    core.sources()[["publisher", "table_name", "title", "licence", "url", "n_observations"]],
    hide_index=True, width="stretch",
    column_config={
        "publisher": "Publisher" if en else "Udgiver",
        "table_name": "Table" if en else "Tabel",
        "title": "Title" if en else "Titel",
        "licence": "Licence" if en else "Licens",
        "url": st.column_config.LinkColumn("Link"),
        "n_observations": st.column_config.NumberColumn(
            "Values in atlas" if en else "Værdier i atlasset"),
    },
)
