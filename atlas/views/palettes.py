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

from atlas.views.classify import MAX_CLASSES

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


# --- bivariate (3 x 3) --------------------------------------------------------------------------
# Joshua Stevens's pink-blue bivariate scheme ("Bivariate Choropleth Maps: A How-to Guide",
# joshuastevens.net, 2015; the same nine colours are "GrPink" in the R package biscale and
# "RdBu" in Mike Bostock's d3 bivariate-choropleth example). Blending two single-hue ramps
# gives each axis its own hue and both axes the same lightness steps, so the grid stays
# readable with red-green colour-vision deficiency and in greyscale: the light corner is low on
# both axes, the darkest cell high on both.
# Row = second variable's tertile (0 low .. 2 high), column = first variable's tertile.
BIVARIATE_3X3: tuple[tuple[str, str, str], ...] = (
    ("#e8e8e8", "#e4acac", "#c85a5a"),
    ("#b0d5df", "#ad9ea5", "#985356"),
    ("#64acbe", "#627f8c", "#574249"),
)
# The frame of outlined municipalities (Choropleth.outlined) and of their legend cell: amber,
# apart from every palette colour and from the black selection outline.
OUTLINE_COLOUR = "#f59e00"
BIVARIATE_SOURCE = ("Joshua Stevens, “Bivariate Choropleth Maps: A How-to Guide” (2015), "
                    "pink-blue 3 × 3")


def bivariate_colour(first_class: int, second_class: int) -> str:
    """The colour of a cell: `first_class` (columns, pink ramp) x `second_class` (rows, blue
    ramp), each 0 (low tertile) .. 2 (high tertile)."""
    if not (0 <= first_class <= 2 and 0 <= second_class <= 2):
        raise ValueError(f"tertile classes are 0-2, not ({first_class}, {second_class})")
    return BIVARIATE_3X3[second_class][first_class]
