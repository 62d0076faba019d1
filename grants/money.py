"""Amounts of money as the Dutch write them: € 1.250,00.

``parse_euro`` is the one way any amount (a form field, a spreadsheet cell, an official's granted
amount) becomes a ``Decimal``; ``format_euro`` is the one way an amount is shown."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_AMOUNT = Decimal("1000000")
CENT = Decimal("0.01")

# Thousands are grouped by three after a first group without a leading zero: 1.250, 12.500.000.
_DUTCH_GROUPS = r"[1-9]\d{0,2}(?:\.\d{3})+"
_ENGLISH_GROUPS = r"[1-9]\d{0,2}(?:,\d{3})+"
# Each accepted notation, with how to turn it into Python's notation. Only notations with one
# reading are here: "1.250" is twelve hundred and fifty (Dutch thousands), "12.50" can only be
# twelve euros fifty, "1,250.50" only English; "0.001" or "1,250" fit none and are refused.
_NOTATIONS = (
    (re.compile(r"\d+"), lambda s: s),
    (re.compile(r"\d+,\d{1,2}"), lambda s: s.replace(",", ".")),
    (re.compile(r"\d+\.\d{1,2}"), lambda s: s),
    (re.compile(_DUTCH_GROUPS), lambda s: s.replace(".", "")),
    (re.compile(_DUTCH_GROUPS + r",\d{1,2}"), lambda s: s.replace(".", "").replace(",", ".")),
    (re.compile(_ENGLISH_GROUPS + r"\.\d{1,2}"), lambda s: s.replace(",", "")),
)
_TOO_MANY_DECIMALS = re.compile(r"\d+[.,]\d{3,}|(?:\d{1,3}[.,])*\d{1,3}[.,]\d{3,}")
_DECORATION = re.compile(r"[\s\u00a0€]|^eur|eur$", re.IGNORECASE)


def format_euro(value):
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}€ {'.'.join(groups)},{cents}"


def _how_to_write(text):
    return _(
        "“%(value)s” is geen bedrag. Vul een bedrag in euro's in, bijvoorbeeld 1250 of 1.250,50."
    ) % {"value": text}


def _too_many_decimals():
    return _(
        "Gebruik hoogstens twee cijfers achter de komma. Schrijf bijvoorbeeld 1.250,50 "
        "(duizendtallen met een punt, centen na de komma)."
    )


def _from_text(text):
    """The ``Decimal`` a person meant by ``text``, or a ``ValidationError`` saying how to write it."""
    cleaned = _DECORATION.sub("", text)
    cleaned = re.sub(r"[.,]-{1,2}$", "", cleaned)  # "250,-": whole euros
    negative = cleaned.startswith("-")
    digits = cleaned.removeprefix("-").removeprefix("+")
    for pattern, to_python in _NOTATIONS:
        if pattern.fullmatch(digits):
            amount = Decimal(to_python(digits))
            return -amount if negative else amount
    if _TOO_MANY_DECIMALS.fullmatch(digits):
        raise ValidationError(_too_many_decimals(), code="max_decimal_places")
    raise ValidationError(_how_to_write(text), code="invalid")


def _from_number(value):
    if isinstance(value, bool):
        raise ValidationError(_how_to_write(value), code="invalid")
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite():
        raise ValidationError(_how_to_write(value), code="invalid")
    if amount != amount.quantize(CENT):
        raise ValidationError(_too_many_decimals(), code="max_decimal_places")
    return amount


def too_high_message(maximum=MAX_AMOUNT):
    return _("Dit bedrag is te hoog: het mag hoogstens € %(max)s zijn.") % {
        "max": number_format(maximum, decimal_pos=0, force_grouping=True)
    }


def parse_euro(value, *, maximum=MAX_AMOUNT):
    """An amount in euros from what a person typed or a spreadsheet holds, in cents.

    Accepts Dutch notation (``1.234,56``, ``1234,56``, ``€ 1.234``, ``1234``, ``250,-``), and the
    unambiguous ``12.50`` and ``1,234.56``; numbers from a spreadsheet as they are. Returns
    ``None`` for empty input. Refuses ambiguous or wrong input (``0.001``, ``1.2.3``, ``1,2,3``,
    more than two decimals), negative amounts and amounts over ``maximum`` with a
    ``ValidationError`` whose Dutch message says how to write it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        amount = _from_text(value.strip())
    else:
        amount = _from_number(value)
    if amount < 0:
        raise ValidationError(_("Een bedrag kan niet negatief zijn."), code="min_value")
    if maximum is not None and amount > maximum:
        raise ValidationError(too_high_message(maximum), code="max_value")
    return amount.quantize(CENT)
