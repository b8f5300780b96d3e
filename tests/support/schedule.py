"""The order of the test files, longest expected first, so the xdist workers end together.

`--dist loadfile` hands a worker the next file when it is nearly done with its last one, in the
order it receives them. Left to itself, xdist sorts the files by their number of tests, largest
first, which leaves the files of few but long tests to the end: the browser modules (two to five
tests of 20-60 s each), the preload and upload checks; one of them then runs alone while the
other workers idle. Replayed with the per-test times of a full run on four workers (under a
load of about 17), the last worker ends at 1,282 s in xdist's order and at 1,181 s in this one
(8 % sooner; 1,177 s, the run's time spread evenly over the workers, is the least possible). `order_by_cost` is the classic longest-first rule, with each file's cost estimated from
what its tests use (`KIND_COST`, seconds per test measured in that run, rounded), so a new test
needs no entry anywhere. The order changes nothing but when a file runs: each file's tests stay
together and in their own order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

# mean seconds per test of each kind in a full run on four workers (shared machine, 2026-12-07):
# browser 21.5, slow 57.5, on the real snapshot 3.3, on the mini snapshot 2.5, other 0.3-0.8
KIND_COST = {"browser": 20, "slow": 60, "real snapshot": 3, "mini snapshot": 2, "other": 1}


class Item(Protocol):
    nodeid: str
    fixturenames: Sequence[str]

    def iter_markers(self) -> Iterable: ...


T = TypeVar("T", bound=Item)


def kind(item: Item) -> str:
    markers = {marker.name for marker in item.iter_markers()}
    if "browser" in markers:
        return "browser"
    if markers & {"slow", "scaleout"}:
        return "slow"
    if "real_sources" in item.fixturenames:      # every fixture of the real database uses it
        return "real snapshot"
    if "mini_sources" in item.fixturenames:
        return "mini snapshot"
    return "other"


def test_file(item: Item) -> str:
    return item.nodeid.split("::", 1)[0]


def order_by_cost(items: Sequence[T]) -> list[T]:
    """`items` grouped by file, the files by estimated cost (largest first; ties keep their
    collection order), the tests of a file in their own order."""
    files: dict[str, list[T]] = {}
    for item in items:
        files.setdefault(test_file(item), []).append(item)
    cost = {name: sum(KIND_COST[kind(item)] for item in tests) for name, tests in files.items()}
    ordered = sorted(files, key=lambda name: -cost[name])    # stable: ties in collection order
    return [item for name in ordered for item in files[name]]
