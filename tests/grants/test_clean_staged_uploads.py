"""Kept uploads nobody came back for are removed; fresh ones, still claimable, stay. In private
storage, whichever it is: a folder on this host or the private bucket."""

import io
import os
import time

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

import pytest

from grants.storage import private_storage
from grants.uploads import stage, unstage
from tests.factories import UserFactory
from tests.grants.initiator_support import pdf
from tests.storage_support import files_in

pytestmark = pytest.mark.django_db


def _age(name, hours):
    storage = private_storage()
    if not isinstance(storage, FileSystemStorage):
        pytest.skip("sets a file's time on disk; the real-clock test below covers a bucket")
    then = time.time() - hours * 3600
    os.utime(storage.path(name), (then, then))


def _files():
    return files_in(private_storage())


def _save(name, data):
    return private_storage().save(name, ContentFile(data))


def test_old_kept_uploads_and_import_previews_go_fresh_ones_stay():
    user = UserFactory()
    old = stage(pdf("oud.pdf"), user)
    fresh = stage(pdf("nieuw.pdf"), user)
    _age(old.path, hours=25)
    _save("import-staging/oud.upload", b"x")
    _save("import-staging/nieuw.upload", b"y")
    _age("import-staging/oud.upload", hours=30)

    out = io.StringIO()
    call_command("clean_staged_uploads", stdout=out)

    assert "Klaar: 2 bestand(en) verwijderd." in out.getvalue()
    assert _files() == sorted([fresh.path, "import-staging/nieuw.upload"])
    assert unstage(fresh.token, user) is not None


def test_a_new_upload_cleans_the_users_own_expired_files():
    user, other = UserFactory(), UserFactory()
    mine = stage(pdf("van-mij.pdf"), user)
    theirs = stage(pdf("van-een-ander.pdf"), other)
    for staged in (mine, theirs):
        _age(staged.path, hours=25)

    new = stage(pdf("nog-een.pdf"), user)

    assert _files() == sorted([theirs.path, new.path])


def test_an_emptied_folder_does_not_stay_behind_on_disk():
    user = UserFactory()
    staged = stage(pdf("oud.pdf"), user)
    _age(staged.path, hours=25)

    call_command("clean_staged_uploads", stdout=io.StringIO())

    assert not os.path.exists(private_storage().path(f"staging/{user.pk}"))


def test_the_clean_up_goes_by_the_storages_own_clock():
    # No file times set by hand: what a bucket reports (whole seconds) must do.
    user = UserFactory()
    old = stage(pdf("oud.pdf"), user)
    _save("import-staging/oud.upload", b"x")
    time.sleep(3.2)
    fresh = stage(pdf("nieuw.pdf"), user)
    _save("import-staging/nieuw.upload", b"y")

    out = io.StringIO()
    call_command("clean_staged_uploads", "--older-than-hours", str(2 / 3600), stdout=out)

    assert "Klaar: 2 bestand(en) verwijderd." in out.getvalue()
    assert _files() == sorted([fresh.path, "import-staging/nieuw.upload"])
    assert unstage(old.token, user) is None
    assert unstage(fresh.token, user) is not None


def test_nothing_to_clean_on_a_fresh_install():
    out = io.StringIO()
    call_command("clean_staged_uploads", stdout=out)
    assert "Klaar: 0 bestand(en) verwijderd." in out.getvalue()
