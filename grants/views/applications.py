"""The initiator's applications: the list, the page of one application, and the submit and
withdraw steps. The form itself, in steps, is in ``application_steps``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import workflow
from ..forms import (
    MessageForm,
    WithdrawForm,
)
from ..models import (
    Message,
    Principle,
    Report,
    State,
    TransitionLog,
)
from ..permissions import applications_for, attachments_for, is_owner
from ..states import UNDECIDED_STATES, state_label
from .common import own_application, visible_application
from .initiatives import non_money_next_action, non_money_next_step

# --- what the initiator should do next ---------------------------------------------------------


def next_step(application):
    """One sentence: what is expected of the initiator now (or what the municipality does)."""
    if not application.is_money and (sentence := non_money_next_step(application)):
        return sentence
    return _money_next_step(application)


def _money_next_step(application):
    state = application.state
    if state == State.DRAFT:
        return _("Vul uw aanvraag aan en dien hem in.")
    if state == State.SUBMITTED:
        if application.decision_due:
            return _("De gemeente beoordeelt uw aanvraag (uiterlijk %(date)s).") % {
                "date": date_format(application.decision_due, "j F Y")
            }
        return _("De gemeente beoordeelt uw aanvraag.")
    if state == State.IN_DIALOGUE:
        if getattr(application, "last_message_author_id", None) == application.owner_id:
            return _("Wacht op antwoord van de gemeente; u kunt uw aanvraag nog aanpassen.")
        return _("Reageer op het gesprek; u kunt uw aanvraag ook aanpassen.")
    if state == State.APPROVED:
        if getattr(application, "report_changes_requested", False):
            return _("Vul uw verantwoording aan: de gemeente vroeg om meer informatie.")
        return _("Dien uw verantwoording in als het initiatief klaar is.")
    if state == State.REPORTED:
        return _("De gemeente bekijkt uw verantwoording.")
    if state == State.CLOSED:
        return _("Afgerond. Bedankt voor uw initiatief!")
    if state == State.REJECTED:
        return _("Afgewezen. De reden leest u bij de aanvraag.")
    if state == State.WITHDRAWN:
        return _("Ingetrokken. U hoeft niets meer te doen.")
    return ""


def next_action(application):
    """The link that goes with ``next_step``, as ``(url, label)`` or None."""
    if not application.is_money and application.state != State.DRAFT:
        return non_money_next_action(application)
    reference = application.reference
    if application.state == State.DRAFT:
        return reverse("grants:application_edit", args=[reference]), _("Verder invullen")
    if application.state == State.IN_DIALOGUE:
        url = reverse("grants:application_detail", args=[reference]) + "#gesprek"
        return url, _("Naar het gesprek")
    if application.state == State.APPROVED:
        return reverse("grants:application_report", args=[reference]), _("Verantwoording")
    return None


# --- the list --------------------------------------------------------------------------------


@login_required
def my_applications(request):
    """The user's own applications; a fixed number of queries however many there are."""
    last_author = (
        Message.objects.filter(application=OuterRef("pk"), is_internal=False)
        .order_by("-created_at", "-pk")
        .values("author_id")[:1]
    )
    changes_requested = TransitionLog.objects.filter(
        application=OuterRef("pk"), transition="request_report_changes", to_state=State.APPROVED
    )
    applications = list(
        applications_for(request.user)
        .filter(owner=request.user)
        .select_related("scheme", "village")
        .annotate(
            last_message_author_id=Subquery(last_author),
            report_changes_requested=Exists(changes_requested),
        )
        .order_by("-created_at", "-pk")
    )
    for application in applications:
        application.next_step = next_step(application)
        application.next_action = next_action(application)
    return render(request, "grants/my_applications.html", {"applications": applications})


# --- submitting (the form itself is in ``application_steps``) --------------------------------


def _review_url(application, check=False):
    url = reverse("grants:application_step", args=[application.reference, "controleren"])
    return f"{url}?controle=1" if check else url


