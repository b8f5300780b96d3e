"""Texts of the upload page ("Egne data" / "Your own data"), Danish and English.

Kept here rather than in atlas/i18n.py so that the page's wording lives beside its logic
(atlas/upload/flow.py). `tr(key, lang, **values)` formats a text; `reject_reason` and
`failure_message` word the reader's and the import's structured reasons.

Most texts are Streamlit Markdown. Text from the data, the file or the user goes into them
through `escape_markdown` (shown literally) or, for paths and source ids, `code_span`.
"""

from __future__ import annotations

import re
from typing import Any

from atlas.i18n import area, pick
from atlas.views.text import md

TEXT = area("upload")   # ids `upload.*` (docs/i18n.md)

REJECT_REASONS = area("upload.reject")   # ids `upload.reject.*` (docs/i18n.md)

FAILURES = area("upload.failure")   # ids `upload.failure.*` (docs/i18n.md)


def escape_markdown(text: Any) -> str:
    """Text from the data, the file or the user, shown literally in Streamlit Markdown (one
    line): the atlas's one escaping helper, `atlas.views.text.md`."""
    return md(text)


def code_span(text: Any) -> str:
    """Text (a path, a source id) as inline code, literally: fenced by a run of backticks
    longer than any inside it (inside code, Markdown's backslash escapes do not apply)."""
    text = " ".join(str(text).splitlines())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def tr(key: str, lang: str, **values: Any) -> str:
    return pick(TEXT, key, lang, **values)


def rows_phrase(n: int, empty: int, lang: str) -> str:
    """"4 rækker" / "4 rækker, heraf 1 uden værdi (ikke offentliggjort)"."""
    rows = tr("row" if n == 1 else "rows", lang)
    if not empty:
        return f"{n} {rows}"
    return tr("rows.some_empty", lang, n=n, rows=rows, empty=empty)


def field_names(missing: list[str], lang: str) -> str:
    """'label_da', 'unit' … as the form's own field labels."""
    names = {"label_da": tr("new.label_da", lang), "label_en": tr("new.label_en", lang),
             "unit": tr("new.unit_da", lang) + (" og " if lang != "en" else " and ")
             + tr("new.unit_en", lang).lower(),
             "unit_da": tr("new.unit_da", lang), "unit_en": tr("new.unit_en", lang),
             "id": tr("new.id", lang).split(" (")[0]}
    shown = [f"«{names.get(m, m)}»" if lang != "en" else f"“{names.get(m, m)}”" for m in missing]
    return ", ".join(shown)


def reject_reason(row: Any, lang: str) -> str:
    """A rejected row's reason in `lang` (the reader's English text when the kind is unknown)."""
    kind = getattr(row, "kind", "")
    if kind not in REJECT_REASONS:
        return row.reason
    try:
        return REJECT_REASONS.text(kind, lang, **row.detail)
    except (KeyError, IndexError):
        return row.reason


# failure details shown as inline code; every other text detail is escaped
_CODE_DETAILS = ("target", "start_from")


def failure_message(problem: Any, lang: str) -> str:
    """An ImportFailed (or other AtlasError) worded in `lang`, as Markdown: the details (which
    come from the file, the user or the disk) are shown literally."""
    kind = getattr(problem, "kind", "other")
    detail = {key: code_span(value) if key in _CODE_DETAILS
              else escape_markdown(value) if isinstance(value, str) else value
              for key, value in getattr(problem, "detail", {}).items()}
    if kind not in FAILURES:
        return escape_markdown(problem)
    if kind == "outside_range":
        def number(value: float) -> str:
            text = f"{value:g}"
            return text if lang == "en" else text.replace(".", ",")

        detail["example"] = ", ".join(
            (f"linje {line}: {number(value)}" if lang != "en" else f"line {line}: {number(value)}")
            for line, value in detail.get("lines", [])[:3])
        detail["low"], detail["high"] = number(detail["low"]), number(detail["high"])
        unit = "unit_da" if lang == "da" else "unit_en"   # the unit in the page's language
        if unit in detail:
            detail["unit"] = detail[unit]
    if kind == "clash":
        detail["periods"] = escape_markdown(", ".join(detail.get("periods", [])))
        detail["sources"] = escape_markdown(", ".join(detail.get("sources", [])))
    if kind == "undescribed":
        detail["fields"] = field_names(detail.get("missing", []), lang)
    if kind == "outside_snapshot":
        detail["codes"] = ", ".join(map(str, detail.get("codes", [])))
    try:
        return FAILURES.text(kind, lang, **detail)
    except (KeyError, IndexError, ValueError):
        return escape_markdown(problem)
