"""The "Egne data" page's steps as plain functions: what the page shows for the person's choices
so far. The page (pages/upload.py) only draws widgets and lays out what these return; every
decision — which problem stops the page, when a clash asks for "replace", what the success
message says — is made here, without Streamlit.

Texts are Markdown in the chosen language; text from the data, the file or the user in them is
escaped (`escape_markdown`) or inline code (`code_span`).

1. `page_setup()`: where the upload writes, and the notices above the file picker; in public
   mode, no folder at all: the preview only, in the visitor's session.
2. `column_options()` / `column_problem()` / `read_columns()`: the column form's choices and
   defaults, the first problem with the person's choice, then the rows read.
3. `preview()`: the reading in words, the matched and the rejected rows.
4. `plan_import()`: the target indicator checked as a dry run, with the clash → replace flow.
5. `import_failed()` / `success()` / `map_link()`: the outcome.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from atlas import deploy_mode
from atlas.connectors.user_import import ImportFailed, ImportResult, ImportTarget, UserIndicatorSpec
from atlas.connectors.userdata import FileLayout, UserTable
from atlas.paths import default_db_path
from atlas.registry import registry
from atlas.upload import flow as upload
from atlas.upload.text import code_span, escape_markdown, failure_message, rows_phrase, tr

if TYPE_CHECKING:
    import pandas as pd

NoticeKind = Literal["info", "warning", "error", "success"]


@dataclass(frozen=True)
class Notice:
    """One message to show: `kind` is the Streamlit alert (st.info, st.warning …); `text` is
    Markdown, safe to show as it is."""

    kind: NoticeKind
    text: str
    icon: str | None = None


# ------------------------------------------------------------------------------------------
# 1. where the upload writes
# ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UploadSetup:
    target: ImportTarget | None          # None: the atlas cannot take data here (see notices)
    notices: tuple[Notice, ...]
    public: bool = False                 # public mode: preview only, nothing written
    end: Notice | None = None            # public mode: what ends the page after the preview


def page_setup(lang: str, public: bool | None = None) -> UploadSetup:
    """Where the upload writes, what the import will change, and whether the database was
    built from another sources folder than the one the import starts from.

    In public mode (`atlas.deploy_mode`; `public` overrides it) the file is read against the
    atlas's municipalities and shown in the visitor's session only: no target folder, no
    path, no import."""
    from atlas.query import core

    if deploy_mode.public_mode() if public is None else public:
        try:
            universe = frozenset(int(code) for code in core.municipalities()["kommune_kode"])
        except Exception:   # noqa: BLE001 - a public page names no server detail
            return UploadSetup(None, (Notice("error", tr("public_unavailable", lang),
                                             ":material/block:"),), public=True)
        return UploadSetup(upload.session_target(universe),
                           (Notice("info", tr("public", lang), ":material/visibility:"),),
                           public=True, end=Notice("info", tr("public_end", lang),
                                                   ":material/lock:"))
    try:
        target = upload.upload_target()
    except ImportFailed as problem:
        return UploadSetup(None, (Notice(
            "error", tr("target_problem", lang, problem=failure_message(problem, lang)),
            ":material/block:"),))
    created = (tr("created_from", lang, base=code_span(target.start_from))
               if target.creates else "")
    notices = [Notice("info", tr("rewrites", lang, target=code_span(target.path),
                                 db=code_span(default_db_path()), created=created),
                      ":material/warning:")]
    built_from = core.build_info().get("sources_dir")
    if built_from and not upload.same_folder(built_from, target.start_from):
        notices.append(Notice("warning", tr("db_other_sources", lang, built=code_span(built_from),
                                            start=code_span(target.start_from))))
    return UploadSetup(target, tuple(notices))


# ------------------------------------------------------------------------------------------
# 2. columns
# ------------------------------------------------------------------------------------------

def option_index(options: list, guess: object) -> int | None:
    """The position of the reader's guess among a select box's options; else the "(none)"
    option where there is one, else nothing chosen."""
    if guess in options:
        return options.index(guess)
    return options.index(None) if None in options else None


@dataclass(frozen=True)
class ColumnOptions:
    """The column form: the columns to choose from and the reader's guess for each role."""

    headers: list[str]                    # the value column: one of these
    optional: list[str | None]            # code, name, period: one of these or None
    code_index: int | None
    name_index: int | None
    value_index: int | None
    period_index: int | None
    sheet_index: int


