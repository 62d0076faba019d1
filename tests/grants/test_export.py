"""Exports from the Wagtail admin: the listing's selection or a scheme and year, to XLSX and
CSV, for officials only, streamed, never stored, and safe to open in a spreadsheet program."""

import io
from pathlib import Path

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

import openpyxl
import pytest

from grants.importing import import_applications, read_bytes
from grants.models import Application, BudgetLine, State
from tests.factories import EditorFactory
from tests.grants.factories import (
    ApplicationFactory,
    FundingSchemeFactory,
    OfficialFactory,
    application_in_state,
)
from tests.grants.spreadsheet_files import read_csv, read_xlsx, read_xlsx_cells
from tests.grants.test_import import snapshot

pytestmark = pytest.mark.django_db

EXPORT_URL = "/admin/gegevens/exporteren/"
DOWNLOAD_URL = "/admin/gegevens/exporteren/download/"
TODAY = timezone.localdate()


@pytest.fixture
def official():
    return OfficialFactory()


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


@pytest.fixture
def scheme():
    return FundingSchemeFactory(name="Dorpsinitiatieven", slug="dorpsinitiatieven")


@pytest.fixture
def applications(scheme, official):
    """Three applications of the scheme in different states, one of another scheme, a draft."""
    approved = application_in_state(
        State.APPROVED, official_user=official, scheme=scheme, title="Speeltuin De Hoek"
    )
    submitted = application_in_state(State.SUBMITTED, scheme=scheme, title="Moestuin Oost")
    rejected = application_in_state(State.REJECTED, scheme=scheme, title="Dorpsfeest")
    other = application_in_state(State.SUBMITTED, title="Klimaatbank")
    draft = ApplicationFactory(scheme=scheme, title="Nog een concept")
    return {
        "approved": approved,
        "submitted": submitted,
        "rejected": rejected,
        "other": other,
        "draft": draft,
    }


def download(client, **params):
    response = client.get(DOWNLOAD_URL, params)
    assert response.status_code == 200, response
    return response, b"".join(response.streaming_content)


def as_dicts(rows):
    headers = rows[0]
    return [dict(zip(headers, row, strict=False)) for row in rows[1:]]


