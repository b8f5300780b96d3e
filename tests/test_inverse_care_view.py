"""The inverse-care view model on its own: the reading sentence never claims more than the
numbers, the axes and tertiles are oriented by the registry's direction, the URL-state schema,
the bivariate description and legend grid, the CSV (no zero-filling) and the palette."""

from __future__ import annotations

import csv
import io
import re

import pytest

from atlas.maps.legend import bivariate_legend_html
from atlas.registry import registry
from atlas.stats.pairs import Correlation, Interval, PairStatistics, pair_statistics
from atlas.views.inverse_care import export, figures, model, orientation, wording
from atlas.views.inverse_care import state as ic_state
from atlas.views.palettes import BIVARIATE_3X3, bivariate_colour, relative_luminance

CAUSAL = re.compile(r"fordi|skyldes|forårsag|fører til|medfører|på grund af|because|caus|"
                    r"leads? to|due to|results? in|drives?", re.IGNORECASE)


def corr(estimate: float, low: float, high: float) -> Correlation:
    return Correlation(estimate, Interval(low, high), 0.5)


def result(pearson: Correlation, spearman: Correlation, n: int = 98) -> PairStatistics:
    return PairStatistics(n=n, excluded=(), pearson=pearson, spearman=spearman, ols=None,
                          wls=None)


NEED = registry()["home_nursing_per_1000"]            # need, neutral: higher = more need
ACCESS = registry()["gp_distance_km"]                  # supply, higher_worse
LIFE = registry()["life_expectancy"]                   # outcome, higher_better: reversed
CONTACT = registry()["gp_contact_share"]               # supply, neutral: not oriented


@pytest.mark.parametrize("lang, phrase", [("da", "Ingen klar sammenhæng"),
                                          ("en", "No clear relation")])
@pytest.mark.parametrize("pearson, spearman", [
    (corr(0.12, -0.08, 0.31), corr(0.10, -0.10, 0.29)),     # both span zero
    (corr(0.25, -0.01, 0.48), corr(0.30, 0.05, 0.52)),      # Pearson spans zero
    (corr(0.25, 0.03, 0.45), corr(0.18, -0.02, 0.37)),      # Spearman spans zero
    (corr(0.22, 0.02, 0.41), corr(-0.25, -0.44, -0.04)),    # opposite signs
    (corr(-0.02, -0.22, 0.18), corr(0.01, -0.19, 0.21)),
])
def test_reading_claims_no_relation_when_an_interval_spans_zero(lang, phrase, pearson,
                                                                spearman):
    sentence = wording.reading(result(pearson, spearman), NEED, ACCESS, lang)
    assert sentence.startswith(phrase)
    for claim in ("svag", "moderat", "stærk", "weak", "moderate", "strong", "følges",
                  "goes with", "typisk", "tend to"):
        assert claim not in sentence
    assert not CAUSAL.search(sentence)


@pytest.mark.parametrize("r, word_da, word_en", [(0.2, "svag", "weak"),
                                                 (0.45, "moderat", "moderate"),
                                                 (0.74, "stærk", "strong")])
def test_reading_states_strength_and_direction_without_causal_words(r, word_da, word_en):
    numbers = result(corr(r, r - 0.15, min(r + 0.15, 0.99)), corr(r, r - 0.17, 0.99))
    da = wording.reading(numbers, NEED, ACCESS, "da")
    en = wording.reading(numbers, NEED, ACCESS, "en")
    assert f"en {word_da} sammenhæng" in da and f"a {word_en} relation" in en
    assert "højere værdier for afstand" in da and "higher values of distance" in en
    # more home nursing with longer distances: more need goes with worse access
    assert da.endswith("Mere behov følges altså med ringere adgang.")
    assert en.endswith("So more need goes with worse access.")
    assert not CAUSAL.search(da) and not CAUSAL.search(en)
    assert f"r = {r:.2f}" in en and f"{r:.2f}".replace(".", ",") in da


