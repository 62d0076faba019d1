"""What the event-registration tests share: registering through the page, reading the mails
and their calendar files back."""

import re

from django.core import mail

import icalendar

FIELDS = {"naam": "Anne de Boer", "e_mailadres": "anne@example.nl"}


def register(client, event, **data):
    return client.post(event.url, {**FIELDS, **data})


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def calendar_of(message):
    """The one .ics attachment of ``message``, parsed back with icalendar; and its file name."""
    attachments = [a for a in message.attachments if a[2].startswith("text/calendar")]
    assert len(attachments) == 1, message.attachments
    name, content, _mimetype = attachments[0]
    data = content.encode() if isinstance(content, str) else content
    return name, icalendar.Calendar.from_ical(data)


def cancel_path(message):
    """The path of the personal cancel link in the mail's text."""
    match = re.search(r"https?://[^/\s]+(/bijeenkomsten/afmelden/[\w-]+/)", message.body)
    assert match, message.body
    return match.group(1)
