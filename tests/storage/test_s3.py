"""Media in S3-compatible buckets, against a real S3 server (moto's, from .ci/s3.sh):

    eval "$(bash .ci/s3.sh start)" && .venv/bin/pytest tests/storage

Private files sit in the private bucket, which answers nobody without the keys, and come out only
through the portal's views after the permission check; what one host staged, another host (with
an empty folder of its own) finds; Wagtail's images are served by the public bucket. Skipped when
S3_ENDPOINT_URL is not set."""

import io
import os
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
import requests
from PIL import Image as PILImage

from grants import workflow
from grants.models import Application, Attachment
from grants.storage import private_storage
from tests.factories import EditorFactory, UserFactory
from tests.grants.factories import (
    CategoryFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
    application_in_state,
)
from tests.grants.initiator_support import PDF_BYTES, application_data, apply_in_steps, pdf
from tests.grants.spreadsheet_files import make_row, xlsx_bytes
from tests.storage_support import files_in

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("S3_ENDPOINT_URL"),
        reason='needs an S3 server: eval "$(bash .ci/s3.sh start)"',
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def s3():
    import boto3

    assert settings.S3_PUBLIC_BUCKET, "S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET come with the server"
    assert settings.S3_PRIVATE_BUCKET
    return boto3.client(
        "s3",
        endpoint_url=settings.S3_ENDPOINT_URL,
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
        region_name=os.environ["S3_REGION"],
    )


def _keys(s3, bucket, prefix=""):
    listing = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for item in listing.get("Contents", [])]


def _private_key(name):
    return f"{settings.STORAGES['private']['OPTIONS']['location']}/{name}"