def test_reading_orients_a_higher_better_need():
    # higher life expectancy with shorter distance = less need with better access
    numbers = result(corr(-0.4, -0.55, -0.22), corr(-0.38, -0.55, -0.18))
    en = wording.reading(numbers, LIFE, ACCESS, "en")
    assert "lower values of distance" in en
    assert en.endswith("So more need goes with worse access.")
    numbers = result(corr(0.4, 0.22, 0.55), corr(0.38, 0.18, 0.55))
    assert wording.reading(numbers, LIFE, ACCESS, "en").endswith(
        "So more need goes with better access.")


def test_reading_says_nothing_about_access_for_an_access_without_direction():
    numbers = result(corr(0.6, 0.45, 0.72), corr(0.55, 0.38, 0.7))
    en = wording.reading(numbers, NEED, CONTACT, "en")
    assert "strong relation" in en and "access" not in en.split(":")[-1]


def test_reading_for_too_few_and_constant_values():
    few = pair_statistics([1, 2, None], [1, 2, 3])
    assert wording.reading(few, NEED, ACCESS, "en").startswith("Too few municipalities")
    constant = pair_statistics([1, 2, 3, 4], [5, 5, 5, 5])
    assert "same value" in wording.reading(constant, NEED, ACCESS, "en")


def test_reading_from_real_statistics_spanning_zero():
    x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    y = [5, 1, 4, 9, 2, 8, 3, 7, 6, 5]
    numbers = pair_statistics(x, y)
    assert numbers.pearson.interval.spans_zero
    assert wording.reading(numbers, NEED, ACCESS, "da").startswith("Ingen klar sammenhæng")


def test_orientation_follows_the_registry_direction():
    assert orientation.need_sign(LIFE) == -1 and orientation.need_sign(NEED) == 1
    assert orientation.access_sign(ACCESS) == 1 and orientation.access_oriented(ACCESS)
    assert not orientation.access_oriented(CONTACT)


def test_strength_thresholds():
    assert [wording.strength(r) for r in (0.0, 0.29, -0.3, 0.49, -0.5, 0.95)] == [
        "weak", "weak", "moderate", "moderate", "strong", "strong"]


def test_bivariate_palette_lightness_runs_with_both_axes():
    """Darker along each axis, the darkest in the worst corner, the lightest in the best:
    the grid reads in greyscale too."""
    for k in range(3):
        row = [relative_luminance(bivariate_colour(first, k)) for first in range(3)]
        column = [relative_luminance(bivariate_colour(k, second)) for second in range(3)]
        assert row == sorted(row, reverse=True) and column == sorted(column, reverse=True)
    colours = [c for row in BIVARIATE_3X3 for c in row]
    assert len(set(colours)) == 9
    lum = {c: relative_luminance(c) for c in colours}
    assert min(lum, key=lum.get) == bivariate_colour(2, 2)
    assert max(lum, key=lum.get) == bivariate_colour(0, 0)
    with pytest.raises(ValueError):
        bivariate_colour(3, 0)


# --- against the real database ------------------------------------------------------------------
@pytest.fixture
def context(atlas_db):
    return ic_state.choices("da")


def test_default_pair_is_the_first_loaded_preferred_pair(context):
    from atlas.registry import pair_preferences

    loaded = [p for p in pair_preferences()
              if p[0] in context.indicators and p[1] in context.indicators]
    assert context.default_pair() == loaded[0] == (
        "self_rated_good_health_share", "hospital_distance_km")
    state, notices = ic_state.parse_state({}, context)
    assert notices == [] and (state.need, state.access) == loaded[0]
    assert state.need_period == "2025" and state.access_period == "2026"


