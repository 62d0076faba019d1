"""E-mails of the knowledge app: a new event registration, to the organiser."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.contrib.forms.models import FormSubmission


def send_registration_notification(submission_id):
    submission = FormSubmission.objects.select_related("page").get(pk=submission_id)
    event = submission.page.specific
    addresses = [address.strip() for address in event.to_address.split(",") if address.strip()]
    if not addresses:
        return 0
    data = submission.get_data()
    fields = []
    for name, label in event.get_data_fields():
        if name == "submit_time":
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
            "registration_count": event.get_submissions().count(),
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
