"""AppTests of what issue 20 adds to the pages: Moran's I with the map's definition and on the
About page, the funnel plots on the map page and the profile, and the table's marks against
Denmark; plus the funnel limits (atlas/stats/funnel.py) against scipy by hand."""

from __future__ import annotations

import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from atlas.maps.layout import DEFINITION_KEY, FUNNEL_KEY
from atlas.stats import funnel
from tests.conftest import open_page


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    return "\n".join([*(c.value for c in at.caption), *(m.value for m in at.markdown),
                      *(i.value for i in at.info)])


def charts(at: AppTest) -> list[str]:
    return [chart.proto.spec for chart in at.get("vega_lite_chart")]


# --- funnel limits ---------------------------------------------------------------------------

def test_binomial_limits_are_the_interpolated_exact_quantiles():
    from scipy.stats import binom

    n, theta = 2_000, 0.3
    (inner, outer) = funnel.control_limits("binomial", 30.0, 100, [n])
    for limits, low_p in ((inner, 0.025), (outer, 0.001)):
        for bound, p in ((limits.lower[0], low_p), (limits.upper[0], 1 - low_p)):
            r = binom.ppf(p, n, theta)
            alpha = (binom.cdf(r, n, theta) - p) / (binom.cdf(r, n, theta)
                                                     - binom.cdf(r - 1, n, theta))
            assert bound == pytest.approx((r - alpha) / n * 100, rel=1e-12)
    # close to the normal approximation for a large n, and narrowing with n
    se = np.sqrt(theta * (1 - theta) / n) * 100
    assert inner.upper[0] == pytest.approx(30 + 1.96 * se, abs=0.05)
    wide, narrow = funnel.control_limits("binomial", 30.0, 100, [500, 50_000])[0].upper
    assert wide > narrow > 30


def test_poisson_limits_and_classification():
    (inner, outer) = funnel.control_limits("poisson", 25.0, 1000, [40_000])
    expected = 25.0 / 1000 * 40_000
    se = np.sqrt(expected) / 40_000 * 1000
    assert inner.lower[0] == pytest.approx(25 - 1.96 * se, abs=0.05)
    assert outer.upper[0] > inner.upper[0] > 25 > inner.lower[0] > outer.lower[0]
    assert funnel.classify("poisson", 40.0, 40_000, 25.0, 1000).status == "higher"
    assert funnel.classify("poisson", 40.0, 40_000, 25.0, 1000).beyond_998
    assert funnel.classify("poisson", 25.3, 40_000, 25.0, 1000).status == "similar"
    assert funnel.classify("poisson", 20.0, 40_000, 25.0, 1000).status == "lower"
    # a small municipality: the same difference lies within the limits
    assert funnel.classify("poisson", 28.0, 1_500, 25.0, 1000).status == "similar"
    positions = funnel.classify_all("binomial", [np.nan, 50.0, 30.0], [1000, np.nan, 9000],
                                    30.0, 100)
    assert positions[0] is None and positions[1] is None
    assert positions[2].status == "similar"
    with pytest.raises(ValueError):
        funnel.control_limits("binomial", 120.0, 100, [10])
    with pytest.raises(ValueError):
        funnel.control_limits("normal", 1.0, 100, [10])


def test_registry_owns_which_indicators_get_a_funnel():
    from atlas.registry import registry

    indicators = registry()
    assert indicators["home_nursing_per_1000"].funnel == "poisson"
    assert indicators["home_nursing_per_1000"].funnel_per == 1000
    assert indicators["gp_contact_share"].funnel == "binomial"
    assert indicators["hospital_use_share"].funnel == "binomial"
    surveys = [i for i in indicators.values() if i.source == "sundhedsprofil"]
    assert surveys and all(i.funnel == "survey" for i in surveys)
    assert indicators["life_expectancy"].funnel == ""


# --- pages -----------------------------------------------------------------------------------

@pytest.fixture
def app(real_db, monkeypatch):
    monkeypatch.setenv("ATLAS_DB", str(real_db))

    def make(page: str, **params) -> AppTest:
        return ok(open_page(page, **params))
    return make


def test_map_definition_states_morans_i_in_plain_words(app):
    at = app("pages/map.py", indicator="gp_distance_km")
    assert "Moran" not in page_text(at)          # lazy: nothing until opened
    at.session_state[DEFINITION_KEY] = True
    text = page_text(ok(at.run()))
    assert "**Nabokommuner ligner hinanden.** Moran's I = 0,56 (p = 0,001" in text
    assert "*Hvordan læser jeg det?*" in text
    assert "5 nærmeste kommuner" in text and "EPSG:25832" in text
    assert "rækkestandardiseret" in text and "Læsø" in text


