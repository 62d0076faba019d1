"""Who serves /media/ without a bucket: the portal itself (core/media.py), images only, under
production settings too. With S3_PUBLIC_BUCKET the bucket does (tests/storage/test_s3.py)."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import factory
import pytest
import requests

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    bool(settings.S3_PUBLIC_BUCKET), reason="the public bucket serves media (tests/storage)"
)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = "Dorpsplein"
    file = factory.django.ImageField(width=600, height=400, color="green")
    collection = factory.LazyFunction(Collection.get_first_root_node)


@pytest.mark.django_db
def test_a_rendition_is_served_with_caching_headers(client):
    rendition = ImageFactory().get_rendition("fill-300x200")
    assert rendition.url.startswith("/media/images/")

    response = client.get(rendition.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert response["Cache-Control"] == "public, max-age=86400"
    again = client.get(rendition.url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_documents_and_anything_outside_the_image_folders_are_not_served(client):
    document = get_document_model().objects.create(
        title="Notulen", file=ContentFile(b"%PDF-1.4 vertrouwelijk", name="notulen.pdf")
    )
    image = ImageFactory()

    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get(f"/media/{image.file.name}").status_code == 200  # original_images/
    assert client.get("/media/images/").status_code == 404
    assert client.get("/media/images/../documents/notulen.pdf").status_code == 404
    assert client.get("/media/images/nergens.png").status_code == 404
    assert client.post(f"/media/{image.file.name}").status_code == 405


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_under_production_settings_a_rendition_answers_200(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'media.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "PAGE_CACHE_DIR": str(tmp_path / "page-cache"),
        "LOG_LEVEL": "WARNING",
    }

    def manage(*args):
        return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    manage("migrate", "--noinput", "-v", "0")
    url = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files.images import ImageFile; import io, PIL.Image as P;"
        "b = io.BytesIO(); P.new('RGB', (400, 300), 'green').save(b, 'PNG');"
        "from wagtail.images.models import Image;"
        "i = Image.objects.create(title='Plein', file=ImageFile(b, name='plein.png'));"
        "print(i.get_rendition('width-200').url)",
    ).strip()
    assert url.startswith("/media/images/")

    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn"],
        cwd=REPO,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # As behind the TLS proxy the README prescribes.
                response = requests.get(
                    f"http://127.0.0.1:{port}{url}",
                    headers={"X-Forwarded-Proto": "https"},
                    timeout=10,
                    allow_redirects=False,
                )
                break
            except requests.ConnectionError:
                assert server.poll() is None, "gunicorn stopped"
                assert time.monotonic() < deadline, "gunicorn did not come up"
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
