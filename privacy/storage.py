"""Where the data downloads wait: private storage, never under a public URL.

The one function to ask, so moving private storage (``STORAGES["private"]``, local disk or S3)
changes nothing here."""

from django.conf import settings
from django.core.files.storage import storages
from django.utils.module_loading import import_string

PRIVATE_ALIAS = "private"


def private_storage():
    return storages[PRIVATE_ALIAS]


def storage_for(name):
    """A provider's file lives in ``name``: an alias of ``STORAGES`` or the dotted path of a
    callable that returns a storage (what a ``FileField(storage=...)`` was given)."""
    if name in settings.STORAGES:
        return storages[name]
    return import_string(name)()
