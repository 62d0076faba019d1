"""The contact form: a message is stored in the admin and e-mailed; bad input gets a clear
Dutch message next to the field and in a summary, and nothing typed is lost."""

from django.core import mail

from wagtail.contrib.forms.models import FormSubmission

import pytest

from .factories import ContactPageFactory

pytestmark = pytest.mark.django_db

VALID = {
    "naam": "Anna de Vries",
    "e_mailadres": "anna@example.nl",
    "je_vraag": "Kan ons dorpshuis een bijdrage krijgen voor een nieuwe keuken?",
    "telefoonnummer": "",
}


@pytest.fixture
def contact_page(home_page):
    return ContactPageFactory(parent=home_page)


def test_a_message_is_stored_and_emailed(client, contact_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_page.url, VALID)

    assert response.status_code == 200
    assert "Dank voor je bericht, we reageren binnen vijf werkdagen." in response.content.decode()

    submission = FormSubmission.objects.get(page=contact_page)
    assert submission.form_data["naam"] == "Anna de Vries"
    assert submission.form_data["je_vraag"].startswith("Kan ons dorpshuis")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["balie@gemeente.example"]
    assert message.subject == "Nieuw contactbericht"
    assert message.reply_to == ["anna@example.nl"]
    assert "Anna de Vries" in message.body
    assert "nieuwe keuken" in message.body
    assert f"/admin/forms/submissions/{contact_page.pk}/" in message.body


def test_without_an_address_on_the_page_mail_goes_to_the_staff_address(
    client, home_page, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_STAFF_EMAIL = "gemeente@example.nl"
    page = ContactPageFactory(parent=home_page, to_address="")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url, VALID)

    assert [m.to for m in mail.outbox] == [["gemeente@example.nl"]]


def test_a_new_contact_page_defaults_to_the_staff_address(settings):
    from home.models import ContactPage

    settings.PORTAL_STAFF_EMAIL = "balie@example.nl"
    assert ContactPage().to_address == "balie@example.nl"


def test_bad_input_gets_clear_dutch_messages_and_keeps_what_was_typed(client, contact_page):
    response = client.post(
        contact_page.url,
        {
            "naam": "",
            "e_mailadres": "anna-at-example",
            "je_vraag": "Mijn lange vraag",
            "telefoonnummer": "06 123",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []
    # The title tells screen-reader users at once that something is wrong.
    assert "<title>Fout:" in html
    # A summary at the top, linking to each field.
    assert 'class="error-summary"' in html
    assert '<a href="#id_naam">Vul het veld ‘Naam’ in.</a>' in html
    assert (
        '<a href="#id_e_mailadres">Vul bij ‘E-mailadres’ een geldig e-mailadres in, '
        "zoals naam@voorbeeld.nl.</a>"
    ) in html
    # The message sits with the field and is linked to it.
    assert 'id="id_naam_error"' in html
    assert 'aria-describedby="id_naam_helptext id_naam_error"' in html
    assert 'aria-invalid="true"' in html
    # Nothing typed is lost.
    assert 'value="anna-at-example"' in html
    assert "Mijn lange vraag</textarea>" in html
    assert 'value="06 123"' in html


def test_a_field_that_is_too_long_says_how_long_it_may_be(client, contact_page):
    response = client.post(contact_page.url, {**VALID, "naam": "x" * 300})

    html = response.content.decode()
    assert "‘Naam’ mag hoogstens 255 tekens lang zijn (nu 300)." in html
    assert FormSubmission.objects.count() == 0


def test_help_text_is_linked_to_its_field(client, home_page):
    page = ContactPageFactory(parent=home_page, fields=[("E-mailadres", "email", True)])
    field = page.form_fields.get()
    field.help_text = "Alleen om je te antwoorden."
    field.save()

    html = client.get(page.url).content.decode()

    assert 'id="id_e_mailadres_helptext"' in html
    assert 'aria-describedby="id_e_mailadres_helptext"' in html


def test_a_submission_is_kept_even_when_mail_fails(
    client, contact_page, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.home.test_contact.BrokenEmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_page.url, VALID)

    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=contact_page).count() == 1


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
