"""Colour contrast as WCAG 2.1 measures it (success criteria 1.4.3 and 1.4.11).

Colours are hex strings (``#1b1b1b`` or ``#fff``). The relative luminance and the contrast
ratio follow the definitions in WCAG 2.1 ("relative luminance", "contrast ratio"); a ratio is
reported rounded down to one decimal, so 4.48:1 never shows as "4,5:1" while being refused."""

import math
import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")

# WCAG 2.1: normal text (1.4.3) and user-interface components such as focus indicators (1.4.11).
TEXT_MINIMUM = 4.5
NON_TEXT_MINIMUM = 3.0


def normalise(colour):
    """``#ABC`` -> ``#aabbcc``; raises ``ValueError`` for anything that is not a hex colour."""
    colour = (colour or "").strip()
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a hex colour: {colour!r}")
    digits = colour[1:].lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits


def validate_hex_colour(value):
    """Form and model validator: a colour as ``#`` and six (or three) hexadecimal digits."""
    try:
        normalise(value)
    except ValueError:
        raise ValidationError(
            _("Vul een kleur in als # met zes tekens 0-9 of a-f, bijvoorbeeld #155e4b."),
            code="invalid_colour",
        ) from None


def rgb(colour):
    digits = normalise(colour)[1:]
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def _linear(channel):
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour):
    """0 for black, 1 for white."""
    red, green, blue = (_linear(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """From 1 (the same colour) to 21 (black on white), whichever order the colours come in."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def rounded_down(ratio):
    return math.floor(ratio * 10 + 1e-9) / 10


def format_ratio(ratio):
    """A ratio for a person to read, in the active language: 2.97 -> "2,9" in Dutch."""
    return number_format(rounded_down(ratio), decimal_pos=1)


def mix(colour, other, share):
    """``colour`` with ``share`` (0..1) of ``other`` mixed in, per channel, as hex."""
    channels = (
        round(a * (1 - share) + b * share) for a, b in zip(rgb(colour), rgb(other), strict=True)
    )
    return "#" + "".join(f"{c:02x}" for c in channels)
