"""One URL-state schema per page: each query parameter declared once.

A `Param` says what a parameter is called, how its text becomes a value (or why it cannot),
its default, how the default is described in a notice, whether the canonical URL always
carries it, and which widget shows it. The same declaration serves

- the parser (`Schema.parse`: raw query parameters -> values + notices, never raising),
- the widget defaults (`Schema.widget_values`),
- the permalink (`Schema.to_params`: canonical query parameters), and
- the "invalid value" notice (the echoed value is escaped and shortened).

Pure: no Streamlit, no database. A page's schema gets a `context` object (what is valid: the
indicators with data, the municipalities, …) from its view module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence
from urllib.parse import urlencode, urlsplit, urlunsplit

from atlas.i18n import LANG_NAMES, parse_lang, t
from atlas.views.text import echo


class Invalid(ValueError):
    """A parameter's text cannot be used; `notice_key` names the i18n notice to show and
    `shown` what the notice calls the value (default: the text as given)."""

    def __init__(self, notice_key: str = "notice.invalid_param", shown: str | None = None
                 ) -> None:
        super().__init__(notice_key)
        self.notice_key = notice_key
        self.shown = shown


# The longest text read from one query parameter. The longest valid value (50 site ids, 10
# added sites with their names, every indicator with a value range) is far shorter; anything
# beyond is cut before it is parsed, so no URL costs more than this much work (issue 22).
MAX_TEXT = 4_000
# Per-item notices (unknown municipalities, unusable sites) shown at most, then "and N more".
SHOWN_NOTICES = 3

Values = dict[str, Any]
Parser = Callable[[str, Any, Values], Any]            # (text, context, values so far) -> value
Default = Callable[[Any, Values], Any]               # (context, values so far) -> value
Describe = Callable[[Any, Any, str], str]            # (default value, context, lang) -> text


@dataclass(frozen=True)
class Param:
    name: str
    parse: Parser
    default: Default
    describe: Describe = lambda value, context, lang: str(value)  # noqa: E731
    always: bool = False          # in the canonical URL even at its default
    widget: str | None = None     # session-state key of the widget that shows it
    to_text: Callable[[Any], str] = str


def choice(options: Callable[[Any, Values], Iterable[Any]], *, lower: bool = True) -> Parser:
    """A parser accepting one of `options(context, values)` (case-insensitive for text)."""

    def parse(text: str, context: Any, values: Values) -> Any:
        allowed = list(options(context, values))
        wanted = text.strip().lower() if lower else text.strip()
        for option in allowed:
            if (str(option).lower() if lower else str(option)) == wanted:
                return option
        raise Invalid()

    return parse


def integer(options: Callable[[Any, Values], Iterable[int]]) -> Parser:
    """A parser accepting an integer among `options(context, values)`: a `range` (checked
    arithmetically, never expanded) or a collection of codes (a mapping's keys)."""

    def parse(text: str, context: Any, values: Values) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            raise Invalid() from None
        if number not in options(context, values):   # range / dict / set: no copy made
            raise Invalid()
        return number

    return parse


def constant(value: Any) -> Default:
    return lambda context, values: value


LANG = Param(
    name="lang",
    parse=lambda text, context, values: _lang(text),
    default=constant("da"),
    describe=lambda value, context, lang: LANG_NAMES[value],
    always=True,
)


def _lang(text: str) -> str:
    lang, valid = parse_lang(text)
    if not valid:
        raise Invalid()
    return lang


@dataclass(frozen=True)
class Schema:
    """The parameters of one page, in parsing order (`lang` first: notices use it)."""

    params: Sequence[Param]
    by_name: Mapping[str, Param] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {param.name: param for param in self.params})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(param.name for param in self.params)

    def parse(self, raw: Mapping[str, Any], context: Any) -> tuple[Values, list[str]]:
        """(values, notices): every invalid value falls back to its default with a notice."""
        values: Values = {}
        failures: list[tuple[Param, str, Invalid]] = []
        for param in self.params:
            text = param_text(raw, param.name)
            if text is None or text.strip() == "":
                values[param.name] = param.default(context, values)
                continue
            try:
                values[param.name] = param.parse(text, context, values)
            except Invalid as invalid:
                values[param.name] = param.default(context, values)
                failures.append((param, str(text), invalid))
        lang = values.get("lang", "da")
        notices = [
            t(invalid.notice_key, lang, param=param.name,
              value=echo(invalid.shown if invalid.shown is not None else text),
              default=param.describe(values[param.name], context, lang))
            for param, text, invalid in failures
        ]
        return values, notices

    def to_params(self, values: Values, context: Any) -> dict[str, str]:
        """Canonical query parameters: `always` parameters, and the others when not default."""
        out: dict[str, str] = {}
        so_far: Values = {}
        for param in self.params:
            value = values.get(param.name)
            default = param.default(context, so_far)
            so_far[param.name] = value
            if value is None or value is False:
                continue
            if param.always or value != default:
                out[param.name] = param.to_text(value)
        return out

    def widget_values(self, values: Values) -> dict[str, Any]:
        """Session-state key -> value for every parameter shown by a widget."""
        return {param.widget: values.get(param.name) for param in self.params if param.widget}


def param_text(raw: Mapping[str, Any], name: str) -> str | None:
    """The text of `?name=` (the last one when repeated), cut to MAX_TEXT characters."""
    text = raw.get(name)
    if isinstance(text, (list, tuple)):
        text = text[-1] if text else None
    return None if text is None else str(text)[:MAX_TEXT]


def list_items(text: Any, separator: str, limit: int) -> tuple[list[str], int]:
    """(the first `limit` non-empty items of a list parameter, stripped; how many more it
    has). Only the first MAX_TEXT characters are read: the work is bounded whatever the URL."""
    if text is None:
        return [], 0
    if isinstance(text, (list, tuple)):
        text = separator.join(str(part) for part in text)
    items = [item.strip() for item in str(text)[:MAX_TEXT].split(separator) if item.strip()]
    return items[:limit], max(0, len(items) - limit)


def capped_notices(notices: Sequence[str], lang: str, unread: int = 0,
                   shown: int = SHOWN_NOTICES) -> list[str]:
    """The first `shown` notices and, when there are more (or `unread` items were not even
    looked at), one saying how many more."""
    hidden = max(0, len(notices) - shown) + unread
    if hidden == 0 or (unread == 0 and hidden == 1):
        return list(notices)
    return [*notices[:shown], t("notice.more", lang, n=hidden)]


def link(page_url: str, params: Mapping[str, str]) -> str:
    """The absolute link to `page_url` (any query string dropped) with `params`."""
    parts = urlsplit(page_url or "")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), ""))


def embed_link(page_url: str, params: Mapping[str, str]) -> str:
    """The view's link in Streamlit's chrome-less embed mode (`?embed=true`)."""
    return link(page_url, {**params, "embed": "true"})


def embed_code(page_url: str, params: Mapping[str, str], title: str, height: int = 760) -> str:
    """An <iframe> for a news article showing the view in the atlas's compact layout."""
    from html import escape

    return (f'<iframe src="{escape(embed_link(page_url, params))}" width="100%" '
            f'height="{int(height)}" style="border:0" loading="lazy" '
            f'title="{escape(title)}"></iframe>')
