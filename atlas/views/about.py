"""The About page's view: every indicator's definition, unit, direction, source, periods and
caveats, grouped by role; the sources with licences and attribution; the build date. Its
numbers and the build date are Numbers, Moments and Messages, rendered by the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from atlas.db import per_build
from atlas.i18n import (
    STRINGS,
    Joined,
    Moment,
    Number,
    Text,
    direction_label,
    is_missing,
    message,
    publisher_name,
    role_label,
    source_wording,
    t,
)
from atlas.query import core as queries
from atlas.registry import ROLES, display_label
from atlas.views import autocorrelation
from atlas.views.text import md


@dataclass(frozen=True)
class IndicatorCard:
    indicator_id: str
    title: str            # Markdown-safe
    description: str      # Markdown-safe
    facts: tuple[Text, ...]  # Markdown lines ("**Enhed:** år")
    caveats: str          # Markdown-safe, may be empty
    pattern: Text = ""    # Moran's I of the latest period in plain words (Markdown), or ""


@dataclass(frozen=True)
class RoleSection:
    title: str
    cards: tuple[IndicatorCard, ...]


@dataclass(frozen=True)
class AboutView:
    build_line: Text
    sections: tuple[RoleSection, ...]
    sources: list[dict[str, Any]]     # rows for the sources table (column label -> text)
    pattern_title: str = ""
    pattern_lines: tuple[Text, ...] = ()  # what Moran's I is, how to read it, the neighbours


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value)


def attribution(publisher: str, lang: str) -> str:
    """The attribution line a publisher asks for (Statistics Denmark has a fixed wording)."""
    if publisher.strip().lower() == "danmarks statistik":
        return t("about.attribution.dst", lang)
    return t("about.attribution.generic", lang, publisher=publisher_name(publisher, lang))


def _source_markdown(row: dict[str, Any], lang: str = "da") -> str:
    source = ", ".join(md(p) for p in (publisher_name(_text(row.get("publisher")), lang),
                                       source_wording(_text(row.get("table_name")), lang))
                       if p)
    title = md(source_wording(_text(row.get("source_title")), lang))
    if title:
        source = f"{source}: {title}" if source else title
    url = _text(row.get("source_url"))
    if url.startswith(("https://", "http://")) and source:
        source = f"[{source}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"
    return source


def _card(row: dict[str, Any], lang: str) -> IndicatorCard:
    suffix = "en" if lang == "en" else "da"
    facts: list[Text] = [
        f"**{t('unit', lang)}:** {md(_text(row[f'unit_{suffix}'])) or '—'}",
        f"**{t('direction', lang)}:** {direction_label(row['direction'], lang)}",
    ]
    if f"about.origin.{row['origin']}" in STRINGS:
        facts.append(f"**{t('about.origin', lang)}:** {t('about.origin.' + row['origin'], lang)}")
    source = _source_markdown(row, lang)
    if source:
        facts.append(f"**{t('source', lang)}:** {source}")
    if row["has_data"]:
        facts.append(f"**{t('periods', lang)}:** {md(_text(row['periods']))}")
        facts.append(Joined((f"**{t('about.national', lang)}:** ",
                             message(STRINGS, f"national.{row['national']}",
                                     n=Number(row["latest_n_values"])))))
    else:
        facts.append(f"**{t('periods', lang)}:** {t('about.not_loaded', lang)}")
    decimals = int(row["decimals"])
    facts.append(Joined((f"**{t('about.plausible', lang)}:** ",
                         Number(row["plausible_min"], decimals), " – ",
                         Number(row["plausible_max"], decimals))))
    return IndicatorCard(
        indicator_id=str(row["indicator_id"]),
        title=md(display_label(row[f"label_{suffix}"], bool(row["user_supplied"]), lang)),
        description=md(_text(row[f"description_{suffix}"])),
        facts=tuple(facts),
        caveats=md(_text(row[f"caveats_{suffix}"])),
        pattern=_pattern(row, lang),
    )


def _pattern(row: dict[str, Any], lang: str) -> Text:
    """"Geografisk mønster (2024): Nabokommuner ligner hinanden …" for the latest period."""
    period = _text(row.get("latest_period"))
    if not row["has_data"] or not period:
        return ""
    result = autocorrelation.indicator_moran(str(row["indicator_id"]), period)
    return Joined((f"**{autocorrelation.text('heading', lang)} ({md(period)}):** ",
                   autocorrelation.summary_message(result)))


@per_build
def build_view(lang: str) -> AboutView:
    """The About page's content in `lang`: the same for every visitor, so computed once per
    build and language (the indicator cards' Moran summaries cost most of a run; issue 23).
    Shared between sessions: read it, never change it."""
    info = queries.build_info()
    built = info.get("built_at")
    parts: list[Text] = [message(STRINGS, "about.build.date", date=Moment(built))
                         if built not in (None, "") else t("about.build.unknown", lang)]
    if info.get("atlas_version"):
        parts.append(t("about.build.version", lang, version=md(info["atlas_version"])))
    catalogue = queries.indicator_catalogue().to_dict("records")
    sections = tuple(
        RoleSection(role_label(role, lang),
                    tuple(_card(row, lang) for row in catalogue if row["role"] == role))
        for role in ROLES if any(row["role"] == role for row in catalogue))
    sources = [
        {
            t("publisher", lang): publisher_name(_text(row["publisher"]), lang),
            t("table", lang): source_wording(_text(row["table_name"]), lang),
            t("data.col.title", lang): source_wording(_text(row["title"]), lang),
            t("licence", lang): source_wording(_text(row["licence"]), lang),
            t("about.attribution", lang): attribution(_text(row["publisher"]), lang),
            "URL": _text(row["url"]) or None,
        }
        for row in queries.sources().to_dict("records")
    ]
    pattern_lines = (autocorrelation.text("about.text", lang),
                     autocorrelation.how(),
                     autocorrelation.weights(),
                     autocorrelation.text("reference", lang,
                                          reference=autocorrelation.MORAN_REFERENCE))
    return AboutView(build_line=Joined(tuple(parts), " "), sections=sections, sources=sources,
                     pattern_title=autocorrelation.text("about.title", lang),
                     pattern_lines=pattern_lines)
