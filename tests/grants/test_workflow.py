"""The state machine through its one entry point, ``grants.workflow.perform``:
every transition in every state for every role, the reasons a step is refused, the budget
ceiling, concurrent officials, and the log."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

import pytest

from grants import workflow
from grants.models import Application, BudgetLine, Message, State, TransitionLog
from tests.grants.factories import (
    ROLES,
    ApplicationFactory,
    FundingSchemeFactory,
    OfficialFactory,
    application_in_state,
    complete_report,
    user_for_role,
)

pytestmark = pytest.mark.django_db

# Written out by hand (not derived from the model) so the test states the rules independently.
EXPECTED = {
    "submit": ({"draft"}, "owner", "submitted"),
    "withdraw": ({"draft", "submitted", "in_dialogue"}, "owner", "withdrawn"),
    "submit_report": ({"approved"}, "owner", "reported"),
    "start_dialogue": ({"submitted"}, "official", "in_dialogue"),
    "approve": ({"submitted", "in_dialogue"}, "official", "approved"),
    "reject": ({"submitted", "in_dialogue"}, "official", "rejected"),
    "request_report_changes": ({"reported"}, "official", "approved"),
    "accept_report": ({"reported"}, "official", "closed"),
}
EXTRA_ARGS = {
    "reject": {"reason": "Past niet binnen de regeling."},
    "request_report_changes": {"note": "Voeg de bonnetjes toe."},
    "approve": {"decision_text": "Toegekend volgens de regeling."},
}


def test_every_transition_is_in_the_table():
    # The steps of a request for money; those without money: tests/grants/test_without_money.py.
    money = {name for name, spec in workflow.TRANSITIONS.items() if "bijdrage" in spec.kinds}
    assert set(EXPECTED) == money


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", State.values)
def test_each_transition_allowed_or_refused_by_state_and_role(state, role):
    application = application_in_state(state)
    if state == State.APPROVED:
        complete_report(application)
    user = user_for_role(role, application)

    for name, (sources, allowed_role, target) in EXPECTED.items():
        fresh = Application.objects.get(pk=application.pk)
        should_work = state in sources and role == allowed_role
        logs_before = TransitionLog.objects.filter(application=application).count()
        savepoint = transaction.savepoint()
        try:
            if should_work:
                entry = workflow.perform(fresh, name, user, **EXTRA_ARGS.get(name, {}))
                assert fresh.state == target, (name, state, role)
                assert Application.objects.get(pk=application.pk).state == target
                assert TransitionLog.objects.filter(application=application).count() == (
                    logs_before + 1
                )
                assert (entry.from_state, entry.to_state, entry.transition) == (
                    state,
                    target,
                    name,
                )
            else:
                with pytest.raises(workflow.NotAllowed) as excinfo:
                    workflow.perform(fresh, name, user, **EXTRA_ARGS.get(name, {}))
                assert str(excinfo.value)  # a sentence for the user
                assert Application.objects.get(pk=application.pk).state == state
                assert TransitionLog.objects.filter(application=application).count() == (
                    logs_before
                )
        finally:
            transaction.savepoint_rollback(savepoint)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", State.values)
def test_available_transitions_match_the_rules(state, role):
    application = application_in_state(state)
    user = user_for_role(role, application)
    names = {option.name for option in workflow.available_transitions(application, user)}
    expected = {
        name
        for name, (sources, allowed_role, _target) in EXPECTED.items()
        if state in sources and role == allowed_role
    }
    assert names == expected


def test_available_transitions_explain_what_blocks_them():
    application = ApplicationFactory(iban="", budget=[])
    options = {o.name: o for o in workflow.available_transitions(application, application.owner)}
    assert options["submit"].is_blocked
    assert any("IBAN" in reason for reason in options["submit"].blocked_reasons)
    assert not options["withdraw"].is_blocked


# --- submit -----------------------------------------------------------------------------------


def test_submit_stamps_dates_and_the_decision_term():
    application = ApplicationFactory()
    workflow.perform(application, "submit", application.owner)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.submitted_at is not None
    assert application.decision_due == timezone.localdate() + datetime.timedelta(weeks=8)
    assert application.requested_amount == Decimal("1200.00")


def test_submit_refuses_an_incomplete_application_with_every_reason():
    application = ApplicationFactory(plan_what="", iban="", privacy_consent=False, budget=[])
    with pytest.raises(workflow.ConditionFailed) as excinfo:
        workflow.perform(application, "submit", application.owner)
    reasons = " ".join(excinfo.value.reasons)
    assert "wat gaat u doen?" in reasons
    assert "IBAN" in reasons
    assert "privacyverklaring" in reasons
    assert "kostenpost" in reasons
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert not TransitionLog.objects.filter(application=application).exists()


def test_submit_refuses_when_the_scheme_is_closed():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    scheme = FundingSchemeFactory(
        opens_on=yesterday - datetime.timedelta(days=60), closes_on=yesterday
    )
    application = ApplicationFactory(scheme=scheme)
    with pytest.raises(workflow.ConditionFailed) as excinfo:
        workflow.perform(application, "submit", application.owner)
    assert any("niet open" in reason for reason in excinfo.value.reasons)


@pytest.mark.parametrize(
    ("costs", "expect_ok"),
    [("249.99", False), ("250.00", True), ("10000.00", True), ("10000.01", False)],
)
def test_submit_checks_the_amount_bounds(costs, expect_ok):
    application = ApplicationFactory(budget=[(BudgetLine.Kind.COST, "Materiaal", Decimal(costs))])
    if expect_ok:
        workflow.perform(application, "submit", application.owner)
        assert application.state == State.SUBMITTED
    else:
        with pytest.raises(workflow.ConditionFailed) as excinfo:
            workflow.perform(application, "submit", application.owner)
        assert any("moet tussen" in reason for reason in excinfo.value.reasons)


# --- approve and the budget ceiling -----------------------------------------------------------


def test_approve_records_amount_text_and_date():
    application = application_in_state("in_dialogue")
    official = OfficialFactory()
    workflow.perform(
        application,
        "approve",
        official,
        granted_amount=Decimal("1000"),
        decision_text="We dragen graag bij aan de moestuin.",
    )
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert application.granted_amount == Decimal("1000.00")
    assert application.decision_text == "We dragen graag bij aan de moestuin."
    assert application.decided_at is not None


def test_approve_without_amount_grants_the_requested_amount():
    application = application_in_state("submitted")
    workflow.perform(application, "approve", OfficialFactory())
    assert application.granted_amount == application.requested_amount == Decimal("1200.00")


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "10000.01", "99999999999"])
def test_approve_refuses_bad_amounts_with_a_field_error(amount):
    application = application_in_state("submitted")
    with pytest.raises(workflow.InvalidInput) as excinfo:
        workflow.perform(application, "approve", OfficialFactory(), granted_amount=amount)
    assert "granted_amount" in excinfo.value.field_errors
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.granted_amount is None


def test_approve_cannot_exceed_the_remaining_budget():
    scheme = FundingSchemeFactory(yearly_budget=Decimal("2000"))
    first = application_in_state("submitted", scheme=scheme)
    second = application_in_state("submitted", scheme=scheme)
    official = OfficialFactory()
    workflow.perform(first, "approve", official, granted_amount=Decimal("1200"))

    with pytest.raises(workflow.ConditionFailed) as excinfo:
        workflow.perform(second, "approve", official, granted_amount=Decimal("1200"))
    assert "resterende budget" in excinfo.value.reasons[0]
    assert "€ 800,00" in excinfo.value.reasons[0]
    second.refresh_from_db()
    assert second.state == State.SUBMITTED

    # Granting less than requested fits exactly.
    workflow.perform(second, "approve", official, granted_amount=Decimal("800"))
    assert scheme.remaining_budget() == Decimal("0")


def test_budget_of_last_year_does_not_count():
    scheme = FundingSchemeFactory(yearly_budget=Decimal("1500"))
    old = application_in_state("approved", scheme=scheme)
    Application.objects.filter(pk=old.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=400)
    )
    new = application_in_state("submitted", scheme=scheme)
    workflow.perform(new, "approve", OfficialFactory())
    assert new.state == State.APPROVED


def test_two_officials_approving_the_same_application_at_once():
    """Both loaded the page while it was "in dialogue"; the second click loses, clearly."""
    scheme = FundingSchemeFactory(yearly_budget=Decimal("1200"))
    application = application_in_state("in_dialogue", scheme=scheme)
    seen_by_first = Application.objects.get(pk=application.pk)
    seen_by_second = Application.objects.get(pk=application.pk)

    workflow.perform(seen_by_first, "approve", OfficialFactory(), granted_amount="1200")
    with pytest.raises(workflow.ConcurrentChange) as excinfo:
        workflow.perform(seen_by_second, "approve", OfficialFactory(), granted_amount="1200")

    assert str(excinfo.value) == (
        "Iemand anders heeft deze aanvraag net gewijzigd; laad de pagina opnieuw."
    )
    assert TransitionLog.objects.filter(application=application, transition="approve").count() == 1
    assert scheme.remaining_budget() == Decimal("0")
    # The losing instance now shows what really happened.
    assert seen_by_second.state == State.APPROVED


def test_two_officials_approving_different_applications_for_the_last_budget():
    scheme = FundingSchemeFactory(yearly_budget=Decimal("1200"))
    first = application_in_state("submitted", scheme=scheme)
    second = application_in_state("submitted", scheme=scheme)
    # Both pages were opened while € 1.200 was still free.
    assert all(
        not option.is_blocked
        for option in workflow.available_transitions(second, OfficialFactory())
        if option.name == "approve"
    )
    workflow.perform(first, "approve", OfficialFactory())
    with pytest.raises(workflow.ConditionFailed) as excinfo:
        workflow.perform(second, "approve", OfficialFactory())
    assert "resterende budget" in excinfo.value.reasons[0]
    assert Application.objects.filter(scheme=scheme, state=State.APPROVED).count() == 1
    assert scheme.remaining_budget() == Decimal("0")


def test_the_state_the_user_saw_is_checked():
    application = application_in_state("submitted")
    official = OfficialFactory()
    workflow.perform(application, "start_dialogue", official)
    with pytest.raises(workflow.ConcurrentChange):
        workflow.perform(
            application, "reject", official, reason="Te laat.", expected_state="submitted"
        )
    assert application.state == State.IN_DIALOGUE


def test_the_optimistic_lock_catches_a_change_after_the_checks(monkeypatch):
    """Another transaction commits between our checks and our save: django_fsm's
    ConcurrentTransitionMixin refuses the save and nothing of ours remains."""
    application = application_in_state("submitted")
    official = OfficialFactory()
    real_save = Application.save

    def save_after_someone_else(self, *args, **kwargs):
        Application.objects.filter(pk=self.pk).update(state=State.IN_DIALOGUE)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Application, "save", save_after_someone_else)
    with pytest.raises(workflow.ConcurrentChange):
        workflow.perform(application, "reject", official, reason="Past niet.")
    monkeypatch.undo()
    assert not TransitionLog.objects.filter(application=application, transition="reject").exists()
    application.refresh_from_db()
    assert application.rejection_reason == ""


# --- other transitions ------------------------------------------------------------------------


def test_reject_needs_a_reason():
    application = application_in_state("submitted")
    with pytest.raises(workflow.InvalidInput) as excinfo:
        workflow.perform(application, "reject", OfficialFactory(), reason="   ")
    assert "reason" in excinfo.value.field_errors
    assert application.state == State.SUBMITTED


def test_reject_takes_the_note_as_reason_when_no_reason_is_given():
    application = application_in_state("in_dialogue")
    workflow.perform(application, "reject", OfficialFactory(), note="Geen draagvlak in de kern.")
    application.refresh_from_db()
    assert application.rejection_reason == "Geen draagvlak in de kern."


def test_request_report_changes_needs_a_note():
    application = application_in_state("reported")
    with pytest.raises(workflow.InvalidInput):
        workflow.perform(application, "request_report_changes", OfficialFactory())
    assert application.state == State.REPORTED


def test_submit_report_needs_a_complete_report():
    application = application_in_state("approved")
    complete_report(application, story="", people_reached=None)
    with pytest.raises(workflow.ConditionFailed) as excinfo:
        workflow.perform(application, "submit_report", application.owner)
    assert "verantwoording" in excinfo.value.reasons[0]


def test_accept_report_closes_the_file():
    application = application_in_state("reported")
    workflow.perform(application, "accept_report", OfficialFactory())
    application.refresh_from_db()
    assert application.state == State.CLOSED
    assert application.closed_at is not None
    assert application.report.accepted_at == application.closed_at


def test_initiators_cannot_write_internal_notes_in_the_log():
    application = ApplicationFactory()
    with pytest.raises(workflow.NotAllowed):
        workflow.perform(
            application, "withdraw", application.owner, "geheim", note_is_internal=True
        )


def test_unknown_transition_is_refused():
    application = ApplicationFactory()
    with pytest.raises(workflow.NotAllowed):
        workflow.perform(application, "delete", application.owner)


def test_every_step_of_a_full_journey_writes_one_log_entry_with_actor_and_note():
    official = OfficialFactory()
    application = application_in_state("closed", official_user=official)
    entries = list(TransitionLog.objects.filter(application=application))
    assert [e.transition for e in entries] == [
        "submit",
        "start_dialogue",
        "approve",
        "submit_report",
        "accept_report",
    ]
    assert [e.actor for e in entries] == [
        application.owner,
        official,
        official,
        application.owner,
        official,
    ]
    assert entries[0].from_state == State.DRAFT
    assert entries[-1].to_state == State.CLOSED


def test_a_note_is_stored_on_the_log_entry():
    application = application_in_state("submitted")
    entry = workflow.perform(
        application,
        "start_dialogue",
        OfficialFactory(),
        "Twijfel over de planning.",
        note_is_internal=True,
    )
    assert entry.note == "Twijfel over de planning."
    assert entry.note_is_internal


# --- dialogue ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "owner_may"),
    [
        ("draft", False),
        ("submitted", True),
        ("in_dialogue", True),
        ("approved", True),
        ("reported", True),
        ("closed", False),
        ("rejected", False),
        ("withdrawn", False),
    ],
)
def test_who_may_post_a_message(state, owner_may):
    application = application_in_state(state)
    if owner_may:
        message = workflow.post_message(application, application.owner, "Hallo gemeente")
        assert not message.is_internal
    else:
        with pytest.raises(workflow.NotAllowed):
            workflow.post_message(application, application.owner, "Hallo gemeente")
    for role in ("other_initiator", "anonymous", "editor"):
        with pytest.raises(workflow.NotAllowed):
            workflow.post_message(application, user_for_role(role, application), "Hallo")
    # Officials may always leave an internal note.
    workflow.post_message(application, OfficialFactory(), "Notitie", is_internal=True)


def test_initiator_cannot_post_internal_notes():
    application = application_in_state("in_dialogue")
    with pytest.raises(workflow.NotAllowed):
        workflow.post_message(application, application.owner, "Intern?", is_internal=True)
    assert not Message.objects.filter(application=application).exists()


def test_empty_or_huge_messages_get_a_field_error():
    application = application_in_state("in_dialogue")
    with pytest.raises(workflow.InvalidInput) as excinfo:
        workflow.post_message(application, application.owner, "   ")
    assert "body" in excinfo.value.field_errors
    with pytest.raises(workflow.InvalidInput):
        workflow.post_message(application, application.owner, "x" * 10_001)


def test_message_attachments_are_checked(tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = application_in_state("in_dialogue")
    good = SimpleUploadedFile("offerte.pdf", b"%PDF-1.4 offerte", content_type="application/pdf")
    message = workflow.post_message(application, application.owner, "Zie offerte", files=[good])
    assert [a.original_name for a in message.attachments.all()] == ["offerte.pdf"]

    renamed = SimpleUploadedFile("offerte.pdf", b"MZ\x90\x00 not a pdf")
    script = SimpleUploadedFile("virus.exe", b"MZ\x90\x00")
    with pytest.raises(workflow.InvalidInput) as excinfo:
        workflow.post_message(application, application.owner, "Nog een", files=[renamed, script])
    assert len(excinfo.value.field_errors["files"]) == 2
    assert Message.objects.filter(application=application).count() == 1
