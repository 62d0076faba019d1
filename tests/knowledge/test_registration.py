"""Registering for an event: stored, e-mailed to the organiser, bad input explained and kept,
the waiting list when full, closed when past."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.forms.models import FormSubmission

import pytest

from knowledge.models import EventFormField, EventRegistration, RegistrationMethod
from tests.factories import UserFactory

from .factories import EventPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="Eigenaarschap in de kernen",
        capacity=2,
        subject="Nieuwe aanmelding transitiegesprek",
        form_fields=[
            EventFormField(label="Naam", field_type="singleline", required=True),
            EventFormField(label="E-mailadres", field_type="email", required=True),
            EventFormField(
                label="Organisatie of initiatief", field_type="singleline", required=False
            ),
        ],
    )


def _register(client, event, **data):
    fields = {
        "naam": "Anne de Boer",
        "e_mailadres": "anne@example.nl",
        "organisatie_of_initiatief": "",
    }
    fields.update(data)
    return client.post(event.url, fields)


def test_form_is_shown_with_labelled_fields(client, event):
    html = client.get(event.url).text

    assert '<form class="kb-form form" method="post"' in html
    assert '<label for="id_naam">' in html
    assert '<label for="id_e_mailadres">' in html
    assert "(niet verplicht)" in html
    assert "Er zijn nog 2 plaatsen vrij." in html


def test_registration_is_stored_and_emailed_to_the_organiser(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, event, organisatie_of_initiatief="Dorpsbelang Ergenshuizen")

    assert response.status_code == 200
    assert "U bent aangemeld" in response.text
    submission = FormSubmission.objects.get(page=event)
    assert submission.form_data["naam"] == "Anne de Boer"
    assert submission.form_data["organisatie_of_initiatief"] == "Dorpsbelang Ergenshuizen"

    to_organiser = [m for m in mail.outbox if m.to == ["organisator@example.nl"]]
    assert len(to_organiser) == 1
    message = to_organiser[0]
    assert message.to == ["organisator@example.nl"]
    assert message.subject == "Nieuwe aanmelding transitiegesprek"
    assert message.reply_to == ["anne@example.nl"]
    assert "Naam: Anne de Boer" in message.body
    assert "Organisatie of initiatief: Dorpsbelang Ergenshuizen" in message.body
    assert "Status:" not in message.body
    assert "Aanmeldingen tot nu toe: 1 van 2." in message.body
    assert f"/admin/forms/submissions/{event.pk}/" in message.body


def test_no_email_without_an_organiser_address(client, event, django_capture_on_commit_callbacks):
    event.to_address = ""
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        _register(client, event)

    assert FormSubmission.objects.filter(page=event).count() == 1
    # Only the registrant's own confirmation.
    assert [m.to for m in mail.outbox] == [["anne@example.nl"]]


def test_bad_input_gets_clear_messages_and_keeps_what_was_typed(client, event):
    response = _register(
        client,
        event,
        naam="",
        e_mailadres="anne-at-example",
        organisatie_of_initiatief="Dorpsbelang",
    )

    assert response.status_code == 200
    html = response.text
    assert "Controleer uw aanmelding" in html
    assert '<a href="#id_naam">Naam: Dit is een verplicht veld.</a>' in html
    assert '<a href="#id_e_mailadres">E-mailadres: Voer een geldig e-mailadres in.</a>' in html
    assert 'value="anne-at-example"' in html
    assert 'value="Dorpsbelang"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_e_mailadres_helptext id_e_mailadres_error"' in html
    assert 'id="id_e_mailadres_error"' in html
    assert not FormSubmission.objects.exists()


def test_same_email_cannot_register_twice(client, event):
    _register(client, event)
    response = _register(client, event, naam="Anne B.", e_mailadres="ANNE@example.nl")

    assert "Dit e-mailadres is al aangemeld voor deze bijeenkomst." in response.text
    assert FormSubmission.objects.filter(page=event).count() == 1


def test_a_full_event_offers_the_waiting_list(client, event):
    _register(client, event, e_mailadres="een@example.nl")
    _register(client, event, e_mailadres="twee@example.nl")

    page = client.get(event.url).text
    late = _register(client, event, e_mailadres="drie@example.nl")

    assert "Deze bijeenkomst is vol." in page
    assert "U kunt zich aanmelden voor de wachtlijst." in page
    assert ">Aanmelden voor de wachtlijst</button>" in page
    assert "U staat op de wachtlijst" in late.text
    assert "Uw plaats op de wachtlijst: 1." in late.text
    statuses = [r.status for r in EventRegistration.objects.order_by("pk")]
    assert statuses == ["aangemeld", "aangemeld", "wachtlijst"]


def test_last_place_taken_meanwhile_is_not_given_twice(event):
    # The visitor's page was loaded (and counted) while a place was still free...
    event.capacity = 1
    assert event.registration_state() == "open"
    EventRegistration.objects.create(
        page=event, form_data={"naam": "Eerder", "e_mailadres": "e@x.nl"}
    )
    form = event.get_form({"naam": "Later", "e_mailadres": "later@example.nl"}, page=event)
    assert form.is_valid()

    # ...but registering counts again inside the lock: the later one waits.
    assert event.register(form).status == "wachtlijst"
    assert event.registrations().count() == 1


def test_registration_is_closed_once_the_event_has_started(client, event_index):
    past = EventPageFactory(
        parent=event_index, date=timezone.localdate() - datetime.timedelta(days=1)
    )

    page = client.get(past.url).text
    response = client.post(past.url, {"naam": "Te laat", "e_mailadres": "laat@example.nl"})

    assert "Deze bijeenkomst heeft al plaatsgevonden. Aanmelden is niet meer mogelijk." in page
    assert 'class="kb-form' not in page
    assert "Aanmelden is niet meer mogelijk" in response.text
    assert not FormSubmission.objects.exists()


def test_email_registration_shows_the_instructions_instead_of_a_form(client, event_index):
    event = EventPageFactory(
        parent=event_index,
        registration_method=RegistrationMethod.EMAIL,
        registration_instructions="<p>Mail naar wij@example.nl met je naam.</p>",
    )

    html = client.get(event.url).text

    assert "Mail naar wij@example.nl met je naam." in html
    assert 'class="kb-form' not in html


def test_default_form_when_the_editor_configured_no_fields(
    client, event_index, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=event_index)
    html = client.get(event.url).text
    assert 'for="id_naam"' in html
    assert 'for="id_e_mailadres"' in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, {"naam": "Piet", "e_mailadres": "piet@example.nl"})

    assert FormSubmission.objects.get(page=event).form_data["e_mailadres"] == "piet@example.nl"
    assert "Naam: Piet" in mail.outbox[0].body


def test_registrations_are_visible_in_the_admin(client, event):
    _register(client, event)
    client.force_login(UserFactory(username="organisator", is_staff=True, is_superuser=True))

    response = client.get(reverse("wagtailforms:list_submissions", args=[event.pk]))

    assert response.status_code == 200
    assert "Anne de Boer" in response.content.decode()
