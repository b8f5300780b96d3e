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
st.markdown(f"{ui.render(view.build_line, lang)}\n\n{t('about.methods.text', lang)}")
st.subheader(view.pattern_title)
# Moran's I: neighbouring municipalities are alike
st.markdown("\n\n".join(ui.render(line, lang) for line in view.pattern_lines))

# Each card one Markdown element and the sources one list: every element is a separate piece of
# Markdown for a new visitor's browser to parse and draw (issue 23: ~220 elements before)
st.header(t("about.indicators", lang))
for section in view.sections:
    st.subheader(section.title)
    for card in section.cards:
        with st.container(border=True, key=f"about_{card.indicator_id}"):
            st.markdown("\n\n".join(part for part in (
                f"#### {card.title}", card.description,
                "  \n".join(ui.render(fact, lang) for fact in card.facts),
                f"**{t('caveats', lang)}.** {card.caveats}" if card.caveats else "",
                ui.render(card.pattern, lang) if card.pattern else "") if part))

st.header(t("about.sources", lang))
# one Markdown list rather than st.dataframe: its toolbar and menus speak English only
lines = []
for row in view.sources:
    facts = [ui.md(value) for key, value in row.items() if key != "URL" and value]
    url = row.get("URL")
    line = " · ".join(facts)
    if url and str(url).startswith(("https://", "http://")):
        line += f" · [{ui.md(url)}](<{url}>)"
    lines.append(f"- {line}")
st.markdown("\n".join(lines))
st.subheader(t("about.boundaries", lang))
st.markdown(f"{t('about.boundaries.text', lang)}\n\n*{t('about.attribution.dagi', lang)}.*")
