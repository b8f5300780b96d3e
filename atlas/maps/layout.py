"""The map page's CSS: the map fills the height of the window, large type for the legend and
source lines on a presenter's screen, long indicator names wrap instead of being cut off, and
a full-screen mode for presenting. Pure: returns a <style> block for st.html."""

from __future__ import annotations

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

_BASE = f"""
/* no empty band above the heading */
.stMainBlockContainer {{ padding-top: 2.2rem; }}
/* the map fills the window's height (below the heading), never less than 420 px */
{MAP_FRAME} {{ height: max(420px, calc(100vh - 15rem)) !important; }}
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


def page_css(fullscreen: bool = False) -> str:
    """The <style> block for the map page."""
    css = _BASE + (_FULLSCREEN + _SHOW_SIDEBAR_TOGGLE if fullscreen else "")
    return f"<style>{css}</style>"
