"""A resident, in a real browser on a 320 px wide screen: opens "Stuur een project in", chooses
help without money, logs in and comes back to the form, makes a mistake and corrects it
without losing anything, sends the question and finds it in "Mijn aanvragen" with its
timeline. Every page on the way is checked with axe-core and must fit 320 px."""

import re

from playwright.sync_api import expect

from grants.models import Application, State
from tests.factories import UserFactory
from tests.grants.factories import VillageFactory

from .support import FACTORY_PASSWORD, AxeAudit, assert_errors_announced

EMAIL = "fenna.deboer@example.nl"
WIDTH = 320


def test_a_resident_asks_for_help_without_money_and_follows_it(new_page, artifacts, site):
    UserFactory(email=EMAIL, first_name="Fenna", last_name="de Boer", verified_email=True)
    VillageFactory(name="Ellecom", slug="ellecom")
    page = new_page(viewport={"width": WIDTH, "height": 800})
    audit = AxeAudit()
    widths = {}

    def check(name):
        audit.check(page, name)
        artifacts.shot(page, name)
        widths[name] = page.evaluate("document.documentElement.scrollWidth")

    # --- the entry page: three ways ------------------------------------------------------------
    page.goto("/aanvragen/project/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stuur een project in")
    for way in ("Ik vraag geld", "Ik wil mijn project laten zien", "Ik zoek hulp (geen geld)"):
        expect(page.get_by_role("link", name=way)).to_be_visible()
    check("stuur een project in")
    page.get_by_role("link", name="Ik zoek hulp (geen geld)").click()

    # --- log in, and back at the form ----------------------------------------------------------
    expect(page).to_have_url(re.compile(r"/account/login/\?next=/aanvragen/project/hulp/"))
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hulp vragen zonder geld")
    expect(page.get_by_label("E-mailadres contactpersoon")).to_have_value(EMAIL)
    check("hulpvraag (leeg)")

    # --- a mistake: no help chosen, no question, no consent --------------------------------------
    page.get_by_label("Kern of wijk").select_option(label="Ellecom")
    page.get_by_label("Naam van het project").fill("Kerstmarkt op de brink")
    page.get_by_label("Korte beschrijving").fill(
        "Twintig kraampjes en een koor op de zaterdag voor kerst."
    )
    page.get_by_role("button", name="Hulpvraag versturen").click()
    expect(page.get_by_text("Kies: “Soort hulp”.").last).to_be_visible()
    assert_errors_announced(page)
    expect(page.get_by_label("Naam van het project")).to_have_value("Kerstmarkt op de brink")
    check("hulpvraag (fouten)")
    assert Application.objects.count() == 0

    # --- corrected and sent -----------------------------------------------------------------------
    page.get_by_label("Een vraag over een vergunning").check()
    page.get_by_label("Uw vraag").fill("Mogen we het plein een middag afsluiten voor verkeer?")
    page.get_by_label(re.compile("Ik heb de privacyverklaring gelezen")).check()
    page.get_by_role("button", name="Hulpvraag versturen").click()
    expect(page.get_by_text(re.compile("Uw hulpvraag is verstuurd"))).to_be_visible()
    application = Application.objects.get()
    assert (application.kind, application.state) == ("hulp", State.SUBMITTED)
    expect(page.get_by_role("heading", name="Tijdlijn")).to_be_visible()
    expect(page.get_by_text("Begroting")).to_have_count(0)
    check("hulpvraag verstuurd")

    # --- Mijn aanvragen, and back to the timeline -------------------------------------------------
    page.get_by_role("link", name="Terug naar Mijn aanvragen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanvragen")
    row = page.get_by_role("row", name=re.compile("Kerstmarkt op de brink"))
    expect(row).to_contain_text("Hulp zonder geld")
    expect(row).to_contain_text("Vraag gesteld")
    check("mijn aanvragen")
    page.get_by_role("link", name="Kerstmarkt op de brink").click()
    timeline = page.locator("ol.timeline")
    expect(timeline).to_contain_text("Aangemaakt")
    expect(timeline).to_contain_text("Vraag gesteld (door u)")

    audit.assert_clean()
    too_wide = {name: width for name, width in widths.items() if width > WIDTH}
    assert not too_wide, f"pages wider than {WIDTH} px: {too_wide}"
