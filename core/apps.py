from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares and that depends on no app of ours: StreamField base blocks, form
    rendering tags, Dutch text handling and the anonymous page cache."""

    name = "core"
    verbose_name = _("Basis")

    def ready(self):
        # caching imports Wagtail's models, which exist only once the app registry is ready.
        from . import caching

        caching.connect_signals()
