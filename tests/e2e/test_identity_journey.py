"""An editor sets the municipality's own colours (Instellingen → Huisstijl) in a real browser:
a pair with too little contrast is refused with the measured ratio next to the field, a good
pair is saved, and the public site shows the new colours at once (with the page cache on, as in
production). The pages this touches pass axe: the home page, the accessibility statement and
the 404 page."""

import re

from django.contrib.auth.models import Permission

from playwright.sync_api import expect

from demo import home as demo
from tests.factories import UserFactory

from .support import AxeAudit, log_in_to_admin

PLUM = "rgb(122, 31, 92)"  # #7a1f5c: white on it 9.5:1, on white 9.5:1
DEFAULT_PRIMARY = "rgb(21, 94, 75)"  # #155e4b


def _colour(page, selector, prop="color"):
    return page.locator(selector).first.evaluate(f"el => getComputedStyle(el)['{prop}']")


def test_editor_sets_the_municipalitys_colours(new_page, artifacts, site, settings):
    settings.PAGE_CACHE_SECONDS = 300
    demo.load(None)
    demo.load_navigation(None, site)
    editor = UserFactory(
        username="communicatie", first_name="Chris", groups=["Moderators"], verified_email=True
    )
    editor.user_permissions.add(Permission.objects.get(codename="change_identitysettings"))

    visitor = new_page()
    visitor.goto("/")
    visitor.reload()
    assert visitor.reload().headers.get("x-page-cache") == "hit"
    assert _colour(visitor, ".main-nav", "backgroundColor") == DEFAULT_PRIMARY

    page = new_page()
    log_in_to_admin(page, editor)

    # --- Instellingen → Huisstijl, through the admin's menu -----------------------------------
    page.get_by_role("button", name="Instellingen").click()
    page.get_by_role("link", name="Huisstijl").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Huisstijl")

    # --- too little contrast: refused, the ratio next to the field ------------------------------
    page.locator("#id_text_colour").fill("#999999")
    page.get_by_role("button", name="Opslaan").click()
    field = page.locator("[data-contentpath='text_colour']")
    expect(field).to_contain_text(
        "Het contrast tussen tekstkleur en achtergrond is 2,8:1; het moet minstens 4,5:1 zijn."
    )
    artifacts.shot(page, "contrast refused")

    # --- a good pair: saved ----------------------------------------------------------------------
    page.locator("#id_text_colour").fill("#1b1b1b")
    page.locator("#id_primary_colour").fill("#7A1F5C")
    page.locator("#id_link_colour").fill("#7a1f5c")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".messages")).to_contain_text(re.compile("gewijzigd|opgeslagen|bijgewerkt"))
    artifacts.shot(page, "saved")

    # --- the public site: new colours at once, and still accessible -----------------------------
    audit = AxeAudit()
    response = visitor.goto("/")
    assert response.headers.get("x-page-cache") == "miss"  # the save emptied the page cache
    assert _colour(visitor, ".main-nav", "backgroundColor") == PLUM
    assert _colour(visitor, "main a:not(.button)") == PLUM
    artifacts.shot(visitor, "home page in the new colours")
    audit.check(visitor, "startpagina")

    visitor.get_by_role("contentinfo").get_by_role(
        "link", name="Toegankelijkheidsverklaring"
    ).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")
    audit.check(visitor, "toegankelijkheidsverklaring")

    response = visitor.goto("/bestaat-niet/")
    assert response.status == 404
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    search = visitor.get_by_role("search")
    assert _colour(visitor, "main button[type='submit']", "backgroundColor") == PLUM
    search.get_by_label("Waar zoekt u naar?").fill("moestuin")
    artifacts.shot(visitor, "404 page")
    audit.check(visitor, "pagina niet gevonden")
    search.get_by_role("button", name="Zoeken").click()
    expect(visitor).to_have_url(re.compile(r"/zoeken/\?q=moestuin"))
    audit.assert_clean()

    # --- 320 px wide (400% zoom): the statement and the 404 page need no sideways scrolling ------
    visitor.set_viewport_size({"width": 320, "height": 800})
    for url in ("/toegankelijkheidsverklaring/", "/bestaat-niet/"):
        visitor.goto(url)
        assert visitor.evaluate("document.documentElement.scrollWidth") <= 320, url
    artifacts.shot(visitor, "404 page at 320 px")
