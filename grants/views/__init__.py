"""The initiator's views on the public site. Thin: forms validate, ``grants.workflow`` acts,
``grants.permissions`` decides what each person may see (always at the queryset)."""
