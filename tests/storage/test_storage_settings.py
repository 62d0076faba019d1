"""Which storage the environment picks: local folders by default, the two buckets when named.
No S3 server needed: the settings are read in a fresh process with the given environment."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHOW = """
import django, json
django.setup()
from django.conf import settings
from django.core.files.storage import storages
from grants.storage import private_storage
print(json.dumps({
    "default": type(storages["default"]).__name__,
    "private": private_storage().__class__.__name__,  # what the lazy proxy stands for
    "private_bucket": getattr(private_storage(), "bucket_name", None),
    "public_bucket": getattr(storages["default"], "bucket_name", None),
    "media_url": settings.MEDIA_URL,
    "image_url": storages["default"].url("images/plein.jpg"),
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def _settings(**env):
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed code)
        [sys.executable, "-c", SHOW],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.dev", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def test_without_buckets_media_stay_in_local_folders():
    shown = json.loads(_settings().stdout)
    assert shown["default"] == "FileSystemStorage"
    assert shown["private"] == "LocalPrivateStorage"
    assert shown["media_url"] == "/media/"


def test_named_buckets_move_public_and_private_media():
    shown = json.loads(
        _settings(
            S3_ENDPOINT_URL="http://127.0.0.1:9",
            S3_PUBLIC_BUCKET="dk-openbaar",
            S3_PRIVATE_BUCKET="dk-prive",
            S3_PUBLIC_URL="https://media.dorpskracht.example",
        ).stdout
    )
    assert shown["default"] == shown["private"] == "S3Storage"
    assert (shown["public_bucket"], shown["private_bucket"]) == ("dk-openbaar", "dk-prive")
    assert shown["media_url"] == "https://media.dorpskracht.example/"
    assert shown["image_url"] == "https://media.dorpskracht.example/images/plein.jpg"
    assert "https://media.dorpskracht.example" in shown["img_src"]


def test_one_bucket_for_public_and_private_media_is_refused():
    result = _settings(S3_PUBLIC_BUCKET="dk", S3_PRIVATE_BUCKET="dk")
    assert result.returncode != 0
    assert "S3_PRIVATE_BUCKET must be another bucket" in result.stderr
