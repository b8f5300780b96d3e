"""The message catalogue: every user-facing text, by id, in every language (gettext, Babel).

The texts live in `atlas/locale/<lang>/LC_MESSAGES/atlas.po`, one file per language; the ids
are dotted keys, namespaced per area (`compare.title`). A module declares its area once,

    TEXTS = catalogue.area("compare")
    TEXTS.text("title", "en")                  -> the id `compare.title` in English

and `atlas.i18n.t()` reads the core area (ids without a prefix). Plural texts are gettext
plural entries, chosen by the catalogue's own Plural-Forms rule (`TEXTS.plural(key, n, lang)`).

Loading, once per process: the compiled `.mo` beside each `.po` (written at install by
`python -m atlas.catalogue compile`, the same as `pybabel compile -d atlas/locale -D atlas`).
When a `.mo` is missing or older than its `.po` (a fresh clone, an edited translation), the
`.po` is compiled in memory instead, and a line is logged: the atlas never fails for want of a
compiled file.

A missing id raises KeyError when `ATLAS_STRICT_MESSAGES=1` (the test suite sets it), so a
forgotten text fails a test; in the running app it shows the id itself (logged once), so a
visitor sees a gap rather than an error page.

The languages are the catalogues present: adding `atlas/locale/de/LC_MESSAGES/atlas.po`
(`pybabel init -l de`) adds German without a change to Python (docs/i18n.md).
"""

from __future__ import annotations

import gettext
import io
import logging
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

DOMAIN = "atlas"
DEFAULT_LANG = "da"    # the atlas's first language and the source of the translations
FALLBACK_LANG = "en"   # the language a text missing in a third language is shown in
STRICT_ENV = "ATLAS_STRICT_MESSAGES"
LOCALE_DIR_ENV = "ATLAS_LOCALE_DIR"   # another catalogue folder (tests use a temporary one)

log = logging.getLogger(__name__)


def locale_dir() -> Path:
    return Path(os.environ.get(LOCALE_DIR_ENV) or Path(__file__).parent / "locale")


def po_file(lang: str, root: Path | None = None) -> Path:
    return (root or locale_dir()) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_file(lang: str, root: Path | None = None) -> Path:
    return po_file(lang, root).with_suffix(".mo")


def find_langs(root: Path | None = None) -> tuple[str, ...]:
    """The languages with a catalogue: Danish first, English second, the rest alphabetically."""
    found = {path.parent.parent.name for path in (root or locale_dir()).glob(
        f"*/LC_MESSAGES/{DOMAIN}.po")}
    order = [lang for lang in (DEFAULT_LANG, FALLBACK_LANG) if lang in found]
    return (*order, *sorted(found - set(order)))


def compile_po(po: Path) -> bytes:
    """A `.po` file compiled to `.mo` bytes (fuzzy entries left out, as gettext does)."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def compile_all(root: Path | None = None) -> list[Path]:
    """Write every catalogue's `.mo` beside its `.po` (run at install); the files written."""
    written = []
    for lang in find_langs(root):
        target = mo_file(lang, root)
        data = compile_po(po_file(lang, root))
        partial = target.with_suffix(".mo.tmp")
        partial.write_bytes(data)
        partial.replace(target)   # never a half-written .mo
        written.append(target)
    return written


def _compiled(lang: str, root: Path) -> bytes:
    """The compiled catalogue of `lang`: the `.mo` when it is current, else the `.po` compiled
    in memory."""
    po, mo = po_file(lang, root), mo_file(lang, root)
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return mo.read_bytes()
    log.warning("%s is %s; compiling %s in memory (run `python -m atlas.catalogue compile`)",
                mo.name, "older than its .po" if mo.exists() else "missing", po)
    return compile_po(po)


@dataclass(frozen=True)
class Language:
    """One language's compiled catalogue: the texts by id and the gettext plural lookup."""

    lang: str
    texts: dict[str, str]                  # msgid -> text (singular entries)
    plural_ids: frozenset[str]             # msgids of the plural entries
    translations: gettext.GNUTranslations  # ngettext for the plural entries


def _load(lang: str, root: Path) -> Language:
    data = _compiled(lang, root)
    catalog = read_mo(io.BytesIO(data))
    texts = {message.id: message.string for message in catalog
             if message.id and isinstance(message.id, str) and message.string}
    plural_ids = frozenset(message.id[0] for message in catalog
                           if isinstance(message.id, (tuple, list)) and all(message.string))
    return Language(lang, texts, plural_ids, gettext.GNUTranslations(io.BytesIO(data)))


_LOCK = threading.Lock()
_LOADED: dict[str, Language] | None = None
# lang -> msgid -> text, filled when the catalogues load: the lookups' fast path (a miss, an
# unknown language or catalogues not yet loaded take the full path through lookup())
TEXTS: dict[str, dict[str, str]] = {}


def languages() -> dict[str, Language]:
    """Every language's compiled catalogue, loaded once per process."""
    global _LOADED
    loaded = _LOADED
    if loaded is None:
        with _LOCK:
            if _LOADED is None:
                root = locale_dir()
                _LOADED = {lang: _load(lang, root) for lang in find_langs(root)}
                TEXTS.update({lang: language.texts for lang, language in _LOADED.items()})
            loaded = _LOADED
    return loaded


