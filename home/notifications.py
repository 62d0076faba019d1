"""E-mails of the home app: a message sent through the contact form, to the municipality."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.contrib.forms.models import FormSubmission


def _display(value):
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return "" if value is None else str(value)


def send_contact_notification(submission_id):
    """Send the message to the contact page's recipients; returns the number of e-mails sent."""
    submission = FormSubmission.objects.select_related("page").get(pk=submission_id)
    page = submission.page.specific
    data = submission.get_data()
    with translation.override(settings.LANGUAGE_CODE):
        fields = [
            (label, _display(data.get(name)))
            for name, label in page.get_data_fields()
            if name != "submit_time"
        ]
        sender = page.sender_email(data)
        body = render_to_string(
            "home/emails/contact_notification.txt",
            {
                "page": page,
                "reply_to": sender,
                "fields": fields,
                "submit_time": submission.submit_time,
                "submissions_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("wagtailforms:list_submissions", args=[page.pk]),
            },
        )
        subject = page.subject or _("Nieuw bericht via %(title)s") % {"title": page.title}
    # Reply-To is what the visitor typed, unchecked: the body says so at the top.
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=page.recipients(),
        reply_to=[sender] if sender else None,
    )
    return message.send()