def column_options(layout: FileLayout) -> ColumnOptions:
    headers = [column for column in layout.header if column]
    optional: list[str | None] = [None, *headers]
    return ColumnOptions(
        headers=headers, optional=optional,
        code_index=option_index(optional, layout.code_column),
        name_index=option_index(optional, layout.name_column),
        value_index=option_index(headers, layout.value_column),
        period_index=option_index(optional, layout.period_column),
        sheet_index=option_index(layout.sheets, layout.sheet) or 0)


@dataclass(frozen=True)
class ColumnChoice:
    """The columns a person confirmed (None: no such column)."""

    code: str | None = None
    name: str | None = None
    value: str | None = None
    period: str | None = None
    fixed_period: str | None = None       # the period of every row, without a period column
    decimal: str = "auto"                 # "auto", "comma" or "point"


def column_problem(choice: ColumnChoice, layout: FileLayout, lang: str) -> Notice | None:
    """The first thing that keeps the rows from being read with these columns, or None."""
    chosen = [c for c in (choice.code, choice.name, choice.value, choice.period) if c]
    if choice.code is None and choice.name is None:
        return Notice("warning", tr("need_municipality", lang))
    if choice.value is None:
        if len(layout.value_candidates) > 1:
            columns = ", ".join(layout.value_candidates)
            return Notice("warning", tr("several_values", lang, columns=escape_markdown(columns)))
        return Notice("warning", tr("need_value", lang))
    if len(set(chosen)) < len(chosen):
        twice = next(c for c in chosen if chosen.count(c) > 1)
        return Notice("warning", tr("same_column", lang, column=escape_markdown(twice)))
    if choice.period is None:
        fixed = (choice.fixed_period or "").strip()
        if not fixed:
            return Notice("info", tr("need_period", lang), ":material/calendar_month:")
        if not upload.valid_period(fixed):
            return Notice("warning", tr("bad_period", lang, period=escape_markdown(fixed)))
    return None


@dataclass(frozen=True)
class ColumnStep:
    table: UserTable | None               # None: see `problem`
    problem: Notice | None = None


def read_columns(data: bytes, file_name: str, target: ImportTarget, layout: FileLayout,
                 choice: ColumnChoice, lang: str) -> ColumnStep:
    """The rows read with the confirmed columns, or the problem that stops the page."""
    problem = column_problem(choice, layout, lang)
    if problem is not None:
        return ColumnStep(None, problem)
    try:
        table = upload.read_file(
            data, file_name, target, code_column=choice.code, name_column=choice.name,
            value_column=choice.value, period_column=choice.period,
            period=choice.fixed_period if choice.period is None else None,
            sheet=layout.sheet, decimal=choice.decimal)
    except ImportFailed as failed:
        return ColumnStep(None, Notice("error", failure_message(failed, lang),
                                       ":material/error:"))
    return ColumnStep(table)


def file_problem(problem: ImportFailed, lang: str) -> Notice:
    """A file that cannot be read at all."""
    return Notice("error", failure_message(problem, lang), ":material/error:")


# ------------------------------------------------------------------------------------------
# 3. preview
# ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Preview:
    summary: str                          # how the file was read
    counts: str
    matched: pd.DataFrame
    rejected: pd.DataFrame
    matched_heading: str
    rejected_heading: str | None          # None: every row matched (see `all_matched`)
    rejected_note: str | None             # "the first 50 of 1,234 rows are shown"
    all_matched: str | None
    problem: Notice | None                # nothing to import: the page stops after the preview


