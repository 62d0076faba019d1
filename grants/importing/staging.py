"""Carrying the file from the preview to the confirmation.

The uploaded bytes wait in django-import-export's storage-backed temporary storage
(``MediaStorage``), pointed at the private storage (``grants.storage``: ``PRIVATE_MEDIA_ROOT``
or the private bucket, never public media), so a preview made on one host is confirmed on any. A signed token names the file's random key,
the official who uploaded it and its SHA-256: only that official gets it back, and only
unchanged. ``remove_expired`` (``clean_staged_uploads``, and every new upload) deletes what
nobody came back for."""

import hashlib
import re
import uuid
from pathlib import PurePath

from django.core import signing
from django.utils.translation import gettext as _

from import_export.tmp_storages import MediaStorage

from ..storage import private_storage, remove_older_than
from .results import ImportFileError

STAGING_FOLDER = "import-staging"
STAGING_MAX_AGE = 2 * 60 * 60  # seconds between upload and confirmation
SUFFIX = ".upload"
_SALT = "grants.importing.staged"
_KEY = re.compile(r"[0-9a-f]{32}")


class PrivateStaging(MediaStorage):
    """``MediaStorage`` in the private storage, readable and writable by the portal only."""

    def __init__(self, key):
        super().__init__(name=f"{key}{SUFFIX}", MEDIA_FOLDER=STAGING_FOLDER)

    def _configure_storage(self):
        self._storage = private_storage()


def stage(data, filename, user):
    """Keep ``data`` privately until the official confirms; returns the signed token."""
    remove_expired(STAGING_MAX_AGE)
    key = uuid.uuid4().hex
    PrivateStaging(key).save(data)
    return signing.dumps(
        {
            "k": key,
            "n": PurePath(filename).name[:150],
            "u": user.pk,
            "h": hashlib.sha256(data).hexdigest(),
        },
        salt=_SALT,
        compress=True,
    )


def _unknown():
    return ImportFileError(_("Dit importbestand is niet (meer) bekend; upload het opnieuw."))


def _unsign(token):
    try:
        payload = signing.loads(token or "", salt=_SALT, max_age=STAGING_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ImportFileError(_("Deze controle is verlopen; upload het bestand opnieuw.")) from exc
    except signing.BadSignature as exc:
        raise _unknown() from exc
    if not isinstance(payload, dict) or not _KEY.fullmatch(str(payload.get("k"))):
        raise _unknown()
    return payload


def load_staged(token, user):
    """``(data, filename)`` of a staged file, only for the official who uploaded it."""
    payload = _unsign(token)
    if payload.get("u") != user.pk:
        raise ImportFileError(_("Dit importbestand is door iemand anders geüpload."))
    try:
        data = PrivateStaging(payload["k"]).read()
    except OSError as exc:
        raise _unknown() from exc
    if hashlib.sha256(data).hexdigest() != payload.get("h"):
        raise ImportFileError(_("Dit importbestand is veranderd; upload het opnieuw."))
    return data, payload["n"]


def staged_key(token):
    """The random name of a staged file (safe to put in a URL: it reveals nothing)."""
    return _unsign(token)["k"]


def discard_staged(token):
    try:
        payload = _unsign(token)
    except ImportFileError:
        return
    try:
        PrivateStaging(payload["k"]).remove()
    except OSError:
        pass


def remove_expired(older_than):
    """Delete staged files last written more than ``older_than`` seconds ago (their tokens
    have expired); returns how many went."""
    return remove_older_than(STAGING_FOLDER, older_than)