def submit(request, application, on_refusal):
    """Submit ``application``; on refusal go to ``on_refusal``, which lists every reason."""
    detail = redirect("grants:application_detail", application.reference)
    try:
        workflow.perform(
            application,
            "submit",
            request.user,
            expected_state=request.POST.get("expected_state") or None,
        )
    except workflow.ConditionFailed:
        messages.error(request, _("Uw aanvraag is bewaard, maar nog niet ingediend."))
        return redirect(on_refusal)
    except workflow.WorkflowError as error:
        if application.state == State.SUBMITTED:
            return already_submitted(request, application)
        messages.error(request, str(error))
        return detail
    messages.success(
        request,
        _(
            "Uw aanvraag is ingediend. Het kenmerk is %(reference)s. U krijgt een bevestiging "
            "per e-mail."
        )
        % {"reference": application.reference},
    )
    return detail


def already_submitted(request, application):
    """Only the initiator submits: when it is submitted already, their own other click (a
    double-click, a second tab) came first. Nothing went wrong, so no error."""
    messages.info(
        request,
        _("Uw aanvraag %(reference)s is al ingediend. U krijgt een bevestiging per e-mail.")
        % {"reference": application.reference},
    )
    return redirect("grants:application_detail", application.reference)


# --- one application -------------------------------------------------------------------------


def render_detail(request, application, *, message_form=None, status=200):
    """The whole application as the initiator (or an official) sees it on the public site."""
    user = request.user
    owns = is_owner(user, application)
    budget_lines = list(application.budget_lines.all())
    totals = application.budget_totals()
    report = Report.objects.filter(application=application).prefetch_related("photos").first()
    attachments = attachments_for(user, application).filter(message__isnull=True)
    dialogue = (
        Message.objects.filter(application=application, is_internal=False)
        .select_related("author")
        .prefetch_related("attachments")
    )
    # On the public site nobody reads internal notes, not even an official.
    timeline = list(TransitionLog.objects.filter(application=application))
    for entry in timeline:
        entry.shown_note = "" if entry.note_is_internal else entry.note
        entry.to_state_label = state_label(entry.to_state, application.kind)
    options = {
        option.name: option
        for option in workflow.available_transitions(application, user)
        if not option.is_official
    }
    submit_blockers = options["submit"].blocked_reasons if "submit" in options else []
    can_message = owns and application.state in workflow.INITIATOR_MESSAGE_STATES
    if can_message and message_form is None:
        message_form = MessageForm()
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": application,
            "is_owner": owns,
            "budget_lines": budget_lines,
            "totals": totals,
            "report": report,
            "attachments": attachments,
            "dialogue": dialogue,
            "timeline": timeline,
            "options": options,
            "submit_blockers": submit_blockers,
            # A project to show or a help question is changed through the dialogue.
            "can_edit": owns and application.is_editable_by_initiator,
            "is_money": application.is_money,
            "can_message": can_message,
            "message_form": message_form if can_message else None,
            "principle_labels": [
                label for value, label in Principle.choices if value in application.principles
            ],
            "show_decision_due": bool(application.decision_due)
            and application.state in UNDECIDED_STATES,
            "next_step": next_step(application) if owns else "",
            "next_action": next_action(application) if owns else None,
        },
        status=status,
    )


@login_required
def application_detail(request, reference):
    return render_detail(request, visible_application(request, reference))


@login_required
@require_POST
def application_submit(request, reference):
    application = own_application(request, reference)
    if application.state == State.SUBMITTED:
        return already_submitted(request, application)
    if application.state != State.DRAFT:
        messages.error(request, _("Deze aanvraag kan niet meer worden ingediend."))
        return redirect("grants:application_detail", application.reference)
    return submit(request, application, on_refusal=_review_url(application, check=True))


@login_required
def application_withdraw(request, reference):
    application = own_application(request, reference)
    options = {o.name for o in workflow.available_transitions(application, request.user)}
    if "withdraw" not in options:
        messages.error(request, _("Deze aanvraag kunt u niet (meer) intrekken."))
        return redirect("grants:application_detail", application.reference)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.perform(
                application,
                "withdraw",
                request.user,
                note=form.cleaned_data["note"],
                expected_state=request.POST.get("expected_state") or None,
            )
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Uw aanvraag %(reference)s is ingetrokken.")
                % {"reference": application.reference},
            )
        return redirect("grants:application_detail", application.reference)
    return render(
        request, "grants/application_withdraw.html", {"application": application, "form": form}
    )
