"""Small display helpers for the officials' admin pages and the e-mails."""

from decimal import Decimal, InvalidOperation

from django import template

from grants.models import Principle

register = template.Library()


@register.filter
def euro(value):
    """€ 1.250,00 — Dutch notation, whatever the active language."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return value
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}€ {'.'.join(groups)},{cents}"


@register.filter
def principle_labels(values):
    labels = dict(Principle.choices)
    return [labels[value] for value in values or () if value in labels]
