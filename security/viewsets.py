"""The security log in the Wagtail admin: read-only, for administrators (superusers) only."""

from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import SecurityEvent


class SuperusersMayReadPolicy(BasePermissionPolicy):
    """Superusers may view; nobody adds, edits or deletes a log line through the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()


class SecurityEventViewSet(ModelViewSet):
    model = SecurityEvent
    icon = "warning"
    menu_label = _("Beveiligingslog")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50
    list_filter = ["kind", "created_at"]
    search_fields = ["login", "ip_address", "path", "detail"]
    list_display = [
        Column("created_at", label=_("Tijdstip"), sort_key="created_at"),
        Column("kind", label=_("Gebeurtenis"), accessor="get_kind_display"),
        Column("login", label=_("Wie")),
        Column("ip_address", label=_("Vanaf")),
        Column("path", label=_("Adres")),
        Column("detail", label=_("Toelichting")),
    ]
    inspect_view_fields = ["created_at", "kind", "user", "login", "ip_address", "path", "detail"]

    def get_urlpatterns(self):
        # A log is read, never written by hand: no add, edit, copy or delete views.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]
