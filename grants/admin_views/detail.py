"""The officials' page for one application: everything about it, and every action on it."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from wagtail.admin.views.generic import InspectView

from grants import permissions, workflow
from grants.models import BudgetLine, Report

from .forms import MessageForm, NonMoneyApproveForm, transition_form_class


class ApplicationDetailView(InspectView):
    template_name = "grants/admin/application_detail.html"
    any_permission_required = ["view"]
    inspect_url_name = None
    attachment_url_name = None
    photo_url_name = None

    def get_object(self, queryset=None):
        # The permission check runs after setup(); until it has, fetch nothing.
        if not permissions.is_official(self.request.user):
            return None
        return get_object_or_404(
            permissions.applications_for(self.request.user).select_related(
                "owner", "scheme", "village", "category"
            ),
            pk=self.pk,
        )

    def get_fields(self):
        return []

    def get_page_title(self):
        return _("Aanvraag")

    def get_page_subtitle(self):
        return str(self.object) if self.object else ""

    @cached_property
    def header_more_buttons(self):
        return []

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    # --- forms ---------------------------------------------------------------------------

    def _transition_form(self, option, data=None):
        form_class = transition_form_class(option.name)
        initial = {"expected_state": self.object.state}
        if option.needs_amount:
            initial["granted_amount"] = self.object.requested_amount
        elif option.name == "approve":
            # Publishing or promising help: the decision without an amount.
            form_class = NonMoneyApproveForm
        return form_class(data, spec=option.spec, prefix=option.name, initial=initial)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "message":
            return self._post_message()
        if action == "transition":
            return self._post_transition()
        messages.error(request, _("Onbekende actie."))
        return HttpResponseRedirect(self.get_success_url())

    def _post_transition(self):
        request = self.request
        name = request.POST.get("transition", "")
        options = {o.name: o for o in workflow.available_transitions(self.object, request.user)}
        option = options.get(name)
        if option is None:
            expected = request.POST.get(f"{name}-expected_state")
            if expected and expected != self.object.state:
                messages.error(request, str(workflow.ConcurrentChange()))
            else:
                messages.error(request, _("Deze stap is in deze status niet mogelijk."))
            return self.render_page(status=409)
        form = self._transition_form(option, data=request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("Controleer de ingevulde gegevens bij “%(step)s”.") % {"step": option.label},
            )
            return self.render_page(bound_forms={name: form}, status=400)
        try:
            workflow.perform(
                self.object,
                name,
                request.user,
                form.cleaned_data.get("note", ""),
                note_is_internal=form.cleaned_data.get("note_is_internal", False),
                expected_state=form.cleaned_data["expected_state"],
                **form.workflow_kwargs(),
            )
        except workflow.WorkflowError as error:
            for field, field_messages in error.field_errors.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
            messages.error(request, " ".join(error.messages))
            status = 409 if isinstance(error, workflow.ConcurrentChange) else 400
            return self.render_page(bound_forms={name: form}, status=status)
        messages.success(
            request,
            _("“%(step)s” is uitgevoerd. De status is nu: %(state)s.")
            % {"step": option.label, "state": self.object.get_state_display()},
        )
        return HttpResponseRedirect(self.get_success_url())

    def _post_message(self):
        request = self.request
        form = MessageForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                with form.opened_files() as files:
                    workflow.post_message(
                        self.object,
                        request.user,
                        form.cleaned_data["body"],
                        is_internal=form.cleaned_data["is_internal"],
                        files=files,
                    )
            except workflow.WorkflowError as error:
                form.keep_uploads()
                for field, field_messages in error.field_errors.items():
                    for message in field_messages:
                        form.add_error(field if field in form.fields else None, message)
                messages.error(request, " ".join(error.messages))
            else:
                form.discard_staged()
                if form.cleaned_data["is_internal"]:
                    messages.success(request, _("De interne notitie is opgeslagen."))
                else:
                    messages.success(request, _("Het bericht is verstuurd naar de aanvrager."))
                return HttpResponseRedirect(self.get_success_url() + "#dialoog")
        else:
            messages.error(request, _("Het bericht is niet geplaatst; controleer de velden."))
        return self.render_page(message_form=form, status=400)

    def render_page(self, status=200, **extra):
        context = self.get_context_data(**extra)
        return self.render_to_response(context, status=status)

    # --- context --------------------------------------------------------------------------

    def get_context_data(self, bound_forms=None, message_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        bound_forms = bound_forms or {}

        lines = list(application.budget_lines.all())
        totals = {kind: Decimal("0") for kind in BudgetLine.Kind.values}
        actual = Decimal("0")
        for line in lines:
            totals[line.kind] += line.amount
            if line.kind == BudgetLine.Kind.COST and line.actual_amount is not None:
                actual += line.actual_amount
        requested = max(
            totals[BudgetLine.Kind.COST]
            - totals[BudgetLine.Kind.OWN_CONTRIBUTION]
            - totals[BudgetLine.Kind.OTHER_FUNDING],
            Decimal("0"),
        )

        options = workflow.available_transitions(application, user)
        transitions = [
            {
                "option": option,
                "form": bound_forms.get(option.name) or self._transition_form(option),
            }
            for option in options
        ]
        scheme = application.scheme if application.is_money else None
        committed = scheme.committed_amount() if scheme else None
        report = Report.objects.filter(application=application).prefetch_related("photos").first()
        context.update(
            {
                "application": application,
                "budget_lines": lines,
                "budget_totals": {
                    "costs": totals[BudgetLine.Kind.COST],
                    "own_contribution": totals[BudgetLine.Kind.OWN_CONTRIBUTION],
                    "other_funding": totals[BudgetLine.Kind.OTHER_FUNDING],
                    "requested": requested,
                    "actual": actual,
                },
                "attachments": permissions.attachments_for(user, application).filter(
                    message__isnull=True
                ),
                "dialogue": permissions.messages_for(user, application)
                .select_related("author")
                .prefetch_related("attachments"),
                "timeline": permissions.log_entries_for(user, application),
                "transitions": transitions,
                "message_form": message_form or MessageForm(),
                "report": report,
                "scheme_committed": committed,
                "scheme_remaining": scheme.yearly_budget - committed if scheme else None,
                "is_money": application.is_money,
                "state_label": application.state_label,
                "principles": application.principles,
                "attachment_url_name": self.attachment_url_name,
                "photo_url_name": self.photo_url_name,
            }
        )
        return context
