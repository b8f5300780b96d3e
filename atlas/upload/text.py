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

from atlas.i18n import pick
from atlas.views.text import md

TEXT: dict[str, tuple[str, str]] = {
    "far_out": (
        "{count} værdi(er) ligger langt fra de øvrige i filen, fx {examples}. De importeres, "
        "som de er; tjek, at de er i indikatorens enhed ({unit}). (Tukeys regel for «far "
        "out»: uden for {low}–{high}, dvs. mere end 3 kvartilafstande uden for kvartilerne.)",
        "{count} value(s) lie far from the others in the file, e.g. {examples}. They are "
        "imported as they are; check that they are in the indicator's unit ({unit}). "
        "(Tukey's rule for “far out”: outside {low}–{high}, i.e. more than 3 interquartile "
        "ranges beyond the quartiles.)"),
    "far_out.example": ("linje {line}: {value}", "line {line}: {value}"),
    # key: (Danish, English)
    "title": ("Egne data", "Your own data"),
    "intro": (
        "Læg dine egne tal pr. kommune ind i atlasset: en CSV- eller Excel-fil (.xlsx) med en "
        "kolonne med kommunekode eller kommunenavn og en kolonne med værdier — fx en indikator, "
        "som atlasset endnu ikke har data for. Navne genkendes i mange stavemåder "
        "(«Københavns Kommune», «Kobenhavn», «københavn» → 101), men gættes aldrig: rækker, der "
        "ikke kan matches, vises nedenfor med årsagen, og intet udelades i stilhed.",
        "Add your own figures per municipality to the atlas: a CSV or Excel file (.xlsx) with a "
        "column holding the municipality code or name and a column of values — for example an "
        "indicator the atlas has no data for yet. Names are recognised in many spellings "
        "(“Københavns Kommune”, “Kobenhavn”, “københavn” → 101) but never guessed: rows that "
        "cannot be matched are listed below with the reason, and nothing is dropped silently."),
    "rewrites": (
        "**Importen ændrer atlasset på denne computer.** Værdierne skrives i kildemappen "
        "{target}{created} og databasen {db} bygges forfra. Alle, der bruger atlasset "
        "fra denne installation, ser dem derefter — mærket som brugerleverede "
        "(«Brugerens egen fil»), ikke som officiel statistik.",
        "**Importing changes the atlas on this computer.** The values are written into the "
        "sources folder {target}{created} and the database {db} is rebuilt. Everyone using "
        "the atlas from this installation then sees them — labelled as user-supplied "
        "(“the user's own file”), not as official statistics."),
    "created_from": (" (oprettes ud fra {base} ved første import)",
                     " (created from {base} on the first import)"),
    "db_other_sources": (
        "Databasen er bygget fra {built}, men importen tager udgangspunkt i {start}. "
        "Når atlasset bygges igen, kommer dets indhold fra {start}.",
        "The database was built from {built}, but the import starts from {start}. When "
        "the atlas is rebuilt, its content comes from {start}."),
    "target_problem": ("Atlasset kan ikke tage imod egne data her: {problem}",
                       "The atlas cannot take your own data here: {problem}"),
    "file_label": ("Fil (CSV eller .xlsx)", "File (CSV or .xlsx)"),
    "file_help": (
        "Første række skal være kolonneoverskrifter. CSV med semikolon, komma eller tabulator; "
        "decimalkomma eller -punktum. Tomme celler, «..» og «< 5» betyder «ikke offentliggjort».",
        "The first row must hold column headings. CSV separated by semicolon, comma or tab; "
        "decimal comma or point. Empty cells, “..” and “< 5” mean “not published”."),
    "unreadable": ("Filen kan ikke læses: {problem}", "The file cannot be read: {problem}"),
    "columns": ("1. Kolonner", "1. Columns"),
    "columns_caption": (
        "Fundet automatisk ud fra overskrifter og indhold — ret dem, hvis gættet er forkert.",
        "Found automatically from headings and contents — change them if the guess is wrong."),
    "code_column": ("Kommunekode", "Municipality code"),
    "name_column": ("Kommunenavn", "Municipality name"),
    "value_column": ("Værdi", "Value"),
    "period_column": ("Periode", "Period"),
    "none": ("(ingen)", "(none)"),
    "choose": ("Vælg en kolonne", "Choose a column"),
    "fixed_period": ("Periode for alle rækker", "Period for every row"),
    "fixed_period_help": ("Et år (2024) eller et spænd (2021-2025).",
                          "A year (2024) or a span (2021-2025)."),
    "more_options": ("Flere indstillinger", "More options"),
    "sheet": ("Ark", "Sheet"),
    "decimal": ("Decimaltegn", "Decimal separator"),
    "decimal.auto": ("Find selv", "Detect"),
    "decimal.comma": ("Komma (12,5)", "Comma (12,5)"),
    "decimal.point": ("Punktum (12.5)", "Point (12.5)"),
    "need_municipality": ("Vælg en kolonne med kommunekode eller kommunenavn.",
                          "Choose a column with the municipality code or name."),
    "need_value": ("Vælg kolonnen med værdierne.", "Choose the column holding the values."),
    "several_values": ("Flere kolonner kan indeholde værdierne ({columns}); vælg den rigtige.",
                       "Several columns could hold the values ({columns}); choose the right one."),
    "need_period": (
        "Filen har ingen periodekolonne: skriv, hvilket år værdierne gælder.",
        "The file has no period column: say which year the values are for."),
    "bad_period": ("Perioden «{period}» er hverken et år (2024) eller et spænd (2021-2025).",
                   "The period “{period}” is neither a year (2024) nor a span (2021-2025)."),
    "same_column": ("Den samme kolonne er valgt to gange ({column}).",
                    "The same column is chosen twice ({column})."),
    "preview": ("2. Forhåndsvisning", "2. Preview"),
    "read_as": (
        "**{file}**{sheet}: kommune fra {municipality}, værdier fra «{value}», {period}, "
        "decimaltegn {decimal}.",
        "**{file}**{sheet}: municipality from {municipality}, values from “{value}”, {period}, "
        "decimal {decimal}."),
    "read_as.sheet": (" (ark «{sheet}»)", " (sheet “{sheet}”)"),
    "read_as.period_column": ("perioder fra «{column}»", "periods from “{column}”"),
    "read_as.fixed_period": ("periode {period} for alle rækker", "period {period} for every row"),
    "read_as.comma": ("komma", "comma"),
    "read_as.point": ("punktum", "point"),
    "counts": (
        "{matched} {matched_rows} matchet ({suppressed} uden værdi = ikke offentliggjort) · "
        "{rejected} {rejected_rows} importeres ikke{blank}",
        "{matched} {matched_rows} matched ({suppressed} without a value = not published) · "
        "{rejected} {rejected_rows} not imported{blank}"),
    "row": ("række", "row"),
    "rows": ("rækker", "rows"),
    "rows.some_empty": ("{n} {rows}, heraf {empty} uden værdi (ikke offentliggjort)",
                        "{n} {rows}, {empty} of them without a value (not published)"),
    "counts.blank": (" · {n} tomme linjer", " · {n} blank line(s)"),
    "matched": ("Matchede rækker ({n}) — egne data, brugerleveret",
                "Matched rows ({n}) — your own data, user-supplied"),
    "col.code": ("Kode", "Code"),
    "col.municipality": ("Kommune", "Municipality"),
    "col.as_written": ("Som skrevet i filen", "As written in the file"),
    "col.period": ("Periode", "Period"),
    "col.value": ("Værdi", "Value"),
    "col.line": ("Linje", "Line"),
    "col.row": ("Rækken i filen", "The row in the file"),
    "col.reason": ("Årsag", "Reason"),
    "col.suggestion": ("Mente du", "Did you mean"),
    "no_data": ("ingen data", "no data"),
    "unmatched": ("Rækker, der ikke importeres ({n})", "Rows not imported ({n})"),
    "unmatched_caption": (
        "Disse rækker kommer ikke med. Ret dem i filen og læg den op igen, hvis de skal med.",
        "These rows are left out. Correct them in the file and upload it again to include them."),
    "all_matched": ("Alle rækker er matchet til en kommune.",
                    "Every row is matched to a municipality."),
    "no_rows": ("Ingen række kunne matches til en kommune, så der er intet at importere.",
                "No row could be matched to a municipality, so there is nothing to import."),
    "target": ("3. Indikator", "3. Indicator"),
    "target.mode": ("Værdierne er for", "The values are for"),
    "target.existing": ("en indikator i atlasset, der mangler data",
                        "an atlas indicator that lacks data"),
    "target.new": ("en ny indikator", "a new indicator"),
    "target.none_existing": ("Alle atlassets indikatorer har allerede officielle data.",
                             "Every atlas indicator already has official data."),
    "target.indicator": ("Indikator", "Indicator"),
    "target.choose": ("Vælg en indikator", "Choose an indicator"),
    "target.core": ("kerneindikator", "core indicator"),
    "target.user": ("egne data", "your own data"),
    "target.described": (
        "Enhed: {unit}. Atlassets definition og tilladte interval ({low}–{high}) gælder; "
        "værdierne mærkes som brugerleverede.",
        "Unit: {unit}. The atlas's definition and plausible range ({low}–{high}) apply; the "
        "values are labelled as user-supplied."),
    "new.id": ("Id (små bogstaver, tal og _)", "Id (lower-case letters, digits and _)"),
    "new.id_placeholder": ("fx ventetid_psykolog", "e.g. psych_wait_days"),
    "new.label_da": ("Navn på dansk", "Name in Danish"),
    "new.label_en": ("Navn på engelsk", "Name in English"),
    "new.unit_da": ("Enhed på dansk", "Unit in Danish"),
    "new.unit_en": ("Enhed på engelsk", "Unit in English"),
    "new.direction": ("Retning", "Direction"),
    "new.role": ("Rolle", "Role"),
    "new.bad_id": ("Id'et «{id}» skal bestå af små bogstaver, tal og _ og begynde med et "
                   "bogstav (fx ventetid_psykolog).",
                   "The id “{id}” must be lower-case letters, digits and _, starting with a "
                   "letter (e.g. psych_wait_days)."),
    "new.missing": ("Udfyld {fields} for den nye indikator.",
                    "Fill in {fields} for the new indicator."),
    "new.id_taken": (
        "Id'et «{id}» findes allerede i atlasset; vælg det under «en indikator i atlasset», "
        "eller giv den nye indikator et andet id.",
        "The id “{id}” is already in the atlas; choose it under “an atlas indicator”, or give "
        "the new indicator another id."),
    "direction.higher_better": ("højere er bedre", "higher is better"),
    "direction.higher_worse": ("højere er værre", "higher is worse"),
    "direction.neutral": ("neutral", "neutral"),
    "role.need": ("behov", "need"),
    "role.supply": ("udbud", "supply"),
    "role.outcome": ("udfald", "outcome"),
    "role.context": ("kontekst", "context"),
    "replace": ("Erstat de eksisterende værdier for disse perioder",
                "Replace the existing values for these periods"),
    "import": ("4. Importér", "4. Import"),
    "button": ("Importér og genopbyg atlasset", "Import and rebuild the atlas"),
    "button_help": ("Skriver værdierne i kildemappen og bygger databasen forfra.",
                    "Writes the values into the sources folder and rebuilds the database."),
    "ready": ("Klar: {rows} for **{label}** ({periods}){replacing}.",
              "Ready: {rows} for **{label}** ({periods}){replacing}."),
    "ready.replacing": (", erstatter {n} eksisterende", ", replacing {n} existing"),
    "progress.import": ("Skriver værdierne i {target} …", "Writing the values into {target} …"),
    "progress.waiting": ("Venter på en anden import i samme kildemappe …",
                         "Waiting for another import into the same sources folder …"),
    "progress.build": ("Bygger databasen: {step}", "Building the database: {step}"),
    "progress.label": ("Importerer og genopbygger atlasset …",
                       "Importing and rebuilding the atlas …"),
    "progress.done": ("Atlasset er genopbygget", "The atlas has been rebuilt"),
    "progress.failed": ("Importen mislykkedes — intet er ændret",
                        "The import failed — nothing was changed"),
    "success": (
        "**{label}** er importeret: {rows} for {periods}, fra filen «{file}». I atlasset er "
        "værdierne mærket som brugerleverede (udgiver «Brugerens egen fil», kilde {source}) "
        "— ikke officiel statistik.",
        "**{label}** has been imported: {rows} for {periods}, from the file “{file}”. In the "
        "atlas the values are labelled as user-supplied (publisher “The user's own file”, "
        "source {source}) — not official statistics."),
    "success.link": ("Se den på kortet", "See it on the map"),
    "public": (
        "**Din fil vises kun for dig, i denne session.** Atlasset er offentligt her: intet "
        "gemmes på serveren, og atlasset ændres ikke. Du ser, hvordan filen læses, og hvilke "
        "rækker der matcher. Vil du lægge dine tal ind i atlasset, så kør det på din egen "
        "computer (`bash run.sh app`, eller `atlas import`).",
        "**Your file is shown only to you, in this session.** The atlas is public here: "
        "nothing is saved on the server and the atlas is not changed. You see how the file is "
        "read and which rows match. To add your figures to the atlas, run it on your own "
        "computer (`bash run.sh app`, or `atlas import`)."),
    "public_end": (
        "Her stopper den offentlige udgave: import og genopbygning af atlasset er slået fra. "
        "Når du lukker siden, er filen væk.",
        "The public atlas stops here: importing and rebuilding are switched off. When you "
        "close the page, the file is gone."),
    "public_unavailable": ("Atlasset kan ikke læse egne data her lige nu.",
                           "The atlas cannot read your own data here right now."),
    "too_many_rejected": ("De første {shown} af {n} rækker vises.",
                          "The first {shown} of {n} rows are shown."),
    "failed": ("Importen blev ikke gennemført; intet er skrevet, og atlasset er uændret.",
               "The import was not carried out; nothing was written and the atlas is unchanged."),
}

