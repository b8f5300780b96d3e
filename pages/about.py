"""About the data: every indicator's definition, unit, direction, source, periods and caveats;
the sources with licences and attribution text; the database's build date. Layout only: the
view (atlas.views.about) assembles the texts from the registry and the database."""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.views import about

ui.require_database()
lang = ui.page_language()
view = about.build_view(lang)

st.title(t("about.title", lang))
st.markdown(t("about.intro", lang))

st.header(t("about.build", lang))
st.markdown(view.build_line)
st.markdown(t("about.methods.text", lang))

st.header(t("about.indicators", lang))
for section in view.sections:
    st.subheader(section.title)
    for card in section.cards:
        with st.container(border=True, key=f"about_{card.indicator_id}"):
            st.markdown(f"#### {card.title}")
            st.markdown(card.description)
            st.markdown("  \n".join(card.facts))
            if card.caveats:
                st.markdown(f"**{t('caveats', lang)}.** {card.caveats}")

st.header(t("about.sources", lang))
st.dataframe(view.sources, hide_index=True, width="stretch",
             column_config={"URL": st.column_config.LinkColumn("URL")})
st.subheader(t("about.boundaries", lang))
st.markdown(t("about.boundaries.text", lang))
st.markdown(f"*{t('about.attribution.dagi', lang)}.*")