def preview(table: UserTable, lang: str) -> Preview:
    matched, rejected = upload.preview_frames(table, lang)
    return Preview(
        summary=upload.reading_summary(table, lang), counts=upload.counts_line(table, lang),
        matched=matched, rejected=rejected,
        matched_heading=tr("matched", lang, n=len(table.rows)),
        rejected_heading=tr("unmatched", lang, n=len(table.rejected)) if table.rejected else None,
        rejected_note=tr("too_many_rejected", lang, shown=len(rejected), n=len(table.rejected))
        if len(table.rejected) > len(rejected) else None,
        all_matched=None if table.rejected else tr("all_matched", lang),
        problem=None if table.rows else Notice("error", tr("no_rows", lang)))


# ------------------------------------------------------------------------------------------
# 4. the indicator, checked
# ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportPlan:
    """The import as the person has described it so far, checked as a dry run.

    `check` is the dry run's result when the import can go ahead (then `ready_text` says what
    it will do); `needs_replace_confirmation` asks the page for the "replace" box (the file's
    periods already hold values); `stop` ends the page (no indicator can be chosen)."""

    indicator_id: str | None
    spec: UserIndicatorSpec | None        # a new indicator's description
    replace: bool
    notices: tuple[Notice, ...] = ()
    described: str | None = None          # the chosen atlas indicator's unit and range
    check: ImportResult | None = None
    needs_replace_confirmation: bool = False
    ready_text: str | None = None
    label: str | None = None              # the indicator's name in the page's language
    stop: bool = False

    @property
    def ready(self) -> bool:
        return self.check is not None


def plan_import(table: UserTable, target: ImportTarget, choices: dict[str, upload.IndicatorChoice],
                *, mode: str, indicator_id: str | None, spec: UserIndicatorSpec | None,
                replace: bool, lang: str) -> ImportPlan:
    """`mode` "existing": `indicator_id` is one of `choices` (None: not chosen yet); "new":
    `indicator_id` and `spec` describe a new indicator. `replace` is the person's answer to a
    clash (ignored unless there is one)."""
    if mode == "existing":
        if not choices:
            return ImportPlan(None, None, False, stop=True,
                              notices=(Notice("info", tr("target.none_existing", lang)),))
        if indicator_id is None:
            return ImportPlan(None, None, False)
        indicator = choices[indicator_id].indicator
        spec = None
        label = indicator.label(lang)
        described = tr("target.described", lang, unit=escape_markdown(indicator.unit(lang)),
                       low=upload.format_number(indicator.plausible_min, lang),
                       high=upload.format_number(indicator.plausible_max, lang))
        problems: list[Notice] = []
    else:
        indicator_id = (indicator_id or "").strip()
        spec = spec or UserIndicatorSpec()
        label = (spec.label_en if lang == "en" else spec.label_da) or indicator_id
        described = None
        problems = [Notice("info", problem, ":material/edit:") for problem in
                    upload.new_indicator_problems(indicator_id, spec, target, lang)]
    plan = ImportPlan(indicator_id, spec, False, described=described, label=label,
                      notices=tuple(problems))
    if problems:
        return plan
    return _checked(plan, table, target, replace, lang)


def _checked(plan: ImportPlan, table: UserTable, target: ImportTarget, replace: bool,
             lang: str) -> ImportPlan:
    """The dry run; on a clash, the question "replace?" and — if the answer is yes — the dry
    run again, replacing."""
    def dry_run(replacing: bool) -> ImportResult:
        return upload.check_import(table, indicator_id=plan.indicator_id, spec=plan.spec,
                                   target=target, replace=replacing)

    plan = _with(plan, far_out) if (far_out := far_out_notice(table, plan, lang)) else plan
    try:
        return _ready(plan, dry_run(False), replace=False, lang=lang)
    except ImportFailed as problem:
        if problem.kind != "clash":
            return _with(plan, Notice("error", failure_message(problem, lang),
                                      ":material/error:"))
        clash = Notice("warning", failure_message(problem, lang), ":material/content_copy:")
    asked = _with(plan, clash, needs_replace_confirmation=True)
    if not replace:
        return asked
    try:
        return _ready(asked, dry_run(True), replace=True, lang=lang)
    except ImportFailed as again:
        return _with(asked, Notice("error", failure_message(again, lang), ":material/error:"))


