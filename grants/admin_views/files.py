"""Downloads of private files, only after asking ``grants.permissions``.

These views work for any user (officials in the admin, initiators on the public site, visitors
for showcase photos); someone who may not see a file gets a 404, never a hint it exists."""

from django.http import FileResponse, Http404

from grants import permissions
from grants.models import Attachment, ReportPhoto
from security.log import Kind as SecurityEvent
from security.log import record as security_log


def _file_response(file_field, filename, as_attachment):
    try:
        handle = file_field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


def serve_attachment(request, pk):
    attachment = Attachment.objects.select_related("application", "message").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    if not permissions.can_view_attachment(request.user, attachment):
        security_log(request, SecurityEvent.REFUSED, detail=f"bijlage {pk}")
        raise Http404
    if not permissions.is_owner(request.user, attachment.application):
        # Someone else's quote or plan leaves the portal (an official's download): logged.
        security_log(
            request,
            SecurityEvent.PERSONAL_DATA_EXPORTED,
            detail=f"bijlage {pk} van {attachment.application.reference}",
        )
    return _file_response(attachment.file, attachment.original_name, as_attachment=True)


def serve_report_photo(request, pk):
    photo = (
        ReportPhoto.objects.select_related("report", "report__application").filter(pk=pk).first()
    )
    if photo is None or not permissions.can_view_report_photo(request.user, photo):
        raise Http404
    response = _file_response(photo.image, photo.image.name.rsplit("/", 1)[-1], False)
    if not permissions.can_view_report_photo(None, photo):
        return response
    # A photo in the public showcase may be cached like any public image.
    response["Cache-Control"] = "public, max-age=3600"
    return response
