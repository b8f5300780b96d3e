"""The inverse-care pair as CSV, for all 98 municipalities."""

from __future__ import annotations

import io
from typing import Any, Mapping

from atlas.exports import SpreadsheetCsvWriter, number_text
from atlas.registry import Indicator
from atlas.stats.spatial import LocalCluster
from atlas.views.inverse_care.model import InverseCareView
from atlas.views.inverse_care.state import InverseCareState

CSV_COLUMNS = ("kommune_kode", "kommune", "region", "kommunegruppe", "population",
               "population_period", "need_indicator", "need_label", "need_period",
               "need_value", "need_unit", "need_source", "access_indicator", "access_label",
               "access_period", "access_value", "access_unit", "access_source",
               "need_tertile", "access_tertile", "hot_spot_rank",
               "need_value_full_precision", "access_value_full_precision", "lisa_cluster",
               "lisa_p", "lisa_q", "lisa_significant")


def _rounded(value: float | None, indicator: Indicator) -> str:
    """A value in the indicator's own number format (its registry `format`), as every
    download writes it; the unrounded value has a column of its own."""
    return "" if value is None else number_text(value, indicator.decimals, "en")


def csv_text(view: InverseCareView, clusters: Mapping[int, LocalCluster] | None = None) -> str:
    """The pair for all 98 municipalities, as shown: values in the indicator's number format
    and at full precision in the columns named so (empty = no data, never 0), periods, units,
    sources, the oriented tertiles (1 = least need / best access), the hot-spot rank and the
    local bivariate Moran cluster with its permutation p and its Benjamini-Hochberg q (empty
    where not tested). Text that a spreadsheet would run as a formula starts with `'`."""
    clusters = clusters or {}
    lang = view.state.lang
    out = io.StringIO()
    writer = SpreadsheetCsvWriter(out, lineterminator="\n")     # no live formulas
    writer.writerow(CSV_COLUMNS)
    for row in view.rows:
        writer.writerow([
            row.code, row.name, row.region, row.group,
            "" if row.population is None else int(row.population), view.population_period,
            view.need.id, view.need.label(lang), view.state.need_period,
            _rounded(row.need, view.need), view.need.unit(lang), view.need_source,
            view.access.id, view.access.label(lang), view.state.access_period,
            _rounded(row.access, view.access), view.access.unit(lang),
            view.access_source,
            "" if row.need_class < 0 else row.need_class + 1,
            "" if row.access_class < 0 else row.access_class + 1,
            "" if row.hot_rank is None else row.hot_rank,
            "" if row.need is None else repr(row.need),
            "" if row.access is None else repr(row.access),
            *_cluster_cells(clusters.get(row.code)),
        ])
    return out.getvalue()


def _cluster_cells(cluster: LocalCluster | None) -> list[Any]:
    if cluster is None:
        return ["", "", "", ""]
    return [cluster.quadrant, repr(cluster.p_value), repr(cluster.q_value),
            "true" if cluster.significant else "false"]


def csv_filename(state: InverseCareState) -> str:
    return (f"omvendt-omsorg_{state.need}_{state.need_period}_{state.access}_"
            f"{state.access_period}.csv")
