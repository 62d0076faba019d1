"""The reminder a week before an event (``send_event_reminders``, daily through run_daily):
once per registration and event date, again when the date moves, never to the waiting list or
to those who cancelled; with the calendar file and the route."""

import datetime
import io
import zoneinfo

from django.conf import settings
from django.core import mail
from django.core.management import call_command

import pytest
import time_machine

from knowledge.models import EventRegistration, RegistrationStatus

from .factories import EventPageFactory
from .support import calendar_of, cancel_path, mails_to

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
EVENT_DAY = datetime.date(2031, 6, 12)


def at(day, hour=7):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), AMSTERDAM))


def remind():
    out = io.StringIO()
    call_command("send_event_reminders", stdout=out)
    return out.getvalue()


def _registration(event, name, status=RegistrationStatus.REGISTERED, **fields):
    return EventRegistration.objects.create(
        page=event,
        form_data={"naam": name, "e_mailadres": f"{name.lower()}@example.nl"},
        status=status,
        **fields,
    )


@pytest.fixture
def event(event_index):
    with at(EVENT_DAY - datetime.timedelta(days=30)):
        event = EventPageFactory(
            parent=event_index,
            title="Eigenaarschap in de kernen",
            date=EVENT_DAY,
            capacity=2,
            route_info="Bus 73 tot halte Kerk; parkeren achter het dorpshuis.",
        )
        _registration(event, "Anne")
        _registration(event, "Bert")
        _registration(event, "Wachter", status=RegistrationStatus.WAITING)
        _registration(event, "Weg", status=RegistrationStatus.CANCELLED)
    return event


def test_the_reminder_goes_a_week_before_to_those_registered(event):
    with at(EVENT_DAY - datetime.timedelta(days=8)):
        assert "Herinneringen verstuurd: 0" in remind()
    assert mail.outbox == []

    with at(EVENT_DAY - datetime.timedelta(days=7)):
        out = remind()

    assert "Herinneringen verstuurd: 2" in out
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@example.nl", "bert@example.nl"]
    [message] = mails_to("anne@example.nl")
    assert message.subject == "Herinnering: Eigenaarschap in de kernen"
    assert "Over een week is het zover" in message.body
    assert "donderdag 12 juni" in message.body
    assert "Bus 73 tot halte Kerk" in message.body
    anne = EventRegistration.objects.get(form_data__naam="Anne")
    assert cancel_path(message) == f"/bijeenkomsten/afmelden/{anne.cancel_token}/"
    _name, calendar = calendar_of(message)
    assert calendar.events[0].start == datetime.datetime(2031, 6, 12, 15, 0, tzinfo=AMSTERDAM)
    assert anne.reminder_sent_for == EVENT_DAY


def test_never_twice_for_the_same_date(event):
    with at(EVENT_DAY - datetime.timedelta(days=7)):
        remind()
    with at(EVENT_DAY - datetime.timedelta(days=7), hour=20):
        assert "Herinneringen verstuurd: 0" in remind()
    with at(EVENT_DAY - datetime.timedelta(days=3)):
        assert "Herinneringen verstuurd: 0" in remind()

    assert len(mail.outbox) == 2


def test_a_missed_day_is_caught_up_until_the_event(event):
    with at(EVENT_DAY - datetime.timedelta(days=5)):
        assert "Herinneringen verstuurd: 2" in remind()
    mail.outbox.clear()
    with at(EVENT_DAY, hour=16):
        assert "Herinneringen verstuurd: 0" in remind()


def test_a_new_date_makes_a_new_reminder_due(event):
    with at(EVENT_DAY - datetime.timedelta(days=7)):
        remind()
    mail.outbox.clear()
    new_day = EVENT_DAY + datetime.timedelta(days=14)
    event.date = new_day
    event.save_revision().publish()

    with at(EVENT_DAY - datetime.timedelta(days=1)):
        assert "Herinneringen verstuurd: 0" in remind()
    with at(new_day - datetime.timedelta(days=7)):
        assert "Herinneringen verstuurd: 2" in remind()

    assert "donderdag 26 juni" in mails_to("anne@example.nl")[0].body
    assert EventRegistration.objects.get(form_data__naam="Anne").reminder_sent_for == new_day


def test_no_reminder_for_the_waiting_list_or_the_cancelled_or_the_late(event):
    with at(EVENT_DAY - datetime.timedelta(days=3)):
        # Registered in the last week: the confirmation just told them everything.
        _registration(event, "Laat")
    with at(EVENT_DAY - datetime.timedelta(days=2)):
        remind()

    sent = sorted(m.to[0] for m in mail.outbox)
    assert sent == ["anne@example.nl", "bert@example.nl"]


def test_a_failed_mail_is_tried_again_the_next_time(event, settings):
    settings.EMAIL_BACKEND = "tests.knowledge.test_event_reminders.FailingBackend"
    with at(EVENT_DAY - datetime.timedelta(days=7)), pytest.raises(Exception, match="mislukt"):
        remind()
    assert not EventRegistration.objects.filter(reminder_sent_for__isnull=False).exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(EVENT_DAY - datetime.timedelta(days=6)):
        assert "Herinneringen verstuurd: 2" in remind()


def test_the_daily_run_sends_the_reminders():
    assert "send_event_reminders" in settings.DAILY_COMMANDS


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
