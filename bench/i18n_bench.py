"""The cost of a text lookup: `t()` on the gettext catalogue against the Python table of
(Danish, English) pairs it replaced (issue 19), measured in the same run.

    .venv/bin/python bench/i18n_bench.py

The reference is the old lookup (`da, en = TABLE[key]; en if lang == "en" else da`) over a
table built from the same catalogue. Prints the median of 9 rounds in ns per call, and the
ratio to the reference; the two take turns in every round.
"""

from __future__ import annotations

import statistics
import timeit

from atlas import catalogue
from atlas.i18n import STRINGS, t  # noqa: F401 - timed by name below

CALLS = 200_000
TABLE = {key: STRINGS[key] for key in STRINGS}    # the old shape: key -> (Danish, English)


def old_t(key: str, lang: str = "da", /, **fields) -> str:
    da, en = TABLE[key]
    text = en if lang == "en" else da
    return text.format(**fields) if fields else text


def medians_ns(*statements: str, rounds: int = 9) -> list[float]:
    """Each statement's median ns per call, the statements taking turns in every round (so a
    change in the machine's load falls on both alike)."""
    times: list[list[float]] = [[] for _ in statements]
    for _ in range(rounds):
        for found, statement in zip(times, statements):
            found.append(timeit.timeit(statement, globals=globals(), number=CALLS) / CALLS * 1e9)
    return [statistics.median(found) for found in times]


def main() -> None:
    catalogue.languages()   # loaded once per process, before timing
    cases = {"plain": '("map.legend", "en")',
             "fields": '("map.group_avg", "da", group="Hovedstad")'}
    print(f"{'lookup':<8} {'old table ns':>13} {'catalogue ns':>13} {'ratio':>6}")
    for name, arguments in cases.items():
        old, new = medians_ns(f"old_t{arguments}", f"t{arguments}")
        print(f"{name:<8} {old:>13.0f} {new:>13.0f} {new / old:>6.2f}")


if __name__ == "__main__":
    main()
