"""The test files' order for xdist (tests/support/schedule.py): longest expected first, each
file's tests together and in their own order, and the order xdist is told to keep."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from tests.support.schedule import KIND_COST, kind, order_by_cost


@dataclass
class FakeItem:
    nodeid: str
    markers: tuple[str, ...] = ()
    fixturenames: list[str] = field(default_factory=list)

    def iter_markers(self):
        return [SimpleNamespace(name=name) for name in self.markers]


def test_kinds_from_markers_and_fixtures():
    assert kind(FakeItem("a.py::t", ("browser", "slow"))) == "browser"
    assert kind(FakeItem("a.py::t", ("scaleout",))) == "slow"
    assert kind(FakeItem("a.py::t", (), ["atlas_db", "real_db", "real_sources"])) == \
        "real snapshot"
    assert kind(FakeItem("a.py::t", (), ["mini_sources", "tmp_path"])) == "mini snapshot"
    assert kind(FakeItem("a.py::t", (), ["tmp_path"])) == "other"
    assert KIND_COST["browser"] > KIND_COST["real snapshot"] > KIND_COST["other"]


def test_few_long_tests_go_before_many_short_ones_and_files_stay_whole():
    plain = [FakeItem(f"tests/test_units.py::test_{n}") for n in range(30)]
    browser = [FakeItem(f"tests/browser/test_page.py::test_{n}", ("browser",)) for n in range(2)]
    real = [FakeItem(f"tests/test_page.py::test_{n}", (), ["real_sources"]) for n in range(3)]
    tie = [FakeItem("tests/test_tie.py::test_0", (), ["real_sources"])] * 3
    items = [*plain[:10], *real[:1], *browser, *plain[10:], *real[1:], *tie]
    ordered = order_by_cost(items)
    assert sorted(map(id, ordered)) == sorted(map(id, items))
    files = [item.nodeid.split("::")[0] for item in ordered]
    assert list(dict.fromkeys(files)) == ["tests/browser/test_page.py", "tests/test_units.py",
                                          "tests/test_page.py", "tests/test_tie.py"]
    assert [item.nodeid for item in ordered if "test_units" in item.nodeid] == \
        [item.nodeid for item in plain]
    assert [item.nodeid for item in ordered if "test_page.py" in item.nodeid][2:] == \
        [item.nodeid for item in real]


def test_the_run_keeps_the_collection_order(request):
    """xdist's own ordering (by number of tests) is switched off where xdist is loaded, and this
    run's collection is in the estimated order."""
    option = request.config.option
    assert getattr(option, "loadscopereorder", False) is False
    session_items = request.session.items
    if session_items:
        assert list(session_items) == order_by_cost(session_items)