def test_the_export_page_offers_the_listing_selection_and_a_scheme_and_year(
    official_client, applications, scheme
):
    response = official_client.get(EXPORT_URL, {"scheme": scheme.pk, "state": "submitted"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze selectie bevat 1 aanvraag." in html
    assert f"scheme={scheme.pk}" in html
    assert "gegevens=begrotingsregels" in html
    assert 'for="export_scheme"' in html
    assert 'for="export_year"' in html
    assert "Alle aanvragen van een regeling en jaar" in html


def test_xlsx_export_of_the_filtered_listing(official_client, applications, scheme):
    response, content = download(official_client, scheme=scheme.pk, bestand="xlsx")

    assert isinstance(response, FileResponse)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "dorpsinitiatieven" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = as_dicts(read_xlsx(content))
    # The listing's rules: the scheme filter, and no drafts unless asked for.
    assert sorted(r["Naam initiatief"] for r in rows) == [
        "Dorpsfeest",
        "Moestuin Oost",
        "Speeltuin De Hoek",
    ]
    approved = next(r for r in rows if r["Kenmerk"] == applications["approved"].reference)
    assert approved["Status"] == "Toegekend"
    assert approved["Kosten"] == 1500
    assert approved["Eigen bijdrage"] == 300
    assert approved["Gevraagd bedrag"] == 1200
    assert approved["Toegekend bedrag"] == 1200
    assert approved["Regeling"] == "Dorpsinitiatieven"
    assert approved["Besloten op"].date() == TODAY
    assert approved["Ingediend op"].date() == TODAY


def test_csv_export_is_streamed_in_dutch_excel_style(official_client, applications, scheme):
    response, content = download(official_client, scheme=scheme.pk, state="approved", bestand="csv")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content.startswith("\ufeff".encode())
    rows = as_dicts(read_csv(content))
    assert len(rows) == 1
    assert rows[0]["Gevraagd bedrag"] == "1200,00"
    assert rows[0]["Besloten op"].startswith(TODAY.strftime("%d-%m-%Y"))


def test_drafts_are_exported_only_when_the_listing_asks_for_them(official_client, applications):
    _response, content = download(official_client, state="draft", bestand="csv")

    assert [r["Naam initiatief"] for r in as_dicts(read_csv(content))] == ["Nog een concept"]


def test_a_scheme_and_year(official_client, applications, scheme):
    _response, content = download(official_client, scheme=scheme.pk, year=TODAY.year)
    assert len(read_xlsx(content)) == 4

    _response, content = download(official_client, scheme=scheme.pk, year=TODAY.year - 1)
    assert len(read_xlsx(content)) == 1  # only the header row


def test_a_selection_that_does_not_validate_exports_nothing(official_client, applications):
    response = official_client.get(DOWNLOAD_URL, {"scheme": 999999}, follow=True)

    assert not isinstance(response, FileResponse)
    assert "Deze selectie klopt niet" in response.content.decode()


def test_budget_lines_of_the_selection(official_client, applications, scheme):
    _response, content = download(
        official_client, scheme=scheme.pk, gegevens="begrotingsregels", bestand="xlsx"
    )

    rows = as_dicts(read_xlsx(content))
    assert len(rows) == 6  # two lines for each of the three applications
    assert {r["Soort"] for r in rows} == {"Kosten", "Eigen bijdrage"}
    line = next(r for r in rows if r["Omschrijving"] == "Hout en aarde")
    assert line["Bedrag"] == 1500
    assert line["Regeling"] == "Dorpsinitiatieven"


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_defused(official_client, scheme):
    application = application_in_state(
        State.SUBMITTED,
        scheme=scheme,
        title='=HYPERLINK("http://kwaad.example","Klik")',
        organisation_name="+31 6 1234",
        contact_name="@SUM(A1)",
        summary="-2+3",
    )
    BudgetLine.objects.filter(application=application).update(description="=1+1")

    _response, xlsx = download(official_client, bestand="xlsx")
    _response, csv = download(official_client, bestand="csv")
    _response, lines = download(official_client, gegevens="begrotingsregels", bestand="csv")

    cells = {c.value: c for c in read_xlsx_cells(xlsx)[1]}
    for text in (
        '\'=HYPERLINK("http://kwaad.example","Klik")',
        "'+31 6 1234",
        "'@SUM(A1)",
        "'-2+3",
    ):
        assert text in cells
        assert cells[text].data_type == "s"  # stored as text, never as a formula
    row = as_dicts(read_csv(csv))[0]
    assert row["Naam initiatief"].startswith("'=")
    assert row["Organisatie"] == "'+31 6 1234"
    assert row["Contactpersoon"] == "'@SUM(A1)"
    assert {r["Omschrijving"] for r in as_dicts(read_csv(lines))} == {"'=1+1"}
    # Amounts stay numbers: only text is escaped.
    amounts = [c for c in read_xlsx_cells(xlsx)[1] if c.value == 1200]
    assert amounts
    assert all(c.data_type == "n" for c in amounts)


def test_nothing_is_written_under_media_root(official_client, applications, settings):
    download(official_client, bestand="xlsx")
    download(official_client, bestand="csv")

    root = Path(settings.MEDIA_ROOT)
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]


def test_the_export_costs_the_same_queries_for_few_or_many_applications(
    official_client, scheme, django_assert_max_num_queries
):
    def queries_for_export():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            download(official_client, bestand="xlsx")
            download(official_client, gegevens="begrotingsregels", bestand="csv")
        return len(captured)

    for _ in range(2):
        application_in_state(State.SUBMITTED, scheme=scheme)
    few = queries_for_export()
    for _ in range(8):
        application_in_state(State.SUBMITTED, scheme=scheme)
    many = queries_for_export()

    assert many == few
    with django_assert_max_num_queries(few):
        download(official_client, bestand="xlsx")
        download(official_client, gegevens="begrotingsregels", bestand="csv")


def test_an_exported_file_imports_back_without_changes(official_client, official, applications):
    _response, content = download(official_client, bestand="xlsx")
    before = snapshot()

    report = import_applications(read_bytes(content, "export.xlsx"), official, dry_run=False)

    assert report.ok, [str(p) for p in report.problems]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert snapshot() == before


def test_an_exported_csv_imports_back_without_changes(official_client, official, applications):
    Application.objects.filter(pk=applications["submitted"].pk).update(
        title="=een titel die met een is-teken begint"
    )
    _response, content = download(official_client, bestand="csv")
    before = snapshot()

    report = import_applications(read_bytes(content, "export.csv"), official, dry_run=False)

    assert report.ok, [str(p) for p in report.problems]
    assert (report.created, report.updated) == (0, 0)
    assert snapshot() == before


@pytest.mark.parametrize(
    "url",
    [EXPORT_URL, DOWNLOAD_URL, DOWNLOAD_URL + "?bestand=csv", "/admin/gegevens/jaaroverzicht/"],
)
def test_editors_get_no_export(client, applications, url):
    client.force_login(EditorFactory())

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not isinstance(response, (FileResponse, StreamingHttpResponse))


@pytest.mark.parametrize(
    "url", [EXPORT_URL, DOWNLOAD_URL + "?bestand=csv", "/admin/gegevens/jaaroverzicht/"]
)
def test_anonymous_visitors_get_the_login_page(client, applications, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_menu_shows_import_and_export_only_to_officials(client, official):
    client.force_login(official)
    assert "Import en export" in client.get("/admin/").content.decode()

    client.force_login(EditorFactory())
    assert "Import en export" not in client.get("/admin/").content.decode()


def test_amounts_and_dates_are_typed_cells_in_xlsx(official_client, applications, scheme):
    _response, content = download(official_client, scheme=scheme.pk, state="approved")

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    amount = sheet.cell(row=2, column=headers.index("Gevraagd bedrag") + 1)
    decided = sheet.cell(row=2, column=headers.index("Besloten op") + 1)
    assert amount.data_type == "n"
    assert amount.value == 1200
    assert decided.is_date


def test_the_listing_links_to_the_export_of_its_own_selection(official_client, scheme):
    response = official_client.get(
        "/admin/aanvragen/", {"scheme": scheme.pk, "state": "submitted", "p": 2}
    )

    html = response.content.decode()
    assert "Exporteren met begroting" in html
    assert f"/admin/gegevens/exporteren/?scheme={scheme.pk}&amp;state=submitted" in html


def test_the_export_follows_the_listings_search(official_client, applications):
    reference = applications["approved"].reference

    _response, by_reference = download(official_client, q=reference, bestand="csv")
    _response, by_text = download(official_client, q="dorpsfeest", bestand="csv")

    assert [r["Kenmerk"] for r in as_dicts(read_csv(by_reference))] == [reference]
    assert [r["Naam initiatief"] for r in as_dicts(read_csv(by_text))] == ["Dorpsfeest"]


def test_control_characters_do_not_break_the_xlsx(official_client, scheme):
    # PostgreSQL refuses NUL bytes outright; other control characters do get in.
    application_in_state(State.SUBMITTED, scheme=scheme, title="Buurt\x0bfeest\x1f")

    _response, content = download(official_client, bestand="xlsx")

    assert as_dicts(read_xlsx(content))[0]["Naam initiatief"] == "Buurtfeest"
