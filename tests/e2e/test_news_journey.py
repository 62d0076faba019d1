"""A visitor, in a real browser, on the demo site: from the home page through the main menu to
Actueel, opens the newest news item and follows its "zie ook" link to the event. The index and
the item pass axe-core, and at 320 px wide (WCAG 1.4.10 reflow) nothing scrolls sideways."""

import io
import re

from django.core.management import call_command

from wagtail.models import Site

import pytest
from playwright.sync_api import expect

from home.models import NewsIndexPage, NewsPage

from .support import AxeAudit


@pytest.fixture
def demo_site(fresh_database, live_server):
    call_command("load_demo_content", "--skip-index", stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


def _newest():
    return NewsPage.objects.live().order_by("-date", "-first_published_at").first()


def test_visitor_reads_the_news_from_the_menu(page, artifacts, demo_site):
    audit = AxeAudit()
    newest = _newest()

    page.goto("/")
    news_section = page.get_by_role("region", name="Actueel")
    expect(news_section.get_by_role("heading", level=3)).to_have_count(3)
    artifacts.shot(page, "startpagina met actueel")

    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Actueel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actueel")
    expect(menu.get_by_role("link", name="Actueel")).to_have_attribute("aria-current", "page")
    items = page.locator("main ul.news-list > li")
    expect(items).to_have_count(5)
    expect(items.first.locator("time")).to_have_attribute(
        "datetime", newest.date.strftime("%Y-%m-%d")
    )
    artifacts.shot(page, "actueel")
    audit.check(page, "actueel")

    items.first.get_by_role("link", name=newest.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(newest.title)
    see_also = page.get_by_role("complementary", name="Zie ook")
    expect(see_also).to_be_visible()
    artifacts.shot(page, "nieuwsbericht")
    audit.check(page, "nieuwsbericht")

    event_title = newest.see_also_page.title
    see_also.get_by_role("link", name=event_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(event_title)

    page.go_back()
    page.get_by_role("link", name="Terug naar al het nieuws").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actueel")
    audit.assert_clean()


def test_news_fits_a_phone_320_px_wide(new_page, artifacts, demo_site):
    page = new_page(viewport={"width": 320, "height": 800})
    index = NewsIndexPage.objects.live().get()
    with_image = NewsPage.objects.live().exclude(image=None).first()
    without_image = NewsPage.objects.live().filter(image=None).first()
    for name, url in (
        ("actueel", index.url),
        ("bericht met afbeelding", with_image.url),
        ("bericht zonder afbeelding", without_image.url),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        artifacts.shot(page, f"320 {name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url} is {width} px wide at 320 px"
    # On a phone the main menu (with Actueel) is behind the Menu button.
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name=re.compile("Hoofdmenu"))).to_be_visible()

    # On the home page the news cards fit, and so does the page.
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    rights = page.eval_on_selector_all(
        ".news-card", "cards => cards.map(card => card.getBoundingClientRect().right)"
    )
    assert len(rights) == 3
    assert max(rights) <= 320, rights
