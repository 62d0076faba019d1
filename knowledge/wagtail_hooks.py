from wagtail.snippets.models import register_snippet

from .models import EventPage
from .viewsets import RegistrationsListView, TopicViewSet

register_snippet(TopicViewSet)

# An event's registrations under "Formulieren": with their status and a filter on it.
EventPage.submissions_list_view_class = RegistrationsListView
