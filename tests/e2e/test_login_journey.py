"""The one login in a real browser: an official's first visit to the admin sets up the
authenticator app (the secret read from the page, as a person types it into the app); too many
wrong passwords block even the right one, with a Dutch message that says for how long."""

import re

from playwright.sync_api import expect

from tests.factories import UserFactory, totp_code

from .support import FACTORY_PASSWORD, AxeAudit


def test_an_official_sets_up_the_authenticator_app_on_the_first_visit(page, shot, site):
    official = UserFactory(
        username="nieuw", groups=["Ambtenaren"], verified_email=True, second_factor=False
    )
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/account/login/\?next=/admin/"))
    page.locator("#id_login").fill(official.email)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # allauth asks for the password once more before an authenticator is added.
    expect(page).to_have_url(re.compile(r"/account/reauthenticate/"))
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name=re.compile("Bevestigen|Bevestig")).click()

    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code voor de authenticator-app")).to_be_visible()
    shot("enrolment page")
    audit = AxeAudit()
    audit.check(page, "enrolment page")
    audit.assert_clean()

    secret = page.locator("#authenticator_secret").inner_text().strip()
    page.locator("#id_code").fill(totp_code(secret))
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()
    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    shot("recovery codes")
    page.get_by_role("link", name="Verder naar het beheer").click()
    expect(page.get_by_role("navigation", name=re.compile("Hoofdmenu|Main menu"))).to_be_visible()


def test_too_many_wrong_passwords_block_the_right_one_with_a_dutch_message(page, shot, official):
    page.goto("/admin/login/")
    for _ in range(5):
        page.locator("#id_login").fill(official.email)
        page.locator("#id_password").fill("verkeerd-geraden")
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("alert").first).to_be_visible()
    page.locator("#id_login").fill(official.email)
    page.locator("#id_password").fill(FACTORY_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    message = "Er is te vaak een verkeerd wachtwoord ingevuld. Probeer het over 15 minuten opnieuw."
    expect(page.get_by_text(message).first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/account/login/"))
    shot("lockout message")
