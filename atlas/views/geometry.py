"""Map geometry for the browser, as the views, maps and charts see it: `MapGeometry` (compact
GeoJSON, the Bornholm inset, region border lines). Prepared by `atlas.geo.browser`, once per
build by the build itself (the views read it with `atlas.views.map_page.map_geometry`)."""

from atlas.geo.browser import KBH_GROUP, MapGeometry, prepare_geometry

__all__ = ["KBH_GROUP", "MapGeometry", "prepare_geometry"]
