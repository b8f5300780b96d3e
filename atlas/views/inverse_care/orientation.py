"""Which side of an indicator is more need or worse access (the registry's direction).

An indicator whose direction is `higher_better` is turned around; `neutral` need indicators
count higher as more need (they are measures of need); a `neutral` access indicator has no
"worse" side."""

from __future__ import annotations

from atlas.registry import Indicator


def need_sign(indicator: Indicator) -> int:
    """+1 when a higher value means more need, -1 when it means less (higher_better)."""
    return -1 if indicator.direction == "higher_better" else 1


def access_sign(indicator: Indicator) -> int:
    """+1 when a higher value means worse access (or no direction), -1 for higher_better."""
    return -1 if indicator.direction == "higher_better" else 1


def access_oriented(indicator: Indicator) -> bool:
    """False for an access indicator without a direction: no side of it is "worse"."""
    return indicator.direction != "neutral"

