"""The message catalogue (issue 19): every id in every language with the same fields, every id
the code uses in the catalogue and none left over, the .pot up to date with the code, the
compiled .mo the same as its .po; and the runtime's choices (compile in memory, strict or
forgiving on a missing id, languages from the catalogues present).

Each check is a function of a catalogue folder, run on the real one and, to show that it can
fail, on a copy in tmp_path with one thing broken."""

from __future__ import annotations

import ast
import logging
import os
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po

from atlas import catalogue
from atlas.i18n_extract import find_ids
from atlas.paths import PROJECT_ROOT

LOCALE = PROJECT_ROOT / "atlas" / "locale"
EXTRACT = ["extract", "-F", "babel.cfg", "--no-location", "--sort-output", "atlas", "pages",
           "app.py"]


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog)


def key(message: Message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


def entries(catalog: Catalog) -> dict[str, Message]:
    return {key(message): message for message in catalog if message.id}


def forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) \
        else [message.string]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# --- the checks ---------------------------------------------------------------------------------

def untranslated(root: Path) -> list[str]:
    """Ids of the template missing, empty or fuzzy in a language's catalogue."""
    template = entries(read(root / "atlas.pot"))
    problems = []
    for lang in catalogue.find_langs(root):
        found = entries(read(catalogue.po_file(lang, root)))
        for msgid in template:
            message = found.get(msgid)
            if message is None or message.fuzzy or not all(forms(message)):
                problems.append(f"{lang}: {msgid}")
    return problems


def differing_fields(root: Path) -> list[str]:
    """Ids whose `{fields}` differ between the languages (or between plural forms)."""
    by_lang = {lang: entries(read(catalogue.po_file(lang, root)))
               for lang in catalogue.find_langs(root)}
    problems = []
    for msgid, message in by_lang[catalogue.DEFAULT_LANG].items():
        wanted = fields(forms(message)[-1])
        for lang, found in by_lang.items():
            for text in forms(found[msgid]) if msgid in found else []:
                if fields(text) - {"n"} != wanted - {"n"}:   # a plural's one form may omit {n}
                    problems.append(f"{lang}: {msgid}: {sorted(fields(text))}")
    return problems


def unknown_ids(used: set[str], root: Path) -> set[str]:
    """Ids the code uses that a language's catalogue lacks."""
    return {f"{lang}: {msgid}" for lang in catalogue.find_langs(root)
            for msgid in used - set(entries(read(catalogue.po_file(lang, root))))}


def stale_ids(used: set[str], root: Path) -> set[str]:
    """Ids of a catalogue the code no longer uses."""
    return {f"{lang}: {msgid}" for lang in catalogue.find_langs(root)
            for msgid in set(entries(read(catalogue.po_file(lang, root)))) - used}


def template_drift(extracted: Path, root: Path) -> set[str]:
    """Ids (and plural ids) in which the committed .pot and a fresh extraction differ."""
    def ids(path: Path) -> set:
        return {(message.id if isinstance(message.id, str) else tuple(message.id))
                for message in read(path) if message.id}
    return ids(extracted) ^ ids(root / "atlas.pot")


def stale_compiled(root: Path) -> list[str]:
    """Languages whose .mo says something else than their .po (a .mo that is absent is no
    error: the runtime then compiles the .po in memory)."""
    problems = []
    for lang in catalogue.find_langs(root):
        mo = catalogue.mo_file(lang, root)
        if not mo.exists():
            continue
        with mo.open("rb") as handle:
            compiled = {key(message): forms(message) for message in read_mo(handle)
                        if message.id}
        source = {msgid: forms(message)
                  for msgid, message in entries(read(catalogue.po_file(lang, root))).items()
                  if not message.fuzzy}
        if compiled != source:
            problems.append(lang)
    return problems


# --- the real catalogue ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The .pot a fresh `pybabel extract` writes from today's code."""
    target = tmp_path_factory.mktemp("pot") / "atlas.pot"
    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()",
                    "-q", *EXTRACT, "-o", str(target)], cwd=PROJECT_ROOT, check=True)
    return target


@pytest.fixture(scope="module")
def used(extracted) -> set[str]:
    return set(entries(read(extracted)))


