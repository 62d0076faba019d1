"""Tests: fast hashing, plain static storage, mail in memory, tasks inline.

DATABASE_URL and ELASTICSEARCH_URL still apply, so the same suite runs on SQLite, PostgreSQL
and a real Elasticsearch node."""

import atexit
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import os

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="dorpskracht-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="dorpskracht-test-private-")
# An existing (empty) folder, so whitenoise has no missing STATIC_ROOT to warn about; the test
# client and the live server find static files through the finders.
STATIC_ROOT = tempfile.mkdtemp(prefix="dorpskracht-test-static-")
for _folder in (MEDIA_ROOT, PRIVATE_MEDIA_ROOT, STATIC_ROOT):
    atexit.register(shutil.rmtree, _folder, ignore_errors=True)
WAGTAILADMIN_BASE_URL = "http://testserver"
if ELASTICSEARCH_URL:  # noqa: F405
    # Each run gets its own index, so parallel or repeated runs never see each other's data.
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = f"dorpskracht-test-{os.getpid()}_"  # noqa: F405
