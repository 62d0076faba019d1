"""Private file storage: attachments and report photos never sit under a public URL.

Files are served only through views that check who is asking (see ``grants.permissions``)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    # Read the location on every use, so a changed setting (tests, per-site config) applies.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def base_url(self):
        return None


def private_storage():
    """Callable storage, so migrations record the function rather than a path on one machine."""
    return PrivateStorage()
