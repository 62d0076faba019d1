"""Admin views of the knowledge app: the topics (snippets) and the registrations of an event
(Wagtail's submissions listing under "Formulieren", with each registration's status and a filter
on it: aangemeld, wachtlijst, afgemeld)."""

from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.views import SubmissionsListFilterSet, SubmissionsListView
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from .models import RegistrationStatus, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Onderwerpen")
    menu_name = "onderwerpen"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "slug", "description"]
    search_fields = ["name", "description"]
    ordering = ["name"]
    inspect_view_enabled = True
    list_export = ["name", "slug", "description"]
    export_filename = "onderwerpen"


class RegistrationsFilterSet(SubmissionsListFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RegistrationStatus.choices, empty_label=_("Alle")
    )


class RegistrationsListView(SubmissionsListView):
    """The registrations of one event, the waiting list in its order (oldest first within a
    status when sorted on the date)."""

    filterset_class = RegistrationsFilterSet
    orderable_fields = ("id", "submit_time", "status")
