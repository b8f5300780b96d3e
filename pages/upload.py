"""Your own data: upload a CSV/XLSX of values per municipality, confirm the columns, see which
rows matched and which did not (with the reason), choose the indicator, then import and rebuild
the atlas — labelled as user-supplied.

Layout and widgets only: what to show for the choices made is decided in atlas/upload/steps.py
(the logic in atlas/upload/flow.py, the texts in atlas/upload/text.py).
"""

import streamlit as st

from atlas import ui
from atlas.connectors.user_import import ImportFailed, UserIndicatorSpec
from atlas.registry import DIRECTIONS, ROLES
from atlas.upload import flow as upload
from atlas.upload import steps as upload_steps
from atlas.upload.text import tr

ui.require_database()
lang = ui.page_language()


def T(key: str, **values) -> str:  # noqa: N802 - short on purpose: the page is mostly text
    return tr(key, lang, **values)


ALERTS = {"info": st.info, "warning": st.warning, "error": st.error, "success": st.success}


def show(*notices: upload_steps.Notice | None) -> None:
    for notice in notices:
        if notice is not None:
            ALERTS[notice.kind](notice.text, icon=notice.icon)


def show_or_stop(notice: upload_steps.Notice | None) -> None:
    if notice is not None:
        show(notice)
        st.stop()


st.title(T("title"))

round_ = st.session_state.setdefault("upload_round", 0)
if st.session_state.get(f"upload_file_{round_}") is not None:
    st.session_state.pop("upload_outcome", None)      # a new file: the last import is history
outcome = st.session_state.get("upload_outcome")
if outcome is not None:
    show(upload_steps.success(outcome, lang))
    st.markdown(upload_steps.map_link(outcome, lang))

st.markdown(T("intro"))

setup = upload_steps.page_setup(lang)
show(*setup.notices)
target = setup.target
if target is None:
    st.stop()

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
    show_or_stop(upload_steps.file_problem(problem, lang))
key = f"{uploaded.file_id}_{layout.sheet or ''}"
options = upload_steps.column_options(layout)


def none_or(column):
    return T("none") if column is None else column


st.subheader(T("columns"))
st.caption(T("columns_caption"))
left, middle, right, last = st.columns(4)
code_column = left.selectbox(T("code_column"), options.optional, format_func=none_or,
                             index=options.code_index, key=f"upload_code_{key}",
                             placeholder=T("choose"))
name_column = middle.selectbox(T("name_column"), options.optional, format_func=none_or,
                               index=options.name_index, key=f"upload_name_{key}",
                               placeholder=T("choose"))
value_column = right.selectbox(T("value_column"), options.headers, placeholder=T("choose"),
                               index=options.value_index, key=f"upload_value_{key}")
period_column = last.selectbox(T("period_column"), options.optional, format_func=none_or,
                               index=options.period_index, key=f"upload_period_{key}",
                               placeholder=T("choose"))
fixed_period = None
if period_column is None:
    fixed_period = last.text_input(T("fixed_period"), placeholder="2024",
                                   help=T("fixed_period_help"), key=f"upload_fixed_{key}")
with st.expander(T("more_options")):
    if layout.sheets:
        st.selectbox(T("sheet"), layout.sheets, index=options.sheet_index, key=sheet_key,
                     placeholder=T("choose"))
    decimal = st.selectbox(T("decimal"), ["auto", "comma", "point"], key=f"upload_decimal_{key}",
                           format_func=lambda d: T(f"decimal.{d}"), placeholder=T("choose"))

step = upload_steps.read_columns(
    data, file_name, target, layout,
    upload_steps.ColumnChoice(code=code_column, name=name_column, value=value_column,
                              period=period_column, fixed_period=fixed_period, decimal=decimal),
    lang)
show_or_stop(step.problem)
table = step.table

# --- 2. preview ---------------------------------------------------------------------------
st.subheader(T("preview"))
preview = upload_steps.preview(table, lang)
st.markdown(preview.summary)
st.markdown(preview.counts)
st.markdown(f"**:material/check_circle: {preview.matched_heading}**")
st.dataframe(preview.matched, hide_index=True, width="stretch",
             height=min(38 + 35 * len(preview.matched), 400),
             column_config={T("col.code"): st.column_config.NumberColumn(format="%d")})
