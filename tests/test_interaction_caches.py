"""What an interaction reuses from the per-build caches (issue 23): the inverse-care charts'
Vega-Lite specs, the table's columns and number texts, the presenter's neighbouring slides.
Each test checks the reuse (it fails where the work is redone per run) and that what is shown
stays the same."""

from __future__ import annotations

import functools
import json
import threading

import pytest

from tests.conftest import open_page, permalink


@pytest.fixture
def empty_build_cache(atlas_db, monkeypatch):
    """No earlier test's work left in this worker's per-build cache: the background thread
    finishes what an earlier page queued (its prefetch of the pairs one need away), then the
    cache starts empty. Otherwise that work may already hold the spec a test counts (seen:
    the scatter converted 0 times instead of once), or a prefetch slot may say done while the
    spec it converted has since been pushed out of the spec cache (48 kept per chart, 64
    prefetch slots)."""
    from atlas.db import database
    from atlas.ui import prefetch

    assert prefetch.wait_idle(timeout=120)
    monkeypatch.setattr(database(), "_cache", {})


def test_cached_spec_is_the_spec_streamlit_makes(atlas_db):
    """The unvalidated conversion gives what st.altair_chart sends, datasets included."""
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    from atlas.charts.scatter import scatter_chart
    from atlas.ui.cached_chart import _vega_lite_spec
    from atlas.views.inverse_care import figures, model
    from atlas.views.inverse_care import state as ic

    context = ic.choices("da")
    state, _ = ic.parse_state({"need": "life_expectancy", "access": "hospital_distance_km",
                               "kommune": "360"}, context)
    view = model.build_view(state, context)
    scatter = figures.scatter_model(view, model.statistics_view(view))

    def text(spec: dict) -> str:
        return json.dumps(spec, sort_keys=True, default=repr)

    assert text(_vega_lite_spec(scatter_chart(scatter))) == text(
        _convert_altair_to_vega_lite_spec(scatter_chart(scatter)))


def test_inverse_care_scatter_is_converted_once_per_build(empty_build_cache, monkeypatch):
    from atlas.charts import scatter

    calls = []
    original = scatter.scatter_chart

    @functools.wraps(original)   # the cache knows a chart by its function's name
    def counted(*args, **kwargs):
        # the visitors' runs only: the background thread prepares the other pairs' charts
        if not threading.current_thread().name.startswith("atlas-prefetch"):
            calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(scatter, "scatter_chart", counted)
    pair = {"need": "daily_smoking_share", "access": "gp_distance_km"}
    first = open_page("pages/inverse_care.py", **pair)
    second = open_page("pages/inverse_care.py", **pair)
    assert not first.exception and not second.exception
    assert len(calls) == 1
    specs = [json.loads(chart.proto.spec) for at in (first, second)
             for chart in at.get("vega_lite_chart") if chart.key == "ic_scatter"]
    assert len(specs) == 2 and specs[0] == specs[1]


def test_table_sort_reuses_the_columns_and_their_numbers(empty_build_cache, monkeypatch):
    from atlas.i18n import format_number
    from atlas.ui.table_controls import cell_texts, population_text
    from atlas.views import funnel, municipal
    from atlas.views import table as tv

    context = municipal.context()
    marks = []
    original = funnel.position_text
    monkeypatch.setattr(funnel, "position_text",
                        lambda *a, **k: marks.append(1) or original(*a, **k))
    views = []
    for order in ("asc", "desc"):
        state, _ = tv.parse_state({"ind": "life_expectancy,hospital_use_share",
                                   "order": order, "sort": "life_expectancy"}, context)
        views.append(tv.build_view(state, context))
    assert len(marks) == len(views[0].frame)        # one funnel column, worked out once
    frame = views[1].frame
    column = list(frame.columns).index("life_expectancy")
    for value, texts in zip(frame["life_expectancy"], cell_texts(views[1])):
        assert texts[column] == ("ingen data" if value != value else format_number(value, 1, "da"))
    # the numbers are the same objects in both views (made once per build), and so are their
    # texts (rendered once per language)
    assert views[0].numbers == views[1].numbers and views[0].numbers["life_expectancy"] \
        .texts("da") is views[1].numbers["life_expectancy"].texts("da")
    assert population_text(views[1])(views[1].population_steps[1]) \
        == format_number(views[1].population_steps[1], 0, "da")
    assert list(views[0].frame["name"]) != list(views[1].frame["name"])


