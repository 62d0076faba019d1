"""The initiator's side of the dialogue: a reply, with files, on their own application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import workflow
from ..forms import MessageForm
from .applications import render_detail
from .common import own_application


@login_required
@require_POST
def application_message(request, reference):
    application = own_application(request, reference)
    form = MessageForm(request.POST, request.FILES, user=request.user)
    if form.is_valid():
        try:
            with form.opened_files() as files:
                workflow.post_message(
                    application, request.user, form.cleaned_data["body"], files=files
                )
        except workflow.InvalidInput as error:
            form.keep_uploads()
            for field, errors in error.field_errors.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            if not error.field_errors:
                form.add_error(None, str(error))
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return redirect("grants:application_detail", application.reference)
        else:
            form.discard_staged()
            messages.success(request, _("Uw bericht is verstuurd."))
            url = reverse("grants:application_detail", args=[application.reference])
            return redirect(f"{url}#gesprek")
    return render_detail(request, application, message_form=form)