@pytest.fixture
def broken(tmp_path) -> Path:
    """A copy of the catalogue folder to break."""
    root = tmp_path / "locale"
    shutil.copytree(LOCALE, root, ignore=shutil.ignore_patterns("*.mo"))
    return root


def test_every_id_is_translated_in_every_language():
    assert catalogue.find_langs(LOCALE)[:2] == ("da", "en")
    assert untranslated(LOCALE) == []


def test_the_languages_use_the_same_fields():
    assert differing_fields(LOCALE) == []


def test_every_id_the_code_uses_is_in_the_catalogues(used):
    assert len(used) > 700
    assert unknown_ids(used, LOCALE) == set()


def test_no_catalogue_keeps_an_id_the_code_no_longer_uses(used):
    assert stale_ids(used, LOCALE) == set()


def test_the_template_is_up_to_date_with_the_code(extracted):
    assert template_drift(extracted, LOCALE) == set(), (
        "run: pybabel " + " ".join(EXTRACT) + " -o atlas/locale/atlas.pot")


def test_the_compiled_catalogues_match_their_sources():
    assert stale_compiled(LOCALE) == []


def test_the_headers_carry_the_cldr_plural_rule():
    from babel.messages.plurals import get_plural

    for lang in catalogue.find_langs(LOCALE):
        catalog = read(catalogue.po_file(lang, LOCALE))
        assert str(catalog.locale) == lang
        rule = get_plural(lang)
        assert catalog.plural_forms == f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


# --- each check can fail ------------------------------------------------------------------------

def test_an_empty_translation_is_found(broken):
    english = read(catalogue.po_file("en", broken))
    english["map.legend"].string = ""
    write(catalogue.po_file("en", broken), english)
    assert untranslated(broken) == ["en: map.legend"]


def test_an_id_missing_in_one_language_is_found(broken):
    danish = read(catalogue.po_file("da", broken))
    del danish["map.legend"]
    write(catalogue.po_file("da", broken), danish)
    assert untranslated(broken) == ["da: map.legend"]


def test_a_renamed_field_is_found(broken):
    english = read(catalogue.po_file("en", broken))
    english["map.group_avg"].string = "Average, {grop}"
    write(catalogue.po_file("en", broken), english)
    assert differing_fields(broken) == ["en: map.group_avg: ['grop']"]


def test_an_id_used_in_code_but_in_no_catalogue_is_found(used):
    code = ast.parse('from atlas.i18n import t\nt("map.no_such_text", "da")\n')
    found = {message for _, _, message in find_ids(code, "atlas.example")}
    assert found == {"map.no_such_text"}
    assert unknown_ids(used | found, LOCALE) == {"da: map.no_such_text", "en: map.no_such_text"}


def test_an_id_no_longer_used_is_found(used):
    assert stale_ids(used - {"map.legend"}, LOCALE) == {"da: map.legend", "en: map.legend"}


def test_a_template_behind_the_code_is_found(broken, extracted):
    template = read(broken / "atlas.pot")
    del template["map.legend"]
    write(broken / "atlas.pot", template)
    assert template_drift(extracted, broken) == {"map.legend"}


def test_a_compiled_catalogue_behind_its_source_is_found(broken):
    catalogue.compile_all(broken)
    assert stale_compiled(broken) == []
    danish = read(catalogue.po_file("da", broken))
    danish["map.legend"].string = "Forklaring"
    write(catalogue.po_file("da", broken), danish)
    assert stale_compiled(broken) == ["da"]


# --- the extractor -------------------------------------------------------------------------------

def test_the_extractor_adds_the_area_and_follows_runtime_ids():
    code = ast.parse(
        "from atlas.i18n import N_, area, pick, plural, t\n"
        "TEXTS = area('compare')\n"
        "def text(key, lang):\n"
        "    return pick(TEXTS, key, lang)\n"
        "KINDS = (N_('kind.a'), N_('kind.b'))\n"
        "def build(role, lang, up):\n"
        "    text('title', lang)\n"
        "    text('order.asc' if up else 'order.desc', lang)\n"
        "    for k in ('col.a', 'col.b'):\n"
        "        text(k, lang)\n"
        "    t(f'role.{role}', lang)\n"
        "    problem = 'db.missing' if up else 'db.outdated'\n"
        "    t(f'{problem}.howto', lang)\n"
        "    plural(TEXTS, 'added', 2, lang)\n")
    found = {message for _, _, message in find_ids(code, "atlas.example",
                                                   known=["role.need", "role.supply", "x"])}
    assert found == {"compare.kind.a", "compare.kind.b", "compare.title", "compare.order.asc",
                     "compare.order.desc", "compare.col.a", "compare.col.b", "role.need",
                     "role.supply", "db.missing.howto", "db.outdated.howto",
                     ("compare.added", "compare.added.plural")}