def test_schema_valid_and_invalid(context):
    state, notices = ic_state.parse_state({"need": "life_expectancy", "access": "gp_distance_km",
                                     "weighting": "population", "colour": "region",
                                     "kommune": "825", "lang": "en"}, context)
    assert notices == []
    assert (state.need, state.access, state.weighting, state.colour, state.kommune,
            state.lang) == ("life_expectancy", "gp_distance_km", "population", "region", 825,
                            "en")
    assert state.to_params(context) == {
        "lang": "en", "need": "life_expectancy", "need_period": "2021-2025",
        "access": "gp_distance_km", "access_period": "2024", "weighting": "population",
        "colour": "region", "kommune": "825"}
    state, notices = ic_state.parse_state({"need": "gp_distance_km",          # a supply indicator
                                     "access": "citizens_per_gp",       # registered, no data
                                     "need_period": "1999", "weighting": "heavy",
                                     "colour": "<b>x</b>", "kommune": "999"}, context)
    assert (state.need, state.access) == context.default_pair()
    assert state.weighting == "none" and state.colour == "gruppe" and state.kommune is None
    assert len(notices) == 6
    assert any("Borgere pr" in n and "ingen data" in n for n in notices)
    assert not any("<b>" in n for n in notices)


def test_need_without_access_takes_its_preferred_partner(context):
    state, _ = ic_state.parse_state({"need": "home_nursing_per_1000"}, context)
    assert state.access == "gp_distance_km"
    state, _ = ic_state.parse_state({"need": "gini"}, context)  # context role: not a need
    assert state.need == context.default_pair()[0]


def test_view_tertiles_hot_spots_and_map(context):
    state, _ = ic_state.parse_state({"need": "life_expectancy", "access": "hospital_distance_km",
                               "kommune": "825"}, context)
    view = model.build_view(state, context)
    assert len(view.rows) == 98
    missing = [row for row in view.rows if not row.complete]
    assert {row.name for row in missing} == {"Læsø", "Ærø", "Fanø", "Samsø"}
    assert all(row.need_class == -1 and row.access_class == -1 for row in missing)
    grid = view.choropleth.bivariate
    assert sum(cell.count for cell in grid.cells) == 94 and grid.no_data_count == 4
    assert grid.total == 98
    assert [cell.outlined for cell in grid.cells].count(True) == 1 and grid.cell(2, 2).outlined
    # life expectancy is higher_better: the high-need tertile holds the LOWEST values
    high_need = [row.need for row in view.rows if row.need_class == 2]
    low_need = [row.need for row in view.rows if row.need_class == 0]
    assert max(high_need) < min(low_need)
    # hot spots: exactly the worst cell, ranked 1..n, each linking to the map page
    worst = {row.code for row in view.rows if (row.need_class, row.access_class) == (2, 2)}
    assert {spot.code for spot in view.hot_spots} == worst == set(view.choropleth.outlined)
    assert [spot.rank for spot in view.hot_spots] == list(range(1, len(worst) + 1))
    assert all(spot.link_params["kommune"] == str(spot.code) for spot in view.hot_spots)
    # the selected island has no life expectancy: it says so
    assert view.selected.code == 825 and "Middellevetid" in view.selected.missing_text
    assert view.choropleth.selected == 825
    areas = {area.code: area for area in view.choropleth.areas}
    assert areas[825].colour is None and areas[825].class_index == -1


def test_statistics_name_the_left_out_and_draw_the_chosen_line(context):
    state, _ = ic_state.parse_state({"need": "life_expectancy", "access": "hospital_distance_km",
                               "weighting": "population"}, context)
    view = model.build_view(state, context)
    numbers = model.statistics_view(view)
    assert numbers.result.n == 94
    assert numbers.excluded_line.startswith("Udeladt for manglende data (4): Fanø")
    for name in ("Læsø", "Ærø", "Samsø"):
        assert name in numbers.excluded_line
    labels = [row[0] for row in numbers.table.rows]
    assert labels[-1].endswith("(WLS) · linjen i figuren") and "linjen" not in labels[-2]
    (x0, y0), (x1, y1) = numbers.line
    assert y0 == pytest.approx(numbers.result.wls.at(x0))
    scatter = figures.scatter_model(view, numbers)
    assert len(scatter.points) == 94 and scatter.x_reversed and not scatter.y_reversed
    assert sum(int(re.search(r"\((\d+)\)$", q).group(1)) for q in scatter.quadrants.values()) == 94