FAR_OUT_IQR = 3.0        # Tukey (1977): beyond 3 interquartile ranges from the quartiles
FAR_OUT_MIN_VALUES = 8   # quartiles of fewer values say little
FAR_OUT_EXAMPLES = 3


def far_out_values(values: list[float]) -> tuple[float, float, list[int]]:
    """(low fence, high fence, indices of the values outside them): Tukey's "far out"
    values, Q1 − 3·IQR and Q3 + 3·IQR (Tukey, Exploratory Data Analysis, 1977). A value ten
    times the others lies far outside; the plausible range (registry `plausible`) is wider,
    as it must hold every municipality in every period."""
    import numpy as np

    data = np.asarray(values, dtype=float)
    if len(data) < FAR_OUT_MIN_VALUES:
        return (float("-inf"), float("inf"), [])
    q1, q3 = np.percentile(data, [25, 75])
    low, high = q1 - FAR_OUT_IQR * (q3 - q1), q3 + FAR_OUT_IQR * (q3 - q1)
    return float(low), float(high), [i for i, v in enumerate(data) if v < low or v > high]


def far_out_notice(table: UserTable, plan: ImportPlan, lang: str) -> Notice | None:
    """A warning (the values are kept) for uploaded values far from the others in the file:
    a misplaced decimal, a share in per mille, a total in place of a rate."""
    rows = [row for row in table.rows if row.value is not None]
    low, high, outside = far_out_values([row.value for row in rows])
    if not outside:
        return None
    unit = ""
    if plan.spec is not None:
        unit = (plan.spec.unit_en if lang == "en" else plan.spec.unit_da) or ""
    elif plan.indicator_id in (indicators := registry()):
        unit = indicators[plan.indicator_id].unit(lang)
    examples = ", ".join(tr("far_out.example", lang, line=rows[i].line,
                            value=upload.format_number(rows[i].value, lang))
                         for i in outside[:FAR_OUT_EXAMPLES])
    return Notice("warning", tr("far_out", lang, count=len(outside), examples=examples,
                                unit=escape_markdown(unit) or "—",
                                low=upload.format_number(low, lang),
                                high=upload.format_number(high, lang)),
                  ":material/warning:")


def _with(plan: ImportPlan, notice: Notice, **changes) -> ImportPlan:
    return dataclasses.replace(plan, notices=(*plan.notices, notice), **changes)


def _ready(plan: ImportPlan, check: ImportResult, *, replace: bool, lang: str) -> ImportPlan:
    replacing = tr("ready.replacing", lang, n=check.replaced) if check.replaced else ""
    text = tr("ready", lang, rows=rows_phrase(check.matched, check.suppressed, lang),
              label=escape_markdown(plan.label), periods=escape_markdown(", ".join(check.periods)),
              replacing=replacing)
    return dataclasses.replace(plan, check=check, replace=replace, ready_text=text)


# ------------------------------------------------------------------------------------------
# 5. the outcome
# ------------------------------------------------------------------------------------------

def import_failed(problem: ImportFailed, lang: str) -> Notice:
    return Notice("error", failure_message(problem, lang) + "\n\n" + tr("failed", lang),
                  ":material/error:")


def success(outcome: upload.UploadOutcome, lang: str) -> Notice:
    result = outcome.result
    return Notice("success", tr(
        "success", lang, label=escape_markdown(outcome.label(lang)),
        rows=rows_phrase(result.matched, result.suppressed, lang),
        periods=escape_markdown(", ".join(result.periods)),
        file=escape_markdown(outcome.file_name), source=code_span(result.source)),
        ":material/check_circle:")


def map_link(outcome: upload.UploadOutcome, lang: str) -> str:
    """A Markdown link to the map page showing the imported indicator."""
    return (f":material/map: [{tr('success.link', lang)}]"
            f"({upload.map_link(outcome.result.indicator_id, lang)})")

