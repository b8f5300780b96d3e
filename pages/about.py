"""About the data: every indicator's definition, unit, direction, source, periods and caveats;
the sources with licences and attribution text; the database's build date. Layout only: the
view (atlas.views.about) assembles the texts from the registry and the database."""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.ui.scaffold import open_page
from atlas.views import about

lang = open_page().lang
view = about.build_view(lang)

st.title(t("about.title", lang))
st.markdown(t("about.intro", lang))

st.header(t("about.build", lang))
st.markdown(ui.render(view.build_line, lang))
st.markdown(t("about.methods.text", lang))
st.subheader(view.pattern_title)
for line in view.pattern_lines:     # Moran's I: neighbouring municipalities are alike
    st.markdown(ui.render(line, lang))

st.header(t("about.indicators", lang))
for section in view.sections:
    st.subheader(section.title)
    for card in section.cards:
        with st.container(border=True, key=f"about_{card.indicator_id}"):
            st.markdown(f"#### {card.title}")
            st.markdown(card.description)
            st.markdown("  \n".join(ui.render(fact, lang) for fact in card.facts))
            if card.caveats:
                st.markdown(f"**{t('caveats', lang)}.** {card.caveats}")
            if card.pattern:
                st.markdown(ui.render(card.pattern, lang))

st.header(t("about.sources", lang))
# one Markdown list rather than st.dataframe: its toolbar and menus speak English only
for row in view.sources:
    facts = [ui.md(value) for key, value in row.items() if key != "URL" and value]
    url = row.get("URL")
    line = " · ".join(facts)
    if url and str(url).startswith(("https://", "http://")):
        line += f" · [{ui.md(url)}](<{url}>)"
    st.markdown(f"- {line}")
st.subheader(t("about.boundaries", lang))
st.markdown(t("about.boundaries.text", lang))
st.markdown(f"*{t('about.attribution.dagi', lang)}.*")
