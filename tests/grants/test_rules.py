"""One home per rule: ``grants.rules`` says what each step needs, and every door (the model's
conditions, ``workflow.perform``, the buttons, the forms) says the same."""

from decimal import Decimal

from django.db import transaction

import pytest

from grants import rules, workflow
from grants.forms import ApplicationForm
from grants.models import Application, BudgetLine, Report, State, TransitionLog
from tests.grants.factories import (
    ROLES,
    ApplicationFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
    application_in_state,
    user_for_role,
)
from tests.grants.test_workflow import EXPECTED

pytestmark = pytest.mark.django_db


def fields(problems):
    return sorted(problem.field for problem in problems)


def test_every_step_of_the_workflow_has_its_rules():
    assert set(rules.STEPS) == set(workflow.TRANSITIONS)


# --- submit: what was only checked by the initiator's view is now the workflow's too ---------


def test_the_workflow_refuses_a_draft_without_summary_contact_or_organisation():
    """Measured on main before: perform(..., "submit") moved such a draft to "submitted"."""
    application = ApplicationFactory(
        summary="", contact_name="", contact_email="", organisation_name=""
    )

    with pytest.raises(workflow.ConditionFailed) as excinfo:
        workflow.perform(application, "submit", application.owner)

    reasons = " ".join(excinfo.value.reasons)
    for label in ("Korte samenvatting", "Contactpersoon", "E-mailadres", "Naam organisatie"):
        assert label in reasons
    assert Application.objects.get(pk=application.pk).state == State.DRAFT
    assert not TransitionLog.objects.filter(application=application).exists()


SUBMIT_GAPS = [
    ({"title": ""}, ["title"]),
    ({"summary": "   "}, ["summary"]),
    ({"organisation_type": ""}, ["organisation_type"]),
    ({"organisation_name": ""}, ["organisation_name"]),
    ({"contact_name": ""}, ["contact_name"]),
    ({"contact_email": ""}, ["contact_email"]),
    ({"plan_what": ""}, ["plan_what"]),
    ({"plan_for_whom": ""}, ["plan_for_whom"]),
    ({"plan_when": ""}, ["plan_when"]),
    ({"iban": ""}, ["iban"]),
    ({"privacy_consent": False}, ["privacy_consent"]),
    ({"organisation_type": "association", "kvk_number": ""}, ["kvk_number"]),
    ({"budget": []}, ["budget", "budget"]),  # no cost line, and nothing requested
    ({"budget": [(BudgetLine.Kind.COST, "Bank", Decimal("100"))]}, ["budget"]),  # under minimum
]


@pytest.mark.parametrize(("changes", "expected"), SUBMIT_GAPS)
def test_each_gap_blocks_submission_with_the_same_words_everywhere(changes, expected):
    application = ApplicationFactory(**changes)
    problems = rules.submit_problems(application)
    assert fields(problems) == expected

    assert not application.can_be_submitted()  # the model's condition
    options = {o.name: o for o in workflow.available_transitions(application, application.owner)}
    assert options["submit"].blocked_reasons == rules.messages(problems)  # the button
    with pytest.raises(workflow.ConditionFailed) as excinfo:
        workflow.perform(application, "submit", application.owner)
    assert excinfo.value.reasons == rules.messages(problems)  # the workflow


def test_a_complete_draft_has_no_problems_and_is_submitted():
    application = ApplicationFactory()
    assert rules.submit_problems(application) == []
    workflow.perform(application, "submit", application.owner)
    assert application.state == State.SUBMITTED


def test_a_scheme_for_other_villages_is_refused_on_submission():
    scheme = FundingSchemeFactory()
    scheme.villages.add(VillageFactory(name="Elders"))
    application = ApplicationFactory(scheme=scheme)
    assert fields(rules.submit_problems(application)) == ["village"]


def test_the_draft_form_and_the_amend_form_ask_the_rules():
    data = {"title": "", "summary": ""}
    draft = ApplicationForm(data, instance=Application(), strict=False)
    assert not draft.is_valid()
    assert set(draft.errors) == set(rules.DRAFT_REQUIRED)
    assert draft.errors["title"] == ["Kies of vul dit in; ook een concept heeft dit nodig."]

    amend = ApplicationForm(data, instance=Application(), strict=True)
    assert not amend.is_valid()
    assert set(amend.errors) == {*rules.DRAFT_REQUIRED, *rules.KEPT_AFTER_SUBMISSION}


