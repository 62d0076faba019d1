"""Filters for the officials' applications listing in the Wagtail admin."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

import django_filters

from .models import Application, Category, FundingScheme, State, Village
from .states import UNDECIDED_STATES, Kind


def year_choices():
    this_year = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this_year + 1, this_year - 6, -1)]


class ApplicationFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=State.choices,
        empty_label=_("Alle (behalve concepten)"),
        widget=forms.RadioSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort aanvraag"),
        choices=Kind.choices,
        empty_label=_("Alle soorten"),
        widget=forms.RadioSelect,
    )
    scheme = django_filters.ModelChoiceFilter(
        label=_("Regeling"), queryset=FundingScheme.objects.only("pk", "name")
    )
    village = django_filters.ModelChoiceFilter(
        label=_("Kern"), queryset=Village.objects.only("pk", "name")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Categorie"), queryset=Category.objects.only("pk", "name")
    )
    year = django_filters.ChoiceFilter(
        label=_("Jaar van indiening"),
        choices=year_choices,
        empty_label=_("Alle jaren"),
        method="filter_year",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Beslistermijn verstreken"), method="filter_overdue", widget=BooleanRadioSelect
    )

    class Meta:
        model = Application
        fields = ["state", "kind", "scheme", "village", "category", "year", "overdue"]

    def filter_year(self, queryset, name, value):
        if not value:
            return queryset
        tz = timezone.get_current_timezone()
        start = datetime.datetime(int(value), 1, 1, tzinfo=tz)
        end = datetime.datetime(int(value) + 1, 1, 1, tzinfo=tz)
        return queryset.filter(submitted_at__gte=start, submitted_at__lt=end)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.overdue()
        today = timezone.localdate()
        return queryset.filter(
            ~Q(state__in=UNDECIDED_STATES)
            | Q(decision_due__isnull=True)
            | Q(decision_due__gte=today)
        )
