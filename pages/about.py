"""About the data: every indicator's definition, unit, direction, source, periods and caveats;
the sources with licences and attribution text; the database's build date. Layout only: the
texts come from the registry (via the database) and the database's own tables."""

from __future__ import annotations

import streamlit as st

from atlas import i18n
from atlas.i18n import ROLE_ORDER, format_datetime, format_number, t
from atlas.query import core
from atlas.ui import current_lang, require_database

lang = current_lang()
require_database()

catalogue = core.indicator_catalogue()
source_rows = core.sources()
info = core.build_info()

st.title(t("about.title", lang))
st.markdown(t("about.intro", lang))

# --- the database -----------------------------------------------------------------------------
st.header(t("about.build", lang))
built = format_datetime(info.get("built_at"), lang)
parts = [t("about.build.date", lang, date=built) if built else t("about.build.unknown", lang)]
if info.get("atlas_version"):
    parts.append(t("about.build.version", lang, version=info["atlas_version"]))
st.markdown(" ".join(parts))
st.markdown(t("about.methods.text", lang))


def _text(value) -> str:
    return "" if i18n.is_missing(value) else str(value)


# --- indicators, grouped by role ----------------------------------------------------------------
st.header(t("about.indicators", lang))
label_col, unit_col = f"label_{lang}", f"unit_{lang}"
desc_col, cav_col = f"description_{lang}", f"caveats_{lang}"
for role in ROLE_ORDER:
    rows = catalogue[catalogue["role"] == role]
    if rows.empty:
        continue
    st.subheader(i18n.role_label(role, lang))
    for row in rows.to_dict("records"):
        with st.container(border=True, key=f"about_{row['indicator_id']}"):
            st.markdown(f"#### {row[label_col]}")
            st.markdown(_text(row[desc_col]))
            facts = [
                f"**{t('unit', lang)}:** {_text(row[unit_col]) or '—'}",
                f"**{t('direction', lang)}:** {i18n.direction_label(row['direction'], lang)}",
                f"**{t('about.origin', lang)}:** {t('about.origin.' + row['origin'], lang)}"
                if f"about.origin.{row['origin']}" in i18n.STRINGS else "",
            ]
            source = ", ".join(p for p in (_text(row.get("publisher")),
                                           _text(row.get("table_name"))) if p)
            title = _text(row.get("source_title"))
            url = _text(row.get("source_url"))
            if title:
                source = f"{source}: {title}" if source else title
            if url:
                source = f"[{source or url}]({url})"
            if source:
                facts.append(f"**{t('source', lang)}:** {source}")
            if row["has_data"]:
                facts.append(f"**{t('periods', lang)}:** {_text(row['periods'])}")
                facts.append(f"**{t('about.national', lang)}:** "
                             f"{t('national.' + row['national'], lang)}")
            else:
                facts.append(f"**{t('periods', lang)}:** {t('about.not_loaded', lang)}")
            facts.append(
                f"**{t('about.plausible', lang)}:** "
                f"{format_number(row['plausible_min'], int(row['decimals']), lang)} – "
                f"{format_number(row['plausible_max'], int(row['decimals']), lang)}")
            st.markdown("  \n".join(f for f in facts if f))
            caveats = _text(row[cav_col])
            if caveats:
                st.markdown(f"**{t('caveats', lang)}.** {caveats}")

# --- sources ------------------------------------------------------------------------------------
st.header(t("about.sources", lang))


def attribution(publisher: str) -> str:
    if publisher.strip().lower() == "danmarks statistik":
        return t("about.attribution.dst", lang)
    return t("about.attribution.generic", lang, publisher=publisher)


table = [
    {
        t("publisher", lang): _text(row["publisher"]),
        t("table", lang): _text(row["table_name"]),
        "Titel" if lang == "da" else "Title": _text(row["title"]),
        t("licence", lang): _text(row["licence"]),
        t("about.attribution", lang): attribution(_text(row["publisher"])),
        "URL": _text(row["url"]) or None,
    }
    for row in source_rows.to_dict("records")
]
st.dataframe(table, hide_index=True, width="stretch",
             column_config={"URL": st.column_config.LinkColumn("URL")})
st.subheader(t("about.boundaries", lang))
st.markdown(t("about.boundaries.text", lang))
st.markdown(f"*{t('about.attribution.dagi', lang)}.*")
