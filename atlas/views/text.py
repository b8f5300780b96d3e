"""Text from data, uploads or the URL, made safe for the places Streamlit renders Markdown.

`st.markdown`, `st.caption`, `st.warning`, titles and widget labels all render Markdown: a
municipality name, an indicator label from an upload or a value echoed from the URL could
otherwise carry a link or an image that the browser fetches. Every such text goes through
`md()` before it is placed into a Markdown string; raw HTML is escaped separately (`html.escape`)
where the renderers build HTML.

Control characters are taken out of text by `atlas.sanitize` (used here too).
"""

from __future__ import annotations

import re
from typing import Any

ECHO_LIMIT = 60
# Everything Markdown (CommonMark + GitHub extensions + Streamlit's :colour[...] and
# :material/icon: directives and $math$) may treat as syntax.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_{}\[\]()<>#!|~:$.])")
# List markers and setext underlines only count at the start of a line ("1." is covered above).
_LINE_START = re.compile(r"^([-+=])")


# GitHub-flavoured Markdown (remark-gfm, which Streamlit uses) turns bare addresses into links
# after escapes are resolved (http://…, www.…, name@host): an invisible word joiner breaks
# them up; it is neither shown nor copied as a space.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|www)(?=\\[:.])|(?=@)")


def md(value: Any) -> str:
    """`value` as literal text inside Markdown: every active character backslash-escaped, line
    breaks folded to spaces, bare addresses kept from becoming links."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = _MARKDOWN_ACTIVE.sub(r"\\\1", text)
    text = _AUTOLINK.sub(lambda found: (found.group(1) or "") + WORD_JOINER, text)
    return _LINE_START.sub(r"\\\1", text)


def shorten(value: Any, limit: int = ECHO_LIMIT) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def echo(value: Any) -> str:
    """A value echoed back from user input (e.g. an invalid URL parameter): at most 60
    characters, Markdown-escaped."""
    return md(shorten(value))


def plain(markdown: str) -> str:
    """Text escaped by `md()` (or any backslash escapes) back to plain text, for renderers
    that draw text literally (SVG/PNG figures)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")
