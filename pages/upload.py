"""Your own data: upload a CSV/XLSX of values per municipality, confirm the columns, see which
rows matched and which did not (with the reason), choose the indicator, then import and rebuild
the atlas — labelled as user-supplied. The logic is atlas/upload.py; texts atlas/upload_text.py.
"""

import streamlit as st

from atlas import upload
from atlas.connectors.user_import import ImportFailed, UserIndicatorSpec
from atlas.paths import default_db_path
from atlas.query import core
from atlas.registry import DIRECTIONS, ROLES
from atlas.ui import current_lang, require_database
from atlas.upload_text import failure_message, rows_phrase, tr

lang = current_lang()
require_database()


def T(key: str, **values) -> str:  # noqa: N802 - short on purpose: the page is mostly text
    return tr(key, lang, **values)


st.title(T("title"))

round_ = st.session_state.setdefault("upload_round", 0)
if st.session_state.get(f"upload_file_{round_}") is not None:
    st.session_state.pop("upload_outcome", None)      # a new file: the last import is history
outcome = st.session_state.get("upload_outcome")
if outcome is not None:
    result = outcome.result
    st.success(T("success", label=upload.escape_markdown(outcome.label(lang)),
                 rows=rows_phrase(result.matched, result.suppressed, lang),
                 periods=", ".join(result.periods),
                 file=upload.escape_markdown(outcome.file_name), source=result.source),
               icon=":material/check_circle:")
    st.markdown(f":material/map: [{T('success.link')}]"
                f"({upload.map_link(result.indicator_id, lang)})")

st.markdown(T("intro"))

try:
    target = upload.upload_target()
except ImportFailed as problem:
    st.error(T("target_problem", problem=failure_message(problem, lang)),
             icon=":material/block:")
    st.stop()

st.info(T("rewrites", target=target.path, db=default_db_path(),
          created=T("created_from", base=target.start_from) if target.creates else ""),
        icon=":material/warning:")
built_from = core.build_info().get("sources_dir")
if built_from and not upload.same_folder(built_from, target.start_from):
    st.warning(T("db_other_sources", built=built_from, start=target.start_from))

uploaded = st.file_uploader(T("file_label"), type=["csv", "xlsx"], help=T("file_help"),
                            key=f"upload_file_{round_}")
if uploaded is None:
    st.stop()
data, file_name = uploaded.getvalue(), uploaded.name

# --- 1. columns ---------------------------------------------------------------------------
sheet_key = f"upload_sheet_{uploaded.file_id}"
try:
    layout = upload.inspect_file(data, file_name, st.session_state.get(sheet_key))
except ImportFailed as problem:
    st.error(failure_message(problem, lang), icon=":material/error:")
    st.stop()
key = f"{uploaded.file_id}_{layout.sheet or ''}"
headers = [column for column in layout.header if column]


def none_or(column):
    return T("none") if column is None else column


st.subheader(T("columns"))
st.caption(T("columns_caption"))
left, middle, right, last = st.columns(4)
code_column = left.selectbox(
    T("code_column"), [None, *headers], format_func=none_or, key=f"upload_code_{key}",
    index=headers.index(layout.code_column) + 1 if layout.code_column in headers else 0)
name_column = middle.selectbox(
    T("name_column"), [None, *headers], format_func=none_or, key=f"upload_name_{key}",
    index=headers.index(layout.name_column) + 1 if layout.name_column in headers else 0)
value_column = right.selectbox(
    T("value_column"), headers, placeholder=T("choose"), key=f"upload_value_{key}",
    index=headers.index(layout.value_column) if layout.value_column in headers else None)
period_column = last.selectbox(
    T("period_column"), [None, *headers], format_func=none_or, key=f"upload_period_{key}",
    index=headers.index(layout.period_column) + 1 if layout.period_column in headers else 0)
fixed_period = None
if period_column is None:
    fixed_period = last.text_input(T("fixed_period"), placeholder="2024",
                                   help=T("fixed_period_help"), key=f"upload_fixed_{key}")
with st.expander(T("more_options")):
    if layout.sheets:
        st.selectbox(T("sheet"), layout.sheets, key=sheet_key,
                     index=layout.sheets.index(layout.sheet) if layout.sheet else 0)
    decimal = st.selectbox(T("decimal"), ["auto", "comma", "point"], key=f"upload_decimal_{key}",
                           format_func=lambda choice: T(f"decimal.{choice}"))

chosen = [c for c in (code_column, name_column, value_column, period_column) if c]
if code_column is None and name_column is None:
    st.warning(T("need_municipality"))
    st.stop()
if value_column is None:
    st.warning(T("several_values", columns=", ".join(layout.value_candidates))
               if len(layout.value_candidates) > 1 else T("need_value"))
    st.stop()
if len(set(chosen)) < len(chosen):
    st.warning(T("same_column", column=next(c for c in chosen if chosen.count(c) > 1)))
    st.stop()
if period_column is None and not (fixed_period or "").strip():
    st.info(T("need_period"), icon=":material/calendar_month:")
    st.stop()
if period_column is None and not upload.valid_period(fixed_period):
    st.warning(T("bad_period", period=fixed_period))
    st.stop()

try:
    table = upload.read_file(data, file_name, target, code_column=code_column,
                             name_column=name_column, value_column=value_column,
                             period_column=period_column, period=fixed_period,
                             sheet=layout.sheet, decimal=decimal)