def test_prefetch_is_computed_once_and_waited_for(atlas_db):
    from atlas.ui import prefetch

    started, release, calls = threading.Event(), threading.Event(), []

    def slow():
        calls.append(1)
        started.set()
        release.wait(10)
        return "prepared"

    prefetch.ahead(("test-prefetch", 1), slow)
    assert started.wait(60)                       # running in the background thread
    threading.Timer(0.05, release.set).start()
    assert prefetch.result(("test-prefetch", 1), lambda: "computed again") == "prepared"
    assert calls == [1]


def test_prefetch_still_queued_is_done_in_the_visitors_run(atlas_db):
    from atlas.ui import prefetch

    started, release = threading.Event(), threading.Event()
    prefetch.ahead(("test-prefetch", 4), lambda: started.set() or release.wait(10))
    prefetch.ahead(("test-prefetch", 5), lambda: "from the background")
    assert started.wait(60)
    try:   # the worker is busy: the queued work is not waited for
        assert prefetch.result(("test-prefetch", 5), lambda: "now") == "now"
    finally:
        release.set()


def test_prefetch_failure_is_redone_in_the_visitors_run(atlas_db):
    from atlas.ui import prefetch

    def broken():
        raise RuntimeError("boom")

    prefetch.ahead(("test-prefetch", 2), broken)
    assert prefetch.result(("test-prefetch", 2), lambda: "fine") == "fine"
    with pytest.raises(RuntimeError):
        prefetch.result(("test-prefetch", 3), broken)


def test_prefetch_that_failed_is_queued_again(atlas_db):
    """Work that failed in the background (or found another database: a test's, ended) does
    not stay in its slot: the next run that asks for it ahead queues it again."""
    from atlas.ui import prefetch

    def broken():
        raise RuntimeError("boom")

    prefetch.ahead(("test-prefetch", 6), broken)
    failed = prefetch._slot(("test-prefetch", 6)).future
    with pytest.raises(RuntimeError):
        failed.result(timeout=120)
    prefetch.ahead(("test-prefetch", 6), lambda: "prepared")
    queued = prefetch._slot(("test-prefetch", 6)).future
    assert queued is not failed and queued.result(timeout=120) == "prepared"


def test_presenter_prepares_the_next_slide(atlas_db):
    from atlas.stories import presenter as pv
    from atlas.ui import prefetch

    at = open_page("pages/presenter.py", slide="1")
    assert not at.exception
    story = pv.load()
    neighbour = pv.PresenterState(slide=2, lang="da")
    key = ("presenter", neighbour, repr(story))
    # queued by the first run; the one background thread may still be busy with earlier
    # work (a loaded CI machine), so wait for it here rather than race it
    queued = prefetch._slot(key).future
    assert queued is not None, "slide 2 was not queued by the first run"
    queued.result(timeout=120)
    # prepared in the background: the visitor's run gets it without computing
    view, _ = prefetch.result(key,
                              lambda: pytest.fail("slide 2 was not prepared ahead"))
    assert view.number == 2


def test_prefetch_never_serves_a_result_of_another_database(real_db, use_db, tmp_path):
    """The background thread runs later, when `$ATLAS_DB` may name another file (tests switch
    it; a rebuild replaces it): what it computed then is not this database's result."""
    import shutil

    from atlas.db import database
    from atlas.ui import prefetch

    other = tmp_path / "other.duckdb"
    shutil.copy(real_db, other)
    use_db(real_db)
    gate = threading.Event()
    prefetch._worker().submit(gate.wait)                 # hold the thread until the switch
    prefetch.ahead(("which database",), lambda: str(database().path))
    use_db(other)
    gate.set()
    assert prefetch.wait_idle(timeout=120)               # the queued work has run
    use_db(real_db)
    assert prefetch.result(("which database",), lambda: str(database().path)) == str(real_db)


