from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The person's rights under the AVG and the retention terms: "Mijn gegevens" (see, download,
    change, delete), holds and ``apply_retention``. It asks the providers every app registers in
    ``core.personal_data``, so it imports no app that holds personal data."""

    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from core import personal_data

        from .providers import DataExportsProvider

        personal_data.register(DataExportsProvider())
