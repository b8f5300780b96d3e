"""Ulighedsatlas: entry point. `streamlit run app.py` (see README)."""

from pathlib import Path

import streamlit as st

from atlas import ui
from atlas.i18n import area, pick, t
from atlas.ui import scaffold
from atlas.views.municipal import navigation_pages

# A local favicon: a Material icon here would be fetched from a font CDN, and the atlas must
# need nothing from the internet.
FAVICON = str(Path(__file__).resolve().parent / "static" / "favicon.png")
st.set_page_config(page_title="Ulighedsatlas", page_icon=FAVICON, layout="wide")
ui.error_details_for_mode()     # public mode: no tracebacks or server paths for visitors

lang = ui.current_lang()
pages = [
    st.Page("pages/map.py", title=t("page.map", lang), icon=":material/map:", url_path="kort",
            default=True),
    st.Page("pages/inverse_care.py", title=t("page.inverse_care", lang),
            icon=":material/scatter_plot:", url_path="omvendt-omsorg"),
    *[st.Page(path, title=title, icon=icon, url_path=url)
      for path, title, icon, url in navigation_pages(lang)],
    # the scenario page's own title id (atlas.views.scenario.page_title): importing that
    # package here would load the scenario model before the first map (issue 23)
    st.Page("pages/scenario.py", title=pick(area("scenario"), "page", lang),
            icon=":material/alt_route:",
            url_path="scenarier"),
    st.Page("pages/overview.py", title=t("page.data", lang), icon=":material/table_chart:",
            url_path="data"),
    st.Page("pages/upload.py", title=t("page.upload", lang), icon=":material/upload_file:",
            url_path="egne-data"),
    st.Page("pages/about.py", title=t("page.about", lang), icon=":material/info:",
            url_path="om-data"),
    st.Page("pages/presenter.py", title=t("page.presenter", lang), icon=":material/slideshow:",
            url_path="praesentation"),
]
page = ui.navigation(pages)
ui.accessible_styles()      # before the page: a page that stops early keeps them too
ui.streamlit_in_page_language()
# The menu is drawn after the page, into a slot at the top of the sidebar, so its links carry
# the view the page has just shown (language, indicator, period, municipality); a page that
# ends early (ui.stop) keeps it.
scaffold.run_page(page, pages)