REJECT_REASONS: dict[str, tuple[str, str]] = {
    "not_a_code": ("«{code}» er ikke en kommunekode", "“{code}” is not a municipality code"),
    "christiansoe": ("Christiansø (411) er ikke en kommune",
                     "Christiansø (411) is not a municipality"),
    "aggregate_code": ("en sum for hele landet eller en region, ikke en kommune",
                       "a total for the whole country or a region, not a municipality"),
    "unknown_code": ("ukendt kommunekode {code}", "unknown municipality code {code}"),
    "code_name_mismatch": ("kode {code} ({code_name}) og navnet «{name}» er to forskellige "
                           "kommuner",
                           "code {code} ({code_name}) and the name “{name}” are different "
                           "municipalities"),
    "no_municipality": ("hverken kommunekode eller -navn", "no municipality code or name"),
    "aggregate_name": ("«{name}» er en sum eller en region, ikke en kommune",
                       "“{name}” is a total or a region, not a municipality"),
    "unknown_name": ("kommunenavnet «{name}» genkendes ikke",
                     "the municipality name “{name}” is not recognised"),
    "outside_snapshot": ("kommune {code} findes ikke i atlassets kommuner",
                         "municipality {code} is not among the atlas's municipalities"),
    "bad_period": ("perioden «{period}» er hverken et år eller et spænd som 2021-2025",
                   "the period “{period}” is neither a year nor a span like 2021-2025"),
    "no_period": ("rækken har ingen periode", "the row has no period"),
    "bad_value": ("værdien «{value}» er ikke et tal (er decimaltegnet rigtigt?)",
                  "the value “{value}” is not a number (is the decimal separator right?)"),
    "duplicate": ("dublet: {municipality} {period} står allerede på linje {first_line}",
                  "duplicate: {municipality} {period} is already on line {first_line}"),
    "formula": ("celle {cell}: en formel uden gemt resultat — åbn og gem filen i "
                "Excel/LibreOffice, eller eksportér som CSV",
                "cell {cell}: formula without a stored result — open and save the file in "
                "Excel/LibreOffice, or export CSV"),
    "period_out_of_range": ("perioden {period} ligger ikke mellem {first} og {last}",
                            "the period {period} is not between {first} and {last}"),
    "extreme_value": ("værdien «{value}» er uden for ±{limit} — tjek enheden",
                      "the value “{value}” is beyond ±{limit} — check the unit"),
}

