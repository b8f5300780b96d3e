"""Publication figures: any altair chart as SVG or PNG, offline (vl-convert), in two sizes.

  web    the chart at its own size (maps: 900 × 640)
  slide  exactly 1920 × 1080 (16:9): the chart is drawn at slide scale and placed on a white
         canvas of that size, scaled down if it would not fit

The chart itself carries its title, legend, source line and period (see static_map.py and
the chart renderers); nothing here adds or changes content, except that control characters are
taken out of every text of the spec (`atlas.sanitize.printable_data`: vl-convert aborts on
them). vl-convert runs in a worker process (atlas/charts/converter.py): a figure it cannot
draw is a ConverterError, never the end of the server.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import altair as alt

from atlas.charts.converter import CONVERTER, ConverterError, convert
from atlas.sanitize import printable_data

__all__ = ["ConverterError", "Figure", "figure", "png", "svg", "titled", "warm_up"]

SLIDE = (1920, 1080)
FORMATS = ("png", "svg")
SIZES = ("web", "slide")
MIME = {"png": "image/png", "svg": "image/svg+xml"}


@dataclass(frozen=True)
class Figure:
    """A rendered figure: bytes, with the file name and MIME type to download it under."""

    data: bytes
    file_name: str
    mime: str


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec with its data, every text without control characters."""
    return printable_data(chart.to_dict())


def warm_up() -> None:
    """Start the converter's worker process in the background (see converter.py)."""
    CONVERTER.start()


def svg(chart: alt.TopLevelMixin) -> str:
    return CONVERTER.run(convert, "svg", spec(chart))


def png(chart: alt.TopLevelMixin, size: str = "web") -> bytes:
    """PNG of `chart`; for `size="slide"` exactly 1920 × 1080."""
    data = CONVERTER.run(convert, "png", spec(chart), 1.0)
    if size != "slide":
        return data
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    width, height = SLIDE
    factor = min(1.0, width / image.width, height / image.height)
    if factor < 1.0:
        image = image.resize((int(image.width * factor), int(image.height * factor)),
                             Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", SLIDE, "white")
    canvas.paste(image, ((width - image.width) // 2, (height - image.height) // 2))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def figure(chart: alt.TopLevelMixin, name: str, fmt: str, size: str) -> Figure:
    """`chart` as a downloadable figure named `<name>-<size>.<fmt>`."""
    if fmt not in FORMATS or size not in SIZES:
        raise ValueError(f"unknown figure format {fmt!r} or size {size!r}")
    data = png(chart, size) if fmt == "png" else svg(chart).encode("utf-8")
    return Figure(data=data, file_name=f"{name}-{size}.{fmt}", mime=MIME[fmt])


# Vega draws a title or subtitle line on one line however long: lines are wrapped here, at
# about this many pixels per character of the font size (a conservative average for the
# sans-serif fonts vl-convert draws with), so a long reading does not widen the figure.
CHAR_WIDTH = 0.5
DEFAULT_WIDTH = 900


def wrap_lines(lines: list[str], width: int, font: float) -> list[str]:
    """`lines` wrapped to fit `width` pixels at `font` px; empty lines dropped."""
    per_line = max(20, int(width / (font * CHAR_WIDTH)))
    return [part for line in lines if line
            for part in textwrap.wrap(line, per_line, break_long_words=False) or [line]]


def titled(chart: alt.TopLevelMixin, title: str, lines: list[str], size: str = "web",
           width: int | None = None, height: int | None = None) -> alt.TopLevelMixin:
    """`chart` with a figure title and subtitle lines (source, period), sized for `size`;
    the title and lines wrap to the chart's width instead of widening the figure."""
    font = 13 if size == "web" else 22
    if width or height:
        chart = chart.properties(**{k: v for k, v in (("width", width), ("height", height))
                                    if v})
    own = getattr(chart, "width", None)
    fit = width or (own if isinstance(own, int) else DEFAULT_WIDTH)
    return chart.properties(title=alt.TitleParams(
        text=wrap_lines([title], fit, font * 1.6), subtitle=wrap_lines(lines, fit, font),
        fontSize=font * 1.6, subtitleFontSize=font, anchor="start", subtitleColor="#222222"))
