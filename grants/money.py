"""Amounts of money as the Dutch write them: € 1.250,00."""

from decimal import Decimal, InvalidOperation


def format_euro(value):
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}€ {'.'.join(groups)},{cents}"
