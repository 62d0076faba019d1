"""An initiator, in a real browser: signs up, verifies the e-mail address, applies step by step
with a budget and an attachment, corrects a mistake without losing anything, submits from the
review, answers the municipality in the dialogue and later submits the report with a photo.
Every page on the way is checked with axe-core, and the form's steps also by keyboard alone."""

import re

from playwright.sync_api import expect

from grants import workflow
from grants.models import Application, State

from .conftest import PDF_BYTES, png_bytes
from .support import AxeAudit, assert_errors_announced, assert_keyboard_reaches_every_field

EMAIL = "fenna.dijkstra@example.nl"
PASSWORD = "Zonnebloem-aan-de-dijk-26"


def sign_up_and_verify(page, mailoutbox, audit, shot, home, scheme):
    """From the home page's "Vraag een bijdrage aan" to step 1 of the form, by signing up on
    the way: the way back survives the sign-up and the e-mail confirmation, which logs in."""
    page.goto(home.url)
    audit.check(page, "startpagina")
    page.locator("main").get_by_role("link", name="Vraag een bijdrage aan").first.click()
    page.get_by_role("link", name=re.compile("^Vraag geld aan uit")).click()
    # Not logged in: the login page, which offers an account with the way back.
    page.get_by_role("link", name="Maak een account aan").click()
    audit.check(page, "aanmelden")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord (bevestigen)").fill(PASSWORD)
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot("verification sent")
    audit.check(page, "bevestigingsmail verstuurd")

    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    mail = mailoutbox[0]
    assert mail.to == [EMAIL]
    link = re.search(r"/account/confirm-email/[^/\s]+/", mail.body).group()
    page.goto(link)
    audit.check(page, "e-mailadres bevestigen")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()

    # Logged in, and at step 1 of the form: no second login, no detour via the home page.
    expect(page.get_by_label("Naam van het initiatief")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("Uw initiatief")
    # (with the scheme of the page it came from already chosen)
    assert "/aanvragen/nieuw/?regeling=dorpsinitiatieven-2026" in page.url, page.url
    expect(page.get_by_label("Regeling")).to_have_value(str(scheme.pk))
    shot("step 1 after confirming")
    expect(page.get_by_role("link", name="Mijn aanvragen", exact=True)).to_be_attached()


def budget_line(page, number):
    return page.get_by_role("group", name=f"Begrotingsregel {number}")


def test_initiator_applies_talks_with_the_municipality_and_reports(
    new_page, artifacts, site, scheme, official, mailoutbox, tmp_path
):
    from tests.grants.test_showcase_pages import scheme_page

    site.cta_page = scheme_page(site, scheme)
    site.cta_button_text = "Vraag een bijdrage aan"
    site.save_revision().publish()
    page = new_page()
    audit = AxeAudit()

    def shot(name):
        artifacts.shot(page, name)

    sign_up_and_verify(page, mailoutbox, audit, shot, site, scheme)

    # --- Mijn aanvragen, still empty; a new application ---------------------------------------
    page.get_by_role("link", name="Mijn aanvragen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mijn aanvragen")
    audit.check(page, "mijn aanvragen (leeg)")
    page.get_by_role("link", name="Nieuwe aanvraag beginnen").click()
    expect(page.get_by_label("Naam van het initiatief")).to_be_visible()
    shot("empty application form")
    audit.check(page, "aanvraagformulier stap 1 (leeg)")
    assert_keyboard_reaches_every_field(page, "form.application-form")

    # --- step 1: the initiative; saving it makes the draft ----------------------------------------
    page.get_by_label("Regeling").select_option(label=scheme.name)
    page.get_by_label("Dorp of wijk").select_option(label="Ellecom")
    page.get_by_label("Onderwerp").select_option(label="Groen & duurzaam")
    page.get_by_label("Naam van het initiatief").fill("Pluktuin bij de Hoeve")
    page.get_by_label("Korte samenvatting").fill(
        "Een pluktuin waar buren samen fruit en bloemen kweken."
    )
    page.get_by_label("Wat gaat u doen?").fill("We planten twintig fruitbomen en een bloemenrand.")
    page.get_by_label("Voor wie is het?").fill("Alle bewoners van Ellecom, jong en oud.")
    page.get_by_label("Wanneer gebeurt het?").fill("Planten in november, oogsten vanaf de zomer.")
    page.get_by_label("Op een nieuwe manier samenwerken").check()
    page.get_by_role("button", name="Opslaan en verder").click()
    expect(page.locator(".messages")).to_contain_text("is bewaard")
    shot("draft saved")

    # --- step 2: who applies ---------------------------------------------------------------------
    audit.check(page, "aanvraagformulier stap 2")
    assert_keyboard_reaches_every_field(page, "form.application-form")
    page.get_by_label("Informele groep bewoners").check()
    page.get_by_label("Naam van de organisatie of groep").fill("Pluktuinploeg Ellecom")
    page.get_by_label("Naam van de contactpersoon").fill("Fenna Dijkstra")
    page.get_by_label("E-mailadres van de contactpersoon").fill(EMAIL)
    page.get_by_role("button", name="Opslaan en verder").click()

    # --- step 3: the money, with one mistake (an IBAN that does not exist) ---------------------
    audit.check(page, "aanvraagformulier stap 3")
    assert_keyboard_reaches_every_field(page, "form.application-form")
    line = budget_line(page, 1)
    line.get_by_label("Soort").select_option(value="cost")
    line.get_by_label("Omschrijving").fill("Fruitbomen en plantgoed")
    line.get_by_label("Bedrag in euro").fill("1.850,00")
    page.get_by_role("button", name="Regel toevoegen").click()
    line = budget_line(page, 2)
    line.get_by_label("Soort").select_option(value="own_contribution")
    line.get_by_label("Omschrijving").fill("Bijdrage van de buurt")
    line.get_by_label("Bedrag in euro").fill("350")
    page.get_by_label("IBAN-rekeningnummer").fill("NL12 FOUT 0000 0000 00")
    page.get_by_label("Naam van de rekeninghouder").fill("F. Dijkstra")
    page.get_by_role("button", name="Opslaan en verder").click()

    # The mistake is announced and nothing typed is lost.
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary")).to_be_focused()
    shot("form with an error")
    assert_errors_announced(page)
    expect(page.get_by_label("IBAN-rekeningnummer")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Naam van de rekeninghouder")).to_have_value("F. Dijkstra")
    expect(budget_line(page, 1).get_by_label("Bedrag in euro")).to_have_value("1.850,00")
    expect(budget_line(page, 2).get_by_label("Omschrijving")).to_have_value("Bijdrage van de buurt")
    audit.check(page, "aanvraagformulier stap 3 (met fouten)")
    application = Application.objects.get()
    assert not application.budget_lines.exists()

    # The link in the summary takes the keyboard to the field.
    page.locator("#error-summary a").first.click()
    expect(page.get_by_label("IBAN-rekeningnummer")).to_be_focused()
    page.get_by_label("IBAN-rekeningnummer").fill("NL91 ABNA 0417 1643 00")
    page.get_by_role("button", name="Opslaan en verder").click()

    # --- step 4: attachments; a file of the wrong type does not lose the good one -------------
    audit.check(page, "aanvraagformulier stap 4")
    quote = tmp_path / "offerte-kwekerij.pdf"
    quote.write_bytes(PDF_BYTES)
    notes = tmp_path / "notities.txt"
    notes.write_text("geen bijlage")
    upload = page.get_by_role("group", name="Nieuwe bijlage 1")
    upload.get_by_label("Soort bijlage").select_option(value="quote")
    upload.get_by_label("Bestand").set_input_files(str(quote))
    page.get_by_role("group", name="Nieuwe bijlage 2").get_by_label("Bestand").set_input_files(
        str(notes)
    )
    page.get_by_role("button", name="Opslaan en verder").click()
    expect(page.locator("#error-summary")).to_contain_text("Dit soort bestand")
    assert_errors_announced(page)
    expect(page.get_by_text("offerte-kwekerij.pdf")).to_be_visible()
    audit.check(page, "aanvraagformulier stap 4 (met fouten)")
    page.get_by_role("button", name="Opslaan en verder").click()

    # --- step 5: review and submit ---------------------------------------------------------------
    expect(page.get_by_role("heading", level=1)).to_contain_text("Controleren en indienen")
    audit.check(page, "aanvraagformulier controleren")
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert application.iban == "NL91ABNA0417164300"
    assert application.attachments.get().original_name == "offerte-kwekerij.pdf"
    assert str(application.requested_amount) == "1500.00"
    page.get_by_label("Ik heb de privacyverklaring gelezen").check()
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator(".messages")).to_contain_text(application.reference)
    shot("submitted")
    audit.check(page, "aanvraag ingediend")
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert any(application.reference in m.subject + m.body for m in mailoutbox)

    page.get_by_role("link", name="Mijn aanvragen", exact=True).click()
    expect(page.get_by_role("link", name="Pluktuin bij de Hoeve")).to_be_visible()
    audit.check(page, "mijn aanvragen")

    # --- the municipality asks a question; the initiator answers ------------------------------
    workflow.perform(
        application, "start_dialogue", official, note="Welke fruitbomen kiest u, en waarom?"
    )
    workflow.post_message(application, official, "Welke fruitbomen kiest u, en waarom?")
    page.get_by_role("link", name="Pluktuin bij de Hoeve").click()
    dialogue = page.locator("#gesprek")
    expect(dialogue).to_contain_text("Welke fruitbomen kiest u")
    dialogue.get_by_label("Uw bericht").fill("Oude rassen: Goudreinette en Schone van Boskoop.")
    dialogue.get_by_role("button", name="Versturen").click()
    expect(page.locator("#gesprek")).to_contain_text("Goudreinette")
    shot("dialogue answered")
    audit.check(page, "aanvraag in gesprek")
    assert application.messages.filter(author__email=EMAIL).count() == 1

    # --- approved; later the report with a photo -------------------------------------------------
    application.refresh_from_db()
    workflow.perform(application, "approve", official, granted_amount=application.requested_amount)
    page.reload()
    page.get_by_role("link", name="Verantwoording invullen").click()
    expect(page.get_by_label("Wat is er gebeurd?")).to_be_visible()
    audit.check(page, "verantwoording (leeg)")
    page.get_by_label("Wat is er gebeurd?").fill(
        "Op een zaterdag in november plantten veertig buren samen twintig bomen."
    )
    page.get_by_label("Hoeveel mensen heeft u ermee bereikt?").fill("120")
    photo = tmp_path / "plantdag.png"
    photo.write_bytes(png_bytes())
    new_photo = page.get_by_role("group", name="Nieuwe foto 1")
    new_photo.get_by_label("Foto", exact=True).set_input_files(str(photo))
    new_photo.get_by_label("Wat is er op de foto te zien?").fill(
        "Buren planten samen een appelboom."
    )
    page.get_by_role("button", name="Verantwoording indienen").click()
    expect(page.locator(".messages")).to_be_visible()
    shot("report submitted")
    audit.check(page, "verantwoording ingediend")
    application.refresh_from_db()
    assert application.state == State.REPORTED
    assert application.report.photos.get().alt_text == "Buren planten samen een appelboom."

    audit.assert_clean()
