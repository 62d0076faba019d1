"""Admin viewsets of the knowledge app: the topics (snippets)."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Topic


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
