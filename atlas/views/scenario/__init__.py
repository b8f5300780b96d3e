"""The scenario page's view: what if an acute hospital closes, an emergency clinic is upgraded
or a new site opens?

    ?off=bornholms-hospital,holbaek-sygehus&on=akutklinik-silkeborg
     &add=55.2412,11.7601,Næstved;56.0350,12.6100,Helsingør&map=change&lang=en

The build stores the inputs of the hospital distance (population points with weights, the
candidate sites; atlas.geo.hospital_distance). A scenario is a mask over the candidate sites plus
any added ones; `atlas.geo.hospital_distance.access` recomputes nearest-site distances for every
point and the population-weighted sums for all 98 municipalities in a few milliseconds, with
today's distance matrix computed once per build. Today's values come out of the very same
function, so a scenario with no change reproduces the build's values exactly.

Results: the change per municipality (a diverging map centred on zero), the most affected
municipalities with their need indicators, national totals, and health clusters (each
municipality to the site nearest to most of its residents: a distance-based approximation, not
the regions' catchment areas). Pure: no Streamlit; texts come from the package's area of the
message catalogue, numbers are Numbers and Messages (atlas.i18n), rendered where they are shown.

The package along its seams: `wording` (its area of the message catalogue), `model` (stored
inputs), `results` (compute, totals), `state` (URL schema, parsing, added sites), `figures` (the
two maps), `tables` (results beside the map) and `view` (the page's view). This module names
what the page uses.
"""


from __future__ import annotations

from atlas.views.scenario.figures import change_class, change_colours
from atlas.views.scenario.model import ScenarioModel, scenario_model
from atlas.views.scenario.results import Scenario, compute, municipality_results, totals
from atlas.views.scenario.state import (
    MAX_ADDED,
    NAME_LIMIT,
    SCHEMA,
    AddedSite,
    ScenarioState,
    clicked_site,
    param_text,
    parse_state,
    real_position,
    render_id,
    town_site,
    widget_values,
)
from atlas.views.scenario.view import ScenarioView, build_view
from atlas.views.scenario.wording import TEXT, page_title, text

__all__ = ["TEXT", "SCHEMA", "MAX_ADDED", "NAME_LIMIT", "ScenarioModel", "ScenarioState",
           "ScenarioView", "AddedSite",
           "Scenario", "scenario_model", "parse_state", "widget_values", "param_text",
           "render_id", "compute", "municipality_results", "totals", "build_view",
           "town_site", "clicked_site", "real_position", "change_class", "change_colours",
           "text", "page_title"]