def test_map_definition_in_english_and_for_another_period(app):
    at = app("pages/map.py", indicator="home_nursing_per_1000", lang="en")
    at.session_state[DEFINITION_KEY] = True
    text = page_text(ok(at.run()))
    assert "**Neighbouring municipalities are alike.** Moran's I = 0.42" in text
    assert "*How do I read this?*" in text and "row-standardised" in text
    at = app("pages/map.py", indicator="poor_mental_health_share", period="2017", lang="en")
    at.session_state[DEFINITION_KEY] = True
    text = page_text(ok(at.run()))
    assert "**No clear geographic pattern.** Moran's I = 0.09 (p = 0.06" in text


def test_about_page_gives_each_indicator_its_pattern_and_the_weights(app):
    at = app("pages/about.py")
    text = page_text(at)
    assert "Geografisk mønster (Moran's I)" in [s.value for s in at.subheader]
    assert "*Hvordan læser jeg det?*" in text and "EPSG:25832" in text
    assert "**Geografisk mønster (2024):** **Nabokommuner ligner hinanden.** Moran's I = 0,56" \
        in text
    assert text.count("**Geografisk mønster (") >= 20
    en = page_text(app("pages/about.py", lang="en"))
    assert "neighbouring municipalities are alike" in en.lower()
    assert "*How do I read this?*" in en


def test_map_funnel_is_lazy_and_draws_the_chart_for_a_register_rate(app):
    at = app("pages/map.py", indicator="home_nursing_per_1000", kommune="360")
    assert not [spec for spec in charts(at) if "funnel-" in spec]
    at.session_state[FUNNEL_KEY] = True
    at = ok(at.run())
    specs = [spec for spec in charts(at) if "funnel-home_nursing_per_1000-2025-360-da" in spec]
    assert len(specs) == 1 and "Lolland" in specs[0]
    text = page_text(at)
    # home nursing varies between municipalities far beyond chance: the limits are widened for
    # that overdispersion, and Lolland lies within them (with exact limits it lay outside)
    assert "**Lolland:** ikke signifikant forskellig fra Danmark" in text
    assert "udvidet for overspredning" in text and "DerSimonian–Laird" in text
    assert re.search(r"med de eksakte grænser lå \d+ af 98 kommuner uden for", text)
    assert "Intet antal er regnet baglæns" in text


def test_map_funnel_for_a_survey_says_no_interval_and_none_for_other_indicators(app):
    at = app("pages/map.py", indicator="daily_smoking_share")
    at.session_state[FUNNEL_KEY] = True
    at = ok(at.run())
    assert "intet interval" in page_text(at)
    assert not [spec for spec in charts(at) if "funnel-" in spec]
    at = app("pages/map.py", indicator="life_expectancy")
    assert FUNNEL_KEY not in at.session_state


def test_profile_marks_register_rates_against_denmark_with_funnels(app):
    from atlas.views import funnel as funnel_views

    at = app("pages/profile.py", kommune="101")
    text = page_text(at)
    assert "Sammenlignet med Danmark (tragtdiagram)" in [s.value for s in at.subheader]
    assert "**Modtagere af hjemmesygepleje** (2025): signifikant lavere end Danmark" in text
    assert "Sundhedsprofilen" in text and "intet interval" in text
    specs = [spec for spec in charts(at) if "funnel-" in spec]
    assert len(specs) == 3 and all("-101-da" in spec for spec in specs)
    data = funnel_views.funnel_data("home_nursing_per_1000", "2025")
    assert data.position(101).status == "lower"
    en = page_text(app("pages/profile.py", kommune="101", lang="en"))
    assert "significantly lower than Denmark" in en


def test_table_marks_municipalities_outside_the_limits(app):
    from tests.test_table_page import shown

    at = app("pages/table.py", ind="home_nursing_per_1000,daily_smoking_share")
    frame = shown(at)
    column = "funnel:home_nursing_per_1000"
    assert column in frame.columns
    marks = set(frame[column])
    assert {"signifikant højere end Danmark", "signifikant lavere end Danmark"} <= {
        mark.split(" (")[0] for mark in marks}
    assert "funnel:daily_smoking_share" not in frame.columns


def test_registry_refuses_a_funnel_without_its_denominator(tmp_path):
    from atlas.errors import AtlasError
    from atlas.registry import load_registry
    from tests.test_registry import ENTRY, write

    entry = ENTRY.format(id="a", role="need", origin="snapshot")
    with pytest.raises(AtlasError, match="funnel must be one of"):
        load_registry(write(tmp_path, entry + 'funnel = "normal"\n'))
    with pytest.raises(AtlasError, match="needs funnel_denominator and funnel_per"):
        load_registry(write(tmp_path, entry + 'funnel = "binomial"\n'))
    with pytest.raises(AtlasError, match="needs funnel_denominator and funnel_per"):
        load_registry(write(tmp_path, entry + 'funnel = "poisson"\nfunnel_denominator = '
                            '"population"\nfunnel_per = 0\n'))
    indicator = load_registry(write(tmp_path, entry + 'funnel = "poisson"\nfunnel_denominator = '
                                    '"population"\nfunnel_per = 1000\n'))["a"]
    assert (indicator.funnel, indicator.funnel_denominator, indicator.funnel_per) == (
        "poisson", "population", 1000.0)
