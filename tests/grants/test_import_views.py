"""The import in the Wagtail admin: upload, dry-run preview, confirm — for officials only."""

from decimal import Decimal

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from grants import importing
from grants.admin_views.import_export import SESSION_KEY
from grants.models import Application, FundingScheme
from grants.storage import private_storage
from tests.factories import EditorFactory
from tests.grants.factories import (
    CategoryFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
)
from tests.grants.spreadsheet_files import make_row, xlsx_bytes
from tests.storage_support import files_in

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/gegevens/importeren/"


@pytest.fixture
def scheme():
    return FundingSchemeFactory(name="Dorpsinitiatieven", yearly_budget=Decimal("50000"))


@pytest.fixture
def row(scheme):
    village = VillageFactory(name="Oosterwolde", slug="oosterwolde")
    category = CategoryFactory(name="Sport en spel", slug="sport-en-spel")

    def build(**values):
        return make_row(scheme, village, category, **values)

    return build


@pytest.fixture
def official_client(client):
    client.force_login(OfficialFactory())
    return client


def upload(client, data, name="historie.xlsx"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, data)})


def staged_files(settings):
    return files_in(private_storage(), importing.STAGING_FOLDER)


def media_files(settings):
    return files_in(default_storage)


def test_the_upload_page_explains_the_file_and_has_a_labelled_field(official_client):
    response = official_client.get(UPLOAD_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<label" in html
    assert 'for="import_file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "Kenmerk" in html
    assert "Gevraagd bedrag" in html
    assert "Bestand controleren" in html


def test_upload_preview_confirm_saves_only_after_confirmation(official_client, row, settings):
    public_before = media_files(settings)
    response = upload(official_client, xlsx_bytes([row()]))

    assert response.status_code == 302
    preview_url = response["Location"]
    assert preview_url.startswith(UPLOAD_URL)
    # The file waits in the private staging folder, never in public media.
    assert len(staged_files(settings)) == 1
    assert media_files(settings) == public_before
    assert not Application.objects.exists()

    preview = official_client.get(preview_url)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "OUD-2024-001" in html
    assert "Nieuw" in html
    assert "Import bevestigen" in html
    assert not Application.objects.exists()  # the dry run saved nothing

    confirmed = official_client.post(preview_url)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("grants_application:index")
    application = Application.objects.get()
    assert application.reference == "OUD-2024-001"
    assert staged_files(settings) == []
    assert preview_url.rsplit("/", 2)[-2] not in official_client.session[SESSION_KEY]
    listing = official_client.get(confirmed["Location"])
    assert "is geïmporteerd" in listing.content.decode()


def test_the_preview_lists_every_error_with_row_and_column_and_offers_no_confirmation(
    official_client, row
):
    data = xlsx_bytes(
        [
            row(Kenmerk="OUD-1", Gevraagd_bedrag="veel"),
            row(Kenmerk="OUD-2", Kern="Atlantis", Ingediend_op="31-02-2024"),
        ]
    )
    preview = official_client.get(upload(official_client, data)["Location"])
    html = preview.content.decode()

    assert "Het bestand bevat 3 fouten" in html
    assert "Gevraagd bedrag (H)" in html
    assert "“veel” is geen bedrag" in html
    assert "Kern (D)" in html
    assert "Onbekende kern “Atlantis”" in html
    assert "Ingediend op (J)" in html
    assert "Import bevestigen" not in html
    assert not Application.objects.exists()


def test_confirming_a_file_that_became_invalid_saves_nothing(official_client, row, scheme):
    preview_url = upload(official_client, xlsx_bytes([row(Toegekend_bedrag=3000)]))["Location"]
    assert "Import bevestigen" in official_client.get(preview_url).content.decode()
    # Meanwhile the budget is lowered: the same file no longer fits.
    FundingScheme.objects.filter(pk=scheme.pk).update(yearly_budget=Decimal("1000"))

    response = official_client.post(preview_url)

    assert response.status_code == 400
    assert "Er is niets geïmporteerd" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("lijst.xlsx", b"Kenmerk;Naam\nOUD-1;Iets\n", "geen geldig Excel-bestand"),
        ("lijst.pdf", b"%PDF-1.4", "Kies een Excel-bestand (.xlsx) of een CSV-bestand (.csv)"),
        ("lijst.csv", b"Kenmerk;Naam\nOUD-1;Iets\n", "verplichte kolommen ontbreken"),
    ],
)
def test_a_bad_file_is_refused_on_the_upload_form(official_client, settings, name, data, expected):
    response = upload(official_client, data, name)

    assert response.status_code == 400
    html = response.content.decode()
    assert expected in html
    assert 'role="alert"' in html
    assert 'href="#import_file"' in html
    assert staged_files(settings) == []
    assert not Application.objects.exists()


def test_a_file_just_over_the_limit_is_refused_while_it_is_uploaded(official_client, settings):
    limit = importing.max_upload_bytes()

    response = upload(official_client, b"PK\x03\x04" + b"\0" * (limit - 3), "groot.xlsx")

    assert response.status_code == 400
    assert "groter dan 10,0 MB" in response.content.decode()
    assert staged_files(settings) == []


def test_a_staged_file_is_only_for_the_official_who_uploaded_it(client, row):
    owner = OfficialFactory()
    client.force_login(owner)
    preview_url = upload(client, xlsx_bytes([row()]))["Location"]
    token = client.session[SESSION_KEY][preview_url.rsplit("/", 2)[-2]]

    other = OfficialFactory()
    client.force_login(other)
    response = client.get(preview_url)
    assert response.status_code == 302
    assert response["Location"] == UPLOAD_URL
    assert client.post(preview_url).status_code == 302
    with pytest.raises(importing.ImportFileError):
        importing.load_staged(token, other)
    with pytest.raises(importing.ImportFileError):
        importing.load_staged(token[:-2] + "xx", owner)
    assert not Application.objects.exists()


def test_an_unknown_preview_sends_back_to_the_upload_page(official_client):
    response = official_client.get(UPLOAD_URL + "0" * 32 + "/", follow=True)

    assert "niet (meer) bekend" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_the_login(client, method, row):
    for url in (UPLOAD_URL, UPLOAD_URL + "0" * 32 + "/"):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    assert not Application.objects.exists()


def test_editors_cannot_import(client, row, settings):
    client.force_login(EditorFactory())

    assert client.get(UPLOAD_URL).status_code == 302
    response = upload(client, xlsx_bytes([row()]))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert staged_files(settings) == []
    assert not Application.objects.exists()


def test_the_size_limit_holds_with_the_real_csrf_check(row, settings):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(OfficialFactory())
    client.get(UPLOAD_URL)
    token = client.cookies["csrftoken"].value
    limit = importing.max_upload_bytes()

    def big():
        return SimpleUploadedFile("groot.xlsx", b"PK\x03\x04" + b"\0" * (limit - 3))

    refused = client.post(UPLOAD_URL, {"file": big()})
    response = client.post(UPLOAD_URL, {"file": big(), "csrfmiddlewaretoken": token})
    accepted = client.post(
        UPLOAD_URL,
        {"file": SimpleUploadedFile("a.xlsx", xlsx_bytes([row()])), "csrfmiddlewaretoken": token},
    )

    assert refused.status_code == 403  # no token: the CSRF check still applies
    assert response.status_code == 400
    assert "groter dan 10,0 MB" in response.content.decode()
    assert accepted.status_code == 302
    assert len(staged_files(settings)) == 1
