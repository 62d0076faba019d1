"""Mijn gegevens: what is stored about the logged-in person, the download of all of it, and
deleting the account. Everything here is about ``request.user`` only; a download link of
someone else answers 404 (and is logged)."""

import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import personal_data
from security.log import Kind, record

from . import archive, downloads, tasks
from .forms import DeleteAccountForm
from .models import DataExport
from .permissions import may_delete_own_account

logger = logging.getLogger(__name__)


def holdings_of(user):
    """Every provider's holdings, those with nothing stored left out."""
    holdings = []
    for provider in personal_data.providers():
        holdings.extend(h for h in provider.describe(user) if h.count)
    return holdings


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
def my_data(request):
    user = request.user
    context = {
        "holdings": holdings_of(user),
        "exports": DataExport.objects.filter(user=user).exclude(status=DataExport.Status.EXPIRED),
        "days": downloads.valid_days(),
        "may_delete": may_delete_own_account(user),
    }
    return render(request, "privacy/my_data.html", context)


@login_required
@require_POST
def download_request(request):
    """Small accounts get the ZIP in this response; larger ones by e-mail (``downloads``)."""
    collected = archive.collect(request.user)
    if collected.size_estimate() <= downloads.direct_max_bytes():
        spool, count = downloads.build_in_memory(collected)
        filename = downloads.zip_name(request.user)
        record(
            request,
            Kind.PERSONAL_DATA_EXPORTED,
            detail=_("eigen gegevens: %(file)s, %(count)s bestanden, direct")
            % {"file": filename, "count": count},
        )
        response = FileResponse(
            spool, as_attachment=True, filename=filename, content_type="application/zip"
        )
        return _private(response)
    tasks.request_data_export(request.user)
    messages.success(
        request,
        _(
            "Uw gegevens worden verzameld. U krijgt een e-mail met een link naar de download "
            "zodra die klaar is. De link werkt %(days)s dagen en alleen als u bent ingelogd."
        )
        % {"days": downloads.valid_days()},
    )
    return redirect("privacy:my_data")


@never_cache
@login_required
def download(request, token):
    export = DataExport.objects.filter(token=token).first()
    if export is None or export.user_id != request.user.pk:
        if export is not None:
            record(request, Kind.REFUSED, detail=_("download eigen gegevens van een ander"))
        raise Http404
    if export.status == DataExport.Status.READY and downloads.is_expired(export):
        downloads.remove_file(export)
        export.status = DataExport.Status.EXPIRED
    if export.status != DataExport.Status.READY:
        return render(request, "privacy/download_unavailable.html", {"export": export}, status=410)
    try:
        handle = downloads.private_storage().open(export.file_name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    filename = downloads.zip_name(request.user, export.ready_at)
    record(
        request,
        Kind.PERSONAL_DATA_EXPORTED,
        detail=_("eigen gegevens: %(file)s (download %(id)s, via e-mail)")
        % {"file": filename, "id": export.pk},
    )
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/zip"
    )
    return _private(response)


@never_cache
@login_required
def delete_account(request):
    user = request.user
    if not may_delete_own_account(user):
        return render(request, "privacy/delete_refused.html", status=403)
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        from .erasure import erase_account

        holdings = holdings_of(user)
        email = user.email
        try:
            result = erase_account(user)
        except ProtectedError:
            # An app still holds on to the account: nothing was changed (one transaction).
            logger.exception("erase_account refused for user %s", user.pk)
            messages.error(
                request,
                _(
                    "Uw account kon niet worden verwijderd door een fout bij ons. Er is niets "
                    "gewist. Probeer het later opnieuw of neem contact op met de gemeente."
                ),
            )
            return redirect("privacy:delete_account")
        logout(request)
        record(
            request,
            Kind.ACCOUNT_ERASED,
            detail=_("door de persoon zelf: %(deleted)s verwijderd, %(anonymised)s geanonimiseerd")
            % {"deleted": result.deleted, "anonymised": result.anonymised},
        )
        # After the logout (a fresh session): what the confirmation page repeats, once. The
        # session lives ten minutes, so the address does not linger if the page is never seen
        # (run_daily's clearsessions then removes the row).
        request.session.set_expiry(600)
        request.session["privacy_deleted"] = {
            "email": email,
            "kept": [
                {"label": h.label, "what": h.on_delete} for h in holdings if h.kept or h.kept_until
            ],
        }
        return redirect("privacy:account_deleted")
    context = {
        "form": form,
        "holdings": holdings_of(user),
    }
    return render(request, "privacy/delete_account.html", context)


@never_cache
def account_deleted(request):
    summary = request.session.pop("privacy_deleted", None)
    if summary is None:
        return redirect("/")
    return render(request, "privacy/account_deleted.html", {"summary": summary})
