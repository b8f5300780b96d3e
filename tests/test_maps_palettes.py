"""Palettes: colour-blind-safe sequential schemes whose direction follows the registry, so that
darker always means worse (or, for neutral indicators, higher)."""

from __future__ import annotations

import pytest

from atlas.views.palettes import NO_DATA, palette, palette_name, relative_luminance

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
