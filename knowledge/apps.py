from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Kennisbank en bijeenkomsten")

    def ready(self):
        # core.caching imports Wagtail's models: only once the app registry is ready.
        from core import caching

        caching.invalidate_on_app(self.label)

        from django.conf import settings

        from wagtail.signals import page_published

        from core import form_submissions, personal_data

        from .models import EventPage, EventRegistration, fill_places_after_publish

        # A higher maximum, published: the first ones of the waiting list move up.
        page_published.connect(
            fill_places_after_publish, sender=EventPage, dispatch_uid="knowledge-fill-places"
        )

        # Registrations (with their status, the waiting list, cancellations and reminders):
        # kept RETENTION["REGISTRATION_MONTHS"] after the event's date.
        personal_data.register(
            form_submissions.FormSubmissionsProvider(
                key="knowledge.registration",
                page_model=EventPage,
                submission_model=EventRegistration,
                label=_("Aanmeldingen voor bijeenkomsten"),
                on_delete=_("Worden direct verwijderd."),
                months=lambda: settings.RETENTION["REGISTRATION_MONTHS"],
                term_start=lambda submission, page: page.date if page else None,
                reason=_("%(n)s maanden na de bijeenkomst (aanmelding)"),
            )
        )
