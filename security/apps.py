from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """One login for the site, the Wagtail admin and Django's admin; two factors for whoever
    enters the admin; the security log. Depends on no app of ours, so every app may write to
    the log."""

    default = True
    name = "security"
    verbose_name = _("Beveiliging")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import personal_data

        from . import receivers
        from .personal_data import AccountPersonalData

        receivers.connect()
        personal_data.register(AccountPersonalData())


class SuperuserAdminConfig(admin_apps.AdminConfig):
    """Django's admin, for superusers only, logging in through allauth (see admin_site)."""

    default = False
    default_site = "security.admin_site.SuperuserAdminSite"
