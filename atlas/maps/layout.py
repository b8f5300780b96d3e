"""The map page's CSS: the map fills the height of the window, large type for the legend and
source lines on a presenter's screen, long indicator names wrap instead of being cut off, the
search field's Enter hint in the page's language, and a full-screen mode for presenting. Pure:
returns a <style> block for st.html."""

from __future__ import annotations

from atlas.maps.legend import LEGEND_CSS

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SEARCH_KEY = "map_search"   # the municipality search field (its widget key)
INTRO_KEY = "map_intro"     # the intro sentence and its link to the inverse-care page
DEFINITION_KEY = "map_definition"  # the lazy "Definition · Caveats" expander
FUNNEL_KEY = "map_funnel"          # the lazy funnel-plot expander (register rates)
FILTERS_KEY = "map_filters"        # the sidebar's lazy expander of the region and group filters
OPTIONS_KEY = "map_options"        # the sidebar's lazy expander: classification, classes, tiles

_BASE = f"""
/* no empty band above the heading; but Streamlit's header bar turns opaque while the sidebar
   is collapsed (always on a phone): then the page starts below it */
.stMainBlockContainer {{ padding-top: 2.2rem; }}
.stApp:has([data-testid="stSidebar"][data-collapsed="true"]) .stMainBlockContainer {{
  padding-top: 4.25rem;
}}
/* the map fills the window's height (below the heading), never less than 420 px */
{MAP_FRAME} {{ height: max(420px, calc(100vh - 15rem)) !important; }}
/* the intro's link wraps on a phone instead of being cut off */
.st-key-{INTRO_KEY} [data-testid="stPageLink"] a,
.st-key-{INTRO_KEY} [data-testid="stPageLink"] a span {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important;
}}
/* long indicator names wrap in the picker and in its list */
.st-key-map_indicator [data-baseweb="select"] > div > div:first-child,
.st-key-map_indicator [data-baseweb="select"] [title] {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}}
[role="listbox"] [role="option"], [role="listbox"] [role="option"] * {{
  white-space: normal !important; text-overflow: clip !important;
}}
/* legible from the back of a room on a presenter's large screen */
@media (min-width: 1600px) {{
  .atlas-legend {{ font-size: 20px !important; }}
  [data-testid="stMain"] [data-testid="stCaptionContainer"],
  [data-testid="stMain"] [data-testid="stCaptionContainer"] p {{ font-size: 20px !important; }}
}}
"""

_FULLSCREEN = f"""
[data-testid="stSidebar"], [data-testid="stHeader"], header {{ display: none !important; }}
.stMainBlockContainer {{ padding: .6rem 1rem !important; max-width: 100% !important; }}
{MAP_FRAME} {{ height: calc(100vh - 7rem) !important; }}
"""

_SHOW_SIDEBAR_TOGGLE = """
/* full screen: the switch stays reachable at the top right */
.st-key-map_fullscreen_exit { position: fixed; top: .4rem; right: 1rem; z-index: 1000; }
"""


def enter_hint_css(hint: str, scope: str = "") -> str:
    """CSS replacing Streamlit's own "Press Enter to apply" under text fields (English only)
    by `hint`; within `scope` (a CSS selector) or on the whole page."""
    instructions = f'{scope} [data-testid="InputInstructions"]'.strip()
    return (f"{instructions} > * {{ display: none !important; }}\n"
            f"{instructions}::after {{ content: {_css_string(hint)}; }}\n")


def _css_string(text: str) -> str:
    """`text` as a quoted CSS string (quotes, backslashes and "<" escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{escaped}"'


def page_css(fullscreen: bool = False, search_hint: str | None = None) -> str:
    """The <style> block for the map page; `search_hint` replaces Streamlit's English
    "Press Enter to apply" under the municipality search. The legend's styles come with it
    (the map's legend is drawn with `legend_html(..., styles=False)`)."""
    css = _BASE + (enter_hint_css(search_hint, f".st-key-{SEARCH_KEY}") if search_hint else "")
    css += (_FULLSCREEN + _SHOW_SIDEBAR_TOGGLE) if fullscreen else ""
    return f"<style>{css}</style>{LEGEND_CSS}"
