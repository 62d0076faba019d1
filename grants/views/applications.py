"""The initiator's applications: the list, the form (create and edit), the page of one
application, and the submit and withdraw steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.forms import all_valid
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from django_fsm import ConcurrentTransition

from core.templatetags.form_tags import field_anchor

from .. import rules, workflow
from ..forms import (
    APPLICATION_MAX_ATTACHMENTS,
    ApplicationForm,
    AttachmentUploadFormSet,
    BudgetLineFormSet,
    MessageForm,
    WithdrawForm,
)
from ..models import (
    Application,
    Attachment,
    CreationToken,
    FundingScheme,
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

NEW_BUDGET_ROWS = 5
EXTRA_BUDGET_ROWS = 3


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


# --- the form --------------------------------------------------------------------------------


def _submission_problems(application, form):
    """Every reason the application cannot be submitted yet, linked to its field."""
    return [
        {"href": _problem_anchor(form, problem.field), "text": problem.message}
        for problem in rules.submit_problems(application)
    ]


def _problem_anchor(form, field):
    if field in form.fields:
        return field_anchor(form[field])
    return "begroting" if field == "budget" else ""


def _save_application(request, application, form, budget, uploads, removals, token=None):
    """Application, budget lines and attachments in one transaction."""
    is_new = application.pk is None
    with transaction.atomic():
        application = form.save(commit=False)
        if is_new:
            application.owner = request.user
        application.save()
        if is_new:
            CreationToken.record(request.user, token, application)
        budget.save_lines(application)
        for attachment in removals:
            name = attachment.file.name
            storage = attachment.file.storage
            attachment.delete()
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        for upload_form, staged in uploads.staged_files():
            attachment = Attachment(
                application=application,
                kind=upload_form.cleaned_data.get("kind") or Attachment.Kind.OTHER,
                original_name=staged.name,
                size=staged.size,
                uploaded_by=request.user,
            )
            staged.save_into(attachment.file)
            attachment.save()
        application.recalculate_requested_amount()
    return application


def _application_form(request, application):
    is_new = application.pk is None
    # Once submitted, an amended application must stay complete.
    strict = not is_new and application.state != State.DRAFT
    existing = [] if is_new else list(application.attachments.filter(message__isnull=True))
    attachment_error = ""
    problems = []
    # Only the form for a new application carries one (see CreationToken).
    token = CreationToken.parse(request.POST.get("creation_token"))

    if request.method == "POST":
        action = request.POST.get("action", "save")
        form = ApplicationForm(request.POST, instance=application, user=request.user, strict=strict)
        budget = BudgetLineFormSet(request.POST, instance=application, prefix="budget")
        uploads = AttachmentUploadFormSet(
            request.POST, request.FILES, prefix="attachments", form_kwargs={"user": request.user}
        )
        remove_ids = set(request.POST.getlist("remove_attachment"))
        removals = [a for a in existing if str(a.pk) in remove_ids]
        valid = all_valid([form, budget, uploads])
        if valid:
            count = len(existing) - len(removals) + len(uploads.staged_files())
            if count > APPLICATION_MAX_ATTACHMENTS:
                valid = False
                attachment_error = _("Een aanvraag kan hoogstens %(max)s bijlagen hebben.") % {
                    "max": APPLICATION_MAX_ATTACHMENTS
                }
        if valid:
            try:
                application = _save_application(
                    request, application, form, budget, uploads, removals, token
                )
            except ConcurrentTransition:
                messages.error(request, str(workflow.ConcurrentChange()))
                return redirect("grants:application_detail", application.reference)
            except IntegrityError as error:
                return _second_click(request, token, error)
            return _after_save(request, application, action)
    else:
        initial = {}
        if is_new and request.GET.get("regeling"):
            scheme = FundingScheme.objects.filter(slug=request.GET["regeling"]).first()
            if scheme:
                initial["scheme"] = scheme.pk
        form = ApplicationForm(instance=application, user=request.user, initial=initial)
        budget = BudgetLineFormSet(instance=application, prefix="budget")
        # After each save, empty rows for more lines: no JavaScript needed to add one.
        budget.extra = NEW_BUDGET_ROWS if is_new else EXTRA_BUDGET_ROWS
        uploads = AttachmentUploadFormSet(prefix="attachments", form_kwargs={"user": request.user})
        removals = []
        if request.GET.get("controle") and application.state == State.DRAFT and not is_new:
            problems = _submission_problems(application, form)

    if is_new:
        action_url = reverse("grants:application_create")
    else:
        action_url = reverse("grants:application_edit", args=[application.reference])
    totals = application.budget_totals() if application.pk else None
    return render(
        request,
        "grants/application_form.html",
        {
            "application": application,
            "form": form,
            "budget": budget,
            "uploads": uploads,
            "existing_attachments": existing,
            "removed_ids": {a.pk for a in removals},
            "attachment_error": attachment_error,
            "summary_extra": problems
            or ([{"href": "bijlagen-fout", "text": attachment_error}] if attachment_error else []),
            "summary_title": _("Uw aanvraag kan nog niet worden ingediend") if problems else None,
            "is_new": is_new,
            "creation_token": token or CreationToken.new(),
            "is_draft": application.state == State.DRAFT,
            "action_url": action_url,
            "totals": totals,
            "max_attachments": APPLICATION_MAX_ATTACHMENTS,
            "no_open_scheme": is_new and not form.fields["scheme"].queryset.exists(),
        },
    )


def _second_click(request, token, error):
    """A double-click on a new form: the second request lands on the draft the first made."""
    earlier = CreationToken.draft_for(request.user, token)
    if earlier is None:
        raise error
    return _after_save(request, earlier, "save")


def _after_save(request, application, action):
    edit_url = reverse("grants:application_edit", args=[application.reference])
    if action == "submit" and application.state == State.DRAFT:
        return _submit(request, application, on_refusal=f"{edit_url}?controle=1")
    if application.state == State.DRAFT:
        messages.success(
            request,
            _("Uw concept %(reference)s is bewaard. U kunt later verdergaan via “Mijn aanvragen”.")
            % {"reference": application.reference},
        )
        return redirect(edit_url)
    messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
    return redirect("grants:application_detail", application.reference)


def _submit(request, application, on_refusal):
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
            return _already_submitted(request, application)
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


def _already_submitted(request, application):
    """Only the initiator submits: when it is submitted already, their own other click (a
    double-click, a second tab) came first. Nothing went wrong, so no error."""
    messages.info(
        request,
        _("Uw aanvraag %(reference)s is al ingediend. U krijgt een bevestiging per e-mail.")
        % {"reference": application.reference},
    )
    return redirect("grants:application_detail", application.reference)


@login_required
def application_create(request):
    return _application_form(request, Application(owner=request.user))


@login_required
def application_edit(request, reference):
    application = own_application(request, reference)
    if not application.is_editable_by_initiator:
        messages.info(
            request,
            _("Deze aanvraag kunt u niet meer wijzigen (status: %(state)s).")
            % {"state": application.get_state_display()},
        )
        return redirect("grants:application_detail", application.reference)
    return _application_form(request, application)


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
            "can_edit": owns and application.is_editable_by_initiator and application.is_money,
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
    edit_url = reverse("grants:application_edit", args=[application.reference])
    if application.state == State.SUBMITTED:
        return _already_submitted(request, application)
    if application.state != State.DRAFT:
        messages.error(request, _("Deze aanvraag kan niet meer worden ingediend."))
        return redirect("grants:application_detail", application.reference)
    return _submit(request, application, on_refusal=f"{edit_url}?controle=1")


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
