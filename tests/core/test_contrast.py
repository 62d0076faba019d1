"""WCAG 2.1 contrast (core/contrast.py) and the design-token stylesheet (core/design_tokens.py)."""

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from core import contrast, design_tokens


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#000000", 21.0),  # the order does not matter
        ("#777777", "#777777", 1.0),
        ("#777777", "#ffffff", 4.48),  # the well-known grey just below AA
        ("#767676", "#ffffff", 4.54),  # and the one just above it
        ("#155e4b", "#ffffff", 7.68),  # the portal's primary colour (portal.css: 7.7:1)
        ("#1b1b1b", "#ffdd00", 12.79),  # text on the focus highlight (portal.css: 12.8:1)
    ],
)
def test_contrast_ratio_as_wcag_defines_it(first, second, expected):
    assert contrast.contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)


def test_relative_luminance_of_black_white_and_a_primary():
    assert contrast.relative_luminance("#000") == 0
    assert contrast.relative_luminance("#fff") == pytest.approx(1)
    assert contrast.relative_luminance("#ff0000") == pytest.approx(0.2126)
    assert contrast.relative_luminance("#00ff00") == pytest.approx(0.7152)


def test_short_and_upper_case_hex_are_the_same_colour():
    assert contrast.normalise(" #ABC ") == "#aabbcc"
    assert contrast.contrast_ratio("#FFF", "#000000") == 21


@pytest.mark.parametrize("value", ["", "155e4b", "#12345", "#gggggg", "red", "#1234567", None])
def test_anything_but_a_hex_colour_is_refused_in_dutch(value):
    with pytest.raises(ValueError, match="not a hex colour"):
        contrast.normalise(value)
    with pytest.raises(ValidationError) as refused:
        contrast.validate_hex_colour(value)
    assert "Vul een kleur in als # met zes tekens" in refused.value.messages[0]


def test_a_ratio_is_rounded_down_and_written_the_dutch_way():
    with translation.override("nl"):
        assert contrast.format_ratio(4.4999) == "4,4"  # never "4,5" while below 4.5
        assert contrast.format_ratio(2.97) == "2,9"
        assert contrast.format_ratio(21) == "21,0"
    assert contrast.rounded_down(4.5) == 4.5


def test_mix_darkens_towards_black():
    assert contrast.mix("#ffffff", "#000000", 0.5) == "#808080"
    assert contrast.mix("#155e4b", "#000000", 0) == "#155e4b"


def test_the_stylesheet_holds_the_tokens_and_nothing_else():
    css = design_tokens.stylesheet(
        {"--nl-link-color": "#0B4F8A", "--basis-text-font-family-default": "Verdana, sans-serif"}
    )
    assert ":root {" in css
    assert "  --nl-link-color: #0b4f8a;" in css
    assert "  --basis-text-font-family-default: Verdana, sans-serif;" in css
    assert design_tokens.version(css) == design_tokens.version(css)
    assert design_tokens.version(css) != design_tokens.version(css.replace("0b4f8a", "0b4f8b"))


@pytest.mark.parametrize(
    "tokens",
    [
        {"--nl-link-color": "red; } body { display: none"},
        {"--nl-link-color; color": "#000000"},
        {"--basis-text-font-family-default": "x; } * { color: red"},
    ],
)
def test_the_stylesheet_refuses_what_could_break_out_of_a_token(tokens):
    with pytest.raises(ValueError, match="not a hex colour|not a token name|unexpected font"):
        design_tokens.stylesheet(tokens)


def test_every_typeface_is_a_local_font_stack():
    for key, _label, stack in design_tokens.TYPEFACES:
        assert design_tokens.font_stack(key) == stack
        assert "url(" not in stack
        assert "@import" not in stack
        assert stack.rstrip().endswith(("sans-serif", "serif"))
    assert design_tokens.font_stack("unknown") == design_tokens.TYPEFACES[0][2]
