"""Retention terms: ``apply_retention --dry-run`` lists and changes nothing; the real run
anonymises or destroys what is past its term, warns before a draft goes, skips held records,
and a second run does nothing."""

import datetime
import io

from django.apps import apps
from django.core import mail
from django.core.management import call_command

from wagtail.contrib.forms.models import FormSubmission

import pytest
import time_machine

from grants.models import Application, State
from privacy import retention
from privacy.models import RetentionHold, RetentionNotice
from security.models import SecurityEvent
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, OfficialFactory, application_in_state
from tests.home.factories import ContactPageFactory, make_site_home
from tests.knowledge.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=datetime.UTC)


def snapshot():
    """Every row of every table, as plain values."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows[model._meta.db_table] = sorted(
            map(repr, model._base_manager.order_by("pk").values_list())
        )
    return rows


def apply(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def records(db, django_capture_on_commit_callbacks):
    """On 15 January 2026: a draft, a rejected, a withdrawn and a closed application, a contact
    message and a registration for an event on 1 February 2026."""
    with time_machine.travel(START, tick=False):
        official = OfficialFactory()
        owner = UserFactory(email="bewaar@voorbeeld.nl")
        with django_capture_on_commit_callbacks(execute=True):
            found = {
                "draft": ApplicationFactory(owner=owner),
                "rejected": application_in_state("rejected", official, owner=owner),
                "withdrawn": application_in_state("withdrawn", official, owner=owner),
                "closed": application_in_state("closed", official, owner=owner),
                "running": application_in_state("approved", official, owner=owner),
            }
        home = make_site_home()
        contact = ContactPageFactory(parent=home)
        index = EventIndexPageFactory(parent=home, slug="gesprekken")
        event = EventPageFactory(parent=index, date=datetime.date(2026, 2, 1))
        found["contact"] = FormSubmission.objects.create(
            page=contact, form_data={"naam": "Bea", "e_mailadres": "bea@voorbeeld.nl"}
        )
        found["registration"] = FormSubmission.objects.create(
            page=event, form_data={"naam": "Bea", "e_mailadres": "bea@voorbeeld.nl"}
        )
        SecurityEvent.objects.create(kind="login", login="bea@voorbeeld.nl")
    mail.outbox.clear()
    return found


def at(year, month, day):
    return time_machine.travel(datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC))


def test_nothing_is_due_before_the_terms(records):
    with at(2026, 3, 1):
        out = apply()
    assert "Klaar: 0 is toegepast" in out
    assert Application.objects.count() == 5
    assert FormSubmission.objects.count() == 2


def test_dry_run_lists_and_changes_nothing(records):
    with at(2034, 6, 1):
        before = snapshot()
        out = apply("--dry-run")
        assert snapshot() == before
    assert mail.outbox == []
    assert "Zou anonimiseren: grants.application" in out
    assert records["rejected"].reference in out
    assert "Zou verwijderen: home.contactmessage" in out
    assert "Zou verwijderen: knowledge.registration" in out
    assert "Zou waarschuwen: grants.application" in out
    assert "proefdraai" in out


def test_terms_per_kind_and_state(records):
    # 6 months after the contact message, 3 months after the event: both gone.
    with at(2026, 7, 16):
        apply()
    assert not FormSubmission.objects.filter(pk=records["contact"].pk).exists()
    assert not FormSubmission.objects.filter(pk=records["registration"].pk).exists()
    # The applications wait for their own terms.
    assert Application.objects.filter(anonymised_at__isnull=False).count() == 0

    with at(2028, 1, 16):  # 2 years after the decision / withdrawal
        apply()
    ended = Application.objects.filter(pk__in=[records["rejected"].pk, records["withdrawn"].pk])
    assert all(a.anonymised_at and a.owner_id is None for a in ended)
    closed = Application.objects.get(pk=records["closed"].pk)
    assert closed.anonymised_at is None

    with at(2033, 1, 16):  # 7 years after settlement
        apply()
    closed.refresh_from_db()
    assert closed.anonymised_at is not None
    assert closed.state == State.CLOSED
    # A running (approved, not settled) application has no term yet.
    assert Application.objects.get(pk=records["running"].pk).anonymised_at is None


def test_a_draft_is_warned_about_first_and_deleted_only_after_the_warning(records):
    draft = records["draft"]
    with at(2026, 12, 20):  # within 30 days before the 12 months end (15 January)
        apply()
    assert len(mail.outbox) == 1
    assert draft.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == ["bewaar@voorbeeld.nl"]
    with at(2027, 1, 10):
        apply()
    assert len(mail.outbox) == 1  # not twice
    assert Application.objects.filter(pk=draft.pk).exists()
    with at(2027, 1, 16):  # the term passed, but the warning is only 27 days old
        apply()
    assert Application.objects.filter(pk=draft.pk).exists()
    with at(2027, 1, 19):  # 30 days after the warning
        apply()
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_a_mail_server_that_is_down_delays_the_warning_not_the_run(records, settings):
    """Nothing listens on the SMTP port: the draft waits for its warning, the rest is applied."""
    import socket

    with socket.socket() as probe:  # a free port, closed again: connecting is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    draft = records["draft"]
    with at(2028, 2, 1):
        out = apply()
    assert "Klaar: " in out
    assert Application.objects.get(pk=records["rejected"].pk).anonymised_at is not None
    assert Application.objects.filter(pk=draft.pk).exists()
    assert not RetentionNotice.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(2028, 2, 2):
        apply()
    assert len(mail.outbox) == 1
    assert RetentionNotice.objects.count() == 1


def test_a_draft_nobody_was_warned_about_waits_for_its_warning(records):
    draft = records["draft"]
    with at(2027, 3, 1):  # long past the term, but never warned
        out = apply()
        assert "Wacht op de waarschuwingstermijn" in out
        assert Application.objects.filter(pk=draft.pk).exists()
        assert len(mail.outbox) == 1
    with at(2027, 3, 31):
        apply()
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_the_real_run_is_idempotent(records):
    with at(2034, 6, 1):
        apply()
        with at(2034, 7, 15):
            apply()  # the drafts' warning term passed
        before = snapshot()
        out = apply()
        assert snapshot() == before
    assert "Klaar: 0 is toegepast" in out


def test_held_records_are_skipped(records):
    rejected = records["rejected"]
    official = OfficialFactory()
    retention.hold("grants.application", rejected.pk, "Bezwaarprocedure loopt", official)
    RetentionHold.objects.create(
        kind="home.contactmessage", object_id=str(records["contact"].pk), reason="Klacht"
    )
    with at(2028, 2, 1):
        out = apply()
    assert "Vastgehouden: grants.application" in out
    assert Application.objects.get(pk=rejected.pk).anonymised_at is None
    assert FormSubmission.objects.filter(pk=records["contact"].pk).exists()
    assert Application.objects.get(pk=records["withdrawn"].pk).anonymised_at is not None
    retention.release("grants.application", rejected.pk)
    with at(2028, 2, 1):
        apply()
    assert Application.objects.get(pk=rejected.pk).anonymised_at is not None


def test_the_daily_run_applies_the_terms_once(records, settings):
    """run_daily (the one daily scheduler) runs apply_retention; the same day again does not."""
    settings.DAILY_COMMANDS = ["apply_retention"]
    out = io.StringIO()
    with at(2028, 2, 1):
        call_command("run_daily", stdout=out, stderr=out)
        call_command("run_daily", stdout=out, stderr=out)
    assert "apply_retention: klaar" in out.getvalue()
    assert "apply_retention: vandaag al gedaan" in out.getvalue()
    assert Application.objects.get(pk=records["rejected"].pk).anonymised_at is not None
