"""The scenario page's words: its bilingual string table and the number formats its texts
share (Danish first, English too)."""

from __future__ import annotations

import functools
from typing import Any

from atlas.i18n import area, format_number, pick

TEXT = area("scenario")   # ids `scenario.*` (docs/i18n.md)


def text(key: str, lang: str, /, **values: Any) -> str:
    return pick(TEXT, key, lang, **values)



def page_title(lang: str) -> str:
    """The page's name in the app's navigation."""
    return text("page", lang)


@functools.lru_cache(maxsize=16384)
def number_text(value: Any, decimals: int, lang: str) -> str:
    """format_number, remembered: most of a scenario's numbers (today's values, unchanged
    municipalities) repeat from one repaint to the next, and Babel takes ~0.1 ms a number."""
    return format_number(value, decimals, lang)


def signed_text(value: float, decimals: int, lang: str) -> str:
    text_ = number_text(value, decimals, lang)
    return f"+{text_}" if value > 0 and text_.strip("0,.") else text_
