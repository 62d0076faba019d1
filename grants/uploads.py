"""Uploads kept between two tries of a form.

A browser cannot refill a file input. When a form with a valid file has an error elsewhere, the
file is stored under ``staging/<user>/`` in private storage (``grants.storage``: shared by every
host once that is a bucket) and the form carries a signed token for it, so the initiator does not
have to choose it again. The token names the user, so nobody can claim another's staged file; it
expires after a day."""

import os
import uuid
from dataclasses import dataclass

from django.core import signing
from django.core.files import File
from django.utils.text import get_valid_filename

from .storage import private_storage, remove_older_than

SALT = "grants.staged-upload"
MAX_AGE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class StagedFile:
    token: str
    path: str
    name: str
    size: int

    def open(self):
        return File(private_storage().open(self.path, "rb"), name=self.name)

    def discard(self):
        private_storage().delete(self.path)

    def save_into(self, field_file):
        """Copy the staged file into ``field_file`` (a FileField of a new object), then drop it."""
        with self.open() as handle:
            field_file.save(_safe_name(self.name), handle, save=False)
        self.discard()


def _safe_name(name):
    base = os.path.basename(name or "")
    return get_valid_filename(base)[:100] if base.strip(" .") else "bestand"


STAGING_FOLDER = "staging"


def _prefix(user):
    return f"{STAGING_FOLDER}/{user.pk}/"


def remove_expired(folder=STAGING_FOLDER, older_than=MAX_AGE_SECONDS):
    """Delete the staged files under ``folder`` older than ``older_than`` seconds: their tokens
    have expired, nobody can claim them any more. Returns how many files went."""
    return remove_older_than(folder, older_than)


def stage(upload, user):
    """Store ``upload`` for ``user`` and return the ``StagedFile`` with its token."""
    storage = private_storage()
    # Opportunistic clean-up of this user's expired files; `clean_staged_uploads` does the rest.
    remove_expired(_prefix(user).rstrip("/"))
    upload.seek(0)
    # A random name of its own, not inside a folder per upload: one listing finds them all.
    path = storage.save(f"{_prefix(user)}{uuid.uuid4().hex}-{_safe_name(upload.name)}", upload)
    name = (upload.name or "bestand")[:255]
    size = upload.size or 0
    token = signing.dumps({"u": user.pk, "p": path, "n": name, "s": size}, salt=SALT)
    return StagedFile(token=token, path=path, name=name, size=size)


def unstage(token, user):
    """The ``StagedFile`` behind ``token`` if it belongs to ``user`` and still exists, else None."""
    if not token or not (user and user.is_authenticated):
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    path = data.get("p", "")
    if data.get("u") != user.pk or not path.startswith(_prefix(user)) or ".." in path:
        return None
    if not private_storage().exists(path):
        return None
    return StagedFile(token=token, path=path, name=data.get("n", ""), size=data.get("s", 0))