with st.container(border=True):
    if preview.rejected_heading:
        st.markdown(f"**:material/error: :red[{preview.rejected_heading}]**")
        st.caption(T("unmatched_caption"))
        if preview.rejected_note:
            st.caption(preview.rejected_note)
        st.dataframe(preview.rejected, hide_index=True, width="stretch",
                     column_config={T("col.line"): st.column_config.NumberColumn(format="%d")})
    else:
        st.markdown(f":material/check: {preview.all_matched}")
show_or_stop(preview.problem)
show_or_stop(setup.end)        # public mode: the preview is all; nothing is imported

# --- 3. indicator -------------------------------------------------------------------------
st.subheader(T("target"))
choices = {choice.id: choice for choice in upload.importable_indicators(target)}
mode = st.radio(T("target.mode"), ["existing", "new"], horizontal=True, key="upload_mode",
                format_func=lambda m: T(f"target.{m}"), index=0 if choices else 1)
spec = None
if mode == "existing":
    indicator_id = None
    if choices:
        indicator_id = st.selectbox(T("target.indicator"), list(choices), key="upload_indicator",
                                    format_func=lambda i: choices[i].label(lang), index=None,
                                    placeholder=T("target.choose"))
else:
    indicator_id = st.columns(2)[0].text_input(
        T("new.id"), placeholder=T("new.id_placeholder"), key="upload_new_id")
    rows = [st.columns(2) for _ in range(3)]        # one row per Danish/English pair
    spec = UserIndicatorSpec(
        label_da=rows[0][0].text_input(T("new.label_da"), key="upload_new_label_da"),
        label_en=rows[0][1].text_input(T("new.label_en"), key="upload_new_label_en"),
        unit_da=rows[1][0].text_input(T("new.unit_da"), key="upload_new_unit_da"),
        unit_en=rows[1][1].text_input(T("new.unit_en"), key="upload_new_unit_en"),
        direction=rows[2][0].selectbox(
            T("new.direction"), DIRECTIONS, index=DIRECTIONS.index("neutral"),
            format_func=lambda d: T(f"direction.{d}"), key="upload_new_direction",
            placeholder=T("choose")),
        role=rows[2][1].selectbox(
            T("new.role"), ROLES, index=ROLES.index("context"),
            format_func=lambda r: T(f"role.{r}"), key="upload_new_role", placeholder=T("choose")),
    )

# the "replace" box below is drawn only when the plan asks for it; its answer is read first
plan = upload_steps.plan_import(table, target, choices, mode=mode, indicator_id=indicator_id,
                                spec=spec, replace=st.session_state.get("upload_replace", False),
                                lang=lang)
if plan.described:
    st.caption(plan.described)
show(*plan.notices)
if plan.stop:
    st.stop()
if plan.needs_replace_confirmation:
    st.checkbox(T("replace"), key="upload_replace")

# --- 4. import ----------------------------------------------------------------------------
st.subheader(T("import"))
if plan.ready_text:
    st.markdown(plan.ready_text)
clicked = st.button(T("button"), type="primary", icon=":material/upload_file:",
                    disabled=not plan.ready, help=T("button_help"), key="upload_import")
if clicked and plan.ready:
    failure = None
    with st.status(T("progress.label"), expanded=True) as status:
        bar = st.progress(0.0)
        try:
            done = upload.import_and_rebuild(
                table, indicator_id=plan.indicator_id, spec=plan.spec, target=target,
                replace=plan.replace,
                progress=lambda fraction, message: bar.progress(fraction, text=message),
                lang=lang)
        except ImportFailed as problem:
            failure = problem
            status.update(label=T("progress.failed"), state="error")
        else:
            status.update(label=T("progress.done"), state="complete")
    if failure is not None:
        show(upload_steps.import_failed(failure, lang))
    else:
        st.session_state["upload_outcome"] = done
        st.session_state["upload_round"] = round_ + 1
        st.rerun()
