"""Colour-blind-safe sequential palettes whose direction follows the registry.

Darker always means worse for indicators with a direction, so a reader never has to check which
way a map runs:
  higher_worse   light -> dark as values rise   (YlOrRd: low values light, high values dark red)
  higher_better  dark -> light as values rise   (YlOrRd reversed: low values dark red)
  neutral        light -> dark as values rise   (YlGnBu: a cool hue that carries no verdict)

The hex lists are ColorBrewer 2.0 sequential schemes (Cynthia Brewer, Mark Harrower and The
Pennsylvania State University, Apache-2.0 licence), all marked colour-blind safe; sequential
schemes vary mainly in lightness, so they also survive greyscale printing and pale projectors.
Missing values get a separate neutral grey hatch (NO_DATA), never a palette colour.
"""

from __future__ import annotations

from dataclasses import dataclass

# ColorBrewer YlOrRd, 3-7 classes, light to dark.
YLORRD: dict[int, tuple[str, ...]] = {
    1: ("#fd8d3c",),
    2: ("#fecc5c", "#e31a1c"),
    3: ("#ffeda0", "#feb24c", "#f03b20"),
    4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
    5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    6: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
    7: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
}

# ColorBrewer YlGnBu, 3-7 classes, light to dark.
YLGNBU: dict[int, tuple[str, ...]] = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}

PALETTES = {"YlOrRd": YLORRD, "YlGnBu": YLGNBU}


@dataclass(frozen=True)
class NoDataStyle:
    """Missing values: a light grey fill with dark grey diagonal hatching."""

    fill: str = "#f2f2f2"
    hatch: str = "#8c8c8c"
    pattern_id: str = "atlas-nodata"


NO_DATA = NoDataStyle()


def palette_name(direction: str) -> str:
    return "YlGnBu" if direction == "neutral" else "YlOrRd"


def palette(direction: str, k: int) -> tuple[str, ...]:
    """k colours, one per class in ascending value order, for an indicator's `direction`.

    Darker = worse for higher_worse and higher_better; darker = higher for neutral.
    """
    if not 1 <= k <= 7:
        raise ValueError(f"palettes have 1-7 classes, not {k}")
    if direction not in ("higher_better", "higher_worse", "neutral"):
        raise ValueError(f"unknown direction {direction!r}")
    colours = PALETTES[palette_name(direction)][k]
    return tuple(reversed(colours)) if direction == "higher_better" else colours


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance (0 = black, 1 = white) of '#rrggbb'."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def text_colour_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on `hex_colour`."""
    return "#000000" if relative_luminance(hex_colour) > 0.35 else "#ffffff"
