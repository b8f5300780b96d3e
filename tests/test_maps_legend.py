"""The legend as data: bounds in the language's number format, counts per class, and a
separate "no data" row that is never folded into a class."""

from __future__ import annotations

from atlas.i18n import render
from atlas.maps.legend import legend_html
from atlas.registry import registry
from atlas.views.choropleth import build_legend, legend_decimals
from atlas.views.classify import classify
from atlas.views.palettes import palette

LIFE = registry()["life_expectancy"]          # higher_better, 1 decimal, "år"
GINI = registry()["gini"]                     # higher_worse


def test_rows_counts_and_no_data():
    values = [78.6, 79.0, 80.1, 80.5, 81.0, 81.5, 82.0, 83.0, None, float("nan")]
    result = classify(values, "quantiles", 4)
    legend = build_legend(result, LIFE, "da")
    assert [row.count for row in legend.rows] == list(result.counts)
    assert sum(row.count for row in legend.rows) == 8
    assert legend.no_data_count == 2 and legend.no_data_label == "ingen data"
    assert render(legend.no_data_count_label, "da") == "2 kommuner"
    assert legend.total == 10
    assert [row.colour for row in legend.rows] == list(palette("higher_better", result.k))
    assert legend.unit == "år" and legend.title == "Middellevetid"
    assert legend.note == "Mørkere farve = dårligere"


def test_labels_follow_language_number_format():
    values = [1000.25, 1500.5, 2500.75, 4000.0]
    result = classify(values, "quantiles", 4)
    da = build_legend(result, GINI, "da")
    en = build_legend(result, GINI, "en")
    assert render(da.rows[0].label, "da") == "1.000,3"   # one value in the class: one number
    assert render(en.rows[-1].label, "en") == "4,000.0"
    assert render(da.rows[1].count_label, "da") == "1 kommune"
    assert render(en.rows[1].count_label, "en") == "1 municipality"
    assert en.method_label == "Quantiles"


def test_extra_decimals_when_bounds_would_read_alike():
    result = classify([10.01, 10.02, 10.03, 10.04, 10.05, 10.06], "quantiles", 3)
    assert legend_decimals(result, 1) == 2
    labels = [render(row.label, "da") for row in build_legend(result, GINI, "da").rows]
    assert len(set(labels)) == len(labels)


def test_reduced_classes_are_explained():
    legend = build_legend(classify([1, 1, 2, 2], "quantiles", 5), GINI, "en")
    assert len(legend.rows) == 2
    assert render(legend.reduced_note, "en") == "Only 2 classes: the data has no more distinct values."


def test_neutral_note():
    neutral = registry()["population"]
    legend = build_legend(classify([1, 2, 3, 4], "equal", 3), neutral, "da")
    assert "højere værdi" in legend.note


def test_html_has_every_row_and_escapes_text():
    result = classify([1, 2, 3, None], "quantiles", 3)
    html = legend_html(build_legend(result, GINI, "da"), "da")
    assert html.count('class="atlas-legend-row"') == 3
    assert "atlas-legend-nodata" in html and "ingen data" in html and "1 kommune" in html
    assert "<script" not in html
    assert "Gini × 100" in html or "Gini &times; 100" in html


def test_ties_never_repeat_a_bound_and_are_explained():
    """Issue 13, bug 7: 56 municipalities at 0.0 collapsed the quantile classes; the legend
    read "0,0 – 0,0 (56)", "0,0 – 0,2 (3)" and blamed the data's distinct values."""
    values = [0.0] * 56 + [0.06, 0.1, 0.2] + [1.0 + i for i in range(39)]
    legend = build_legend(classify(values, "quantiles", 5), GINI, "da")
    labels = [render(row.label, "da") for row in legend.rows]
    assert labels[0] == "0,0" and legend.rows[0].count == 56
    numbers = [part for label in labels for part in label.split(" – ")]
    assert len(numbers) == len(set(numbers)), labels        # no bound printed twice
    note = render(legend.reduced_note, "da")
    assert "56 kommuner har samme værdi (0,0)" in note
    assert "ikke flere forskellige" not in note