except ImportFailed as problem:
    st.error(failure_message(problem, lang), icon=":material/error:")
    st.stop()

# --- 2. preview ---------------------------------------------------------------------------
st.subheader(T("preview"))
st.markdown(upload.reading_summary(table, lang))
st.markdown(upload.counts_line(table, lang))
matched, rejected = upload.preview_frames(table, lang)
st.markdown(f"**:material/check_circle: {T('matched', n=len(table.rows))}**")
st.dataframe(matched, hide_index=True, width="stretch", height=min(38 + 35 * len(matched), 400),
             column_config={T("col.code"): st.column_config.NumberColumn(format="%d")})
with st.container(border=True):
    if table.rejected:
        st.markdown(f"**:material/error: :red[{T('unmatched', n=len(table.rejected))}]**")
        st.caption(T("unmatched_caption"))
        st.dataframe(rejected, hide_index=True, width="stretch",
                     column_config={T("col.line"): st.column_config.NumberColumn(format="%d")})
    else:
        st.markdown(f":material/check: {T('all_matched')}")
if not table.rows:
    st.error(T("no_rows"))
    st.stop()

# --- 3. indicator -------------------------------------------------------------------------
st.subheader(T("target"))
choices = {choice.id: choice for choice in upload.importable_indicators(target)}
mode = st.radio(T("target.mode"), ["existing", "new"], horizontal=True, key="upload_mode",
                format_func=lambda m: T(f"target.{m}"), index=0 if choices else 1)
ready = True
spec = None
if mode == "existing":
    if not choices:
        st.info(T("target.none_existing"))
        st.stop()
    indicator_id = st.selectbox(T("target.indicator"), list(choices), key="upload_indicator",
                                format_func=lambda i: choices[i].label(lang), index=None,
                                placeholder=T("target.choose"))
    if indicator_id is None:
        ready = False
    else:
        indicator = choices[indicator_id].indicator
        st.caption(T("target.described", unit=indicator.unit(lang),
                     low=upload.format_number(indicator.plausible_min, lang),
                     high=upload.format_number(indicator.plausible_max, lang)))
        label = indicator.label(lang)
else:
    indicator_id = st.columns(2)[0].text_input(
        T("new.id"), placeholder=T("new.id_placeholder"), key="upload_new_id").strip()
    rows = [st.columns(2) for _ in range(3)]        # one row per Danish/English pair
    spec = UserIndicatorSpec(
        label_da=rows[0][0].text_input(T("new.label_da"), key="upload_new_label_da"),
        label_en=rows[0][1].text_input(T("new.label_en"), key="upload_new_label_en"),
        unit_da=rows[1][0].text_input(T("new.unit_da"), key="upload_new_unit_da"),
        unit_en=rows[1][1].text_input(T("new.unit_en"), key="upload_new_unit_en"),
        direction=rows[2][0].selectbox(
            T("new.direction"), DIRECTIONS, index=DIRECTIONS.index("neutral"),
            format_func=lambda d: T(f"direction.{d}"), key="upload_new_direction"),
        role=rows[2][1].selectbox(
            T("new.role"), ROLES, index=ROLES.index("context"),
            format_func=lambda r: T(f"role.{r}"), key="upload_new_role"),
    )
    label = (spec.label_en if lang == "en" else spec.label_da) or indicator_id
    for problem in upload.new_indicator_problems(indicator_id, spec, target, lang):
        st.info(problem, icon=":material/edit:")
        ready = False

replace = False
check = None
if ready:
    try:
        check = upload.check_import(table, indicator_id=indicator_id, spec=spec, target=target,
                                    replace=False)
    except ImportFailed as problem:
        if problem.kind == "clash":
            st.warning(failure_message(problem, lang), icon=":material/content_copy:")
            replace = st.checkbox(T("replace"), key="upload_replace")
            if replace:
                try:
                    check = upload.check_import(table, indicator_id=indicator_id, spec=spec,
                                                target=target, replace=True)
                except ImportFailed as again:
                    st.error(failure_message(again, lang), icon=":material/error:")
        else:
            st.error(failure_message(problem, lang), icon=":material/error:")

# --- 4. import ----------------------------------------------------------------------------
st.subheader(T("import"))
if check is not None:
    st.markdown(T("ready", rows=rows_phrase(check.matched, check.suppressed, lang),
                  label=upload.escape_markdown(label),
                  periods=", ".join(check.periods),
                  replacing=T("ready.replacing", n=check.replaced) if check.replaced else ""))
clicked = st.button(T("button"), type="primary", icon=":material/upload_file:",
                    disabled=check is None, help=T("button_help"), key="upload_import")
if clicked and check is not None:
    failure = None
    with st.status(T("progress.label"), expanded=True) as status:
        bar = st.progress(0.0)
        try:
            done = upload.import_and_rebuild(
                table, indicator_id=indicator_id, spec=spec, target=target, replace=replace,
                progress=lambda fraction, message: bar.progress(fraction, text=message),
                lang=lang)
        except ImportFailed as problem:
            failure = problem
            status.update(label=T("progress.failed"), state="error")
        else:
            status.update(label=T("progress.done"), state="complete")
    if failure is not None:
        st.error(failure_message(failure, lang) + "\n\n" + T("failed"), icon=":material/error:")
    else:
        st.session_state["upload_outcome"] = done
        st.session_state["upload_round"] = round_ + 1
        st.rerun()
