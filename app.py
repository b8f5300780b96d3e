"""Ulighedsatlas: entry point. `streamlit run app.py` (see README)."""

import streamlit as st

from atlas.i18n import current_lang, t

st.set_page_config(page_title="Ulighedsatlas", page_icon=":material/map:", layout="wide")

lang = current_lang()
navigation = st.navigation([
    st.Page("pages/map.py", title=t("page.map", lang), icon=":material/map:", url_path="kort",
            default=True),
    st.Page("pages/overview.py", title="Data", icon=":material/table_chart:", url_path="data"),
    st.Page("pages/about.py", title=t("page.about", lang), icon=":material/info:",
            url_path="om-data"),
])
navigation.run()
