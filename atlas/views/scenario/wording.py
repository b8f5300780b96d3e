"""The scenario page's words: its area of the message catalogue (Danish first, English too).
Its numbers are Numbers in the view, formatted where they are drawn (atlas.i18n.render)."""

from __future__ import annotations

from typing import Any

from atlas.i18n import area, pick

TEXT = area("scenario")   # ids `scenario.*` (docs/i18n.md)


def text(key: str, lang: str, /, **values: Any) -> str:
    return pick(TEXT, key, lang, **values)


def page_title(lang: str) -> str:
    """The page's name in the app's navigation."""
    return text("page", lang)
