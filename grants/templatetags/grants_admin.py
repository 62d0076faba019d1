"""Small display helpers for the officials' admin pages and the e-mails."""

from django import template

from grants.models import Principle
from grants.money import format_euro
from grants.states import state_label

register = template.Library()


@register.filter
def euro(value):
    """€ 1.250,00 — Dutch notation, whatever the active language."""
    return format_euro(value)


@register.filter
def principle_labels(values):
    labels = dict(Principle.choices)
    return [labels[value] for value in values or () if value in labels]


@register.simple_tag
def state_name(state, application):
    """``state`` as it reads for ``application``'s kind ("Gepubliceerd", "Toegezegd")."""
    return state_label(state, application.kind)
