from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        # core.caching imports Wagtail's models: only once the app registry is ready.
        from core import caching

        caching.invalidate_on_app(self.label)
