"""Your own data: upload a CSV/XLSX of values per municipality, confirm the columns, see which
rows matched and which did not (with the reason), choose the indicator, then import and rebuild
the atlas — labelled as user-supplied.

Layout and widgets only: what to show for the choices made is decided in atlas/upload/steps.py
(the logic in atlas/upload/flow.py, the texts in atlas/upload/text.py).
"""

import streamlit as st

from atlas import ui
from atlas.ui import upload_controls as uc
from atlas.ui.scaffold import open_page
from atlas.upload import flow as upload
from atlas.upload import steps as upload_steps
from atlas.upload.text import tr

lang = open_page().lang
show, show_or_stop = uc.show, uc.show_or_stop


def T(key: str, **values) -> str:  # noqa: N802 - short on purpose: the page is mostly text
    return tr(key, lang, **values)


st.title(T("title"))
round_ = uc.upload_round()
outcome = st.session_state.get(uc.OUTCOME_KEY)
if outcome is not None:
    show(upload_steps.success(outcome, lang))
    st.markdown(upload_steps.map_link(outcome, lang))

st.markdown(T("intro"))

setup = upload_steps.page_setup(lang)
show(*setup.notices)
target = setup.target
if target is None:
    ui.stop()

uploaded = st.file_uploader(T("file_label"), type=["csv", "xlsx"], help=T("file_help"),
                            key=f"upload_file_{round_}", max_upload_size=upload.MAX_UPLOAD_MB)
if uploaded is None:
    show(uc.refused_problem(lang))   # the last file, already let go
    ui.stop()
data, file_name = uploaded.getvalue(), uploaded.name

# --- 1. columns ---------------------------------------------------------------------------
sheet_key = f"upload_sheet_{uploaded.file_id}"
try:
    layout = upload.inspect_file(data, file_name, st.session_state.get(sheet_key))
except upload.ImportFailed as problem:
    uc.let_go(uploaded, problem, round_)   # out of memory now; the uploader starts empty
key = f"{uploaded.file_id}_{layout.sheet or ''}"
options = upload_steps.column_options(layout)
none_or = uc.none_or(T)


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
    indicator_id, spec = uc.new_indicator_form(T)

# the "replace" box below is drawn only when the plan asks for it; its answer is read first
plan = upload_steps.plan_import(table, target, choices, mode=mode, indicator_id=indicator_id,
                                spec=spec, replace=st.session_state.get("upload_replace", False),
                                lang=lang)
if plan.described:
    st.caption(plan.described)
show(*plan.notices)
if plan.stop:
    ui.stop()
if plan.needs_replace_confirmation:
    st.checkbox(T("replace"), key="upload_replace")

# --- 4. import ----------------------------------------------------------------------------
st.subheader(T("import"))
if plan.ready_text:
    st.markdown(plan.ready_text)
clicked = st.button(T("button"), type="primary", icon=":material/upload_file:",
                    disabled=not plan.ready, help=T("button_help"), key="upload_import")
if clicked and plan.ready:
    uc.run_import(table, target, plan, T, lang, round_)