FAILURES: dict[str, tuple[str, str]] = {
    "bad_id": ("Id'et «{indicator}» skal bestå af små bogstaver, tal og _ og begynde med et "
               "bogstav (fx ventetid_psykolog).",
               "The id “{indicator}” must be lower-case letters, digits and _, starting with a "
               "letter (e.g. psych_wait_days)."),
    "protected": ("{target} er atlassets skrivebeskyttede offline-øjebliksbillede.",
                  "{target} is the atlas's read-only offline snapshot."),
    "not_sources": ("{start_from} er ikke en kildemappe (ingen municipalities.csv).",
                    "{start_from} is not a sources folder (no municipalities.csv)."),
    "read_only": ("Der kan ikke skrives ved {target} (skrivebeskyttet).",
                  "Cannot write beside {target} (read-only)."),
    "unreadable": ("Filen kan ikke læses: {problem}", "The file cannot be read: {problem}"),
    "no_rows": ("Ingen række kunne matches til en kommune.",
                "No row could be matched to a municipality."),
    "all_empty": ("Alle {matched} matchede rækker er uden værdi — der er intet at importere.",
                  "All {matched} matched rows are empty — there is nothing to import."),
    "outside_range": (
        "{count} værdi(er) ligger uden for det tilladte interval for denne indikator "
        "({low}–{high} {unit_da}), fx {example}. Tjek enheden (procent, promille, pr. "
        "100.000 …).",
        "{count} value(s) lie outside this indicator's plausible range ({low}–{high} "
        "{unit_en}), e.g. {example}. Check the unit (per cent, per mille, per 100,000 …)."),
    "clash": ("Atlasset har allerede {count} værdier for denne indikator i {periods} (kilde "
              "{sources}). Sæt kryds ved «Erstat …» for at erstatte dem.",
              "The atlas already holds {count} values of this indicator for {periods} (source "
              "{sources}). Tick “Replace …” to replace them."),
    "undescribed": ("Udfyld {fields} for den nye indikator.",
                    "Fill in {fields} for the new indicator."),
    "outside_snapshot": ("Kommunerne {codes} findes ikke i atlassets kommuner.",
                         "Municipalities {codes} are not among the atlas's municipalities."),
    "write_failed": ("Resultatet kunne ikke skrives eller bestod ikke byggets kontrol: {problem}",
                     "The result could not be written or failed the build's checks: {problem}"),
    "build_failed": ("Databasen kunne ikke bygges: {problem}. Kildemappen er sat tilbage, og "
                     "den hidtidige database er urørt.",
                     "The database could not be built: {problem}. The sources folder has been "
                     "restored and the previous database is untouched."),
    "busy": ("En anden import er i gang på denne computer; prøv igen om lidt.",
             "Another import is running on this computer; try again in a moment."),
    "bad_plausible": ("Det tilladte interval skal være to endelige tal, mindste først.",
                      "The plausible range must be two finite numbers, the smaller first."),
}


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
    texts = REJECT_REASONS.get(getattr(row, "kind", ""))
    if texts is None:
        return row.reason
    try:
        return (texts[1] if lang == "en" else texts[0]).format(**row.detail)
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
    texts = FAILURES.get(kind)
    if texts is None:
        return escape_markdown(problem)
    if kind == "outside_range":
        def number(value: float) -> str:
            text = f"{value:g}"
            return text if lang == "en" else text.replace(".", ",")

        detail["example"] = ", ".join(
            (f"linje {line}: {number(value)}" if lang != "en" else f"line {line}: {number(value)}")
            for line, value in detail.get("lines", [])[:3])
        detail["low"], detail["high"] = number(detail["low"]), number(detail["high"])
    if kind == "clash":
        detail["periods"] = escape_markdown(", ".join(detail.get("periods", [])))
        detail["sources"] = escape_markdown(", ".join(detail.get("sources", [])))
    if kind == "undescribed":
        detail["fields"] = field_names(detail.get("missing", []), lang)
    if kind == "outside_snapshot":
        detail["codes"] = ", ".join(map(str, detail.get("codes", [])))
    try:
        return (texts[1] if lang == "en" else texts[0]).format(**detail)
    except (KeyError, IndexError, ValueError):
        return escape_markdown(problem)
