"""An initiator, in a real browser: logs in, opens Mijn gegevens, downloads all their data (the
ZIP holds their account, their application and its attachment), deletes the account with the
password (a wrong one first) and cannot log in again. Every page on the way is checked with
axe-core."""

import json
import re
import zipfile

from django.core.files.base import ContentFile

from playwright.sync_api import expect

from grants.models import Attachment
from tests.factories import UserFactory
from tests.grants.factories import application_in_state

from .conftest import PDF_BYTES
from .support import FACTORY_PASSWORD, AxeAudit, assert_errors_announced

EMAIL = "jelle.hoekstra@example.nl"


def _initiator(scheme):
    user = UserFactory(email=EMAIL, first_name="Jelle", last_name="Hoekstra", verified_email=True)
    application = application_in_state(
        "submitted",
        owner=user,
        scheme=scheme,
        village=scheme.villages.first(),
        category=scheme.categories.first(),
        title="Bloemenweide langs de Zuiderdijk",
        contact_name="Jelle Hoekstra",
    )
    attachment = Attachment(application=application, original_name="offerte-zaad.pdf")
    attachment.file.save("offerte-zaad.pdf", ContentFile(PDF_BYTES), save=True)
    application_in_state("draft", owner=user, scheme=scheme, title="Nog een idee")
    return user, application


def _log_in(page, password=FACTORY_PASSWORD):
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_initiator_downloads_their_data_and_deletes_the_account(
    page, artifacts, site, scheme, tmp_path
):
    user, application = _initiator(scheme)
    audit = AxeAudit()

    def shot(name):
        artifacts.shot(page, name)

    _log_in(page)
    page.get_by_role("link", name="Mijn gegevens", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    expect(page.get_by_text(EMAIL).first).to_be_visible()
    expect(page.get_by_role("link", name="E-mailadres wijzigen")).to_be_visible()
    shot("mijn gegevens")
    audit.check(page, "mijn gegevens")

    # --- the download: a ZIP with gegevens.json and the attachment -----------------------------
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Mijn gegevens downloaden").click()
    download = download_info.value
    assert re.fullmatch(r"mijn-gegevens-dorpskracht-\d{8}-\d{4}\.zip", download.suggested_filename)
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("gegevens.json"))
        pdfs = [n for n in archive.namelist() if n.endswith("offerte-zaad.pdf")]
        assert len(pdfs) == 1
        assert archive.read(pdfs[0]) == PDF_BYTES
    assert data["account"]["e-mailadres"] == EMAIL
    assert "Bloemenweide langs de Zuiderdijk" in json.dumps(data, ensure_ascii=False)

    # --- deleting: what goes, what stays; a wrong password first -------------------------------
    page.get_by_role("link", name="Mijn account verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account verwijderen")
    expect(page.get_by_text(application.reference).first).to_be_visible()
    expect(page.get_by_text("Concepten van aanvragen")).to_be_visible()
    shot("account verwijderen")
    audit.check(page, "account verwijderen")

    page.get_by_label("Uw wachtwoord").fill("niet-mijn-wachtwoord")
    page.get_by_role("button", name="Mijn account definitief verwijderen").click()
    expect(page.get_by_text("Dit wachtwoord klopt niet.").first).to_be_visible()
    assert_errors_announced(page)
    shot("verkeerd wachtwoord")
    audit.check(page, "account verwijderen (verkeerd wachtwoord)")

    page.get_by_label("Uw wachtwoord").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Mijn account definitief verwijderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw account is verwijderd")
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    shot("account verwijderd")
    audit.check(page, "account verwijderd")

    # --- the account is gone: logging in again fails -------------------------------------------
    _log_in(page)
    expect(page).to_have_url(re.compile(r"/account/login/"))
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_role("link", name="Mijn gegevens")).to_have_count(0)
    shot("inloggen lukt niet meer")
    audit.check(page, "inloggen na verwijderen")
    audit.assert_clean()


def test_the_account_pages_fit_a_phone_with_a_long_address(new_page, site, scheme):
    """320 px wide (WCAG 1.4.10 reflow): Mijn gegevens, E-mailadres wijzigen and the delete page
    with a long e-mail address and the holdings list: nothing scrolls sideways."""
    long_email = "anne-marie.van.der.heijden-bosma@dorpsbelang-oosterwolde.example.nl"
    user = UserFactory(email=long_email, verified_email=True)
    for state in ("closed", "rejected", "submitted", "draft"):
        application_in_state(
            state,
            owner=user,
            scheme=scheme,
            village=scheme.villages.first(),
            category=scheme.categories.first(),
        )
    page = new_page(viewport={"width": 320, "height": 800})
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(long_email)
    page.get_by_label("Wachtwoord").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    for url in ("/account/gegevens/", "/account/email/", "/account/gegevens/verwijderen/"):
        page.goto(url)
        expect(page.get_by_text(long_email).first).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} is {width} px wide at 320 px"
