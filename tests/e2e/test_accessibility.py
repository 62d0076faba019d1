"""axe-core on every public page type of the demo site, on the search results, on the account
pages, and the public forms by keyboard alone: zero WCAG 2.1 A/AA violations, every field
reachable with Tab, focus always visible, and errors announced."""

from django.core.management import call_command

from wagtail.models import Page, Site

import pytest
from playwright.sync_api import expect

from .support import (
    AxeAudit,
    assert_errors_announced,
    assert_keyboard_reaches_every_field,
)


@pytest.fixture
def demo_site(fresh_database, live_server):
    call_command("load_demo_content", "--skip-index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Site.objects.get(is_default_site=True)


def one_live_page_per_type(site):
    pages = {}
    for page in site.root_page.get_descendants(inclusive=True).live().public().specific():
        pages.setdefault(type(page).__name__, page)
    return pages


def test_every_public_page_type_passes_axe(new_page, artifacts, demo_site):
    page = new_page()
    audit = AxeAudit()
    pages = one_live_page_per_type(demo_site)
    # Every page type the site offers has demo content to check.
    assert {"HomePage", "ArticlePage", "KnowledgeIndexPage", "EventPage", "EventIndexPage"} <= set(
        pages
    ), sorted(pages)
    broken = []
    for name, wagtail_page in sorted(pages.items()):
        response = page.goto(wagtail_page.url)
        assert response.status == 200, (name, wagtail_page.url, response.status)
        artifacts.shot(page, name)
        audit.check(page, f"{name} {wagtail_page.url}")
        for src in page.eval_on_selector_all("main img", "imgs => imgs.map(i => i.src)"):
            image = page.request.get(src)
            if image.status != 200 or not image.headers.get("content-type", "").startswith(
                "image/"
            ):
                broken.append(f"{name} {wagtail_page.url}: {src} -> {image.status}")
    # Routable sub-pages (such as a project story in the showcase) are linked from their index.
    showcase = pages.get("ProjectShowcasePage")
    if showcase:
        page.goto(showcase.url)
        story = page.locator(f"main a[href^='{showcase.url}']").first
        if story.count():
            story.click()
            audit.check(page, f"project story {page.url}")
    audit.assert_clean()
    assert not broken, "images that do not load:\n" + "\n".join(broken)


def test_search_results_and_account_pages_pass_axe(new_page, demo_site):
    call_command("update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = new_page()
    audit = AxeAudit()
    page.goto("/zoeken/?q=dorp")
    expect(page.locator("main")).to_contain_text("dorp")
    audit.check(page, "zoekresultaten")
    page.goto("/zoeken/?q=qwertyuiopzxcv")
    audit.check(page, "zoeken zonder resultaten")
    page.goto("/zoeken/")
    audit.check(page, "zoeken (leeg)")
    for url in ("/account/login/", "/account/signup/", "/account/password/reset/"):
        page.goto(url)
        audit.check(page, url)
    audit.assert_clean()


@pytest.mark.parametrize(
    ("url", "form", "submit"),
    [
        ("/account/signup/", "main form", "Account aanmaken"),
        ("/account/login/", "main form", None),
        ("/account/password/reset/", "main form", None),
    ],
)
def test_account_forms_work_by_keyboard(new_page, site, url, form, submit):
    page = new_page()
    page.goto(url)
    assert_keyboard_reaches_every_field(page, form)
    if submit:
        page.get_by_role("button", name=submit).click()
        assert_errors_announced(page)


def test_public_forms_on_pages_work_by_keyboard(new_page, demo_site):
    """The contact form and an event's registration form: keyboard, focus, announced errors."""
    page = new_page()
    pages = one_live_page_per_type(demo_site)
    checked = []
    for name in ("ContactPage", "EventPage"):
        wagtail_page = pages.get(name)
        if wagtail_page is None:
            continue
        events = (
            Page.objects.type(type(wagtail_page)).live().specific()
            if name == "EventPage"
            else [wagtail_page]
        )
        for candidate in events:
            page.goto(candidate.url)
            form = page.locator("main form[method=post]")
            if not form.count():
                continue
            assert_keyboard_reaches_every_field(page, "main form[method=post]")
            form.locator("[type=submit]").first.click()
            assert_errors_announced(page)
            checked.append(name)
            break
    assert "ContactPage" in checked, f"no contact form found among {sorted(pages)}"
