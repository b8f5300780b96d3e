"""Every UI string in every language of the message catalogue, and number formatting for each.

Danish is the default; English on `?lang=en`. The texts are gettext catalogues
(atlas/locale/<lang>/LC_MESSAGES/atlas.po, read by atlas.catalogue; docs/i18n.md); the languages
are the catalogues present. Pure (no Streamlit import): the view layer, the renderers and the
tests use it; the Streamlit language switch lives in atlas.ui.

    t("map.title", "en")                         -> "Map"
    t("notice.invalid_param", "da", param="k", value="9", default="5")
    format_number(1234.56, 1, "da")              -> "1.234,6"
    format_number(1234.56, 1, "en")              -> "1,234.6"
    format_value(None, indicator, "da")          -> "ingen data"

View models hold numbers, not their text: `Number(1234.56, 1)`, `Moment(built_at)` and
`message(TEXTS, "with_n", value=Number(...), n=3)` (a sentence whose fields may be numbers).
They are formatted for a language at the edge, by `render(item, lang)` (renderers, atlas.ui,
pages, exports): render(Number(1234.56, 1), "da") -> "1.234,6".

Rounding is half-up on the decimal value as written (2.675 -> 2.68), never banker's rounding,
so a figure reads the same as in the source table. Missing values (None, NaN, pandas NA) are
"ingen data" / "no data", never 0.
"""

from __future__ import annotations

import math
import re
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping, Sequence, Union

from babel import Locale
from babel import dates as babel_dates
from babel.numbers import NumberPattern, parse_pattern

from atlas import catalogue
from atlas.catalogue import N_, area

__all__ = ["N_", "area"]   # modules declare their texts' area through i18n: TEXTS = area("x")

# The languages with a catalogue, Danish first: a new catalogue adds a language (docs/i18n.md).
LANGS = catalogue.find_langs()
DEFAULT_LANG = catalogue.DEFAULT_LANG
# Each language's name in itself (CLDR): "Dansk", "English", "Deutsch"
LANG_NAMES = {lang: Locale.parse(lang).get_display_name(lang).capitalize() for lang in LANGS}

# The core texts: ids without an area prefix ("map.title"); `{name}` fields filled by t().
STRINGS = catalogue.area("")
_TEXTS = catalogue.TEXTS    # lang -> id -> text, once loaded (t()'s fast path)

# The sources' own texts (licence, table, title) are stored in Danish, as the publishers write
# them; their English wording, by the Danish text. A text without an entry is a proper name
# (a table code, a register's name) and stays as it is.
SOURCE_TEXTS_EN: dict[str, str] = {
    "Gengivelse med kildeangivelse": "Reproduction with attribution",
    "Frie geografiske data, gengivelse med kildeangivelse":
        "Free geographic data, reproduction with attribution",
    "CC BY 4.0 (GeoNames); DAGI med kildeangivelse":
        "CC BY 4.0 (GeoNames); DAGI with attribution",
    "Fakta med kildeangivelse pr. række": "Facts with attribution per row",
    "Som de underliggende kilder": "As the underlying sources",
    "Befolkningsvægtet luftlinjeafstand til nærmeste akutmodtagelse; akutmodtagelser fra "
    "regionerne og Sundhedsstyrelsen (status) og OpenStreetMap m.fl. (placering), byer fra "
    "GeoNames (CC BY 4.0), grænser fra DAGI":
        "Population-weighted straight-line distance to the nearest acute hospital; hospitals "
        "from the regions and the Danish Health Authority (status) and OpenStreetMap and "
        "others (location), towns from GeoNames (CC BY 4.0), boundaries from DAGI",
    "akutmodtagelser (regionerne, Sundhedsstyrelsen) + GeoNames + DAGI":
        "acute hospitals (the regions, Danish Health Authority) + GeoNames + DAGI",
    "Afledt af andre indikatorer i atlasset (se indikatorens beskrivelse)":
        "Derived from other indicators in the atlas (see the indicator's description)",
    "Akutmodtagelser og akutklinikker, status 2026":
        "Acute hospitals and emergency clinics, status 2026",
    "Kommune- og regionsgrænser, 2014-02-13": "Municipal and regional boundaries, 2014-02-13",
}

