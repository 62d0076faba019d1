"""Design tokens as a small stylesheet: CSS custom properties named after the NL Design System
tokens (``--nl-*`` for components, ``--basis-*`` for the shared basis), set on ``:root``.

``static/css/portal.css`` reads every token with the portal's own colour as fallback, so the site
looks the same without this stylesheet. The values come from the municipality's "Huisstijl"
setting (``home.models.IdentitySettings``); this module only knows how to write them safely and
which typefaces may be chosen: system and locally installed fonts only, never a font service
(the Content-Security-Policy would refuse one anyway)."""

import hashlib
import re

from django.utils.translation import gettext_lazy as _

from .contrast import normalise

# (key, label, font stack). The first is the portal's own.
TYPEFACES = [
    (
        "system",
        _("Systeemlettertype (standaard)"),
        'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    ),
    (
        "humanist",
        _("Humanistisch schreefloos (zoals Calibri of Gill Sans)"),
        'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, sans-serif',
    ),
    (
        "wide",
        _("Breed en goed leesbaar (zoals Verdana)"),
        'Verdana, "DejaVu Sans", "Bitstream Vera Sans", Geneva, sans-serif',
    ),
    (
        "serif",
        _("Met schreef (zoals Charter of Cambria)"),
        'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif',
    ),
]
TYPEFACE_CHOICES = [(key, label) for key, label, _stack in TYPEFACES]
FONT_STACKS = {key: stack for key, _label, stack in TYPEFACES}
DEFAULT_TYPEFACE = TYPEFACES[0][0]

_TOKEN_NAME = re.compile(r"^--[a-z0-9-]+$")
_FONT_STACK = re.compile(r'^[A-Za-z0-9 ,"-]+$')


def font_stack(key):
    return FONT_STACKS.get(key, FONT_STACKS[DEFAULT_TYPEFACE])


def _value(name, value):
    # Only known shapes reach the stylesheet: a hex colour or one of our own font stacks.
    if "font-family" in name:
        if not _FONT_STACK.match(value):
            raise ValueError(f"unexpected font stack for {name}")
        return value
    return normalise(value)


def stylesheet(tokens):
    """``{"--nl-link-color": "#0b4f8a", ...}`` -> the text of a stylesheet."""
    lines = ["/* Huisstijl: Instellingen > Huisstijl in de beheeromgeving. */", ":root {"]
    for name, value in tokens.items():
        if not _TOKEN_NAME.match(name):
            raise ValueError(f"not a token name: {name!r}")
        lines.append(f"  {name}: {_value(name, value)};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def version(css):
    """A short fingerprint of the stylesheet: it changes exactly when a token does."""
    return hashlib.sha256(css.encode()).hexdigest()[:12]
