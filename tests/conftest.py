"""Shared fixtures. App-specific factories live in tests/<app>/factories.py."""

import uuid

from django.conf import settings as django_settings
from django.core.cache import caches
from django.utils import translation

import pytest


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Start and end every test with empty caches: Wagtail caches the site root paths (and the
    page cache holds responses) across tests, while the database is rolled back between them."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _dutch_to_begin_with():
    """Every test starts in the site's language: a request in English leaves English active in
    the thread (LocaleMiddleware does not switch back), and a later test rendering outside a
    request (the outage page) would otherwise speak it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Each test writes uploads to its own folder; nothing leaks between tests or into the repo.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    if settings.S3_PRIVATE_BUCKET:
        # The bucket outlives the test's rolled-back database: a folder of its own per test.
        private = settings.STORAGES["private"]
        options = {**private["OPTIONS"], "location": f"test-{uuid.uuid4().hex}"}
        settings.STORAGES = {**settings.STORAGES, "private": {**private, "OPTIONS": options}}
