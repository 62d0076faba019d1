"""Kept uploads nobody came back for are removed; fresh ones, still claimable, stay."""

import io
import os
import time
from pathlib import Path

from django.core.management import call_command

import pytest

from grants.uploads import stage, unstage
from tests.factories import UserFactory
from tests.grants.initiator_support import pdf

pytestmark = pytest.mark.django_db


def _age(path, hours):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def _files(settings):
    return sorted(
        p.relative_to(settings.PRIVATE_MEDIA_ROOT).as_posix()
        for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*")
        if p.is_file()
    )


def test_old_kept_uploads_and_import_previews_go_fresh_ones_stay(settings):
    user = UserFactory()
    old = stage(pdf("oud.pdf"), user)
    fresh = stage(pdf("nieuw.pdf"), user)
    _age(Path(settings.PRIVATE_MEDIA_ROOT) / old.path, hours=25)
    imports = Path(settings.PRIVATE_MEDIA_ROOT) / "import-staging"
    imports.mkdir()
    (imports / "oud.upload").write_bytes(b"x")
    (imports / "nieuw.upload").write_bytes(b"y")
    _age(imports / "oud.upload", hours=30)

    out = io.StringIO()
    call_command("clean_staged_uploads", stdout=out)

    assert "Klaar: 2 bestand(en) verwijderd." in out.getvalue()
    assert _files(settings) == sorted([fresh.path, "import-staging/nieuw.upload"])
    assert unstage(fresh.token, user) is not None
    # The emptied per-upload folder went too; only the fresh upload's folder is left.
    assert len(list((Path(settings.PRIVATE_MEDIA_ROOT) / "staging" / str(user.pk)).iterdir())) == 1


def test_a_new_upload_cleans_the_users_own_expired_files(settings):
    user, other = UserFactory(), UserFactory()
    mine = stage(pdf("van-mij.pdf"), user)
    theirs = stage(pdf("van-een-ander.pdf"), other)
    for staged in (mine, theirs):
        _age(Path(settings.PRIVATE_MEDIA_ROOT) / staged.path, hours=25)

    new = stage(pdf("nog-een.pdf"), user)

    assert _files(settings) == sorted([theirs.path, new.path])


def test_nothing_to_clean_on_a_fresh_install(settings):
    out = io.StringIO()
    call_command("clean_staged_uploads", stdout=out)
    assert "Klaar: 0 bestand(en) verwijderd." in out.getvalue()