def test_inverse_care_prepares_the_pairs_one_need_away(empty_build_cache, monkeypatch):
    """After a pair's detail is drawn, the pairs one need choice away are prepared in the
    background: choosing the next need converts no chart in the visitor's run (it converted
    the scatter's spec before)."""
    from atlas.ui import cached_chart, prefetch
    from atlas.ui import inverse_care_controls as icc
    from atlas.views.inverse_care import model
    from atlas.views.inverse_care import state as ic

    context = ic.choices("da")
    first, _ = ic.parse_state({"need": "daily_smoking_share", "access": "gp_distance_km"},
                              context)
    at = open_page("pages/inverse_care.py", need=first.need, access=first.access)
    assert not at.exception
    needs = list(model.build_view(first, context).need_options)
    following = needs[(needs.index(first.need) + 1) % len(needs)]
    others = {k: v for k, v in permalink(at).items()
              if k not in ("need", "need_period", "access", "access_period")}
    state, _ = ic.parse_state({**others, "need": following}, context)
    queued = prefetch._slot(icc._work_key(state)).future
    assert queued is not None, f"{following} was not queued by the first run"
    queued.result(timeout=120)     # the one background thread may still be busy: wait
    conversions = []
    original = cached_chart._vega_lite_spec

    def counted(chart):
        # the visitor's run only: the background thread goes on with the other pairs
        if not threading.current_thread().name.startswith("atlas-prefetch"):
            conversions.append(1)
        return original(chart)

    monkeypatch.setattr(cached_chart, "_vega_lite_spec", counted)
    at.selectbox(key="ic_need").set_value(following).run()
    assert not at.exception
    assert permalink(at)["need"] == following
    assert conversions == []


def test_inverse_care_overview_forest_plot_is_converted_once_per_build(atlas_db, monkeypatch):
    """The overview's interactive forest plot (drawn while the figure converter starts, and in
    its expander): its spec is kept per build and language, not built and converted again for
    every visitor. (Its picture: tests/test_inverse_care_forest_figure.py.)"""
    from atlas.charts import forest
    from atlas.charts.converter import CONVERTER

    monkeypatch.setattr(CONVERTER, "ready", lambda: False)   # another test may have started it

    calls = []
    original = forest.forest_chart

    @functools.wraps(original)   # the cache knows a chart by its function's name
    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(forest, "forest_chart", counted)
    monkeypatch.setattr("atlas.ui.inverse_care_controls.forest_chart", counted)
    first = open_page("pages/inverse_care.py", lang="en")
    second = open_page("pages/inverse_care.py", lang="en")
    assert not first.exception and not second.exception
    assert len(calls) <= 1
    specs = [json.loads(chart.proto.spec) for at in (first, second)
             for chart in at.get("vega_lite_chart")]
    assert len(specs) == 2 and specs[0] == specs[1]


def _one_point_chart(model):
    import altair as alt

    return alt.Chart(alt.Data(values=[{"x": model[0]}])).mark_point().encode(x="x:Q")


def _another_chart(model):
    return _one_point_chart(model).mark_line()


def test_preparing_many_specs_of_one_chart_keeps_the_others(atlas_db, monkeypatch):
    """The spec cache keeps KEEP specs per chart function: the background preparing many
    pairs' scatters (CI showed it) no longer pushes out the forest or strip chart the
    visitor's page draws next."""
    from atlas.ui import cached_chart

    converted = []
    original = cached_chart._vega_lite_spec
    monkeypatch.setattr(cached_chart, "_vega_lite_spec",
                        lambda chart: converted.append(1) or original(chart))
    cached_chart.spec((0.5,), _another_chart)
    for n in range(cached_chart.KEEP + 5):
        cached_chart.spec((float(n),), _one_point_chart)
    converted.clear()
    cached_chart.spec((0.5,), _another_chart)
    assert converted == []



def test_prefetch_wait_idle_waits_for_the_queued_work(atlas_db):
    """The server's warm-up waits with `wait_idle` until what its page runs queued is done
    (issue 23: the presenter's slides were still being prepared beside the first visitor's
    map)."""
    from atlas.ui import prefetch

    started, release = threading.Event(), threading.Event()
    prefetch.ahead(("test-prefetch", 7), lambda: started.set() or release.wait(10))
    prefetch.ahead(("test-prefetch", 8), lambda: "queued behind")
    assert started.wait(60)
    try:
        assert prefetch.wait_idle(0.05) is False        # still running
    finally:
        release.set()
    assert prefetch.wait_idle(120) is True
    assert prefetch._slot(("test-prefetch", 8)).future.done()
