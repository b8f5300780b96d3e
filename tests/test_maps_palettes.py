"""Palettes: colour-blind-safe sequential schemes whose direction follows the registry, so that
darker always means worse (or, for neutral indicators, higher)."""

from __future__ import annotations

import pytest

from atlas.views.palettes import (
    NO_DATA,
    diverging,
    palette,
    palette_name,
    relative_luminance,
)

KS = range(3, 8)


@pytest.mark.parametrize("k", KS)
def test_higher_worse_darkens_as_values_rise(k):
    colours = palette("higher_worse", k)
    lum = [relative_luminance(c) for c in colours]
    assert lum == sorted(lum, reverse=True)  # class 0 (lowest values = best) lightest


@pytest.mark.parametrize("k", KS)
def test_higher_better_is_darkest_for_the_lowest_values(k):
    colours = palette("higher_better", k)
    lum = [relative_luminance(c) for c in colours]
    assert lum == sorted(lum)  # class 0 (lowest values = worst) darkest
    assert colours == tuple(reversed(palette("higher_worse", k)))


@pytest.mark.parametrize("k", KS)
def test_worst_class_is_always_the_darkest(k):
    worst_high = palette("higher_worse", k)[-1]
    worst_low = palette("higher_better", k)[0]
    assert worst_high == worst_low
    assert relative_luminance(worst_high) == min(
        relative_luminance(c) for c in palette("higher_worse", k))


@pytest.mark.parametrize("k", KS)
def test_neutral_is_plain_sequential_in_another_hue(k):
    colours = palette("neutral", k)
    lum = [relative_luminance(c) for c in colours]
    assert lum == sorted(lum, reverse=True)
    assert palette_name("neutral") != palette_name("higher_worse")
    assert not set(colours) & set(palette("higher_worse", k))


@pytest.mark.parametrize("direction", ["higher_worse", "higher_better", "neutral"])
@pytest.mark.parametrize("k", KS)
def test_classes_are_distinct_and_well_separated(direction, k):
    colours = palette(direction, k)
    assert len(colours) == k == len(set(colours))
    lum = sorted(relative_luminance(c) for c in colours)
    assert lum[-1] - lum[0] > 0.5  # enough lightness range for a pale projector


def test_no_data_style_is_not_a_palette_colour():
    every = {c for d in ("higher_worse", "neutral") for k in KS for c in palette(d, k)}
    assert NO_DATA.fill not in every and NO_DATA.hatch not in every


def test_invalid_arguments_raise():
    with pytest.raises(ValueError):
        palette("sideways", 5)
    with pytest.raises(ValueError):
        palette("neutral", 8)


def test_colours_are_colorbrewers_own():
    # colorbrewer2.org, YlOrRd and YlGnBu with 5 classes, light to dark
    assert palette("higher_worse", 5) == ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
    assert palette("neutral", 5) == ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
    assert palette("higher_worse", 7)[-1] == "#b10026"


def test_one_or_two_classes_take_members_of_the_four_class_scheme():
    assert palette("higher_worse", 1) == ("#fd8d3c",)
    assert palette("higher_worse", 2) == ("#fecc5c", "#e31a1c")
    assert palette("higher_better", 2) == ("#e31a1c", "#fecc5c")
    assert palette("neutral", 2) == ("#a1dab4", "#225ea8")


@pytest.mark.parametrize("scheme", ["RdBu", "PuOr"])
@pytest.mark.parametrize("k", [3, 5, 7, 11])
def test_diverging_is_light_in_the_middle_and_dark_at_both_ends(scheme, k):
    colours = diverging(k, scheme)
    lum = [relative_luminance(c) for c in colours]
    assert len(set(colours)) == k
    assert max(lum) == lum[k // 2] or (k % 2 == 0 and max(lum) == lum[k // 2 - 1])
    assert lum[0] < lum[k // 2] > lum[-1]
    with pytest.raises(ValueError):
        diverging(k, "YlOrRd")