ROLE_ORDER = ("need", "supply", "outcome", "context")

# Babel locale per language: CLDR number symbols (da 1.234,5 / en 1,234.5) and date names.
_LOCALES = {"da": "da_DK", "en": "en_GB"}
# How a date and a time join. CLDR's "at time" forms ("{1} 'kl'. {0}") are not exposed by Babel,
# and its English one reads "at"; these are the atlas's wording.
_DATE_AT_TIME = {"da": "{date} kl. {time}", "en": "{date}, {time}"}
_FLOAT_DIGITS = sys.float_info.max_10_exp + 2  # integer digits of the largest finite float


@lru_cache(maxsize=None)
def _locale(lang: str) -> Locale:
    lang = normalize_lang(lang)
    return Locale.parse(_LOCALES.get(lang, lang))


@lru_cache(maxsize=None)
def _number_pattern(decimals: int) -> NumberPattern:
    """Thousands grouped, exactly `decimals` places; parsed once (format_decimal re-parses)."""
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def normalize_lang(lang: str | None) -> str:
    """`lang` if it is a supported language code, else the default (Danish)."""
    return lang if lang in LANGS else DEFAULT_LANG


def parse_lang(raw: str | None) -> tuple[str, bool]:
    """(language, valid) for a raw `?lang=` value; absent counts as valid (the default)."""
    if raw is None or raw == "":
        return DEFAULT_LANG, True
    value = str(raw).strip().lower()
    if value in LANGS:
        return value, True
    return DEFAULT_LANG, False


def t(key: str, lang: str = DEFAULT_LANG, /, **fields: Any) -> str:
    """The UI string `key` (a core id) in `lang`, `{name}` fields filled from keyword arguments.

    An unknown id raises KeyError under the tests (strict mode) and shows the id in the app
    (atlas.catalogue.missing).
    """
    try:
        text = _TEXTS[lang][key]
    except KeyError:
        text = catalogue.lookup(key, lang)
    return text.format(**fields) if fields else text


def pick(table: Mapping[str, tuple[str, str]], key: str, lang: str, /, **fields: Any) -> str:
    """`key` of an area of the catalogue (`catalogue.area("compare")`) in `lang`, `{name}`
    fields filled in. A plain (Danish, English) dict still works, for a table not yet moved
    into the catalogue (scripts/strings_to_po.py moves it)."""
    if isinstance(table, catalogue.Area):
        return table.text(key, lang, **fields)
    da, en = table[key]
    text = en if lang == "en" else da
    return text.format(**fields) if fields else text


def is_missing(value: Any) -> bool:
    """True for None, NaN, pandas NA/NaT and other values that mean "no data"."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pandas NA compare unequal to themselves
    except (TypeError, ValueError):
        try:
            import pandas as pd

            return bool(pd.isna(value))
        except (TypeError, ValueError, ImportError):
            return False


def _quantize(value: float, decimals: int) -> Decimal:
    """Half-up on the shortest decimal that reads back as `value` (2.675 -> 2.68, not 2.67),
    without a sign on zero. Babel rounds half-even, so it only gets numbers already rounded."""
    exponent = Decimal(1).scaleb(-decimals)
    number = Decimal(repr(value)).quantize(exponent, rounding=ROUND_HALF_UP)
    return number.copy_abs() if number.is_zero() else number


def format_number(value: Any, decimals: int = 0, lang: str = DEFAULT_LANG) -> str:
    """`value` rounded half-up to `decimals`, in the language's number format (Babel, CLDR).

    Danish: 1.234,5 (point groups thousands, comma before decimals). English: 1,234.5.
    None / NaN: "ingen data" / "no data".
    """
    if is_missing(value):
        return t("no_data", lang)
    decimals = max(0, int(decimals))
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    return _format_finite(number, decimals, lang)


@lru_cache(maxsize=1 << 15)
def _format_finite(number: float, decimals: int, lang: str) -> str:
    """Babel's formatting, remembered: the pages format the same values from the database for
    every visitor (the table's cells, the population slider's stops: ~10^3 calls a run)."""
    with localcontext() as context:
        context.prec = _FLOAT_DIGITS + decimals  # room for every digit of the largest float
        return _number_pattern(decimals).apply(_quantize(number, decimals), _locale(lang))


def rounded(value: Any, decimals: int = 0) -> Any:
    """`value` as format_number shows it, as a number (Decimal, half-up): two values read alike
    in every language exactly when they round alike. Missing and infinite values as they are."""
    if is_missing(value) or math.isinf(float(value)):
        return value
    return _quantize(float(value), max(0, int(decimals)))


def format_value(value: Any, indicator: Any, lang: str = DEFAULT_LANG, *,
                 unit: bool = True, decimals: int | None = None) -> str:
    """A value of `indicator` (a registry Indicator) with its decimals and unit.

    `format_value(12.345, smoking, "da")` -> "12,3 % af voksne"; missing -> "ingen data".
    """
    if is_missing(value):
        return t("no_data", lang)
    places = indicator.decimals if decimals is None else decimals
    text = format_number(value, places, lang)
    if unit:
        unit_text = indicator.unit(lang)
        if unit_text:
            text = f"{text} {unit_text}"
    return text


def format_range(low: Any, high: Any, decimals: int, lang: str = DEFAULT_LANG) -> str:
    """"12,3 – 15,6": a closed range in the language's number format (spaced en dash)."""
    return f"{format_number(low, decimals, lang)} – {format_number(high, decimals, lang)}"


