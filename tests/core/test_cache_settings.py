"""Which caches production gets: one Redis for every host when REDIS_URL is set (the pages in
a database of their own), else each process's memory and a page-cache folder per host."""

import json
import subprocess
import sys

import pytest

from portal.settings.base import redis_database


def production_caches(tmp_path, **extra):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k3y-" + "".join(chr(97 + (i * 7) % 26) for i in range(60)),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'settings.sqlite3'}",
        **extra,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; django.setup(); from django.conf import settings; "
            "print(json.dumps({a: [c['BACKEND'].rsplit('.', 1)[1], c.get('LOCATION')] "
            "for a, c in settings.CACHES.items()}))",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout)


def test_with_redis_every_cache_is_shared(tmp_path):
    caches = production_caches(tmp_path, REDIS_URL="redis://:geheim@10.0.0.9:6379/2")
    assert caches == {
        "default": ["RedisCache", "redis://:geheim@10.0.0.9:6379/2"],
        "pages": ["RedisCache", "redis://:geheim@10.0.0.9:6379/3"],
    }


def test_without_redis_each_host_keeps_its_own(tmp_path):
    caches = production_caches(tmp_path, PAGE_CACHE_DIR=str(tmp_path / "pages"))
    assert caches == {
        "default": ["LocMemCache", "dorpskracht"],
        "pages": ["FileBasedCache", str(tmp_path / "pages")],
    }


@pytest.mark.parametrize(
    ("url", "pages"),
    [
        ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("rediss://user:pw@cache.example:6380/5", "rediss://user:pw@cache.example:6380/6"),
    ],
)
def test_the_page_cache_takes_the_next_database(url, pages):
    assert redis_database(url, 1) == pages
