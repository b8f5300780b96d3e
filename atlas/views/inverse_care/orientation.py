"""Which side of an indicator is more need or worse access (the registry's direction).

An indicator whose direction is `higher_better` is turned around; `neutral` need indicators
count higher as more need (they are measures of need); a `neutral` access indicator has no
"worse" side. The rules live in atlas.registry, where the build's stored pair statistics
(atlas/build/pair_statistics.py) read them too."""

from __future__ import annotations

from atlas.registry import access_oriented, access_sign, need_sign

__all__ = ["access_oriented", "access_sign", "need_sign"]
