"""E-mails of the knowledge app: a new event registration, to the organiser; and to the
registrant: the confirmation, the place on the waiting list, the place after moving up, and the
reminder a week before. The ones for a place carry the personal calendar file."""

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.contrib.forms.models import FormSubmission

from . import calendar


def send_registration_notification(submission_id):
    submission = FormSubmission.objects.select_related("page").get(pk=submission_id)
    event = submission.page.specific
    addresses = [address.strip() for address in event.to_address.split(",") if address.strip()]
    if not addresses:
        return 0
    data = submission.get_data()
    fields = []
    for name, label in event.get_data_fields():
        if name in ("submit_time", "status"):
            continue
        value = data.get(name, "")
        fields.append((label, ", ".join(value) if isinstance(value, list) else value))
    registrant = event.get_registrant_email(submission)
    body = render_to_string(
        "knowledge/emails/registration_notification.txt",
        {
            "event": event,
            "reply_to": registrant,
            "fields": fields,
            "registration_count": event.registrations().count(),
            "waiting_count": event.waiting_list().count(),
            "status": getattr(submission, "eventregistration", None),
            "submissions_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("wagtailforms:list_submissions", args=[event.pk]),
        },
    )
    # Reply-To is what the registrant typed, unchecked: the body says so at the top.
    message = EmailMessage(
        subject=event.subject or _("Nieuwe aanmelding: %(title)s") % {"title": event.title},
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=addresses,
        reply_to=[registrant] if registrant else None,
    )
    return message.send()


# kind: (template, status the registration must still have, with the calendar file)
REGISTRANT_MAILS = {
    "confirmation": ("knowledge/emails/registration_confirmation.txt", "aangemeld", True),
    "waiting": ("knowledge/emails/registration_waiting.txt", "wachtlijst", False),
    "moved_up": ("knowledge/emails/registration_moved_up.txt", "aangemeld", True),
    "reminder": ("knowledge/emails/registration_reminder.txt", "aangemeld", True),
}


def _subject(kind, event):
    title = event.title
    return {
        "confirmation": _("Aanmelding bevestigd: %(title)s"),
        "waiting": _("U staat op de wachtlijst: %(title)s"),
        "moved_up": _("Er is een plaats voor u: %(title)s"),
        "reminder": _("Herinnering: %(title)s"),
    }[kind] % {"title": title}


def send_registrant_email(registration_id, kind):
    """One of ``REGISTRANT_MAILS`` to the person who registered; 0 when the registration is
    gone, its status changed meanwhile (cancelled before the mail went) or it has no address."""
    EventRegistration = apps.get_model("knowledge", "EventRegistration")  # noqa: N806
    template, status, with_calendar = REGISTRANT_MAILS[kind]
    registration = (
        EventRegistration.objects.select_related("page").filter(pk=registration_id).first()
    )
    if registration is None or registration.status != status:
        return 0
    event = registration.page.specific
    address = event.get_registrant_email(registration)
    if not address:
        return 0
    organisers = [a.strip() for a in event.to_address.split(",") if a.strip()]
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {
                "event": event,
                "name": event.get_registrant_name(registration),
                "registration": registration,
                "position": registration.waiting_position(),
                "cancel_url": calendar.cancel_url(registration, event),
                "event_url": event.full_url,
                "where": calendar.location_text(event),
                "has_organiser": bool(organisers),
            },
        )
        message = EmailMessage(
            subject=_subject(kind, event),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[address],
            reply_to=organisers or None,
        )
        if with_calendar:
            message.attach(
                calendar.filename(event),
                calendar.event_calendar(event, registration).decode(),
                calendar.MAIL_TYPE,
            )
    return message.send()
