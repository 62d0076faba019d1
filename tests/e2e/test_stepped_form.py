"""The stepped application form in a real browser: a resident goes through the five steps, makes
a mistake (an amount that is no amount: the message is next to the field, the summary takes the
focus, nothing typed is lost), adds two budget lines and removes one with JavaScript switched
off, reviews, uses a "Wijzigen" link, and submits. Each step and the review page are checked
with axe-core, and each step fits a 320 px wide screen without scrolling sideways."""

import re

from playwright.sync_api import expect

from grants.models import Application, State

from .conftest import PDF_BYTES
from .support import AxeAudit, assert_errors_announced

EMAIL = "sanne.bos@example.nl"
PASSWORD = "Fietsen-langs-de-IJssel-26"
STEP_SLUGS = ("uw-initiatief", "wie-bent-u", "geld", "bijlagen", "controleren")

MEASURE = """() => {
    const form = document.querySelector('form.application-form');
    return {
        page: document.documentElement.scrollHeight,
        form: form ? Math.round(form.getBoundingClientRect().height) : 0,
        width: document.documentElement.scrollWidth,
    };
}"""


def log_in(page):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(username="sanne", email=EMAIL, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    page.goto("/account/login/?next=/aanvragen/nieuw/")
    page.locator("#id_login").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def expect_step(page, number, title):
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Stap {number} van 5: {title}")
    current = page.locator(".step-progress [aria-current=step]")
    expect(current).to_have_count(1)
    expect(current).to_contain_text(title)


def line(page, number):
    return page.get_by_role("group", name=f"Begrotingsregel {number}", exact=True)


def test_a_resident_applies_in_steps(new_page, artifacts, site, scheme, capsys, tmp_path):
    page = new_page()
    audit = AxeAudit()
    log_in(page)

    # --- 1 Uw initiatief ------------------------------------------------------------------------
    expect_step(page, 1, "Uw initiatief")
    audit.check(page, "stap 1")
    expect(page.get_by_label("Hoeveel uur helpen vrijwilligers mee?")).to_have_value("")
    page.get_by_label("Regeling").select_option(label=scheme.name)
    page.get_by_label("Dorp of wijk").select_option(label="Ellecom")
    page.get_by_label("Onderwerp").select_option(label="Groen & duurzaam")
    page.get_by_label("Naam van het initiatief").fill("Pluktuin bij de Hoeve")
    page.get_by_label("Korte samenvatting").fill("Een pluktuin waar buren samen fruit kweken.")
    page.get_by_label("Wat gaat u doen?").fill("We planten twintig fruitbomen.")
    page.get_by_label("Voor wie is het?").fill("Alle bewoners van Ellecom.")
    page.get_by_label("Wanneer gebeurt het?").fill("Planten in november.")
    page.get_by_label("Op een nieuwe manier samenwerken").check()
    page.get_by_role("button", name="Opslaan en verder").click()

    # --- 2 Wie bent u ---------------------------------------------------------------------------
    expect_step(page, 2, "Wie bent u")
    expect(page.locator(".messages")).to_contain_text("is bewaard")
    audit.check(page, "stap 2")
    application = Application.objects.get()
    reference = application.reference
    assert application.volunteer_hours is None
    expect(page.get_by_label("E-mailadres van de contactpersoon")).to_have_value(EMAIL)
    page.get_by_label("Informele groep bewoners").check()
    page.get_by_label("Naam van de organisatie of groep").fill("Pluktuinploeg Ellecom")
    page.get_by_label("Naam van de contactpersoon").fill("Sanne Bos")
    page.get_by_role("button", name="Opslaan en verder").click()
    expect_step(page, 3, "Geld")
    audit.check(page, "stap 3")
    money_url = page.url

    # --- 3 Geld, without JavaScript: two lines added, one removed -----------------------------
    no_js = new_page(storage_state=page.context.storage_state(), java_script_enabled=False)
    no_js.goto(money_url)
    expect_step(no_js, 3, "Geld")
    expect(no_js.get_by_role("group", name=re.compile("^Begrotingsregel"))).to_have_count(1)
    line(no_js, 1).get_by_label("Soort").select_option(value="cost")
    line(no_js, 1).get_by_label("Omschrijving").fill("Fruitbomen en plantgoed")
    line(no_js, 1).get_by_label("Bedrag in euro").fill("1.850,00")
    no_js.get_by_label("IBAN-rekeningnummer").fill("NL91 ABNA 0417 1643 00")
    no_js.get_by_label("Naam van de rekeninghouder").fill("S. Bos")
    no_js.get_by_role("button", name="Regel toevoegen").click()
    expect(line(no_js, 2)).to_be_visible()
    expect(line(no_js, 1).get_by_label("Bedrag in euro")).to_have_value("1.850,00")
    expect(no_js.get_by_label("IBAN-rekeningnummer")).to_have_value("NL91 ABNA 0417 1643 00")
    line(no_js, 2).get_by_label("Soort").select_option(value="cost")
    line(no_js, 2).get_by_label("Omschrijving").fill("Een regel te veel")
    line(no_js, 2).get_by_label("Bedrag in euro").fill("99")
    no_js.get_by_role("button", name="Regel toevoegen").click()
    expect(line(no_js, 3)).to_be_visible()
    line(no_js, 3).get_by_label("Soort").select_option(value="own_contribution")
    line(no_js, 3).get_by_label("Omschrijving").fill("Bijdrage van de buurt")
    line(no_js, 3).get_by_label("Bedrag in euro").fill("350")
    artifacts.shot(no_js, "no js: three lines")
    line(no_js, 2).get_by_role("button", name="Verwijderen begrotingsregel 2").click()
    expect(no_js.get_by_role("group", name=re.compile("^Begrotingsregel"))).to_have_count(2)
    expect(line(no_js, 2).get_by_label("Omschrijving")).to_have_value("Bijdrage van de buurt")
    expect(no_js.get_by_text("Een regel te veel")).to_have_count(0)
    assert not application.budget_lines.exists()  # nothing saved by adding or removing
    no_js.get_by_role("button", name="Opslaan en verder", exact=True).click()
    expect_step(no_js, 4, "Bijlagen")
    assert list(application.budget_lines.values_list("description", flat=True)) == [
        "Fruitbomen en plantgoed",
        "Bijdrage van de buurt",
    ]

    # --- 3 again, with a mistake: the message at the field, the summary focused ----------------
    page.reload()
    line(page, 1).get_by_label("Bedrag in euro").fill("1.850,5x")
    page.get_by_role("button", name="Opslaan en verder").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Er ging iets mis")
    assert_errors_announced(page)
    amount = line(page, 1).get_by_label("Bedrag in euro")
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_have_value("1.850,5x")
    expect(line(page, 1)).to_contain_text("Vul een bedrag in euro's in")
    expect(line(page, 2).get_by_label("Omschrijving")).to_have_value("Bijdrage van de buurt")
    expect(page.get_by_label("Naam van de rekeninghouder")).to_have_value("S. Bos")
    artifacts.shot(page, "amount refused")
    audit.check(page, "stap 3 (met fout)")
    summary.get_by_role("link").first.click()
    expect(amount).to_be_focused()
    amount.fill("1.850,00")
    page.get_by_role("button", name="Opslaan en verder").click()

    # --- 4 Bijlagen -----------------------------------------------------------------------------
    expect_step(page, 4, "Bijlagen")
    audit.check(page, "stap 4")
    quote = tmp_path / "offerte-kwekerij.pdf"
    quote.write_bytes(PDF_BYTES)
    upload = page.get_by_role("group", name="Nieuwe bijlage 1")
    upload.get_by_label("Bestand").set_input_files(str(quote))
    page.get_by_role("button", name="Opslaan en verder").click()

    # --- 5 Controleren en indienen --------------------------------------------------------------
    expect_step(page, 5, "Controleren en indienen")
    audit.check(page, "stap 5: controleren")
    for typed in ("Pluktuin bij de Hoeve", "Pluktuinploeg Ellecom", "offerte-kwekerij.pdf"):
        expect(page.locator("main")).to_contain_text(typed)
    expect(page.locator("main")).to_contain_text("€ 1.500,00")

    # "Wijzigen" takes the person to the step and back to the review.
    page.get_by_role("link", name="Wijzigen wie u bent").click()
    expect_step(page, 2, "Wie bent u")
    page.get_by_label("Telefoonnummer (niet verplicht)").fill("0313 123456")
    page.get_by_role("button", name="Opslaan en terug naar controleren").click()
    expect_step(page, 5, "Controleren en indienen")
    expect(page.locator("main")).to_contain_text("0313 123456")

    # Each step at 1280 px (height) and at 320 px (no sideways scrolling).
    measured = {}
    for slug in STEP_SLUGS:
        page.goto(f"/aanvragen/{reference}/stap/{slug}/")
        wide = page.evaluate(MEASURE)
        page.set_viewport_size({"width": 320, "height": 800})
        narrow = page.evaluate(MEASURE)
        page.set_viewport_size({"width": 1280, "height": 900})
        measured[slug] = (wide["form"], wide["page"], narrow["width"])
        assert narrow["width"] <= 320, (slug, narrow)
    with capsys.disabled():
        for slug, (form, whole, width) in measured.items():
            print(f"\n{slug}: form {form} px, page {whole} px at 1280; {width} px wide at 320")

    # "Indienen" without the consent: every problem at once, from the rules, linked.
    page.get_by_role("button", name="Indienen").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Uw aanvraag kan nog niet worden ingediend")
    expect(summary).to_contain_text("privacyverklaring")
    audit.check(page, "stap 5: nog niet in te dienen")
    summary.get_by_role("link", name=re.compile("privacyverklaring")).click()
    expect(page.get_by_label(re.compile("Ik heb de privacyverklaring gelezen"))).to_be_focused()
    page.get_by_label(re.compile("Ik heb de privacyverklaring gelezen")).check()
    page.get_by_role("button", name="Indienen").click()

    expect(page.locator(".messages")).to_contain_text(f"Het kenmerk is {reference}")
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.contact_phone == "0313 123456"
    assert str(application.requested_amount) == "1500.00"
    assert application.attachments.get().original_name == "offerte-kwekerij.pdf"
    audit.assert_clean()
