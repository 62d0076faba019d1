"""Spam limits on the contact form: a honeypot that bots fill in, and at most a few messages per
client address in a window; a refusal is polite, Dutch, says when to try again and keeps what
was typed. Mail that carries the sender's own Reply-To says that address is not checked."""

import datetime

from django.core import mail
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

import pytest
import time_machine

from home.models import ContactPage

from .factories import ContactPageFactory
from .test_contact import VALID

pytestmark = pytest.mark.django_db

LIMIT = ContactPage.rate_limits[0]


@pytest.fixture
def contact_page(home_page):
    return ContactPageFactory(parent=home_page)


def _post(client, page, address="192.0.2.10", **data):
    return client.post(page.url, {**VALID, **data}, REMOTE_ADDR=address)


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client, contact_page):
    html = client.get(contact_page.url).text

    assert '<div class="form-honeypot" aria-hidden="true">' in html
    assert '<label for="id_hp_website">Laat dit veld leeg</label>' in html
    field = html[html.index('name="hp_website"') - 200 : html.index('name="hp_website"') + 200]
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    # Not one of the form's visible fields, so not in the list of fields a person fills in.
    assert html.count('name="hp_website"') == 1


def test_a_filled_honeypot_stores_and_mails_nothing_and_looks_like_success(
    client, contact_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, contact_page, hp_website="https://spam.example")

    assert response.status_code == 200
    assert "Dank voor je bericht" in response.text
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_the_honeypot_is_not_stored_with_a_real_message(client, contact_page):
    _post(client, contact_page)

    assert "hp_website" not in FormSubmission.objects.get().form_data


def test_one_post_too_many_gets_429_in_dutch_with_the_message_kept(
    client, contact_page, django_capture_on_commit_callbacks
):
    # The clock stands still, so the wait is the whole window to the second.
    with (
        time_machine.travel(timezone.now(), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        for _ in range(LIMIT.limit):
            assert _post(client, contact_page).status_code == 200
        response = _post(client, contact_page, je_vraag="Mijn zesde vraag")

    assert response.status_code == 429
    assert response["Retry-After"] == str(LIMIT.window)
    html = response.text
    assert 'class="error-summary"' in html
    assert "Om misbruik te voorkomen kan het pas over 15 minuten weer." in html
    assert "Wat u heeft ingevuld, staat er nog." in html
    assert "Mijn zesde vraag</textarea>" in html
    assert 'value="anna@example.nl"' in html
    assert FormSubmission.objects.count() == LIMIT.limit
    assert len(mail.outbox) == LIMIT.limit


def test_another_address_is_not_affected(client, contact_page):
    for _ in range(LIMIT.limit + 1):
        _post(client, contact_page, address="192.0.2.10")

    response = _post(client, contact_page, address="198.51.100.7")

    assert response.status_code == 200
    assert FormSubmission.objects.count() == LIMIT.limit + 1


def test_the_wait_shrinks_and_after_the_window_it_works_again(client, contact_page):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(LIMIT.limit + 1):
            _post(client, contact_page)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        response = _post(client, contact_page)
        assert response.status_code == 429
        assert "kan het pas over 5 minuten weer" in response.text
    with time_machine.travel(start + datetime.timedelta(seconds=LIMIT.window + 1), tick=False):
        response = _post(client, contact_page)

    assert response.status_code == 200
    assert FormSubmission.objects.count() == LIMIT.limit + 1


def test_an_invalid_post_does_not_count(client, contact_page):
    for _ in range(LIMIT.limit + 3):
        assert _post(client, contact_page, naam="").status_code == 200

    assert _post(client, contact_page).status_code == 200


def test_the_mail_says_the_reply_to_address_is_not_checked(
    client, contact_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, contact_page)

    message = mail.outbox[0]
    assert message.reply_to == ["anna@example.nl"]
    first_lines = message.body.splitlines()[:2]
    assert first_lines[0] == "Antwoordadres (niet geverifieerd): anna@example.nl"
    assert "zelf ingetypt; het is niet gecontroleerd" in first_lines[1]


def test_without_an_email_field_the_mail_has_no_reply_to_and_no_warning(
    client, home_page, django_capture_on_commit_callbacks
):
    page = ContactPageFactory(parent=home_page, fields=[("Je vraag", "multiline", True)])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url, {"je_vraag": "Waar is het dorpshuis?"})

    message = mail.outbox[0]
    assert message.reply_to == []
    assert "niet geverifieerd" not in message.body
