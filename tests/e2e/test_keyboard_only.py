"""The public forms used with the keyboard alone: no mouse clicks, every step by Tab, typing,
arrow keys, Space and Enter; focus always visible; errors announced and reachable."""

from playwright.sync_api import expect

from grants.models import Application
from tests.factories import UserFactory

from .support import assert_errors_announced, focused, has_visible_focus, tab_until

EMAIL = "jan.keyboard@example.nl"
PASSWORD = "Toetsenbord-zonder-muis-7"


def submit_with_enter(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page, selector, text):
    tab_until(page, selector)
    info = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return {outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,"
        " boxShadow: s.boxShadow}; }"
    )
    assert has_visible_focus(info), f"{selector} has the focus but does not show it"
    page.keyboard.type(text)


def test_sign_up_and_log_in_by_keyboard(new_page, site, mailoutbox):
    page = new_page()
    page.goto("/account/signup/")
    page.keyboard.press("Enter")  # nothing focused yet: nothing happens
    type_into(page, "#id_email", EMAIL)
    page.keyboard.press("Tab")
    assert focused(page) == "id_password1", "the password comes right after the e-mail address"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert focused(page) == "id_password2"
    page.keyboard.type("Iets-anders-dan-hierboven-1")
    submit_with_enter(page)
    # The mistake is announced; the e-mail address is kept.
    assert_errors_announced(page)
    expect(page.locator("#id_email")).to_have_value(EMAIL)
    type_into(page, "#id_password1", PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    submit_with_enter(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [EMAIL]


def test_save_a_draft_application_by_keyboard(new_page, artifacts, site, scheme):
    UserFactory(username="jan", email=EMAIL, password=PASSWORD)
    from allauth.account.models import EmailAddress

    user = UserFactory._meta.model.objects.get(username="jan")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)

    page = new_page()
    page.goto("/account/login/?next=/aanvragen/nieuw/")
    type_into(page, "#id_login", EMAIL)
    type_into(page, "#id_password", PASSWORD)
    submit_with_enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stap 1 van 5: Uw initiatief")

    # Step 1: selects by type-ahead, text by typing, checkboxes with Space; Enter saves.
    tab_until(page, "#id_scheme")
    page.keyboard.type("Dorps")
    tab_until(page, "#id_village")
    page.keyboard.type("Ell")
    tab_until(page, "#id_category")
    page.keyboard.type("Groen")
    type_into(page, "#id_title", "Bankjes langs de dijk")
    type_into(page, "#id_plan_what", "Vijf bankjes van eikenhout langs het wandelpad.")
    tab_until(page, "#id_principles_1")
    page.keyboard.press("Space")
    tab_until(page, "button[value=next]")
    submit_with_enter(page)

    # Step 2: nothing needed yet; on with Enter on "Opslaan en verder".
    expect(page.get_by_role("heading", level=1)).to_have_text("Stap 2 van 5: Wie bent u")
    tab_until(page, "button[value=next]")
    submit_with_enter(page)

    # Step 3: a budget line and a wrong IBAN; Enter in a field saves (not "Regel toevoegen").
    expect(page.get_by_role("heading", level=1)).to_have_text("Stap 3 van 5: Geld")
    type_into(page, "[id='id_budget-0-description']", "Eikenhout en beslag")
    type_into(page, "[id='id_budget-0-amount']", "1250")
    type_into(page, "#id_iban", "NL00 GEEN IBAN")
    submit_with_enter(page)

    # The error is announced; its link in the summary takes the keyboard to the field.
    assert_errors_announced(page)
    assert focused(page) == "error-summary"
    artifacts.shot(page, "keyboard: error summary")
    expect(page.locator("[id='id_budget-0-description']")).to_have_value("Eikenhout en beslag")
    expect(page.locator("[id='id_budget-0-amount']")).to_have_value("1250")
    expect(page.locator("[id='id_budget-1-amount']")).to_have_count(0)  # no line added
    tab_until(page, "#error-summary a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_iban")).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("NL91ABNA0417164300")
    tab_until(page, "button[value=next]:not([tabindex])")
    submit_with_enter(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Stap 4 van 5: Bijlagen")
    application = Application.objects.get()
    assert application.title == "Bankjes langs de dijk"
    assert application.scheme == scheme
    assert application.village.name == "Ellecom"
    assert application.principles == ["collaboration"]
    assert application.iban == "NL91ABNA0417164300"
    assert str(application.requested_amount) == "1250.00"
