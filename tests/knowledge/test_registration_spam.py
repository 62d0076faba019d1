"""Spam limits on event registration: a honeypot, a limit per client address and one per
e-mail address (across events); a refusal is a polite Dutch 429 that keeps what was typed. The
organiser's mail says the registrant's Reply-To address is not checked."""

import datetime

from django.core import mail
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

import pytest
import time_machine

from knowledge.models import EventPage

from .factories import EventPageFactory

pytestmark = pytest.mark.django_db

BY_ADDRESS = EventPage.address_rate_limit
BY_EMAIL = EventPage.email_rate_limit


@pytest.fixture
def event(event_index):
    return EventPageFactory(parent=event_index, title="Eigenaarschap in de kernen")


def _register(client, event, address="192.0.2.10", **data):
    fields = {
        "naam": "Anne de Boer",
        "e_mailadres": "anne@example.nl",
        "organisatie": "",
        "betrokkenheid": "",
        **data,
    }
    return client.post(event.url, fields, REMOTE_ADDR=address)


def test_the_registration_form_has_the_hidden_honeypot(client, event):
    html = client.get(event.url).text

    assert '<div class="form-honeypot" aria-hidden="true">' in html
    assert '<label for="id_hp_website">Laat dit veld leeg</label>' in html
    assert 'tabindex="-1"' in html


def test_a_filled_honeypot_stores_and_mails_nothing_and_looks_like_success(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, event, hp_website="koop nu")

    assert response.status_code == 200
    assert "U bent aangemeld" in response.text
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_one_registration_too_many_from_one_address_gets_429(
    client, event, django_capture_on_commit_callbacks
):
    # The clock stands still, so the wait is the whole window to the second.
    with (
        time_machine.travel(timezone.now(), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for number in range(BY_ADDRESS.limit):
            response = _register(client, event, e_mailadres=f"deelnemer{number}@example.nl")
            assert response.status_code == 200
        response = _register(client, event, e_mailadres="nog.een@example.nl", naam="Bram Bot")

    assert response.status_code == 429
    assert response["Retry-After"] == str(BY_ADDRESS.window)
    assert "Om misbruik te voorkomen kan het pas over 60 minuten weer." in response.text
    assert 'value="nog.een@example.nl"' in response.text
    assert 'value="Bram Bot"' in response.text
    assert FormSubmission.objects.count() == BY_ADDRESS.limit
    # Each registration: one mail to the organiser, one to the registrant.
    assert len(mail.outbox) == 2 * BY_ADDRESS.limit


def test_one_email_address_is_limited_across_events_and_addresses(client, event_index):
    events = [EventPageFactory(parent=event_index) for _ in range(BY_EMAIL.limit + 1)]
    for number, event in enumerate(events[:-1]):
        assert _register(client, event, address=f"192.0.2.{number + 1}").status_code == 200

    response = _register(client, events[-1], address="203.0.113.9", e_mailadres="Anne@Example.nl")

    assert response.status_code == 429
    assert FormSubmission.objects.filter(page=events[-1]).count() == 0
    # Someone else, from that same address, can still register.
    response = _register(client, events[-1], address="203.0.113.9", e_mailadres="kees@example.nl")
    assert response.status_code == 200


def test_another_client_address_is_not_affected(client, event):
    for number in range(BY_ADDRESS.limit + 1):
        _register(client, event, e_mailadres=f"deelnemer{number}@example.nl")

    response = _register(client, event, address="198.51.100.7", e_mailadres="kees@example.nl")

    assert response.status_code == 200
    assert FormSubmission.objects.filter(form_data__e_mailadres="kees@example.nl").exists()


def test_after_the_window_registering_works_again(client, event):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for number in range(BY_ADDRESS.limit + 1):
            _register(client, event, e_mailadres=f"deelnemer{number}@example.nl")
        assert _register(client, event, e_mailadres="laat@example.nl").status_code == 429
    later = start + datetime.timedelta(seconds=BY_ADDRESS.window + 1)
    with time_machine.travel(later, tick=False):
        response = _register(client, event, e_mailadres="laat@example.nl")

    assert response.status_code == 200
    assert FormSubmission.objects.filter(form_data__e_mailadres="laat@example.nl").exists()


def test_the_organisers_mail_says_the_reply_to_address_is_not_checked(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(client, event)

    message = mail.outbox[0]
    assert message.reply_to == ["anne@example.nl"]
    assert message.body.startswith("Antwoordadres (niet geverifieerd): anne@example.nl\n")
    assert "het is niet gecontroleerd" in message.body
