"""Wagtail admin registration for the grants app (officials only)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import import_export_hooks  # noqa: F401 (export, import, yearly overview)
from .admin_views.dashboard import GrantsDashboardPanel
from .models import Application
from .permissions import is_official
from .viewsets import ApplicationPermissionPolicy, GrantsViewSetGroup

# Registered before any viewset asks for the policy (Wagtail requires that order).
register_permission_policy(Application, ApplicationPermissionPolicy(Application))


@hooks.register("register_admin_viewset")
def register_grants_viewsets():
    return GrantsViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_grants_dashboard_panel(request, panels):
    if is_official(request.user):
        panels.append(GrantsDashboardPanel())
