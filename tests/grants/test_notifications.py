"""E-mails: sent after commit, through a background task, to the right side, never with
internal notes."""

from decimal import Decimal

from django.core import mail

import pytest

from grants import workflow
from tests.grants.factories import ApplicationFactory, OfficialFactory, application_in_state

pytestmark = pytest.mark.django_db

STAFF = "gemeente@dorpskracht.example"


@pytest.fixture(autouse=True)
def _staff_address(settings):
    settings.PORTAL_STAFF_EMAIL = STAFF


def everything_in(message):
    html = "".join(content for content, _type in getattr(message, "alternatives", []))
    return message.subject + message.body + html


def test_submission_mails_the_initiator_with_the_reference_and_notifies_staff(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(contact_email="tuinploeg@example.nl")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(application, "submit", application.owner)

    to_initiator = [m for m in mail.outbox if application.owner.email in m.to]
    to_staff = [m for m in mail.outbox if m.to == [STAFF]]
    assert len(to_initiator) == 1
    assert len(to_staff) == 1
    confirmation = to_initiator[0]
    assert "tuinploeg@example.nl" in confirmation.to
    assert application.reference in confirmation.subject
    assert application.reference in confirmation.body
    assert "ingediend" in confirmation.subject
    assert confirmation.alternatives[0][1] == "text/html"
    assert f"/aanvragen/{application.reference}/" in confirmation.body
    assert application.reference in to_staff[0].subject
    assert "/admin/aanvragen/inspect/" in to_staff[0].body


def test_nothing_is_sent_before_the_commit_or_when_the_step_fails(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory(iban="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(workflow.ConditionFailed):
            workflow.perform(application, "submit", application.owner)
    assert callbacks == []
    assert mail.outbox == []

    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.perform(application, "submit", application.owner)
    assert len(callbacks) == 1
    assert mail.outbox == []  # queued, not yet sent


def test_state_change_tells_the_initiator_what_happens_next(django_capture_on_commit_callbacks):
    official = OfficialFactory()
    application = application_in_state("submitted", official_user=official)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(application, "start_dialogue", official, "Kunt u de offerte sturen?")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to[0] == application.owner.email
    assert "In gesprek" in message.subject
    assert "Kunt u de offerte sturen?" in message.body
    assert "plan en begroting aanpassen" in message.body


def test_approval_mail_has_amount_and_decision(django_capture_on_commit_callbacks):
    official = OfficialFactory()
    application = application_in_state("submitted", official_user=official)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(
            application,
            "approve",
            official,
            granted_amount=Decimal("1000"),
            decision_text="Het college steunt de moestuin.",
        )
    body = everything_in(mail.outbox[0])
    assert "Toegekend" in mail.outbox[0].subject
    assert "€ 1.000,00" in body
    assert "Het college steunt de moestuin." in body


def test_rejection_mail_has_the_reason(django_capture_on_commit_callbacks):
    official = OfficialFactory()
    application = application_in_state("in_dialogue", official_user=official)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(application, "reject", official, reason="Er is al een moestuin.")
    assert "Er is al een moestuin." in mail.outbox[0].body


def test_internal_notes_never_appear_in_any_mail(django_capture_on_commit_callbacks):
    official = OfficialFactory()
    application = application_in_state("submitted", official_user=official)
    secret = "GEHEIM: aanvrager eerder gefraudeerd?"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(application, "start_dialogue", official, secret, note_is_internal=True)
        workflow.post_message(application, official, secret, is_internal=True)
        workflow.perform(
            application, "approve", official, secret, note_is_internal=True, decision_text="Ja."
        )
    assert len(mail.outbox) == 2  # two state changes; the internal message mails nobody
    for message in mail.outbox:
        assert "GEHEIM" not in everything_in(message)


def test_messages_go_to_the_other_side(django_capture_on_commit_callbacks):
    official = OfficialFactory()
    application = application_in_state("in_dialogue", official_user=official)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.post_message(application, official, "Hoeveel bakken worden het?")
    assert [m.to for m in mail.outbox] == [[application.owner.email]]
    assert "Hoeveel bakken worden het?" in mail.outbox[0].body
    assert application.reference in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.post_message(application, application.owner, "Twaalf bakken.")
    assert [m.to for m in mail.outbox] == [[STAFF]]
    assert "Twaalf bakken." in mail.outbox[0].body


def test_user_text_is_escaped_in_the_html_mail(django_capture_on_commit_callbacks):
    official = OfficialFactory()
    application = application_in_state("in_dialogue", official_user=official)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.post_message(application, application.owner, "<script>alert(1)</script>")
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<script>alert(1)</script>" in mail.outbox[0].body  # plain text stays plain


def test_withdrawal_also_tells_staff(django_capture_on_commit_callbacks):
    application = application_in_state("submitted")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(application, "withdraw", application.owner, "We stoppen ermee.")
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert (STAFF,) in recipients
    assert any(application.owner.email in r for r in recipients)


def test_nothing_is_mailed_while_notifications_are_muted(django_capture_on_commit_callbacks):
    from grants.notifications import muted

    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, muted():
        workflow.perform(application, "submit", application.owner)
    assert callbacks == []
    assert mail.outbox == []
    assert application.log_entries.count() == 1

    # Outside the block the same step would have queued the e-mails.
    other = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.perform(other, "submit", other.owner)
    assert len(callbacks) == 1
    assert mail.outbox
