"""Write the message catalogue (atlas/locale/{da,en}/LC_MESSAGES/atlas.po) from the old
Python string tables `key -> (Danish, English)`.

The tables were converted once (issue 19). The script stays so that a branch which still adds
entries to such a table can be ported after a merge: point it at that revision and the new
entries are added to the .po files; entries already in the catalogue are kept as they are.

    python scripts/strings_to_po.py                 # tables as in the working tree
    python scripts/strings_to_po.py --rev main      # tables as in another revision
    python scripts/strings_to_po.py --fresh         # rewrite the catalogues from the tables

Each table becomes an area: its keys get the area's prefix (`compare.title`), so two tables can
never collide; the core table (atlas/i18n.py STRINGS) keeps its keys as they are. `x.one` /
`x.other` pairs become one gettext plural entry (msgid `x`, msgid_plural `x.plural`). Every
entry carries the Danish text as an extracted comment (`#. da: ...`), so a translator sees what
the id means; a comment written above the entry in the table comes along too.
Afterwards: `pybabel extract -F babel.cfg ...` (the .pot) and `pybabel compile` (docs/i18n.md).
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from atlas.catalogue import owner  # noqa: E402 - the project's own rule for an id's area

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "atlas" / "locale"
DOMAIN = "atlas"
LANGS = ("da", "en")          # the tables' two columns, in this order

# (file, table variable, area): where the tables were and the prefix their keys get
TABLES = (
    ("atlas/i18n.py", "STRINGS", ""),
    ("atlas/i18n.py", "SITE_QUALIFIERS", "site"),
    ("atlas/exports.py", "TEXTS", "exports"),
    ("atlas/ui/__init__.py", "FIGURE_TEXTS", "figure"),
    ("atlas/views/map_page.py", "TEXTS", "map_page"),
    ("atlas/views/municipal.py", "TEXTS", "municipal"),
    ("atlas/views/compare.py", "TEXTS", "compare"),
    ("atlas/views/table.py", "TEXTS", "table"),
    ("atlas/views/profile.py", "TEXTS", "profile"),
    ("atlas/views/funnel.py", "TEXTS", "funnel"),
    ("atlas/views/autocorrelation.py", "TEXTS", "autocorrelation"),
    ("atlas/views/inverse_care/wording.py", "STRINGS", "inverse_care"),
    ("atlas/views/scenario/wording.py", "TEXT", "scenario"),
    ("atlas/stories/presenter.py", "TEXTS", "presenter"),
    ("atlas/stories/export.py", "TEXTS", "story_export"),
    ("atlas/upload/text.py", "TEXT", "upload"),
    ("atlas/upload/text.py", "REJECT_REASONS", "upload.reject"),
    ("atlas/upload/text.py", "FAILURES", "upload.failure"),
)

# Texts that were (Danish, English) pairs outside a table, ported by hand: area -> key -> pair
LOOSE = {
    "": {
        # replaces Streamlit's English "Press Enter to apply" under a text field (atlas.ui)
        "widget.enter_hint": ("Tryk Enter for at bruge", "Press Enter to apply"),
    },
    "municipal": {
        "nav.kommune": ("Kommuneprofil", "Municipality profile"),
        "nav.sammenlign": ("Sammenlign kommuner", "Compare municipalities"),
        "nav.tabel": ("Tabel", "Table"),
    },
}

# Pairs whose singular had its own key rather than `.one`: plural id -> (one key, other key)
SPLIT_PLURALS = {"map.legend.count": ("map.legend.count_one", "map.legend.count")}
# ... whose one form read "1 ..." rather than "{n} ...": the plural entry gets {n} back
ONE_WITH_N = {"map.legend.count_one": ("{n} kommune", "{n} municipality")}


def source(path: str, rev: str | None) -> str:
    if rev is None:
        return (ROOT / path).read_text(encoding="utf-8")
    return subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def read_table(text: str, name: str) -> dict[str, tuple[tuple[str, str], list[str]]] | None:
    """The table `name` in a module's source: key -> ((da, en), comments above the entry)."""
    lines = text.splitlines()
    for node in ast.parse(text).body:
        target = (node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1
                  else node.target if isinstance(node, ast.AnnAssign) else None)
        if not (isinstance(target, ast.Name) and target.id == name
                and isinstance(node.value, ast.Dict)):
            continue
        table = {}
        for key_node, value_node in zip(node.value.keys, node.value.values):
            comments, line = [], key_node.lineno - 2
            while line >= 0 and lines[line].strip().startswith("#"):
                comments.insert(0, lines[line].strip().lstrip("#").strip())
                line -= 1
            table[ast.literal_eval(key_node)] = (tuple(ast.literal_eval(value_node)), comments)
        return table
    return None  # already converted (the module declares an area instead)


