"""Pure map builders: classification, palettes, legend, browser geometry and the folium map.

Nothing here queries the database or imports Streamlit; the query layer (atlas/query/map.py)
feeds these functions and the page (pages/map.py) lays out what they return.
"""

from .classify import (
                       DEFAULT_CLASSES,
                       DEFAULT_METHOD,
                       MAX_CLASSES,
                       METHODS,
                       MIN_CLASSES,
                       Classification,
                       classify,
)
from .legend import Legend, LegendRow, build_legend, legend_html
from .palettes import NO_DATA, palette

__all__ = [
    "DEFAULT_CLASSES", "DEFAULT_METHOD", "MAX_CLASSES", "METHODS", "MIN_CLASSES",
    "Classification", "classify", "Legend", "LegendRow", "build_legend", "legend_html",
    "NO_DATA", "palette",
]
