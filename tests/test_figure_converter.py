"""The figure converter (issue 22, item 1): vl-convert runs in a worker process, so a figure
it cannot draw is a clear error and the server lives; control characters never reach it."""

from __future__ import annotations

import os

import altair as alt
import pandas as pd
import pytest

from atlas.charts import converter
from atlas.charts.export import png, svg
from atlas.sanitize import control_character, printable, printable_data

HOSTILE = "Kø\x1bben\x00havn\x07\x85\x9b"


@pytest.fixture
def fresh_converter(monkeypatch):
    """A converter of its own whose workers skip vl-convert's warm-up (about 3 s of CPU per
    worker start; these tests start four): they test the worker's death and timeout, not the
    drawing. `int` is picklable by reference, so the spawned worker runs it as the
    initializer. The shared CONVERTER keeps the warm-up (test_control_characters... draws
    through it)."""
    monkeypatch.setattr(converter, "_warm_up", int)
    worker = converter.Converter(timeout=60)
    yield worker
    worker.stop()


def test_a_crashing_converter_leaves_the_caller_alive_with_a_clear_error(fresh_converter):
    first = fresh_converter.run(os.getpid)
    assert first != os.getpid()                 # the work runs in another process
    with pytest.raises(converter.ConverterError, match="stopped while drawing"):
        fresh_converter.run(os.abort)           # what vl-convert's panic does to its process
    again = fresh_converter.run(os.getpid)      # a new worker took its place
    assert again not in (first, os.getpid())


def test_the_worker_never_runs_the_parents_script(fresh_converter, tmp_path, monkeypatch):
    """In the server `__main__` is the page script Streamlit ran last; a "spawn" child would
    run it again outside Streamlit (seconds of CPU, bare-mode warnings in the terminal)."""
    import sys
    import types

    marker = tmp_path / "ran"
    script = tmp_path / "page_script.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    assert fresh_converter.run(os.getpid) != os.getpid()
    assert not marker.exists()
    assert sys.modules["__main__"] is page          # put back for the server's own use


def test_a_hanging_converter_is_ended_after_its_timeout(fresh_converter):
    import time

    fresh_converter.run(os.getpid)              # started and warm
    fresh_converter.timeout = 1
    with pytest.raises(converter.ConverterError, match="did not finish within 1 s"):
        fresh_converter.run(time.sleep, 30)
    fresh_converter.timeout = 60
    assert fresh_converter.run(os.getpid) != os.getpid()


def test_control_characters_in_a_figure_are_drawn_without_them():
    frame = pd.DataFrame({"x": [1, 2], "y": [3, 4], "name": [HOSTILE, "Aarhus\x1b[31m"]})
    chart = alt.Chart(frame).mark_text().encode(x="x", y="y", text="name").properties(
        title=f"Titel {HOSTILE}")
    drawn = svg(chart)
    assert "København" in drawn and "Aarhus[31m" in drawn
    assert control_character(drawn) is None
    assert png(chart).startswith(b"\x89PNG")


def test_the_sanitiser_keeps_tabs_and_line_breaks():
    assert printable("a\tb\nc\rd\x1be\x00f\x7f\x9f\ud800\ufffe") == "a\tb\nc\rdef"
    assert control_character("fine\ttext\n") is None
    assert control_character("bad\x1b") == "U+001B"
    assert printable_data({"k\x00": ["v\x07", ("w\x1b", 3)], "n": None}) == \
        {"k": ["v", ("w", 3)], "n": None}
