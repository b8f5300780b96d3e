"""Colour-blind-safe sequential palettes whose direction follows the registry.

Darker always means worse for indicators with a direction, so a reader never has to check which
way a map runs:
  higher_worse   light -> dark as values rise   (YlOrRd: low values light, high values dark red)
  higher_better  dark -> light as values rise   (YlOrRd reversed: low values dark red)
  neutral        light -> dark as values rise   (YlGnBu: a cool hue that carries no verdict)

The colours are ColorBrewer 2.0 schemes (Cynthia Brewer, Mark Harrower and The Pennsylvania
State University, Apache-2.0 licence) as branca ships them, all marked colour-blind safe;
sequential schemes vary mainly in lightness, so they also survive greyscale printing and pale
projectors. Missing values get a separate neutral grey hatch (NO_DATA), never a palette colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from branca.utilities import color_brewer

from .classify import MAX_CLASSES

# ColorBrewer starts at 3 classes; a classification reduced to 1 or 2 classes (few distinct
# values) takes these members of the 4-class scheme: mid-tone alone, or light-mid and dark.
_FEWER_THAN_THREE = {1: (2,), 2: (1, 3)}
DIVERGING_SCHEMES = ("RdBu", "PuOr")


@lru_cache(maxsize=None)
def _brewer(scheme: str, k: int) -> tuple[str, ...]:
    """ColorBrewer's own k-class list (branca reads it from JSON on every call, hence the cache)."""
    if k in _FEWER_THAN_THREE:
        four = _brewer(scheme, 4)
        return tuple(four[i] for i in _FEWER_THAN_THREE[k])
    return tuple(colour.lower() for colour in color_brewer(scheme, k))


@dataclass(frozen=True)
class NoDataStyle:
    """Missing values: a light grey fill with dark grey diagonal hatching."""

    fill: str = "#f2f2f2"
    hatch: str = "#8c8c8c"
    pattern_id: str = "atlas-nodata"


NO_DATA = NoDataStyle()


def palette_name(direction: str) -> str:
    """The ColorBrewer scheme for an indicator's direction: YlGnBu if neutral, else YlOrRd."""
    return "YlGnBu" if direction == "neutral" else "YlOrRd"


def palette(direction: str, k: int) -> tuple[str, ...]:
    """k colours, one per class in ascending value order, for an indicator's `direction`.

    Darker = worse for higher_worse and higher_better; darker = higher for neutral.
    """
    if not 1 <= k <= MAX_CLASSES:
        raise ValueError(f"palettes have 1-{MAX_CLASSES} classes, not {k}")
    if direction not in ("higher_better", "higher_worse", "neutral"):
        raise ValueError(f"unknown direction {direction!r}")
    colours = _brewer(palette_name(direction), k)
    return tuple(reversed(colours)) if direction == "higher_better" else colours


def diverging(k: int, scheme: str = "RdBu") -> tuple[str, ...]:
    """k colours of a colour-blind-safe ColorBrewer diverging scheme (RdBu or PuOr), from one
    end through a light middle to the other, for values on both sides of a reference."""
    if scheme not in DIVERGING_SCHEMES:
        raise ValueError(f"diverging schemes are {DIVERGING_SCHEMES}, not {scheme!r}")
    if not 3 <= k <= 11:
        raise ValueError(f"diverging palettes have 3-11 classes, not {k}")
    return _brewer(scheme, k)


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance (0 = black, 1 = white) of '#rrggbb'."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
