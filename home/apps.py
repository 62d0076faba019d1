from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Site")

    def ready(self):
        # core.caching imports Wagtail's models: only once the app registry is ready.
        from core import caching

        caching.invalidate_on_app(self.label)

        from django.conf import settings

        from core import form_submissions, personal_data

        from .models import ContactPage

        # Contact messages: kept RETENTION["CONTACT_MONTHS"] after they were sent.
        personal_data.register(
            form_submissions.FormSubmissionsProvider(
                key="home.contactmessage",
                page_model=ContactPage,
                label=_("Berichten via het contactformulier"),
                on_delete=_("Worden direct verwijderd."),
                months=lambda: settings.RETENTION["CONTACT_MONTHS"],
                term_start=form_submissions.submitted_on,
                reason=_("%(n)s maanden na verzenden (contactbericht)"),
            )
        )