def reload() -> None:
    """Forget the loaded catalogues (tests that point ATLAS_LOCALE_DIR elsewhere)."""
    global _LOADED
    with _LOCK:
        _LOADED = None
        TEXTS.clear()
    _WARNED.clear()


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


_WARNED: set[str] = set()


def missing(msgid: str) -> str:
    """A text that is in no catalogue: KeyError in strict mode, else the id itself."""
    if strict():
        raise KeyError(msgid)
    if msgid not in _WARNED:
        _WARNED.add(msgid)
        log.error("message id %r is in no catalogue; showing the id", msgid)
    return msgid


def lookup(msgid: str, lang: str) -> str:
    """The text of `msgid` in `lang`; a language without it falls back to English, then Danish;
    an unknown language reads Danish."""
    catalogues = _LOADED or languages()
    chosen = catalogues.get(lang) or catalogues[DEFAULT_LANG]
    text = chosen.texts.get(msgid)
    if text is None:
        for other in (FALLBACK_LANG, DEFAULT_LANG):
            text = catalogues[other].texts.get(msgid) if other in catalogues else None
            if text is not None:
                break
        else:
            return missing(msgid)
    return text


def lookup_plural(msgid: str, n: float, lang: str) -> str:
    """The plural entry `msgid` in the form the language's Plural-Forms rule gives for `n`.

    gettext's rules are written for whole numbers; a fraction reads the plural form of 2
    (in Danish and English: the plural, "1,5 kommuner")."""
    catalogues = languages()
    chosen = catalogues.get(lang) or catalogues[DEFAULT_LANG]
    if msgid not in chosen.plural_ids:
        chosen = next((catalogues[other] for other in (FALLBACK_LANG, DEFAULT_LANG)
                       if other in catalogues and msgid in catalogues[other].plural_ids), None)
        if chosen is None:
            return missing(msgid)
    count = abs(n)
    whole = int(count) if float(count).is_integer() else 2
    return chosen.translations.ngettext(msgid, f"{msgid}.plural", whole)


class Area(Mapping[str, tuple[str, ...]]):
    """The texts of one area of the atlas (`compare`, `upload.reject` ...): ids `area.key`.

    As a mapping it reads like the old tables, key -> (Danish, English, ...) in the order of
    find_langs(), for code that still indexes a pair; new code calls `text()`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.prefix = f"{name}." if name else ""

    def __repr__(self) -> str:
        return f"Area({self.name!r})"

    def msgid(self, key: str) -> str:
        return self.prefix + key

    def text(self, key: str, lang: str, /, **fields: Any) -> str:
        """The text `key` in `lang`, `{name}` fields filled from the keyword arguments."""
        try:
            text = TEXTS[lang][self.prefix + key]
        except KeyError:
            text = lookup(self.prefix + key, lang)
        return text.format(**fields) if fields else text

    def plural(self, key: str, n: float, lang: str, /, **fields: Any) -> str:
        """The plural entry `key` in the form for `n`; `{n}` and the other fields filled."""
        text = lookup_plural(self.prefix + key, n, lang)
        return text.format(**fields) if fields else text

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (self.prefix + key) in languages()[DEFAULT_LANG].texts

    def __getitem__(self, key: str) -> tuple[str, ...]:
        if key not in self:
            raise KeyError(key)
        return tuple(lookup(self.prefix + key, lang) for lang in languages())

    def _keys(self) -> list[str]:
        cut = len(self.prefix)
        return [msgid[cut:] for msgid in languages()[DEFAULT_LANG].texts
                if owner(msgid) == self.name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())


def N_(key: str) -> str:
    """Marks `key` as a message id for extraction (atlas/i18n_extract.py), where the id is
    built or chosen at runtime: `ROLES = (N_("role.need"), ...)` then `t(role_key, lang)`.
    The key is relative to the module's area, like the keys its lookups name."""
    return key


# The areas whose ids carry a prefix, one per former string table: listed here so that the
# core area (ids without a prefix) is well defined and a new area cannot take a core id's name.
AREA_NAMES = ("site", "exports", "figure", "map_page", "municipal", "compare", "table",
              "profile", "funnel", "autocorrelation", "inverse_care", "scenario", "presenter",
              "story_export", "upload", "upload.reject", "upload.failure")


def area(name: str) -> Area:
    """The area `name` (declared once per module: `TEXTS = catalogue.area("compare")`); ""
    is the core area (`atlas.i18n.t`)."""
    if name and name not in AREA_NAMES:
        raise ValueError(f"unknown message area {name!r}: add it to catalogue.AREA_NAMES")
    return Area(name)


def owner(msgid: str) -> str:
    """The area an id belongs to: the longest area name that prefixes it, "" for the core."""
    return next((name for name in _BY_LENGTH if msgid.startswith(f"{name}.")), "")


_BY_LENGTH = sorted(AREA_NAMES, key=len, reverse=True)


def main(argv: list[str] | None = None) -> int:
    """`python -m atlas.catalogue compile [LOCALE_DIR]`: write the .mo files (at install)."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "compile":
        print("usage: python -m atlas.catalogue compile [LOCALE_DIR]", file=sys.stderr)
        return 2
    root = Path(args[1]) if len(args) > 1 else None
    for path in compile_all(root):
        print(f"compiled {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
