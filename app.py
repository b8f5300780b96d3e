"""Ulighedsatlas: entry point. `streamlit run app.py` (see README)."""

import streamlit as st

st.set_page_config(page_title="Ulighedsatlas", page_icon=":material/map:", layout="wide")

navigation = st.navigation([
    st.Page("pages/overview.py", title="Data", icon=":material/table_chart:", url_path="data"),
])
navigation.run()
