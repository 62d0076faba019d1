from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Zoeken")

    def ready(self):
        # backends imports search's models, which exist only once the app registry is ready.
        from .backends import forget_search_config

        # Migration 0002 may just have created the unaccent configuration.
        post_migrate.connect(forget_search_config, sender=self)
