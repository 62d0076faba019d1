"""The report ("verantwoording"): filled in bit by bit after approval, then submitted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import all_valid
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.templatetags.form_tags import field_anchor

from .. import rules, workflow
from ..forms import (
    REPORT_MAX_PHOTOS,
    ActualAmountFormSet,
    PhotoUploadFormSet,
    ReportForm,
    SavedPhotoFormSet,
)
from ..models import Report, ReportPhoto, State
from .common import own_application


def _save_report(application, report, form, amounts, saved_photos, new_photos):
    with transaction.atomic():
        report = form.save(commit=False)
        report.application = application
        report.save()
        amounts.save()
        saved_photos.save()
        for photo in saved_photos.deleted_objects:
            name, storage = photo.image.name, photo.image.storage
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        position = report.photos.count()
        for upload_form, staged in new_photos.staged_files():
            photo = ReportPhoto(
                report=report,
                alt_text=upload_form.cleaned_data["alt_text"].strip(),
                sort_order=position,
            )
            staged.save_into(photo.image)
            photo.save()
            position += 1
    return report


@login_required
def application_report(request, reference):
    application = own_application(request, reference)
    report = Report.objects.filter(application=application).first()
    if application.state != State.APPROVED:
        if application.state in (State.REPORTED, State.CLOSED):
            messages.info(request, _("Uw verantwoording is ingediend."))
        else:
            messages.info(
                request,
                _("De verantwoording vult u in zodra uw aanvraag is toegekend."),
            )
        return redirect("grants:application_detail", application.reference)

    instance = report or Report(application=application)
    lines = application.budget_lines.all()
    photos = report.photos.all() if report else ReportPhoto.objects.none()
    kwargs = {"user": request.user}
    photo_error = ""
    problems = []

    if request.method == "POST":
        action = request.POST.get("action", "save")
        form = ReportForm(request.POST, instance=instance)
        amounts = ActualAmountFormSet(request.POST, queryset=lines, prefix="actual")
        saved_photos = SavedPhotoFormSet(request.POST, queryset=photos, prefix="saved_photos")
        new_photos = PhotoUploadFormSet(
            request.POST, request.FILES, prefix="photos", form_kwargs=kwargs
        )
        valid = all_valid([form, amounts, saved_photos, new_photos])
        if valid:
            kept = len(saved_photos.forms) - len(saved_photos.deleted_forms)
            if kept + len(new_photos.staged_files()) > REPORT_MAX_PHOTOS:
                valid = False
                photo_error = _("U kunt hoogstens %(max)s foto's toevoegen.") % {
                    "max": REPORT_MAX_PHOTOS
                }
        if valid:
            report = _save_report(application, report, form, amounts, saved_photos, new_photos)
            url = reverse("grants:application_report", args=[application.reference])
            if action == "submit":
                return _submit_report(request, application, f"{url}?controle=1")
            messages.success(
                request,
                _("Uw verantwoording is bewaard. U kunt later verdergaan en hem dan indienen."),
            )
            return redirect(url)
    else:
        form = ReportForm(instance=instance)
        amounts = ActualAmountFormSet(queryset=lines, prefix="actual")
        saved_photos = SavedPhotoFormSet(queryset=photos, prefix="saved_photos")
        new_photos = PhotoUploadFormSet(prefix="photos", form_kwargs=kwargs)
        if request.GET.get("controle"):
            problems = [
                {"href": field_anchor(form[problem.field]), "text": problem.message}
                for problem in rules.report_problems(report)
            ]

    changes_note = (
        application.log_entries.filter(transition="request_report_changes", note_is_internal=False)
        .order_by("-created_at", "-pk")
        .values_list("note", flat=True)
        .first()
    )
    return render(
        request,
        "grants/report_form.html",
        {
            "application": application,
            "report": report,
            "form": form,
            "amounts": amounts,
            "saved_photos": saved_photos,
            "new_photos": new_photos,
            "photo_error": photo_error,
            "summary_extra": problems
            or ([{"href": "fotos-fout", "text": photo_error}] if photo_error else []),
            "summary_title": _("Uw verantwoording kan nog niet worden ingediend")
            if problems
            else None,
            "changes_note": changes_note,
        },
    )


def _submit_report(request, application, on_refusal):
    try:
        workflow.perform(application, "submit_report", request.user, expected_state=State.APPROVED)
    except workflow.ConditionFailed:
        messages.error(request, _("Uw verantwoording is bewaard, maar nog niet ingediend."))
        return redirect(on_refusal)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("grants:application_detail", application.reference)
    messages.success(
        request,
        _("Dank u wel! Uw verantwoording is ingediend. De gemeente bekijkt hem."),
    )
    return redirect("grants:application_detail", application.reference)
