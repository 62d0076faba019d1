"""Events that confirm: the registrant's mail with a calendar file and a personal cancel link,
cancelling, the waiting list that moves up, the deadline, the public calendar file, and the
registrations with their status for the officials and in "Mijn gegevens"."""

import datetime
import json
import zoneinfo

from django.core import mail
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission

import icalendar
import pytest
import time_machine

from core import personal_data
from knowledge.models import EventRegistration, RegistrationStatus
from tests.factories import UserFactory

from .factories import EventPageFactory
from .support import calendar_of, cancel_path, mails_to, register

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def event(event_index):
    return EventPageFactory(
        parent=event_index,
        title="Eigenaarschap in de kernen",
        slug="eigenaarschap-in-de-kernen",
        date=datetime.date(2031, 6, 12),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(17, 0),
        capacity=2,
        route_info="Bus 73 tot halte Kerk; parkeren achter het dorpshuis. De zaal is rolstoeltoegankelijk.",
    )


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what registering queues on commit (the mails), as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- the confirmation ---------------------------------------------------------------------------


def test_the_registrant_gets_a_confirmation_with_a_calendar_file(client, event, on_commit):
    with on_commit():
        response = register(client, event)

    assert "U bent aangemeld" in response.text
    [message] = mails_to("anne@example.nl")
    assert message.subject == "Aanmelding bevestigd: Eigenaarschap in de kernen"
    assert message.reply_to == ["organisator@example.nl"]
    assert "Beste Anne de Boer," in message.body
    assert 'U bent aangemeld voor "Eigenaarschap in de kernen"' in message.body
    assert "Wanneer: donderdag 12 juni 2031, 15:00–17:00 uur" in message.body
    assert "Waar: Dorpshuis De Linde, Dorpsstraat 1, 9999 AA Ergenshuizen" in message.body
    assert "Bus 73 tot halte Kerk" in message.body
    assert "Een week van tevoren krijgt u een herinnering met de route." in message.body
    assert " je " not in message.body

    name, calendar = calendar_of(message)
    assert name == "eigenaarschap-in-de-kernen.ics"
    raw = message.message().as_string()
    assert raw.count('Content-Type: text/calendar; charset="utf-8"\n') == 1
    assert 'filename="eigenaarschap-in-de-kernen.ics"' in raw
    [item] = calendar.events
    registration = EventRegistration.objects.get()
    assert str(item["uid"]) == f"bijeenkomst-{event.pk}-aanmelding-{registration.pk}@localhost"
    assert item.start == datetime.datetime(2031, 6, 12, 15, 0, tzinfo=AMSTERDAM)
    assert item.end == datetime.datetime(2031, 6, 12, 17, 0, tzinfo=AMSTERDAM)
    assert item["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert [tz["tzid"] for tz in calendar.timezones] == ["Europe/Amsterdam"]
    assert str(item["summary"]) == "Eigenaarschap in de kernen"
    assert str(item["location"]) == "Dorpshuis De Linde, Dorpsstraat 1, 9999 AA Ergenshuizen"
    description = str(item["description"])
    assert "Route en praktische informatie:" in description
    assert "Bus 73 tot halte Kerk" in description
    assert cancel_path(message) in description
    assert str(item["url"]) == event.full_url


def test_the_uid_stays_the_same_for_one_registration_and_differs_between_them(
    client, event, on_commit
):
    with on_commit():
        register(client, event)
        register(client, event, naam="Bert", e_mailadres="bert@example.nl")
    first = calendar_of(mails_to("anne@example.nl")[0])[1].events[0]["uid"]
    second = calendar_of(mails_to("bert@example.nl")[0])[1].events[0]["uid"]
    registration = EventRegistration.objects.get(form_data__e_mailadres="anne@example.nl")

    from knowledge import calendar

    again = icalendar.Calendar.from_ical(calendar.event_calendar(event, registration))
    assert again.events[0]["uid"] == first
    assert first != second


def test_each_cancel_link_is_personal_and_unguessable(client, event, on_commit):
    with on_commit():
        register(client, event)
        register(client, event, naam="Bert", e_mailadres="bert@example.nl")
    tokens = list(EventRegistration.objects.values_list("cancel_token", flat=True))

    assert len(set(tokens)) == 2
    assert all(len(token) >= 40 for token in tokens)
    assert cancel_path(mails_to("anne@example.nl")[0]) != cancel_path(
        mails_to("bert@example.nl")[0]
    )


# --- the public calendar file -------------------------------------------------------------------


def test_the_event_page_offers_its_calendar_file_without_personal_data(
    client, event, on_commit, django_assert_max_num_queries
):
    with on_commit():
        register(client, event)
    url = reverse("knowledge:event_calendar", args=[event.pk])

    with django_assert_max_num_queries(15):  # with the house style
        page = client.get(event.url).text
    with django_assert_max_num_queries(4):
        response = client.get(url)

    assert f'href="{url}" download' in page
    assert "Zet in uw agenda" in page
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="eigenaarschap-in-de-kernen.ics"' in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    [item] = calendar.events
    assert str(item["uid"]) == f"bijeenkomst-{event.pk}@localhost"
    assert item.start == datetime.datetime(2031, 6, 12, 15, 0, tzinfo=AMSTERDAM)
    assert "Bus 73" in str(item["description"])
    text = response.content.decode()
    assert "anne@example.nl" not in text
    assert "Anne de Boer" not in text
    assert "afmelden" not in text.lower()


def test_a_draft_event_has_no_calendar_file(client, event):
    event.unpublish()

    assert client.get(reverse("knowledge:event_calendar", args=[event.pk])).status_code == 404
    assert client.get(reverse("knowledge:event_calendar", args=[999999])).status_code == 404


# --- cancelling ---------------------------------------------------------------------------------


def test_the_cancel_link_asks_first_then_cancels_and_frees_the_place(
    client, event, on_commit, django_assert_max_num_queries
):
    with on_commit():
        register(client, event)
    path = cancel_path(mails_to("anne@example.nl")[0])

    with django_assert_max_num_queries(9):  # with the house style
        confirm = client.get(path)
    assert confirm.status_code == 200
    assert "Afmelden voor de bijeenkomst" in confirm.text
    assert 'method="post"' in confirm.text
    assert "csrfmiddlewaretoken" in confirm.text
    assert "Ja, meld mij af" in confirm.text
    assert "no-cache" in confirm["Cache-Control"] or "max-age=0" in confirm["Cache-Control"]
    # Opening the link (a mail scanner does) cancels nothing.
    assert EventRegistration.objects.get().status == RegistrationStatus.REGISTERED
    assert event.places_left == 1

    done = client.post(path)

    assert done.status_code == 200
    assert "U bent afgemeld" in done.text
    assert 'U bent afgemeld voor "Eigenaarschap in de kernen"' in done.text
    registration = EventRegistration.objects.get()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.cancelled_at is not None
    fresh = type(event).objects.get(pk=event.pk)
    assert fresh.places_left == 2
    assert "Er zijn nog 2 plaatsen vrij." in client.get(event.url).text


def test_the_cancel_form_needs_its_csrf_token(event, on_commit):
    from django.test import Client

    with on_commit():
        register(Client(), event)
    path = cancel_path(mails_to("anne@example.nl")[0])

    response = Client(enforce_csrf_checks=True).post(path)

    assert response.status_code == 403
    assert EventRegistration.objects.get().status == RegistrationStatus.REGISTERED


def test_a_used_link_says_so(client, event, on_commit):
    with on_commit():
        register(client, event)
    path = cancel_path(mails_to("anne@example.nl")[0])
    client.post(path)

    again = client.get(path)
    twice = client.post(path)

    for response in (again, twice):
        assert response.status_code == 200
        assert "U bent al afgemeld" in response.text
        assert "Ja, meld mij af" not in response.text


def test_an_unknown_link_says_so_without_an_error(client):
    response = client.get(reverse("knowledge:cancel", args=["bestaat-niet"]))
    posted = client.post(reverse("knowledge:cancel", args=["bestaat-niet"]))

    for answer in (response, posted):
        assert answer.status_code == 404
        assert "Deze afmeldlink kennen wij niet" in answer.text


def test_after_the_start_the_link_no_longer_cancels(client, event, on_commit):
    with on_commit():
        register(client, event)
    path = cancel_path(mails_to("anne@example.nl")[0])

    with time_machine.travel(datetime.datetime(2031, 6, 12, 15, 30, tzinfo=AMSTERDAM)):
        response = client.post(path)

    assert "Afmelden kan niet meer" in response.text
    assert EventRegistration.objects.get().status == RegistrationStatus.REGISTERED


def test_someone_who_cancelled_may_register_again(client, event, on_commit):
    with on_commit():
        register(client, event)
    client.post(cancel_path(mails_to("anne@example.nl")[0]))

    response = register(client, event)

    assert "U bent aangemeld" in response.text
    statuses = sorted(EventRegistration.objects.values_list("status", flat=True))
    assert statuses == ["aangemeld", "afgemeld"]


# --- the waiting list ---------------------------------------------------------------------------


def _fill(client, event, on_commit):
    with on_commit():
        register(client, event, naam="Een", e_mailadres="een@example.nl")
        register(client, event, naam="Twee", e_mailadres="twee@example.nl")


def test_a_full_event_puts_the_registrant_on_the_waiting_list_and_says_so(client, event, on_commit):
    _fill(client, event, on_commit)
    with on_commit():
        response = register(client, event, naam="Drie", e_mailadres="drie@example.nl")
        register(client, event, naam="Vier", e_mailadres="vier@example.nl")

    assert "U staat op de wachtlijst" in response.text
    assert "Uw plaats op de wachtlijst: 1." in response.text
    [message] = mails_to("drie@example.nl")
    assert message.subject == "U staat op de wachtlijst: Eigenaarschap in de kernen"
    assert "De bijeenkomst is helaas vol. U staat op de wachtlijst." in message.body
    assert "Uw plaats op de wachtlijst: 1." in message.body
    assert "Uw plaats op de wachtlijst: 2." in mails_to("vier@example.nl")[0].body
    assert "/bijeenkomsten/afmelden/" in message.body
    assert message.attachments == []
    organiser = [m for m in mail.outbox if m.to == ["organisator@example.nl"]][-1]
    assert "deze aanmelding staat op de wachtlijst" in organiser.body
    assert "Op de wachtlijst: 2 personen." in organiser.body
    assert [r.status for r in event.waiting_list()] == ["wachtlijst", "wachtlijst"]


def test_a_cancellation_moves_the_first_on_the_waiting_list_up_with_a_mail(
    client, event, on_commit
):
    _fill(client, event, on_commit)
    with on_commit():
        register(client, event, naam="Drie", e_mailadres="drie@example.nl")
        register(client, event, naam="Vier", e_mailadres="vier@example.nl")
    link = cancel_path(mails_to("een@example.nl")[0])
    mail.outbox.clear()

    with on_commit():
        client.post(link)

    drie = EventRegistration.objects.get(form_data__e_mailadres="drie@example.nl")
    vier = EventRegistration.objects.get(form_data__e_mailadres="vier@example.nl")
    assert drie.status == RegistrationStatus.REGISTERED
    assert drie.moved_up_at is not None
    assert vier.status == RegistrationStatus.WAITING
    assert vier.waiting_position() == 1
    [message] = mails_to("drie@example.nl")
    assert message.subject == "Er is een plaats voor u: Eigenaarschap in de kernen"
    assert "U stond op de wachtlijst en bent nu aangemeld." in message.body
    _name, calendar = calendar_of(message)
    assert str(calendar.events[0]["uid"]).endswith(f"-aanmelding-{drie.pk}@localhost")
    assert cancel_path(message) == f"/bijeenkomsten/afmelden/{drie.cancel_token}/"
    assert mails_to("vier@example.nl") == []
    assert mails_to("een@example.nl") == []


def _path_of(prefix):
    registration = EventRegistration.objects.get(form_data__e_mailadres=f"{prefix}@example.nl")
    return reverse("knowledge:cancel", args=[registration.cancel_token])


def test_leaving_the_waiting_list_moves_nobody_up(client, event, on_commit):
    _fill(client, event, on_commit)
    with on_commit():
        register(client, event, naam="Drie", e_mailadres="drie@example.nl")
    mail.outbox.clear()

    confirm = client.get(_path_of("drie"))
    with on_commit():
        done = client.post(_path_of("drie"))

    assert "Afmelden voor de wachtlijst" in confirm.text
    assert "Ja, haal mij van de wachtlijst" in confirm.text
    assert "U staat niet meer op de wachtlijst" in done.text
    assert event.registrations().count() == 2
    assert mail.outbox == []


def test_a_higher_maximum_published_moves_the_waiting_list_up(client, event, on_commit):
    _fill(client, event, on_commit)
    with on_commit():
        register(client, event, naam="Drie", e_mailadres="drie@example.nl")
    mail.outbox.clear()

    event.capacity = 3
    with on_commit():
        event.save_revision().publish()

    assert EventRegistration.objects.get(form_data__e_mailadres="drie@example.nl").status == (
        RegistrationStatus.REGISTERED
    )
    assert [m.subject for m in mails_to("drie@example.nl")] == [
        "Er is een plaats voor u: Eigenaarschap in de kernen"
    ]


def test_on_the_waiting_list_once_per_address(client, event, on_commit):
    _fill(client, event, on_commit)
    register(client, event, naam="Drie", e_mailadres="drie@example.nl")

    response = register(client, event, naam="Drie", e_mailadres="DRIE@example.nl")

    assert "Dit e-mailadres is al aangemeld voor deze bijeenkomst." in response.text
    assert event.waiting_list().count() == 1


# --- the deadline -------------------------------------------------------------------------------


def test_a_post_after_the_deadline_is_refused_and_nothing_is_stored(client, event, on_commit):
    event.registration_deadline = datetime.datetime(2031, 6, 10, 12, 0, tzinfo=AMSTERDAM)
    event.save_revision().publish()

    with time_machine.travel(datetime.datetime(2031, 6, 10, 11, 0, tzinfo=AMSTERDAM)):
        before = client.get(event.url).text
    with (
        time_machine.travel(datetime.datetime(2031, 6, 10, 12, 1, tzinfo=AMSTERDAM)),
        on_commit(),
    ):
        after = client.get(event.url).text
        refused = register(client, event)

    assert "Aanmelden kan tot dinsdag 10 juni 2031, 12:00 uur." in before
    assert 'class="kb-form' in before
    assert "De aanmelding is gesloten sinds dinsdag 10 juni 2031, 12:00 uur." in after
    assert 'class="kb-form' not in after
    assert refused.status_code == 200
    assert (
        "Uw aanmelding is niet opgeslagen: de aanmelding voor deze bijeenkomst is gesloten."
        in refused.text
    )
    assert 'role="alert"' in refused.text
    assert not FormSubmission.objects.exists()
    assert mail.outbox == []


def test_the_deadline_lies_before_the_start(event):
    from django.core.exceptions import ValidationError

    event.registration_deadline = datetime.datetime(2031, 6, 12, 16, 0, tzinfo=AMSTERDAM)
    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert error.value.message_dict["registration_deadline"] == [
        "De aanmelding moet sluiten voordat de bijeenkomst begint."
    ]


def test_without_a_deadline_registration_closes_at_the_start(event):
    assert event.registration_closes_at == event.starts_at
    assert event.registration_state(event.starts_at - datetime.timedelta(minutes=1)) == "open"
    assert event.registration_state(event.starts_at) == "voorbij"


# --- the officials and Mijn gegevens ------------------------------------------------------------


def test_officials_see_the_status_and_can_filter_the_waiting_list(client, event, on_commit):
    _fill(client, event, on_commit)
    register(client, event, naam="Drie", e_mailadres="drie@example.nl")
    client.post(_path_of("twee"))
    # Drie moved up into Twee's place; one more waits.
    register(client, event, naam="Vier", e_mailadres="vier@example.nl")
    client.force_login(UserFactory(username="redacteur", is_staff=True, is_superuser=True))
    url = reverse("wagtailforms:list_submissions", args=[event.pk])

    listing = client.get(url).text.split('<table class="listing">')[1]
    waiting = client.get(url, {"status": "wachtlijst"}).text.split('<table class="listing">')[1]
    export = client.get(url, {"export": "csv"})

    assert '<th id="status"' in listing
    for status in ("Aangemeld", "Wachtlijst", "Afgemeld"):
        assert status in listing
    assert "Vier" in waiting
    assert "Twee" not in waiting
    assert "Een" not in waiting
    csv = b"".join(export.streaming_content).decode() if export.streaming else export.text
    assert "Status" in csv.splitlines()[0]
    assert "Afgemeld" in csv


def test_mijn_gegevens_holds_the_status_and_erasing_removes_it(client, event, on_commit):
    user = UserFactory(email="anne@example.nl")
    _fill(client, event, on_commit)
    register(client, event)
    provider = personal_data.provider("knowledge.registration")

    [holding] = provider.describe(user)
    data = provider.export(user).data["knowledge.registration"]
    assert holding.count == 1
    assert data[0]["status"] == "Wachtlijst"
    assert data[0]["gegevens"]["e_mailadres"] == "anne@example.nl"
    assert json.dumps(data)

    provider.erase(user)

    assert not EventRegistration.objects.filter(form_data__e_mailadres="anne@example.nl").exists()
    assert not FormSubmission.objects.filter(form_data__e_mailadres="anne@example.nl").exists()
    assert EventRegistration.objects.count() == 2


def test_retention_removes_registrations_with_their_status(event, on_commit):
    EventRegistration.objects.create(page=event, form_data={"naam": "Oud"})
    provider = personal_data.provider("knowledge.registration")

    items = list(provider.due_for_retention(datetime.date(2031, 9, 12)))
    provider.apply_retention_many(items)

    assert len(items) == 1
    assert not EventRegistration.objects.exists()
    assert not FormSubmission.objects.exists()


def test_retention_counts_from_the_event_date(event):
    EventRegistration.objects.create(page=event, form_data={"naam": "Oud"})
    provider = personal_data.provider("knowledge.registration")

    assert list(provider.due_for_retention(datetime.date(2031, 9, 11))) == []