def entries(rev: str | None) -> dict[str, dict]:
    """msgid -> {"texts": [(da forms), (en forms)], "plural": bool, "comments": [...]}"""
    found: dict[str, dict] = {}

    def add(msgid: str, pairs: list[tuple[str, ...]], comments: list[str], where: str):
        if msgid in found:
            sys.exit(f"{where}: the id {msgid!r} is already taken by another table")
        found[msgid] = {"texts": pairs, "plural": len(pairs[0]) > 1, "comments": comments}

    tables = []
    for path, name, area in TABLES:
        table = read_table(source(path, rev), name)
        if table is not None:
            tables.append((path, area, table))
    for area, table in LOOSE.items():
        tables.append(("LOOSE", area, {key: (pair, []) for key, pair in table.items()}))
    for path, area, table in tables:
        prefix = f"{area}." if area else ""
        plural_parts = {key for key in table if key.endswith((".one", ".other"))}
        split = {part for pair in SPLIT_PLURALS.values() for part in pair} if not area else set()
        for key, (pair, comments) in table.items():
            if key in plural_parts or key in split:
                continue
            if owner(prefix + key) != area:
                sys.exit(f"{path}: {prefix + key!r} would fall in the area {owner(prefix + key)!r}")
            add(prefix + key, [(pair[0],), (pair[1],)], comments, path)
        for base in sorted({key.rsplit(".", 1)[0] for key in plural_parts}):
            one, other = table[f"{base}.one"], table[f"{base}.other"]
            add(prefix + base, [(one[0][0], other[0][0]), (one[0][1], other[0][1])],
                one[1] + other[1], path)
        if not area:
            for base, (one_key, other_key) in SPLIT_PLURALS.items():
                if one_key in table:
                    one = ONE_WITH_N.get(one_key, table[one_key][0])
                    other = table[other_key][0]
                    add(base, [(one[0], other[0]), (one[1], other[1])],
                        table[other_key][1], path)
    return found


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def new_catalog(lang: str) -> Catalog:
    catalog = Catalog(locale=lang, domain=DOMAIN, project="Ulighedsatlas",
                      copyright_holder="Ulighedsatlas", msgid_bugs_address="",
                      fuzzy=False)
    plural = get_plural(lang)
    assert catalog.plural_forms == f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
    return catalog


def message(msgid: str, entry: dict, column: int) -> Message:
    # the Danish text as an extracted comment (atlas/i18n_extract.py writes the same into the
    # .pot, so `pybabel update` keeps it); the table's own comment as a translator comment
    danish = ["da: " + " | ".join(entry["texts"][0])]
    if entry["plural"]:
        return Message((msgid, f"{msgid}.plural"), entry["texts"][column],
                       auto_comments=danish, user_comments=entry["comments"])
    return Message(msgid, entry["texts"][column][0], auto_comments=danish,
                   user_comments=entry["comments"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rev", help="read the tables from this git revision")
    parser.add_argument("--fresh", action="store_true",
                        help="rewrite the catalogues instead of adding new ids")
    args = parser.parse_args()
    found = entries(args.rev)
    for column, lang in enumerate(LANGS):
        path = po_path(lang)
        if path.exists() and not args.fresh:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang, domain=DOMAIN)
        else:
            catalog = new_catalog(lang)
        added = [msgid for msgid in found if msgid not in catalog]
        for msgid in added:
            catalog[msgid] = message(msgid, found[msgid], column)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog)
        print(f"{path.relative_to(ROOT)}: {len(added)} ids added, {len(catalog)} in all")


if __name__ == "__main__":
    main()
