from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Dorpsinitiatieven")

    def ready(self):
        # Models and core.caching (which imports Wagtail's models) exist only from here on.
        from core import caching, personal_data

        from .models import Application, Category, FundingScheme, TransitionLog, Village
        from .states import SHOWCASE_STATES

        # What the public pages show of grants: reference data and the project showcase.
        caching.invalidate_on(Category, Village, FundingScheme)
        caching.invalidate_on(
            TransitionLog,
            when=lambda entry: (
                entry.from_state in SHOWCASE_STATES or entry.to_state in SHOWCASE_STATES
            ),
        )
        caching.invalidate_on(Application, when=lambda app: app.state in SHOWCASE_STATES)

        from .personal_data import GrantsPersonalData

        personal_data.register(GrantsPersonalData())
