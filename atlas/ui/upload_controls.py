"""The upload page's pieces that are more than layout: its notices (and the stops they
mean), the form for a new indicator, and the import with its progress (pages/upload.py keeps
the steps' layout; atlas/upload decides what each step shows)."""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from atlas import ui
from atlas.upload import flow as upload
from atlas.upload import steps as upload_steps

_ALERTS = {"info": st.info, "warning": st.warning, "error": st.error, "success": st.success}
ROUND_KEY = "upload_round"      # a new round (a fresh file field) after each import
OUTCOME_KEY = "upload_outcome"  # the last import's outcome, shown until a new file comes


def show(*notices: upload_steps.Notice | None) -> None:
    for notice in notices:
        if notice is not None:
            _ALERTS[notice.kind](notice.text, icon=notice.icon)


def show_or_stop(notice: upload_steps.Notice | None) -> None:
    """Show the notice of a step that cannot go on, and end the page there."""
    if notice is not None:
        show(notice)
        ui.stop()


def upload_round() -> int:
    """This round's number; a new file in the field forgets the last import's outcome."""
    round_ = st.session_state.setdefault(ROUND_KEY, 0)
    if st.session_state.get(f"upload_file_{round_}") is not None:
        st.session_state.pop(OUTCOME_KEY, None)
        st.session_state.pop(REFUSED_KEY, None)
    return round_


REFUSED_KEY = "upload_refused"


def none_or(T: Callable[..., str]) -> Callable[[Any], str]:  # noqa: N803
    """The column boxes' labels: a column's name, or "(ingen)" / "(none)" for no column."""
    return lambda column: T("none") if column is None else column


def let_go(uploaded: Any, problem: Exception, round_: int) -> None:
    """A file that cannot be read is let go at once: its bytes leave the server's memory and
    the uploader starts empty (a new key), with the reason shown above it (issue 22)."""
    ui.release_upload(uploaded)
    st.session_state[REFUSED_KEY] = problem
    st.session_state[ROUND_KEY] = round_ + 1
    st.rerun()


def refused_problem(lang: str) -> Any:
    """Why the last file was refused (once), or None."""
    refused = st.session_state.pop(REFUSED_KEY, None)
    return None if refused is None else upload_steps.file_problem(refused, lang)


def new_indicator_form(T: Callable[..., str]) -> tuple[str, upload.UserIndicatorSpec]:  # noqa: N803
    """The fields of a new indicator: its id, and labels and units in both languages (one row
    per Danish/English pair), direction and role."""
    indicator_id = st.columns(2)[0].text_input(
        T("new.id"), placeholder=T("new.id_placeholder"), key="upload_new_id")
    rows = [st.columns(2) for _ in range(3)]
    return indicator_id, upload.UserIndicatorSpec(
        label_da=rows[0][0].text_input(T("new.label_da"), key="upload_new_label_da"),
        label_en=rows[0][1].text_input(T("new.label_en"), key="upload_new_label_en"),
        unit_da=rows[1][0].text_input(T("new.unit_da"), key="upload_new_unit_da"),
        unit_en=rows[1][1].text_input(T("new.unit_en"), key="upload_new_unit_en"),
        direction=rows[2][0].selectbox(
            T("new.direction"), upload.DIRECTIONS, index=upload.DIRECTIONS.index("neutral"),
            format_func=lambda d: T(f"direction.{d}"), key="upload_new_direction",
            placeholder=T("choose")),
        role=rows[2][1].selectbox(
            T("new.role"), upload.ROLES, index=upload.ROLES.index("context"),
            format_func=lambda r: T(f"role.{r}"), key="upload_new_role",
            placeholder=T("choose")),
    )


def run_import(table: Any, target: Any, plan: Any, T: Callable[..., str], lang: str,  # noqa: N803
               round_: int) -> None:
    """Import the table and rebuild the atlas, with its progress; on success the page starts
    a new round showing the outcome, on failure it says why."""
    failure = None
    with st.status(T("progress.label"), expanded=True) as status:
        bar = st.progress(0.0)
        try:
            done = upload.import_and_rebuild(
                table, indicator_id=plan.indicator_id, spec=plan.spec, target=target,
                replace=plan.replace,
                progress=lambda fraction, message: bar.progress(fraction, text=message),
                lang=lang)
        except upload.ImportFailed as problem:
            failure = problem
            status.update(label=T("progress.failed"), state="error")
        else:
            status.update(label=T("progress.done"), state="complete")
    if failure is not None:
        show(upload_steps.import_failed(failure, lang))
    else:
        st.session_state[OUTCOME_KEY] = done
        st.session_state[ROUND_KEY] = round_ + 1
        st.rerun()
