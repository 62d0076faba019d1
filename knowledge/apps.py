from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Kennisbank en bijeenkomsten")

    def ready(self):
        # core.caching imports Wagtail's models: only once the app registry is ready.
        from core import caching

        caching.invalidate_on_app(self.label)
