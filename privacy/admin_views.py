"""The privacy pages of the Wagtail admin.

- The coming list (``RetentionListView``): what the retention terms anonymise or delete now and
  within ``RETENTION["LOOKAHEAD_DAYS"]`` days, with a form per record to hold it (a reason is
  required) or release it. Officials only (permission ``privacy.manage_retention``, given to the
  "Ambtenaren" group); every hold and release is written to the security log.
- Deleting a user (``delete_user_instead``, Wagtail's ``before_delete_user`` hook): the page
  says what is deleted and what stays anonymised, until when, and the button deletes through
  ``erase_account`` instead of Wagtail's plain delete (which refused with "no access" for an
  initiator with applications: ``Application.owner`` is PROTECT)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import personal_data
from security.log import Kind, record

from . import retention
from .erasure import erase_account
from .models import RetentionHold

MANAGE_PERMISSION = "privacy.manage_retention"
REASON_MAX_LENGTH = 1000
SHOWN = 200


def may_manage_retention(user):
    return bool(user and user.is_authenticated and user.has_perm(MANAGE_PERMISSION))


class HoldForm(forms.Form):
    kind = forms.CharField(max_length=64, widget=forms.HiddenInput)
    object_id = forms.CharField(max_length=64, widget=forms.HiddenInput)
    label = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("Reden om te bewaren"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": gettext_lazy(
                "Vul een reden in: waarom moet dit gegeven langer bewaard blijven?"
            ),
            "max_length": gettext_lazy("De reden mag hoogstens %(limit_value)d tekens lang zijn."),
        },
    )


class RetentionListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "privacy/admin/retention_list.html"
    page_title = gettext_lazy("Bewaartermijnen")
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_retention(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, form=None, failed=None, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = retention.coming(today)
        due_now = [row for row in rows if row.item.due <= today]
        due_soon = [row for row in rows if row.item.due > today]
        context.update(
            rows=rows,
            # The first SHOWN of each, soonest first; the heading counts them all.
            due_now=due_now[:SHOWN],
            due_soon=due_soon[:SHOWN],
            due_now_count=len(due_now),
            due_soon_count=len(due_soon),
            failed=failed,
            form=form,
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "release":
            kind, object_id = request.POST.get("kind", ""), request.POST.get("object_id", "")
            held = RetentionHold.objects.filter(kind=kind, object_id=object_id).first()
            if held and retention.release(kind, object_id):
                record(
                    request,
                    Kind.RETENTION_RELEASE,
                    detail=f"{kind} {object_id}",
                )
                # Named: with several on the list, the official sees which one it was.
                messages.success(
                    request,
                    _("%(label)s wordt niet meer vastgehouden.")
                    % {"label": held.label or f"{kind} {object_id}"},
                )
            return redirect("privacy_retention")
        form = HoldForm(request.POST)
        if not form.is_valid():
            # Shown next to the record it was meant for, with what was typed.
            failed = (request.POST.get("kind"), request.POST.get("object_id"))
            return self.render_to_response(
                self.get_context_data(form=form, failed=failed), status=400
            )
        data = form.cleaned_data
        retention.hold(data["kind"], data["object_id"], data["reason"], request.user, data["label"])
        record(
            request,
            Kind.RETENTION_HOLD,
            detail=f"{data['kind']} {data['object_id']}: {data['reason']}",
        )
        messages.success(
            request,
            _("%(label)s wordt vastgehouden tot u het weer vrijgeeft.")
            % {"label": data["label"] or f"{data['kind']} {data['object_id']}"},
        )
        return redirect("privacy_retention")


def _holdings(user):
    return [
        holding for provider in personal_data.providers() for holding in provider.describe(user)
    ]


def delete_user_instead(request, user):
    """Wagtail's ``before_delete_user`` hook: runs after Wagtail checked that the request's
    user may delete ``user``. Replaces the confirmation page and the deletion itself."""
    if request.method == "POST":
        username = user.get_username()
        result = erase_account(user)
        record(
            request,
            Kind.ACCOUNT_ERASED,
            detail=result.log_detail(),
        )
        messages.success(
            request,
            _(
                "Het account ‘%(name)s’ is verwijderd. %(anonymised)s gegeven(s) zijn "
                "geanonimiseerd bewaard, %(deleted)s verwijderd."
            )
            % {"name": username, "anonymised": result.anonymised, "deleted": result.deleted},
        )
        return redirect(reverse("wagtailusers_users:index"))
    holdings = _holdings(user)
    kept = [h for h in holdings if h.kept]
    context = {
        "user_to_delete": user,
        "holdings": holdings,
        "kept": kept,
        "page_title": _("Account verwijderen"),
        "header_title": _("Account verwijderen"),
        "header_icon": "user",
        "index_url": reverse("wagtailusers_users:index"),
    }
    return TemplateResponse(request, "privacy/admin/delete_user.html", context)
