"""The security log in the Wagtail admin: read-only, for administrators (superusers, or whoever
holds its view permission) only."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from .models import SecurityEvent

READ_PERMISSION = "security.view_securityevent"


class SuperusersMayReadPolicy(BasePermissionPolicy):
    """Superusers, and whoever was given "Can view beveiligingsgebeurtenis" (a privacy officer,
    an auditor), may view; nobody adds, edits or deletes a log line through the admin."""

    def user_has_permission(self, user, action):
        if action != "view" or not user.is_active:
            return False
        return user.is_superuser or user.has_perm(READ_PERMISSION)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        app_label, codename = READ_PERMISSION.split(".")
        granted = Q(
            user_permissions__codename=codename, user_permissions__content_type__app_label=app_label
        ) | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | granted, is_active=True)
            .distinct()
        )


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
