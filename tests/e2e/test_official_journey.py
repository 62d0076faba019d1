"""An official in the Wagtail admin, in a real browser: filters the listing, opens an application,
starts the dialogue, approves with a granted amount and accepts the report. Two officials who
approve the same application at the same moment: one succeeds, the other is told clearly."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from grants import workflow
from grants.models import Report, State, TransitionLog
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory

PASSWORD = "wachtwoord-123"  # tests.factories.UserFactory's


def log_in(page, username):
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.locator("#id_password").fill(PASSWORD)  # Wagtail 8 labels it "Password" in Dutch too
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("navigation", name=re.compile("Hoofdmenu|Main menu"))).to_be_visible()


def application_in(state, scheme, official, **kwargs):
    village = scheme.villages.get()
    category = scheme.categories.get()
    application = ApplicationFactory(scheme=scheme, village=village, category=category, **kwargs)
    if state == State.DRAFT:
        return application
    workflow.perform(application, "submit", application.owner)
    if state == State.IN_DIALOGUE:
        workflow.perform(application, "start_dialogue", official)
    return application


def action_form(page, label):
    return page.get_by_role("form", name=label)


def test_official_filters_opens_talks_approves_and_accepts_the_report(
    new_page, artifacts, site, scheme, official
):
    pluktuin = application_in(State.SUBMITTED, scheme, official, title="Pluktuin bij de Hoeve")
    boules = application_in(State.IN_DIALOGUE, scheme, official, title="Jeu-de-boulesbaan")
    draft = application_in(State.DRAFT, scheme, official, title="Nog een concept")

    page = new_page()
    log_in(page, official.username)
    page.get_by_role("button", name="Dorpsinitiatieven").click()
    page.get_by_role("link", name="Aanvragen", exact=True).click()
    listing = page.get_by_role("table")
    expect(listing.get_by_role("link", name=boules.reference)).to_be_visible()
    expect(listing.get_by_text(draft.reference)).to_have_count(0)  # drafts stay private

    # Filter on the state with the listing's filters.
    page.get_by_role("button", name="Toon filters").click()
    page.get_by_role("button", name="Status", exact=True).click()
    state_filter = page.locator("#drilldown-id_state")
    if state_filter.locator("select").count():
        state_filter.locator("select").select_option(label="Ingediend")
    else:
        state_filter.get_by_label("Ingediend", exact=True).check()
    expect(listing.get_by_role("link", name=boules.reference)).to_have_count(0)
    expect(listing.get_by_role("link", name=pluktuin.reference)).to_be_visible()
    artifacts.shot(page, "listing filtered on submitted")

    listing.get_by_role("link", name=pluktuin.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(pluktuin.reference)
    artifacts.shot(page, "application opened")

    # Start the dialogue with a question.
    form = action_form(page, "In gesprek gaan")
    form.get_by_label("Toelichting", exact=True).fill("We willen graag meer weten over de bomen.")
    form.get_by_role("button", name="In gesprek gaan").click()
    expect(page.get_by_text("De status is nu: In gesprek")).to_be_visible()
    page.locator("#id_message-body").fill("Welke fruitbomen kiest u, en waarom?")
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.get_by_text("Het bericht is verstuurd naar de aanvrager.")).to_be_visible()
    artifacts.shot(page, "dialogue started")
    pluktuin.refresh_from_db()
    assert pluktuin.state == State.IN_DIALOGUE
    assert pluktuin.messages.get().body == "Welke fruitbomen kiest u, en waarom?"

    # Approve with a granted amount lower than requested.
    form = action_form(page, "Toekennen")
    form.get_by_label("Toe te kennen bedrag").fill("1000")
    form.get_by_label("Besluit").fill("Toegekend voor de bomen; het plantgoed betaalt de buurt.")
    form.get_by_role("button", name="Toekennen").click()
    expect(page.get_by_text("De status is nu: Toegekend")).to_be_visible()
    artifacts.shot(page, "approved")
    pluktuin.refresh_from_db()
    assert pluktuin.state == State.APPROVED
    assert pluktuin.granted_amount == Decimal("1000")

    # The initiator reports; the official accepts the report and closes the file.
    Report.objects.create(application=pluktuin, story="Veertig buren plantten.", people_reached=80)
    workflow.perform(pluktuin, "submit_report", pluktuin.owner)
    page.reload()
    form = action_form(page, "Verantwoording goedkeuren en afronden")
    form.get_by_role("button", name="Verantwoording goedkeuren en afronden").click()
    expect(page.get_by_text("De status is nu: Afgerond")).to_be_visible()
    artifacts.shot(page, "report accepted")
    pluktuin.refresh_from_db()
    assert pluktuin.state == State.CLOSED
    assert list(
        TransitionLog.objects.filter(application=pluktuin).values_list("transition", flat=True)
    ) == ["submit", "start_dialogue", "approve", "submit_report", "accept_report"]


def test_two_officials_approving_at_the_same_moment_one_wins_the_other_is_told(
    new_page, artifacts, site, scheme, official
):
    colleague = UserFactory(username="collega", groups=["Ambtenaren"])
    application = application_in(State.SUBMITTED, scheme, official, title="Dorpsmoestuin")
    url = f"/admin/aanvragen/inspect/{application.pk}/"

    pages = []
    for username, amount in ((official.username, "900"), (colleague.username, "1100")):
        page = new_page()
        log_in(page, username)
        page.goto(url)
        form = action_form(page, "Toekennen")
        form.get_by_label("Toe te kennen bedrag").fill(amount)
        form.get_by_label("Besluit").fill(f"Toegekend: € {amount}.")
        pages.append(page)

    # Both click before either answer is back.
    for page in pages:
        action_form(page, "Toekennen").get_by_role("button", name="Toekennen").click(
            no_wait_after=True
        )
    for page in pages:
        page.wait_for_load_state()
        expect(page.locator(".messages, [role=alert], .help-critical").first).to_be_visible()
    for i, page in enumerate(pages):
        artifacts.shot(page, f"official {i + 1} after clicking")

    texts = [page.locator("main").inner_text() for page in pages]
    winners = [t for t in texts if "De status is nu: Toegekend" in t]
    losers = [
        t
        for t in texts
        if "Iemand anders heeft deze aanvraag net gewijzigd" in t
        or "Deze stap is in deze status niet mogelijk" in t
    ]
    assert len(winners) == 1, texts
    assert len(losers) == 1, texts
    application.refresh_from_db()
    assert application.state == State.APPROVED
    assert application.granted_amount in (Decimal("900"), Decimal("1100"))
    assert TransitionLog.objects.filter(application=application, transition="approve").count() == 1
