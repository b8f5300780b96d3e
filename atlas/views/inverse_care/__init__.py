"""The inverse-care page's view, split along its seams: need against access, with honest
statistics; every registered pair at once, then one pair in detail.

    ?need=self_rated_good_health_share&need_period=2025&access=hospital_distance_km
     &access_period=2026&weighting=population&colour=region&kommune=825&lang=en

Query results (atlas.query) + registry + language -> what the page shows: which pair and why,
the scatter (axes oriented so that more need points right and worse access points up), the
statistics and the one-sentence reading (atlas.stats.pairs: scipy + statsmodels), the 3 x 3
bivariate map with its legend grid, the hot spots, the CSV export, and the commission's chart
(chronic cases per GP capacity by share aged 65+) or what it needs to be shown.

- `state`: what the URL may name (`Choices`, per build), the URL schema, `InverseCareState`;
- `orientation`: which side of an indicator is more need / worse access;
- `wording`: the bilingual string table, the one-sentence reading and its strength words;
- `model`: the pair's rows, tertiles, hot spots, bivariate map and statistics (`build_view`,
  `statistics_view`);
- `figures`: the scatter's model and the commission's chart;
- `export`: the CSV (with the cluster p and q values);
- `spatial`: a pair's spatial statistics per build (Dutilleul-adjusted Spearman, bivariate
  Moran's I, local bivariate Moran clusters; atlas.stats.spatial);
- `overview`: every registered pair at once, the page's opening view (also the story's);
- `lisa`: the tested cluster map and the hot spots marked by it.

Orientation: an indicator whose registry direction is `higher_better` (life expectancy, good
self-rated health) is turned around, so its axis is reversed and its tertiles count from the
high end; `neutral` need indicators count higher as more need (they are measures of need); a
`neutral` access indicator has no "worse" side, so its axis follows the values and the page
says so. The statistics are always computed on the values as published.

Pure: no Streamlit. The page draws the charts before it asks for the statistics, because
scipy and statsmodels take seconds to import the first time (`atlas.stats.pairs.warm_up`).
Callers import the submodule they need; this package re-exports nothing.
"""
