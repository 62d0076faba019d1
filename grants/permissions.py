"""Who may see what, in one place. Every view asks here, at the queryset level.

- Anonymous visitors: only the public showcase (``Application.objects.public()``) and the photos
  of reports in it.
- Initiators: their own applications, their messages without the officials' internal notes,
  their timeline with internal notes blanked, their attachments (not those on internal notes).
- Editors (communications): pages and snippets; nothing of applications.
- Officials (group "Ambtenaren", permission ``grants.handle_application``): everything.
"""

from django.db.models import Q

from .models import Application, Attachment, Message, ReportPhoto, TransitionLog
from .models.application import OFFICIAL_PERMISSION, is_official, is_owner

__all__ = [
    "OFFICIALS_GROUP",
    "OFFICIAL_PERMISSION",
    "applications_for",
    "attachments_for",
    "can_view_application",
    "can_view_attachment",
    "can_view_report_photo",
    "is_official",
    "is_owner",
    "log_entries_for",
    "messages_for",
    "report_photos_for",
]

OFFICIALS_GROUP = "Ambtenaren"


def applications_for(user):
    """Applications ``user`` may open: officials all, initiators their own, others none."""
    return Application.objects.visible_to(user)


def can_view_application(user, application):
    return is_official(user) or is_owner(user, application)


def messages_for(user, application=None):
    """Dialogue messages ``user`` may read; internal notes only for officials."""
    queryset = Message.objects.all()
    if application is not None:
        queryset = queryset.filter(application=application)
    if is_official(user):
        return queryset
    if user and user.is_authenticated:
        return queryset.filter(application__owner=user, is_internal=False)
    return queryset.none()


def log_entries_for(user, application=None):
    """Timeline entries ``user`` may read, annotated with ``shown_note``.

    Initiators see every step of their own applications, but an internal note is blanked in
    ``shown_note``; templates show ``entry.shown_note``, never ``entry.note``."""
    queryset = TransitionLog.objects.select_related("actor")
    if application is not None:
        queryset = queryset.filter(application=application)
    if is_official(user):
        return queryset.with_shown_note(include_internal=True)
    if user and user.is_authenticated:
        return queryset.filter(application__owner=user).with_shown_note(include_internal=False)
    return queryset.none().with_shown_note(include_internal=False)


def attachments_for(user, application=None):
    """Attachments ``user`` may download; those on internal notes only for officials."""
    queryset = Attachment.objects.all()
    if application is not None:
        queryset = queryset.filter(application=application)
    if is_official(user):
        return queryset
    if user and user.is_authenticated:
        return queryset.filter(application__owner=user).filter(
            Q(message__isnull=True) | Q(message__is_internal=False)
        )
    return queryset.none()


def can_view_attachment(user, attachment):
    if is_official(user):
        return True
    if not is_owner(user, attachment.application):
        return False
    return attachment.message_id is None or not attachment.message.is_internal


def report_photos_for(user):
    """Report photos ``user`` may see: officials all, initiators their own, everybody the
    photos of a submitted report of an application in the public showcase."""
    queryset = ReportPhoto.objects.all()
    if is_official(user):
        return queryset
    public = Q(
        report__application__in=Application.objects.public(),
        report__submitted_at__isnull=False,
    )
    if user and user.is_authenticated:
        return queryset.filter(public | Q(report__application__owner=user))
    return queryset.filter(public)


def can_view_report_photo(user, photo):
    application = photo.report.application
    if is_official(user) or is_owner(user, application):
        return True
    return (
        photo.report.submitted_at is not None
        and Application.objects.public().filter(pk=application.pk).exists()
    )
