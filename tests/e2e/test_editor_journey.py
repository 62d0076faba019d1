"""An editor (communications) in the Wagtail admin, in a real browser: writes and publishes a
knowledge article with an image and a topic, adds it to the main menu, and sees both on the
public site and in search."""

import re

from django.contrib.auth.models import Permission

from playwright.sync_api import expect

from knowledge.models import ArticlePage
from tests.factories import UserFactory
from tests.knowledge.factories import ImageFactory, KnowledgeIndexPageFactory, TopicFactory

from .support import AxeAudit, log_in_to_admin


def test_editor_publishes_an_article_and_adds_it_to_the_menu(new_page, artifacts, site, settings):
    # With the anonymous page cache on, as in production: what the editor changes must show.
    settings.PAGE_CACHE_SECONDS = 300
    index = KnowledgeIndexPageFactory(parent=site, title="Kennisbank", slug="kennisbank")
    TopicFactory(name="Energietransitie", slug="energietransitie")
    TopicFactory(name="Omgevingswet", slug="omgevingswet")
    ImageFactory(title="Zonnepanelen op het dorpshuis", description="Zonnepanelen op een dak")
    editor = UserFactory(
        username="redacteur", first_name="Rosa", groups=["Moderators"], verified_email=True
    )
    editor.user_permissions.add(Permission.objects.get(codename="change_navigationsettings"))

    visitor = new_page()
    visitor.goto("/")  # a site's first visit creates its settings rows: not cached
    assert visitor.reload().headers.get("x-page-cache") == "miss"
    assert visitor.reload().headers.get("x-page-cache") == "hit"
    menu = visitor.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Kennisbank")).to_have_count(0)

    page = new_page()
    log_in_to_admin(page, editor)

    # --- write the article ----------------------------------------------------------------------
    page.goto(f"/admin/pages/add/knowledge/articlepage/{index.pk}/")
    page.locator("#id_title").fill("Samen zonnepanelen op het dorpshuis")
    page.locator("#id_intro").fill(
        "Hoe een energiecoöperatie in Laag-Soeren het dak van het dorpshuis vol legde."
    )
    page.get_by_role("button", name=re.compile("Kies een afbeelding")).click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name=re.compile("Zonnepanelen op het dorpshuis")).click()
    expect(page.locator("#id_listing_image-chooser, [data-chooser]").first).to_contain_text(
        "Zonnepanelen op het dorpshuis"
    )
    page.locator("#id_listing_image_alt").fill("Vrijwilligers leggen zonnepanelen op een dak")
    page.get_by_label("Energietransitie").check()
    artifacts.shot(page, "article filled in")

    publish = page.get_by_role("button", name="Publiceren")
    if not publish.is_visible():
        page.get_by_role("button", name=re.compile("Meer acties|More actions")).click()
    publish.click()
    expect(page.locator(".messages")).to_contain_text("gepubliceerd")
    article = ArticlePage.objects.get(title="Samen zonnepanelen op het dorpshuis")
    assert article.live
    assert [t.name for t in article.topics.all()] == ["Energietransitie"]
    assert article.listing_image.title == "Zonnepanelen op het dorpshuis"

    # --- put the knowledge bank in the main menu ------------------------------------------------
    page.goto("/admin/settings/home/navigationsettings/")
    page.get_by_role("button", name=re.compile("Menu-item")).first.click()
    page.locator("[id$='menu_items-0-link_url']").fill(index.url)
    page.locator("[id$='menu_items-0-label']").fill("Kennisbank")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".messages")).to_contain_text(re.compile("gewijzigd|opgeslagen|bijgewerkt"))
    artifacts.shot(page, "navigation saved")

    # --- the public site (the visitor's earlier, cached home page is gone) ----------------------
    audit = AxeAudit()
    assert visitor.goto("/").headers.get("x-page-cache") == "miss"
    menu = visitor.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Kennisbank").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Kennisbank")
    audit.check(visitor, "kennisbank")
    visitor.get_by_role("link", name="Samen zonnepanelen op het dorpshuis").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Samen zonnepanelen op het dorpshuis"
    )
    expect(
        visitor.get_by_role("img", name="Vrijwilligers leggen zonnepanelen op een dak")
    ).to_be_visible()
    expect(visitor.get_by_text("Energietransitie").first).to_be_visible()
    artifacts.shot(visitor, "article on the public site")
    audit.check(visitor, "kennisbankartikel")

    visitor.goto("/zoeken/?q=zonnepanelen")
    expect(
        visitor.get_by_role("link", name=re.compile("Samen zonnepanelen op het dorpshuis"))
    ).to_be_visible()
    artifacts.shot(visitor, "found by search")
    audit.check(visitor, "zoekresultaten")
    audit.assert_clean()
