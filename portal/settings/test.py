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
# The suite's own caches stay in memory even when REDIS_URL is set: every test empties them,
# which on Redis is a FLUSHDB that parallel workers would do to each other. The Redis tests
# (tests/core/test_several_processes.py) run the portal in processes of their own against it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
if ELASTICSEARCH_URL:  # noqa: F405
    # Each run gets its own index, so parallel or repeated runs never see each other's data.
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = f"dorpskracht-test-{os.getpid()}_"  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The test database in a file, not Django's shared in-memory one: other threads (the live
    # server, the parallel-click tests) then get connections of their own and wait for SQLite's
    # lock as on a real server. Every process (each xdist worker) makes its own folder, and
    # pytest-django still adds its _gw0/_gw1 suffix.
    _db_folder = tempfile.mkdtemp(prefix="dorpskracht-test-db-")
    atexit.register(shutil.rmtree, _db_folder, ignore_errors=True)
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(_db_folder, "test.sqlite3")}  # noqa: F405
    # A throwaway file need not survive a power cut: no waiting for the disk on every commit.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF;"  # noqa: F405
