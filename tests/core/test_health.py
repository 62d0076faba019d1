"""/healthz and /readyz as a load balancer sees them: plain HTTP to the host's own address,
no cookie, never cached; a part that does not answer (a real closed port) is named."""

import json
import socket

import pytest

from core import caching


def closed_port():
    """A port nothing listens on: bound once by us, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def body(response):
    return json.loads(response.content)


def assert_probe_response(response):
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies, "a probe gets no session or CSRF cookie"
    assert "X-Page-Cache" not in response


@pytest.fixture
def behind_tls(settings):
    """Production's HTTPS redirect and a real host list: a probe still gets its answer."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["dorpskracht.example"]
    settings.PAGE_CACHE_SECONDS = 300


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(
    client, behind_tls, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert body(response) == {"status": "ok"}
    assert_probe_response(response)


@pytest.mark.django_db
def test_readyz_reports_every_part_and_is_never_cached(client, behind_tls):
    first = client.get("/readyz", HTTP_HOST="10.0.0.5:8000")
    assert first.status_code == 200
    assert_probe_response(first)
    answer = body(first)
    assert answer["status"] == "ok"
    assert set(answer["checks"]) == {
        "database:default",
        "cache:default",
        "cache:pages",
        "storage:default",
        "storage:private",
    }
    assert all(check["ok"] for check in answer["checks"].values())
    assert answer["search"]["ok"] is True
    # The probe left nothing behind in the page cache or the default cache.
    second = client.get("/readyz", HTTP_HOST="10.0.0.5:8000")
    assert second.status_code == 200
    assert "X-Page-Cache" not in second
    assert caching.page_cache().get(caching.VERSION_KEY) is None


def _redis_at_closed_port():
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


@pytest.mark.django_db
def test_an_unreachable_redis_makes_the_host_unready(client, settings):
    settings.CACHES = {**settings.CACHES, "default": _redis_at_closed_port()}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert_probe_response(response)
    answer = body(response)
    assert answer["status"] == "unavailable"
    assert answer["failing"] == ["cache:default"]
    assert answer["checks"]["cache:default"]["error"] == "ConnectionError"
    assert answer["checks"]["database:default"]["ok"] is True
    # /healthz still says the process lives: restarting it would not bring Redis back.
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_page_cache_folder_that_cannot_be_written_makes_the_host_unready(
    client, settings, tmp_path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(blocker / "page-cache"),
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert body(response)["failing"] == ["cache:pages"]


@pytest.mark.django_db
def test_an_unreachable_object_store_makes_the_host_unready(client, settings):
    pytest.importorskip("storages.backends.s3")
    from botocore.config import Config

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "dorpskracht-media",
                "endpoint_url": f"http://127.0.0.1:{closed_port()}",
                "access_key": "probe",
                "secret_key": "probe-secret",  # noqa: S106
                "region_name": "us-east-1",
                "client_config": Config(connect_timeout=1, retries={"max_attempts": 0}),
            },
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    answer = body(response)
    assert answer["failing"] == ["storage:default"]
    assert answer["checks"]["storage:private"]["ok"] is True


@pytest.mark.django_db
def test_an_unreachable_search_engine_is_reported_but_not_fatal(client, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.ElasticsearchSearchBackend",
            "URLS": [f"http://127.0.0.1:{closed_port()}"],
            "INDEX_PREFIX": "dorpskracht-readyz_",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 200
    answer = body(response)
    assert answer["status"] == "ok"
    assert answer["search"]["ok"] is False
    assert answer["search"]["backend"] == "ElasticsearchSearchBackend"