def format_count(n: int, lang: str = DEFAULT_LANG) -> str:
    """"1 kommune" / "12 kommuner" (a plural entry of the catalogue)."""
    return plural(STRINGS, "map.legend.count", n, lang)


def format_datetime(value: str | datetime | None, lang: str = DEFAULT_LANG) -> str | None:
    """An ISO timestamp as "22. november 2026 kl. 05.40 UTC" / "22 November 2026, 05:40 UTC".

    Date and time in the locale's long date and short time (Babel); the wall time as stored,
    "UTC" added only when the offset is zero. Text that is not a timestamp comes back as is.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    else:
        moment = value
    locale = _locale(lang)
    text = _DATE_AT_TIME.get(normalize_lang(lang), _DATE_AT_TIME["en"]).format(
        date=babel_dates.format_date(moment, "long", locale=locale),
        time=babel_dates.format_time(moment.replace(tzinfo=None), "short", locale=locale))
    offset = moment.utcoffset()
    return f"{text} UTC" if offset is not None and not offset else text


def group_name(code: Any, name: str, lang: str = DEFAULT_LANG) -> str:
    """A kommunegruppe's name in `lang` (DST's English names), by its code."""
    key = f"kommunegruppe.{code}"
    return t(key, lang) if key in STRINGS else name


def publisher_name(name: str, lang: str = DEFAULT_LANG) -> str:
    """A publisher's name in `lang` ("Danmarks Statistik" -> "Statistics Denmark")."""
    key = f"publisher.{name}"
    return t(key, lang) if key in STRINGS else name


# English qualifiers in hospital names as the curated list may write them ("Nordsjællands
# Hospital Hillerød (current site)"), in both languages
SITE_QUALIFIERS = catalogue.area("site")


def site_name(name: str, lang: str = DEFAULT_LANG) -> str:
    """A hospital's name with a bracketed qualifier in `lang`: "… (current site)" reads
    "… (nuværende placering)" on a Danish page."""
    def qualifier(match: Any) -> str:
        key = match.group(1).strip().lower()
        if key not in SITE_QUALIFIERS:
            return match.group(0)
        return f"({SITE_QUALIFIERS.text(key, lang)})"

    return re.sub(r"\(([^()]*)\)", qualifier, str(name))


def source_wording(text: str, lang: str = DEFAULT_LANG) -> str:
    """A source's licence, table or title in `lang`: stored in Danish, in English where the
    atlas knows the wording (SOURCE_TEXTS_EN); names and codes stay as written."""
    if lang == "en":
        return SOURCE_TEXTS_EN.get(text, text)
    return text


_COLLATORS = threading.local()


