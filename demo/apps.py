from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Dutch demo site and ``manage.py load_demo_content``. Depends on every app; no app
    depends on it."""

    name = "demo"
    verbose_name = _("Demo-inhoud")
