"""The download of "all my data": small accounts get the ZIP at once, larger ones have it built
in the background (``privacy.tasks.request_data_export``) and receive a link by e-mail that works for them only,
logged in, for ``PRIVACY_DOWNLOAD_DAYS`` days; then the file is removed (see ``providers``:
the retention run destroys expired downloads, and an expired link removes its file too)."""

import datetime
import tempfile
from functools import partial

from django.conf import settings
from django.core.files import File
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import archive
from .models import DataExport
from .storage import private_storage

FOLDER = "gegevens-downloads"
SPOOL_BYTES = 8 * 1024 * 1024


def direct_max_bytes():
    """Up to this size (before compression) the ZIP is made during the request."""
    return int(getattr(settings, "PRIVACY_DIRECT_DOWNLOAD_MAX_BYTES", 10 * 1024 * 1024))


def valid_days():
    return int(getattr(settings, "PRIVACY_DOWNLOAD_DAYS", 7))


def zip_name(user, moment=None):
    moment = timezone.localtime(moment)
    return f"mijn-gegevens-dorpskracht-{moment:%Y%m%d-%H%M}.zip"


def build_in_memory(collected):
    """The ZIP as a spooled temporary file, at position 0; returns (file, number of files)."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    count = archive.write_zip(collected, spool)
    spool.seek(0)
    return spool, count


def build(export_id):
    """Make the ZIP of one requested export, store it privately and e-mail the link."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return None
    try:
        collected = archive.collect(export.user)
        with tempfile.TemporaryFile() as handle:
            archive.write_zip(collected, handle)
            size = handle.tell()
            handle.seek(0)
            name = private_storage().save(f"{FOLDER}/{export.token}.zip", File(handle))
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
        raise
    now = timezone.now()
    export.file_name = name
    export.size = size
    export.status = DataExport.Status.READY
    export.ready_at = now
    export.expires_at = now + datetime.timedelta(days=valid_days())
    fields = ["file_name", "size", "status", "ready_at", "expires_at"]
    updated = DataExport.objects.filter(pk=export.pk, status=DataExport.Status.PENDING).update(
        **{field: getattr(export, field) for field in fields}
    )
    if not updated:
        # The account was deleted while the ZIP was being made: its data must not stay behind.
        private_storage().delete(name)
        return None
    send_ready_mail(export)
    return export


def send_ready_mail(export):
    user = export.user
    if not user.email:
        return 0
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "privacy:download", args=[export.token]
    )
    context = {"user": user, "link": link, "export": export, "days": valid_days()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("privacy/email/download_ready.subject.txt", context)
        text = render_to_string("privacy/email/download_ready.txt", context)
        html = render_to_string("privacy/email/download_ready.html", context)
    email = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[user.email])
    email.attach_alternative(html, "text/html")
    return email.send()


def remove_file(export):
    """The ZIP leaves storage; the row stays as "verlopen" (idempotent)."""
    if export.file_name:
        private_storage().delete(export.file_name)
    DataExport.objects.filter(pk=export.pk).update(
        status=DataExport.Status.EXPIRED, file_name="", size=0
    )


def is_expired(export, now=None):
    return export.expires_at is not None and export.expires_at <= (now or timezone.now())


def expired(now=None):
    return DataExport.objects.filter(
        status=DataExport.Status.READY, expires_at__lte=now or timezone.now()
    )


def erase_for(user):
    """Every download of this person, files included (deleting the account)."""
    exports = list(DataExport.objects.filter(user=user))
    names = [e.file_name for e in exports if e.file_name]
    DataExport.objects.filter(pk__in=[e.pk for e in exports]).delete()
    # The files only once the deletion is committed: a rolled-back erasure keeps its downloads.
    transaction.on_commit(partial(_delete_files, names))
    return len(exports), len(names)


def _delete_files(names):
    storage = private_storage()
    for name in names:
        storage.delete(name)
