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


# --- real commits: the browser journeys and the races between threads ---------------------


@pytest.fixture(scope="session", autouse=True)
def _migrated_data_first(request):
    """When a collected test loads the migration data back (``fresh_database``), the copy is
    taken before the session's first test: while the database is as the migrations left it,
    before a transactional test empties it. Sessions without such a test (the outage stages,
    which bring their own database) touch no test database here."""
    if any("fresh_database" in item.fixturenames for item in request.session.items):
        request.getfixturevalue("_migrated_data")


@pytest.fixture(scope="session")
def _migrated_data(django_db_setup, django_db_blocker):
    """The copy of the migration data pytest-django took when it created the test database.

    Read before the browser starts: once Playwright's loop runs in this thread, Django hands
    out other connection objects (its connection registry is context-local), which do not
    carry the copy."""
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        with django_db_blocker.unblock():
            contents = connection.creation.serialize_db_to_string()
    return contents


@pytest.fixture
def fresh_database(transactional_db, _migrated_data):
    """The database exactly as the migrations left it, whatever ran before in this process:
    every table emptied (without post_migrate) and the migration data loaded back."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(_migrated_data)
    # The copy brings its own ids: move PostgreSQL's sequences past them (SQLite needs nothing).
    models = apps.get_models(include_auto_created=True)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    # Content type ids are the original ones again; forget any learnt since.
    ContentType.objects.clear_cache()
