from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Dorpsinitiatieven")

    def ready(self):
        # Models and core.caching (which imports Wagtail's models) exist only from here on.
        from core import caching, health

        from .models import Application, Category, FundingScheme, TransitionLog, Village
        from .states import SHOWCASE_STATES
        from .storage import private_storage

        # What the public pages show of grants: reference data and the project showcase.
        caching.invalidate_on(Category, Village, FundingScheme)
        caching.invalidate_on(
            TransitionLog,
            when=lambda entry: (
                entry.from_state in SHOWCASE_STATES or entry.to_state in SHOWCASE_STATES
            ),
        )
        caching.invalidate_on(Application, when=lambda app: app.state in SHOWCASE_STATES)
        # Attachments and report photos: /readyz checks that their storage answers too.
        health.register_storage("private", private_storage)
