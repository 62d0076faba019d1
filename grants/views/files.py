"""Private files, served only after asking ``grants.permissions`` who may see them."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from security.log import Kind as SecurityEvent
from security.log import record as security_log

from ..models import Attachment
from ..permissions import attachments_for, report_photos_for
from .common import visible_application

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}


def _file_response(field_file, filename, as_attachment):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if not as_attachment and content_type not in IMAGE_TYPES:
        as_attachment = True
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def attachment_download(request, reference, pk):
    application = visible_application(request, reference)
    attachment = attachments_for(request.user, application).filter(pk=pk).first()
    if attachment is None:
        if Attachment.objects.filter(pk=pk).exists():
            security_log(request, SecurityEvent.REFUSED, detail=f"bijlage {pk}")
        raise Http404
    return _file_response(attachment.file, attachment.original_name, as_attachment=True)


@login_required
def report_photo(request, reference, pk):
    application = visible_application(request, reference)
    photo = get_object_or_404(
        report_photos_for(request.user).filter(report__application=application), pk=pk
    )
    return _file_response(photo.image, photo.image.name.rsplit("/", 1)[-1], as_attachment=False)