def test_survey_note_only_for_survey_indicators(context):
    survey, _ = ic_state.parse_state({"need": "daily_smoking_share"}, context)
    register, _ = ic_state.parse_state({"need": "home_nursing_per_1000"}, context)
    assert any("Sundhedsprofil" in n for n in model.build_view(survey, context).survey_notes)
    assert model.build_view(register, context).survey_notes == ()


def test_csv_keeps_missing_values_empty_and_names_sources(context):
    state, _ = ic_state.parse_state({"need": "life_expectancy", "access": "gp_distance_km"}, context)
    view = model.build_view(state, context)
    rows = list(csv.DictReader(io.StringIO(export.csv_text(view))))
    assert len(rows) == 98 and tuple(rows[0]) == export.CSV_COLUMNS
    laeso = next(row for row in rows if row["kommune"] == "Læsø")
    assert laeso["need_value"] == "" and laeso["need_tertile"] == ""
    assert laeso["access_value"] not in ("", "0", "0.0")
    assert all("HISBK" in row["need_source"] and "SUNDAF01" in row["access_source"]
               for row in rows)
    ranked = sorted((int(r["hot_spot_rank"]), r["kommune"]) for r in rows if r["hot_spot_rank"])
    assert [name for _, name in ranked] == [spot.name for spot in view.hot_spots]


def test_legend_grid_html(context):
    state, _ = ic_state.parse_state({"lang": "en"}, context)
    grid = model.build_view(state, context).choropleth.bivariate
    html = bivariate_legend_html(grid, "en")
    counts = [int(n) for n in re.findall(r'data-cell="\d-\d"[^>]*>(\d+)</div>', html)]
    assert sorted(counts) == sorted(cell.count for cell in grid.cells) and len(counts) == 9
    assert html.count("atlas-bivariate-outlined") == 1
    assert 'data-cell="2-2"' in html.split("atlas-bivariate-outlined")[1][:40]
    assert "High need · poorest access" in html


def test_commission_view_says_what_to_load(context):
    view = figures.commission_view(context, "en")
    assert not view.available
    for label in ("Chronic disease burden", "Citizens per GP capacity",
                  "Share aged 65 and over"):
        assert label in view.missing_text
    assert "--only ruks --ruks URL" in view.commands and "--only statbank" in view.commands
    assert view.commands.splitlines()[-1].startswith("atlas build")


@pytest.mark.parametrize("lang,group", [("da", "Landkommuner"), ("en", "Rural municipalities")])
def test_csv_rounds_to_the_indicator_format_and_names_groups_in_the_language(atlas_db, lang,
                                                                            group):
    """Issue 21: one rounding rule for downloads (the registry's number format), the full
    value only in a column named so; group names in the page's language (also the panel's
    and the scatter legend's, which read the same rows)."""
    context = ic_state.choices(lang)
    state, _ = ic_state.parse_state({"need": "life_expectancy", "access": "hospital_distance_km",
                               "lang": lang}, context)
    view = model.build_view(state, context)
    rows = list(csv.DictReader(io.StringIO(export.csv_text(view))))
    decimals = view.access.decimals
    lolland = next(row for row in rows if row["kommune"] == "Lolland")
    assert len(lolland["access_value"].split(".")[1]) == decimals
    assert float(lolland["access_value"]) == round(float(
        lolland["access_value_full_precision"]), decimals)
    assert len(lolland["access_value_full_precision"]) > len(lolland["access_value"])
    assert lolland["kommunegruppe"] == group
    assert {row.group for row in view.rows} >= {group}
    if lang == "en":
        text = export.csv_text(view)
        assert "Landkommuner" not in text and "beregnet" not in text