def _collator(lang: str) -> Any:
    """ICU's collator for the language (one per thread: ICU collators are not shared)."""
    lang = normalize_lang(lang)
    collators = _COLLATORS.__dict__
    if lang not in collators:
        import icu

        collators[lang] = icu.Collator.createInstance(icu.Locale(_LOCALES.get(lang, lang)))
    return collators[lang]


def sort_key(text: str, lang: str = DEFAULT_LANG) -> bytes:
    """The key that sorts names as the language does (ICU collation, CLDR rules): in Danish
    Æ, Ø, Å come after Z and "Aa" counts as "Å" (Aabenraa, Aalborg and Aarhus come last);
    English sorts them with A. Every list of municipalities is sorted with this key."""
    return _collator(lang).getSortKey(str(text))


def sorted_names(names: Mapping[Any, str], lang: str = DEFAULT_LANG) -> dict[Any, str]:
    """`names` (key -> name) in the language's alphabetical order of the names."""
    return dict(sorted(names.items(), key=lambda item: sort_key(item[1], lang)))


def name_sort(lang: str = DEFAULT_LANG) -> Any:
    """For pandas' `sort_values(key=...)`: a column of names by the language's order."""
    return lambda names: names.map(lambda name: sort_key(name, lang))


def plural(table: Mapping[str, tuple[str, str]], key: str, n: float, lang: str, /,
           **fields: Any) -> str:
    """The plural entry `key` of an area of the catalogue in the form the catalogue's
    Plural-Forms rule gives for `n` (gettext ngettext), with `{n}` the number in the language's
    format: "1 nyt akutsted", "2 nye". A plain dict table reads `key.one` / `key.other` by the
    CLDR rule (Babel), as before the catalogue."""
    decimals = 0 if float(n).is_integer() else 1
    if isinstance(table, catalogue.Area):
        return table.plural(key, n, lang, n=format_number(n, decimals, lang), **fields)
    category = _locale(lang).plural_form(abs(n))
    form = f"{key}.{category}" if f"{key}.{category}" in table else f"{key}.other"
    return pick(table, form, lang, n=format_number(n, decimals, lang), **fields)


def role_label(role: str, lang: str = DEFAULT_LANG) -> str:
    return t(f"role.{role}", lang)


def direction_label(direction: str, lang: str = DEFAULT_LANG) -> str:
    return t(f"direction.{direction}", lang)


# --- formatting at the edge ---------------------------------------------------------------------
# View models carry these instead of finished text; `render(item, lang)` formats them, so the
# same view model reads in any language and the numbers stay numbers until they are shown.

@dataclass(frozen=True)
class Number:
    """A number as a view model holds it: rendered half-up to `digits` places in the language's
    format (format_number), then `unit` after a space; missing (None, NaN) renders "ingen data" /
    "no data" without the unit, never 0. `signed`: "+1,2" for a positive value that does not
    round to zero (a difference)."""

    value: Any
    digits: int = 0
    unit: "Text" = ""
    signed: bool = False

    def render(self, lang: str) -> str:
        if is_missing(self.value):
            return t("no_data", lang)
        try:
            return _number_text(self.value, self.digits, self.unit, self.signed, lang)
        except TypeError:       # a unit that cannot be a key (a Message holding a list)
            return _number_text.__wrapped__(self.value, self.digits, self.unit, self.signed,
                                            lang)


@lru_cache(maxsize=1 << 15)
def _number_text(value: Any, digits: int, unit: Any, signed: bool, lang: str) -> str:
    """A Number's text (not missing), remembered: a page shows the same numbers from the
    database on every run (the scenario map's tooltips, the tables' cells)."""
    text = format_number(value, digits, lang)
    if signed and float(value) > 0 and not math.isinf(float(value)) \
            and not _quantize(float(value), max(0, int(digits))).is_zero():
        text = f"+{text}"
    unit = render(unit, lang)
    return f"{text} {unit}" if unit else text


@dataclass(frozen=True)
class Moment:
    """A timestamp (ISO text or datetime), rendered by format_datetime: "22. november 2026 kl.
    05.40 UTC"; `missing` when there is none."""

    value: str | datetime | None
    missing: str | None = None

    def render(self, lang: str) -> str | None:
        return format_datetime(self.value, lang) or self.missing