def _other_host(settings, tmp_path):
    """From here on the test is host B: another, empty folder of its own on local disk."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "host-b-private"
    settings.MEDIA_ROOT = tmp_path / "host-b-media"


# --- private files -----------------------------------------------------------------------------


@pytest.fixture
def uploaded(client):
    """An attachment an initiator uploaded with a new application, through the form."""
    owner = UserFactory()
    client.force_login(owner)
    choices = FundingSchemeFactory(), VillageFactory(), CategoryFactory()
    data = application_data(*choices, **{"attachments-0-file": pdf("Offerte speeltoestel.pdf")})
    response, _reference = apply_in_steps(client, data)
    assert response.status_code == 302
    client.logout()
    return Attachment.objects.get()


def test_an_attachment_is_stored_in_the_private_bucket_only(s3, uploaded):
    key = _private_key(uploaded.file.name)

    assert key in _keys(s3, settings.S3_PRIVATE_BUCKET)
    assert s3.get_object(Bucket=settings.S3_PRIVATE_BUCKET, Key=key)["Body"].read() == PDF_BYTES
    assert not [k for k in _keys(s3, settings.S3_PUBLIC_BUCKET) if uploaded.file.name in k]


def test_nobody_reads_an_attachment_from_the_buckets_directly(uploaded):
    # Reads only: moto answers an anonymous listing of any bucket (real S3 refuses it without a
    # policy that grants s3:ListBucket), so listing is not something this server can show.
    key = _private_key(uploaded.file.name)
    endpoint = settings.S3_ENDPOINT_URL.rstrip("/")
    for url in (
        f"{endpoint}/{settings.S3_PRIVATE_BUCKET}/{key}",
        f"{settings.S3_PUBLIC_URL}/{key}",
        f"{settings.S3_PUBLIC_URL}/{uploaded.file.name}",
    ):
        response = requests.get(url, timeout=10)
        assert response.status_code in (403, 404), url
        assert PDF_BYTES not in response.content


def _downloads(attachment):
    return (
        reverse(
            "grants:attachment_download", args=[attachment.application.reference, attachment.pk]
        ),
        reverse("grants_application:attachment", args=[attachment.pk]),
    )


def test_the_owner_and_an_official_download_it_through_the_portal(client, uploaded):
    public_url, admin_url = _downloads(uploaded)

    client.force_login(uploaded.application.owner)
    response = client.get(public_url)
    assert response.status_code == 200  # streamed by the portal, no redirect to the bucket
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Cache-Control"] == "private, no-store"
    assert "Offerte speeltoestel.pdf" in response["Content-Disposition"]

    client.force_login(OfficialFactory())
    response = client.get(admin_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize("role", ["other_initiator", "editor", "anonymous"])
def test_anyone_else_gets_no_byte_of_it(client, uploaded, role):
    if role == "other_initiator":
        client.force_login(UserFactory())
    elif role == "editor":
        client.force_login(EditorFactory())

    for url in _downloads(uploaded):
        response = client.get(url)
        if response.status_code == 302:  # to a login page: the admin's, or anonymous
            assert "/login/" in response["Location"]
            assert role == "anonymous" or url.startswith("/admin/")
        else:
            assert response.status_code == 404, url
        assert not response.streaming
        assert PDF_BYTES not in response.content


# --- what one host staged, another finds -------------------------------------------------------


def test_a_file_kept_across_a_form_error_on_host_a_is_sent_on_host_b(client, settings, tmp_path):
    application = application_in_state("in_dialogue")
    workflow.post_message(application, OfficialFactory(), "Kunt u een offerte sturen?")
    client.force_login(application.owner)
    url = reverse("grants:application_message", args=[application.reference])

    first = client.post(url, {"message-body": "", "message-files": [pdf("offerte-hout.pdf")]})
    html = first.content.decode()
    assert "Schrijf een bericht." in html
    token = html.split('name="message-staged" value="', 1)[1].split('"', 1)[0]
    assert len(files_in(private_storage(), "staging")) == 1

    _other_host(settings, tmp_path)
    second = client.post(url, {"message-body": "Hierbij.", "message-staged": token})

    assert second.status_code == 302
    attachment = Attachment.objects.get(message__body="Hierbij.")
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    assert files_in(private_storage(), "staging") == []
    assert not (tmp_path / "host-b-private").exists()  # nothing on host B's disk


def test_an_import_preview_made_on_host_a_is_confirmed_on_host_b(client, settings, tmp_path):
    scheme = FundingSchemeFactory(name="Dorpsinitiatieven", yearly_budget=Decimal("50000"))
    village = VillageFactory(name="Oosterwolde", slug="oosterwolde")
    category = CategoryFactory(name="Sport en spel", slug="sport-en-spel")
    client.force_login(OfficialFactory())
    upload_url = "/admin/gegevens/importeren/"
    data = xlsx_bytes([make_row(scheme, village, category)])

    response = client.post(upload_url, {"file": SimpleUploadedFile("historie.xlsx", data)})
    assert response.status_code == 302
    preview_url = response["Location"]
    assert len(files_in(private_storage(), "import-staging")) == 1

    _other_host(settings, tmp_path)
    assert "Import bevestigen" in client.get(preview_url).content.decode()
    confirmed = client.post(preview_url)

    assert confirmed.status_code == 302
    assert Application.objects.get().reference == "OUD-2024-001"
    assert files_in(private_storage(), "import-staging") == []


def test_the_clean_up_empties_the_bucket_of_what_nobody_came_back_for():
    user = UserFactory()
    storage = private_storage()
    storage.save(f"staging/{user.pk}/oud.pdf", ContentFile(PDF_BYTES))
    storage.save("import-staging/oud.upload", ContentFile(b"x"))

    from grants import importing
    from grants.uploads import remove_expired

    assert remove_expired(older_than=-60) == 1  # "older than a minute from now": everything
    assert importing.remove_expired(older_than=-60) == 1
    assert files_in(storage) == []


# --- public media -----------------------------------------------------------------------------


def _jpeg():
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), "green").save(buffer, "JPEG")
    return buffer.getvalue()


def test_an_image_uploaded_in_wagtail_is_served_by_the_public_bucket(client, s3):
    client.force_login(EditorFactory())
    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Dorpsplein", "file": SimpleUploadedFile("dorpsplein.jpg", _jpeg())},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Dorpsplein")
    assert image.file.name in _keys(s3, settings.S3_PUBLIC_BUCKET, "original_images/")

    rendition = image.get_rendition("fill-300x200")
    assert rendition.url.startswith(f"{settings.S3_PUBLIC_URL}/images/")
    served = requests.get(rendition.url, timeout=10)  # anonymously, as a visitor's browser
    assert served.status_code == 200
    assert served.content.startswith(b"\xff\xd8")
    with PILImage.open(io.BytesIO(served.content)) as picture:
        assert picture.size == (300, 200)


def test_pages_allow_images_from_the_bucket(client):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert settings.S3_PUBLIC_URL.split("/")[2] in img_src


def test_a_document_is_not_public_in_the_bucket_but_served_by_wagtails_view(client, s3):
    document = get_document_model().objects.create(
        title="Jaarverslag", file=ContentFile(b"%PDF-1.4 jaarverslag", name="jaarverslag.pdf")
    )
    assert document.file.name in _keys(s3, settings.S3_PUBLIC_BUCKET, "documents/")

    direct = requests.get(f"{settings.S3_PUBLIC_URL}/{document.file.name}", timeout=10)
    assert direct.status_code == 403

    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 jaarverslag"