# --- the runtime ----------------------------------------------------------------------------------

@pytest.fixture
def own_catalogue(broken, monkeypatch):
    """The runtime reading the copy in tmp_path; the real catalogue again afterwards."""
    monkeypatch.setenv(catalogue.LOCALE_DIR_ENV, str(broken))
    catalogue.reload()
    yield broken
    monkeypatch.delenv(catalogue.LOCALE_DIR_ENV)
    catalogue.reload()


def test_a_missing_or_older_mo_is_compiled_in_memory_and_logged(own_catalogue, caplog):
    danish = read(catalogue.po_file("da", own_catalogue))
    danish["map.legend"].string = "Forklaring"
    catalogue.compile_all(own_catalogue)
    write(catalogue.po_file("da", own_catalogue), danish)     # edited after compiling
    newer = catalogue.mo_file("da", own_catalogue).stat().st_mtime + 10
    os.utime(catalogue.po_file("da", own_catalogue), (newer, newer))
    catalogue.mo_file("en", own_catalogue).unlink()
    with caplog.at_level(logging.WARNING, logger="atlas.catalogue"):
        assert catalogue.lookup("map.legend", "da") == "Forklaring"
        assert catalogue.lookup("map.legend", "en") == "Legend"
    assert "older than its .po" in caplog.text and "missing" in caplog.text


def test_a_missing_id_raises_in_tests_and_shows_the_id_in_the_app(monkeypatch, caplog):
    with pytest.raises(KeyError):
        catalogue.lookup("map.no_such_text", "da")
    monkeypatch.setenv(catalogue.STRICT_ENV, "0")
    with caplog.at_level(logging.ERROR, logger="atlas.catalogue"):
        assert catalogue.lookup("map.no_such_text", "da") == "map.no_such_text"
        assert catalogue.lookup_plural("map.no_such_text", 2, "en") == "map.no_such_text"
    assert "map.no_such_text" in caplog.text


def test_plural_forms_come_from_the_catalogue():
    from atlas.i18n import format_count
    from atlas.views.scenario import wording

    assert format_count(1, "da") == "1 kommune" and format_count(0, "da") == "0 kommuner"
    assert format_count(1, "en") == "1 municipality"
    assert wording.TEXT.plural("summary.added", 1, "da", n="1") == "1 nyt"
    assert wording.TEXT.plural("summary.added", 3, "da", n="3") == "3 nye"
    assert wording.TEXT.plural("summary.added", 1.5, "da", n="1,5") == "1,5 nye"


def test_a_third_language_needs_no_python(broken):
    """A German catalogue (as `pybabel init -l de` writes it, partly translated) in a copy of
    the folder: German is offered, reads its texts and falls back to English for the rest."""
    template = read(broken / "atlas.pot")
    german = Catalog(locale="de", domain="atlas")
    for message in template:
        if message.id:
            german[key(message)] = Message(message.id, ("", "") if message.pluralizable else "")
    german["map.legend"].string = "Legende"
    german["map.legend.count"].string = ("{n} Gemeinde", "{n} Gemeinden")
    target = catalogue.po_file("de", broken)
    target.parent.mkdir(parents=True)
    write(target, german)
    script = ("from atlas import i18n;"
              "print(i18n.LANGS, i18n.LANG_NAMES['de'], i18n.parse_lang('de'),"
              "      i18n.t('map.legend', 'de'), i18n.t('map.select', 'de'),"
              "      i18n.format_count(2, 'de'), i18n.format_number(1234.5, 1, 'de'), sep='|')")
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, check=True,
                            capture_output=True, text=True,
                            env={**os.environ, catalogue.LOCALE_DIR_ENV: str(broken)})
    assert result.stdout.strip().split("|") == [
        "('da', 'en', 'de')", "Deutsch", "('de', True)", "Legende", "Choose a municipality",
        "2 Gemeinden", "1.234,5"]