@dataclass(frozen=True)
class Message:
    """A text of the catalogue, formatted late: `area`'s `key` with `params` (which may be
    Numbers, Moments or Messages) rendered in the language first. `count` set: a plural entry,
    its form chosen for `count` and `{n}` the count in the language's format (plural()).
    Made by `message(TEXTS, key, ...)` / `message_plural(TEXTS, key, n, ...)`, which the
    extractor reads like `pick` / `plural`."""

    area: str
    key: str
    params: tuple[tuple[str, Any], ...] = ()
    count: float | None = None

    def render(self, lang: str) -> str:
        fields = {name: render(value, lang) for name, value in self.params}
        table = catalogue.Area(self.area)
        if self.count is not None:
            return plural(table, self.key, self.count, lang, **fields)
        return table.text(self.key, lang, **fields)


@dataclass(frozen=True)
class Joined:
    """Parts (text, Numbers, Messages) rendered and joined with `separator`: a list of items in
    a sentence ("a; b; c")."""

    parts: tuple[Any, ...]
    separator: str = ""

    def render(self, lang: str) -> str:
        return self.separator.join(render(part, lang) for part in self.parts)


@dataclass(frozen=True)
class Escaped:
    """`item` rendered, then passed through `escape`: a value that goes into Markdown
    (`Escaped(Number(81.6, 1, "år"), md)` -> "81,6 år", "81\\.6 years")."""

    item: Any
    escape: Callable[[str], str]

    def render(self, lang: str) -> str:
        return self.escape(render(self.item, lang))


Text = Union[str, Number, Moment, Message, Joined, Escaped]


def message(table: catalogue.Area, key: str, /, **params: Any) -> Message:
    """The text `key` of `table` (an area), its fields rendered with it: see Message."""
    return Message(table.name, key, tuple(params.items()))


def message_plural(table: catalogue.Area, key: str, n: float, /, **params: Any) -> Message:
    """The plural entry `key` of `table` in the form for `n`, rendered late: see Message."""
    return Message(table.name, key, tuple(params.items()), n)


def render(item: Any, lang: str) -> Any:
    """`item` as text in `lang`: a Number, Moment, Message or Joined formatted (Babel, the
    catalogue); anything else (text already in the language, None) as it is."""
    if isinstance(item, (Number, Message, Moment, Joined, Escaped)):
        return item.render(lang)
    return item


@dataclass(frozen=True, eq=False)
class NumberColumn:
    """A table column's numbers in one format, as a view model holds them: each distinct
    value's Number (`numbers`: value -> Number, made once per build by the view) and the
    column's missing value. `render(values, lang)` writes a column of values as texts at the
    edge: each distinct Number rendered once per language while the column lives, so a cell
    costs a dictionary lookup (the table page draws every row on each sort or filter)."""

    numbers: Mapping[Any, Number]
    missing: Number
    _texts: dict[str, dict[Any, str]] = field(default_factory=dict, repr=False)

    def texts(self, lang: str) -> dict[Any, str]:
        """value -> its text in `lang`."""
        texts = self._texts.get(lang)
        if texts is None:
            texts = {value: number.render(lang) for value, number in self.numbers.items()}
            self._texts[lang] = texts
        return texts

    def render(self, values: Iterable[Any], lang: str) -> list[str]:
        """`values` (the column's values; NaN or None = missing) as texts in `lang`."""
        texts, missing = self.texts(lang), self.missing.render(lang)
        return [missing if value != value or value is None else texts[value]
                for value in values]


def render_rows(rows: Iterable[Sequence[Any]], lang: str) -> list[list[Any]]:
    """`rows` of cells (Numbers, Messages, text) with every cell rendered in `lang`, as
    `render` does (a Number's text is remembered by `_number_text`)."""
    return [[render(cell, lang) for cell in row] for row in rows]


def render_frame(frame: Any, lang: str) -> Any:
    """A table of a view model (pandas DataFrame) with every cell rendered in `lang`."""
    return frame.map(lambda cell: render(cell, lang))
