"""Private file storage: attachments, report photos, kept uploads and import previews never sit
under a public URL.

One setting moves all of it: ``STORAGES["private"]`` (a folder on this host by default, the
private S3 bucket when ``S3_PRIVATE_BUCKET`` is set, see the settings). Files are served only
through views that check who is asking (``grants.permissions``), which read them with
``storage.open()`` and stream them: the storage's URL is never handed out, not even a signed one.
Why proxied and not a signed-URL redirect: the permission check then holds on every request (a
signed URL works for anyone who has it until it expires, and lands in browser history, logs and
``Referer`` headers), our headers stay on the response (``no-store``, ``nosniff``, the sandboxing
CSP, the original file name), every refusal reaches the security log, and the bucket need not be
reachable from the internet at all. The price, bytes passing through gunicorn, is small: uploads
are at most a few MB."""

import datetime
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import LazyObject, empty


class LocalPrivateStorage(FileSystemStorage):
    """``PRIVATE_MEDIA_ROOT`` on this host, outside ``MEDIA_ROOT``, with no URL at all."""

    def __init__(self, **kwargs):
        # Readable by the portal's user only: nothing else on the host needs these files.
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

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


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used rather than when a model is defined."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    # As Django does for default_storage: a test that changes STORAGES gets the new backend.
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """Callable storage for the models' file fields, so migrations record this function rather
    than a backend or a path on one machine."""
    return _private


def remove_older_than(folder, seconds):
    """Delete the files under ``folder`` (in private storage, subfolders included) last written
    more than ``seconds`` ago, and the subfolders left empty on disk. Through the storage API
    only, so it cleans a bucket shared by every host as well as a local folder. Returns how many
    files went. For staged uploads and import previews, whose tokens expired."""
    storage = private_storage()
    limit = timezone.now() - datetime.timedelta(seconds=seconds)
    return _remove_older(storage, folder, limit, top=True)


def _remove_older(storage, folder, limit, top=False):
    try:
        folders, files = storage.listdir(folder)
    except OSError:  # no such folder (yet)
        return 0
    removed = 0
    for name in files:
        path = f"{folder}/{name}"
        try:
            if storage.get_modified_time(path) < limit:
                storage.delete(path)
                removed += 1
        except OSError:
            pass  # another process got there first
    for name in folders:
        removed += _remove_older(storage, f"{folder}/{name}", limit)
    # Only a disk has folders to leave behind (a bucket has keys, no folders).
    if not top and isinstance(storage, FileSystemStorage):
        try:
            os.rmdir(storage.path(folder))
        except OSError:
            pass  # not empty, or gone already
    return removed
