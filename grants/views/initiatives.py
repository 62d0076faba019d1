"""Sending in a project without money: the entry page "Stuur een project in" with its three
ways, and the two short forms (show my project, ask for help). The way for money is the
existing application form (``grants:application_create``).

Both forms create the application and submit it through ``grants.workflow`` in one transaction,
so the timeline logs it and the officials are notified as for any submission; when the step is
refused nothing is stored and the form comes back with what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import workflow
from ..initiative_forms import HelpRequestForm, ShowcaseInitiativeForm
from ..models import Application, State
from ..states import Kind

FORMS = {Kind.SHOWCASE: ShowcaseInitiativeForm, Kind.HELP: HelpRequestForm}


def project_start(request):
    """The three ways in, one sentence each; anybody may read it (the forms ask to log in)."""
    return render(request, "grants/project_start.html")


class _Refused(Exception):
    def __init__(self, error):
        self.error = error


def _send_in(request, form, kind):
    """Create and submit in one transaction; ``_Refused`` rolls both back."""
    with transaction.atomic():
        application = form.save(commit=False)
        application.owner = request.user
        application.kind = kind
        application.save()
        try:
            workflow.perform(application, "submit", request.user)
        except workflow.WorkflowError as error:
            raise _Refused(error) from error
    return application


def _initiative_form(request, kind):
    form_class = FORMS[kind]
    if request.method == "POST":
        form = form_class(
            request.POST, instance=Application(owner=request.user, kind=kind), user=request.user
        )
        if form.is_valid():
            try:
                application = _send_in(request, form, kind)
            except _Refused as refused:
                for message in refused.error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _sent_message(application))
                return redirect("grants:application_detail", application.reference)
    else:
        form = form_class(instance=Application(kind=kind), user=request.user)
    return render(
        request,
        "grants/initiative_form.html",
        {"form": form, "kind": kind, "action_url": request.path},
    )


def _sent_message(application):
    if application.kind == Kind.SHOWCASE:
        return _(
            "Uw project is aangemeld. Het kenmerk is %(reference)s. De gemeente bekijkt het en "
            "zet het daarna in het projectenoverzicht."
        ) % {"reference": application.reference}
    return _(
        "Uw hulpvraag is verstuurd. Het kenmerk is %(reference)s. De gemeente neemt contact met "
        "u op."
    ) % {"reference": application.reference}


@login_required
def project_show(request):
    return _initiative_form(request, Kind.SHOWCASE)


@login_required
def project_help(request):
    return _initiative_form(request, Kind.HELP)


# --- what the initiator should do next (for "Mijn aanvragen" and the detail page) -------------


def non_money_next_step(application):
    """One sentence for a project to show or a help question, or None for the general one."""
    showcase = application.kind == Kind.SHOWCASE
    state = application.state
    if state == State.SUBMITTED:
        if showcase:
            return _("De gemeente bekijkt uw project en zet het daarna in het projectenoverzicht.")
        if application.decision_due:
            return _("De gemeente bekijkt uw vraag en antwoordt uiterlijk %(date)s.") % {
                "date": date_format(application.decision_due, "j F Y")
            }
        return _("De gemeente bekijkt uw vraag.")
    if state == State.IN_DIALOGUE:
        if getattr(application, "last_message_author_id", None) == application.owner_id:
            return _("Wacht op antwoord van de gemeente.")
        return _("Reageer op het gesprek met de gemeente.")
    if state == State.APPROVED:
        if showcase:
            return _("Uw project staat in het projectenoverzicht op de website.")
        return _("De gemeente helpt u. U hoeft geen verantwoording in te dienen.")
    if state == State.CLOSED and not showcase:
        return _("Afgerond. Bedankt voor uw initiatief!")
    return None


def non_money_next_action(application):
    """The link that goes with ``non_money_next_step``, as ``(url, label)`` or None."""
    if application.state == State.IN_DIALOGUE:
        url = reverse("grants:application_detail", args=[application.reference]) + "#gesprek"
        return url, _("Naar het gesprek")
    return None