# --- approve, reject, the report -------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "field", "about_input"),
    [
        (Decimal("0"), "granted_amount", True),
        (Decimal("10000.01"), "granted_amount", True),  # over the scheme's maximum
        (Decimal("4000"), "granted_amount", False),  # over what is left of the budget
        (Decimal("3000"), None, None),
    ],
)
def test_approve_problems(amount, field, about_input):
    scheme = FundingSchemeFactory(yearly_budget=Decimal("3000"))
    application = application_in_state("submitted", scheme=scheme)
    problems = rules.approve_problems(application, amount)
    if field is None:
        assert problems == []
        return
    assert [(p.field, p.about_input) for p in problems] == [(field, about_input)]
    error = workflow.InvalidInput if about_input else workflow.ConditionFailed
    with pytest.raises(error):
        workflow.perform(application, "approve", OfficialFactory(), granted_amount=amount)
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_reject_needs_a_reason_in_the_workflow_and_in_the_rules():
    application = application_in_state("submitted")
    assert fields(rules.reject_problems(application, "  ")) == ["reason"]
    with pytest.raises(workflow.InvalidInput) as excinfo:
        workflow.perform(application, "reject", OfficialFactory(), reason=" ")
    assert excinfo.value.field_errors == {"reason": ["Geef een reden voor de afwijzing."]}


def test_report_problems_name_their_fields():
    assert fields(rules.report_problems(None)) == ["people_reached", "story"]
    assert fields(rules.report_problems(Report(story="Mooi", people_reached=None))) == [
        "people_reached"
    ]
    assert rules.report_problems(Report(story="Mooi", people_reached=0)) == []


def test_accepting_needs_a_submitted_report():
    application = application_in_state("reported")
    assert rules.accept_report_problems(application) == []
    Report.objects.filter(application=application).update(submitted_at=None)
    application = Application.objects.get(pk=application.pk)
    assert len(rules.accept_report_problems(application)) == 1


# --- every state x step x role: the workflow does what the rules and the roles say -----------

# Who may take each step, from which states, to which state: test_workflow's hand-written table.
MAY = EXPECTED
# Values that break a rule of the step, where it has one that the values can break.
BAD_VALUES = {
    "approve": {"granted_amount": Decimal("0")},
    "reject": {"reason": "", "note": ""},  # the note would stand in for the reason
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", State.values)
def test_every_state_step_and_role(state, role):
    """With an incomplete application (no report, an empty draft budget) and bad values, a step
    the role may take in the state fails exactly when the rules find a problem, with the rules'
    words; a step it may not take is not allowed, whatever the rules say."""
    application = application_in_state(state)
    if state == State.DRAFT:
        application.budget_lines.all().delete()
    user = user_for_role(role, application)

    for step, (states, allowed_role, target) in MAY.items():
        fresh = Application.objects.get(pk=application.pk)
        values = {"note": "Toelichting.", **BAD_VALUES.get(step, {})}
        rule_values = {k: v for k, v in values.items() if k != "note"}
        problems = rules.problems_for(step, fresh, **rule_values)
        if state not in states or role != allowed_role:
            with pytest.raises(workflow.NotAllowed):
                workflow.perform(fresh, step, user, **values)
        elif problems:
            with pytest.raises((workflow.ConditionFailed, workflow.InvalidInput)) as excinfo:
                workflow.perform(fresh, step, user, **values)
            said = excinfo.value.reasons or [
                m for ms in excinfo.value.field_errors.values() for m in ms
            ]
            assert said == rules.messages(problems), (state, step, role)
        else:
            # No problem: the step is taken (and undone, for the next step of the table).
            savepoint = transaction.savepoint()
            workflow.perform(fresh, step, user, **values)
            assert Application.objects.get(pk=application.pk).state == target, (state, step)
            transaction.savepoint_rollback(savepoint)
        assert Application.objects.get(pk=application.pk).state == state, (state, step, role)
