"""The initiator's application form in steps (``grants.application_steps``): each step is its
own page under /aanvragen/, and saving a step saves the draft. The first step of a new
application (/aanvragen/nieuw/) makes the draft; the last one shows everything for a check and
submits through ``grants.workflow``. Steps refuse only what is typed wrongly; what is missing
for a submission is for ``grants.rules`` to say, all at once, on the last step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.forms import all_valid
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from django_fsm import ConcurrentTransition

from core.templatetags.form_tags import field_anchor

from .. import application_steps as steps
from .. import rules, workflow
from ..forms import (
    APPLICATION_MAX_ATTACHMENTS,
    PRINCIPLES_IN_PLAIN_WORDS,
    ApplicationForm,
    AttachmentUploadFormSet,
    budget_formset,
    show_unjudged,
    visible_budget_lines,
)
from ..models import Application, Attachment, CreationToken, FundingScheme, State
from .applications import already_submitted, submit
from .common import own_application

RETURN_TO_REVIEW = "controleren"


# --- the pages ---------------------------------------------------------------------------------


@login_required
def application_create(request):
    """Step 1 of a new application; saving it makes the draft."""
    return _form_step(request, Application(owner=request.user), steps.INITIATIVE)


@login_required
def application_step(request, reference, slug):
    step = steps.BY_SLUG.get(slug)
    if step is None:
        raise Http404
    application = own_application(request, reference)
    if not application.is_editable_by_initiator:
        if request.method == "POST" and request.POST.get("action") == "submit":
            if application.state == State.SUBMITTED:
                # Only the initiator submits: the first click of a double-click came first.
                return already_submitted(request, application)
        return _not_editable(request, application)
    if step is steps.REVIEW:
        return _review(request, application)
    return _form_step(request, application, step)


@login_required
def application_edit(request, reference):
    """Go on with a draft where it was left; an application in the dialogue opens on the
    review, where every step can be changed."""
    application = own_application(request, reference)
    if not application.is_editable_by_initiator:
        return _not_editable(request, application)
    if application.state == State.DRAFT:
        return redirect(steps.first_open_step(application).url(application))
    return redirect(steps.REVIEW.url(application))


def _not_editable(request, application):
    if not application.is_money:
        text = _("Wat u wilt veranderen, schrijft u in het gesprek met de gemeente.")
    else:
        text = _("Deze aanvraag kunt u niet meer wijzigen (status: %(state)s).") % {
            "state": application.get_state_display()
        }
    messages.info(request, text)
    return redirect("grants:application_detail", application.reference)


# --- a step with fields ------------------------------------------------------------------------


def _form_step(request, application, step):
    is_new = application.pk is None
    # Once submitted, an amended application must stay complete.
    strict = not is_new and application.state != State.DRAFT
    existing = (
        list(application.attachments.filter(message__isnull=True))
        if step is steps.ATTACHMENTS
        else []
    )
    removals = []
    attachment_error = ""
    # Only the first step of a new application carries one (see CreationToken).
    token = CreationToken.parse(request.POST.get("creation_token")) if is_new else None
    return_to_review = (request.POST or request.GET).get("terug") == RETURN_TO_REVIEW

    if request.method == "POST":
        add = "add" in request.POST
        remove = _line_number(request.POST.get("remove"))
        form, budget, uploads = _bound_forms(request, application, step, strict, add, remove)
        if uploads is not None:
            remove_ids = set(request.POST.getlist("remove_attachment"))
            removals = [a for a in existing if str(a.pk) in remove_ids]
        if step is steps.MONEY and (add or remove is not None):
            # Another line, or one less: shown again as typed, nothing saved or judged yet.
            show_unjudged(form)
        else:
            valid = all_valid([f for f in (form, budget, uploads) if f is not None])
            if valid and uploads is not None:
                count = len(existing) - len(removals) + len(uploads.staged_files())
                if count > APPLICATION_MAX_ATTACHMENTS:
                    valid = False
                    attachment_error = _("Een aanvraag kan hoogstens %(max)s bijlagen hebben.") % {
                        "max": APPLICATION_MAX_ATTACHMENTS
                    }
            if valid:
                try:
                    application = _save(
                        request, application, step, form, budget, uploads, removals, token
                    )
                except ConcurrentTransition:
                    messages.error(request, str(workflow.ConcurrentChange()))
                    return redirect("grants:application_detail", application.reference)
                except IntegrityError as error:
                    return _second_click(request, token, error)
                return _after_save(request, application, step, is_new, return_to_review)
    else:
        form, budget, uploads = _unbound_forms(request, application, step)

    summary_extra = (
        [{"href": "bijlagen-fout", "text": attachment_error}] if attachment_error else []
    )
    return render(
        request,
        "grants/application_step.html",
        {
            **_page_context(application, step, return_to_review),
            "form": form,
            "budget": budget,
            "budget_lines": visible_budget_lines(budget) if budget is not None else [],
            "totals": application.budget_totals() if budget is not None and not is_new else None,
            "uploads": uploads,
            "existing_attachments": existing,
            "removed_ids": {a.pk for a in removals},
            "attachment_error": attachment_error,
            "summary_extra": summary_extra,
            "creation_token": token or CreationToken.new(),
            "max_attachments": APPLICATION_MAX_ATTACHMENTS,
            "no_open_scheme": is_new and not form.fields["scheme"].queryset.exists(),
            "principle_help": PRINCIPLES_IN_PLAIN_WORDS,
        },
    )


def _bound_forms(request, application, step, strict, add, remove):
    form = budget = uploads = None
    if step.fields:
        form = ApplicationForm(
            request.POST,
            instance=application,
            user=request.user,
            strict=strict,
            only=step.fields,
        )
    if step is steps.MONEY:
        budget = budget_formset(application, request.POST, add=add, remove=remove)
    if step is steps.ATTACHMENTS:
        uploads = AttachmentUploadFormSet(
            request.POST, request.FILES, prefix="attachments", form_kwargs={"user": request.user}
        )
    return form, budget, uploads


def _unbound_forms(request, application, step):
    form = budget = uploads = None
    if step.fields:
        initial = {}
        if application.pk is None and request.GET.get("regeling"):
            scheme = FundingScheme.objects.filter(slug=request.GET["regeling"]).first()
            if scheme:
                initial["scheme"] = scheme.pk
        form = ApplicationForm(
            instance=application, user=request.user, initial=initial, only=step.fields
        )
    if step is steps.MONEY:
        budget = budget_formset(application)
    if step is steps.ATTACHMENTS:
        uploads = AttachmentUploadFormSet(prefix="attachments", form_kwargs={"user": request.user})
    return form, budget, uploads


def _line_number(value):
    try:
        return int(str(value).rsplit("-", 1)[-1]) if value not in (None, "") else None
    except ValueError:
        return None


def _page_context(application, step, return_to_review=False):
    is_new = application.pk is None
    return {
        "application": application,
        "step": step,
        "steps": steps.progress(application, step),
        "step_count": len(steps.STEPS),
        "previous_step": steps.previous_of(step),
        "is_new": is_new,
        "is_draft": application.state == State.DRAFT,
        "return_to_review": return_to_review,
        "return_value": RETURN_TO_REVIEW,
        "action_url": step.url(application),
    }


def _save(request, application, step, form, budget, uploads, removals, token=None):
    """What the step changed, in one transaction: the application's fields, the budget lines,
    the attachments; and that the step was saved."""
    is_new = application.pk is None
    with transaction.atomic():
        if form is not None:
            application = form.save(commit=False)
        if is_new:
            application.owner = request.user
        application.steps_saved = max(application.steps_saved, step.number)
        application.save()
        if is_new:
            CreationToken.record(request.user, token, application)
        if budget is not None:
            budget.save_lines(application)
            application.recalculate_requested_amount()
        for attachment in removals:
            name = attachment.file.name
            storage = attachment.file.storage
            attachment.delete()
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        if uploads is not None:
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
    return application


def _second_click(request, token, error):
    """A double-click on a new form: the second request lands where the first one went."""
    earlier = CreationToken.draft_for(request.user, token)
    if earlier is None:
        raise error
    return _after_save(request, earlier, steps.INITIATIVE, True, False)


def _after_save(request, application, step, is_new, return_to_review):
    action = request.POST.get("action", "next")
    if is_new:
        messages.success(
            request,
            _("Uw concept %(reference)s is bewaard. U kunt later verdergaan via “Mijn aanvragen”.")
            % {"reference": application.reference},
        )
    elif application.state != State.DRAFT:
        messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
    if action == "previous" and steps.previous_of(step):
        return redirect(steps.previous_of(step).url(application))
    if return_to_review:
        return redirect(steps.REVIEW.url(application))
    return redirect(steps.next_of(step).url(application))


# --- the last step: check and submit -------------------------------------------------------------


def _review(request, application):
    strict = application.state != State.DRAFT
    problems = []
    if request.method == "POST":
        form = ApplicationForm(
            request.POST,
            instance=application,
            user=request.user,
            strict=strict,
            only=steps.REVIEW.fields,
        )
        if form.is_valid():
            action = request.POST.get("action", "save")
            try:
                with transaction.atomic():
                    application = form.save(commit=False)
                    application.steps_saved = steps.REVIEW.number
                    application.save()
            except ConcurrentTransition:
                messages.error(request, str(workflow.ConcurrentChange()))
                return redirect("grants:application_detail", application.reference)
            review_url = steps.REVIEW.url(application)
            if action == "submit" and application.state == State.DRAFT:
                return submit(request, application, on_refusal=f"{review_url}?controle=1")
            if application.state == State.SUBMITTED:
                return already_submitted(request, application)
            messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
            if application.state == State.DRAFT:
                return redirect(review_url)
            return redirect("grants:application_detail", application.reference)
    else:
        form = ApplicationForm(instance=application, user=request.user, only=steps.REVIEW.fields)
        if request.GET.get("controle") and application.state == State.DRAFT:
            problems = submission_problems(application)

    budget_lines = list(application.budget_lines.all())
    return render(
        request,
        "grants/application_review.html",
        {
            **_page_context(application, steps.REVIEW),
            "form": form,
            "summary_extra": problems,
            "summary_title": _("Uw aanvraag kan nog niet worden ingediend") if problems else None,
            "sections": _review_sections(application),
            "budget_lines": budget_lines,
            "totals": rules.budget_totals(budget_lines),
            "attachments": list(application.attachments.filter(message__isnull=True)),
        },
    )


def submission_problems(application):
    """Every reason ``grants.rules`` gives why the application cannot be submitted yet, each
    linked to the step and the field where it is fixed."""
    full_form = ApplicationForm(instance=application)
    items = []
    for problem in rules.problems_for("submit", application):
        step = steps.step_for_field(problem.field)
        if problem.field in full_form.fields:
            anchor = field_anchor(full_form[problem.field])
        else:
            anchor = {"budget": "begroting", "attachments": "bijlagen"}.get(problem.field, "")
        url = step.url(application) + (f"#{anchor}" if anchor else "")
        if step is steps.REVIEW:
            url = f"#{anchor}" if anchor else ""
        items.append(
            {
                "url": url,
                "text": _("Stap %(number)s, %(step)s: %(problem)s")
                % {"number": step.number, "step": step.title, "problem": problem.message},
            }
        )
    return items


def _review_sections(application):
    """What was entered, per step, as (label, value) pairs with the labels of the form."""
    form = ApplicationForm(instance=application)
    principles = [
        str(label)
        for value, (label, _explanation) in PRINCIPLES_IN_PLAIN_WORDS.items()
        if value in application.principles
    ]
    values = {
        "scheme": application.scheme.name if application.scheme_id else "",
        "village": application.village.name if application.village_id else "",
        "category": application.category.name if application.category_id else "",
        "principles": ", ".join(principles),
        "organisation_type": application.get_organisation_type_display()
        if application.organisation_type
        else "",
        "volunteer_hours": ""
        if application.volunteer_hours is None
        else str(application.volunteer_hours),
    }
    sections = []
    for step in steps.FORM_STEPS:
        rows = [
            (form.fields[name].label, values.get(name, getattr(application, name)))
            for name in step.fields
        ]
        sections.append({"step": step, "rows": rows, "url": step.url(application)})
    return sections
