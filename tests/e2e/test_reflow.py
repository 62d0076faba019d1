"""WCAG 2.1 success criterion 1.4.10 Reflow: every public and initiator page type, in every state
a person meets, fits a 320 px wide screen (and a 390 px phone) without scrolling sideways; and
the header's Menu button works with the keyboard, while without JavaScript the menus are plain
visible lists.

The cases are one list, built in the ``reflow_cases`` fixture from the demo content (plus an
event that is full, an attachment and a long word, link and file name in the dialogue): add a
page type there with ``Case(name, url)``. A case can be seen by the demo initiator
(``as_initiator=True``) and can do something after loading (``then=``, e.g. send an empty form
for its error state). The widths go to test-artifacts/reflow/widths-<viewport>.json, and the
main pages' screenshots (``shot=True``) to test-artifacts/reflow/<name>-320.png and -1280.png.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.files.base import ContentFile
from django.core.management import call_command

from wagtail.models import Site

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, PDF_BYTES
from .support import axe_violations, describe_violations

REFLOW_ARTIFACTS = ARTIFACTS.parent / "reflow"
NARROW = 320
PHONE = 390
WIDE = 1280
LONG_WORD = "Dorpshuisverduurzamingswerkgroepvergaderingsverslagen"
LONG_URL = (
    "https://www.dorpskracht.example/kennisbank/verduurzaming/"
    "subsidieregeling-voor-dorpshuizen-en-buurthuizen-2026-volledige-voorwaarden.pdf"
)


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    as_initiator: bool = False
    then: Callable | None = None  # run on the loaded page before measuring (a form sent, ...)
    shot: bool = False  # a main page: screenshots at 320 and 1280 px


# --- what a case can do after loading --------------------------------------------------------


def send_empty(page):
    """Send the page's form empty: its error state."""
    with page.expect_navigation():
        page.locator("main form[method=post] [type=submit]").first.click()


def send_filled(page):
    """Fill the page's public form (contact, event registration) and send it: its landing page."""
    form = page.locator("main form[method=post]")
    for field in form.locator("input[type=text], input:not([type]), textarea").all():
        if field.is_visible():
            field.fill("Anne de Vries")
    for field in form.locator("input[type=email]").all():
        field.fill("anne@example.nl")
    for box in form.locator("input[type=checkbox][required]").all():
        box.check()
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()


def save_with_wrong_iban(page):
    page.locator("#id_iban").fill("NL00 GEEN IBAN")
    with page.expect_navigation():
        page.locator("button[name=action][value=next]").last.click()


def save_step_empty(page):
    """Step 1 saved without its required fields: the error summary and the messages."""
    with page.expect_navigation():
        page.locator("button[name=action][value=next]").last.click()


def add_budget_lines(page):
    """Two more budget lines, without saving the draft."""
    for _ in range(2):
        with page.expect_navigation():
            page.locator("button[name=add]").click()


def submit_incomplete(page):
    """The review's "Indienen" with what is still missing: every problem at once."""
    with page.expect_navigation():
        page.locator("button[name=action][value=submit]").click()


def submit_report_empty(page):
    with page.expect_navigation():
        page.locator("button[name=action][value=submit]").click()


# --- the cases -----------------------------------------------------------------------------


def _full_event(event_index):
    """An event with one place, taken: its registration is closed because it is full."""
    from knowledge.models import EventPage

    event = EventPage(
        title="Een volle bijeenkomst over dorpshuizen",
        slug="volle-bijeenkomst",
        date=date.today() + timedelta(days=30),
        start_time=time(19, 30),
        end_time=time(21, 0),
        location_name="Dorpshuis De Linde",
        intro="Alle plaatsen zijn bezet.",
        capacity=1,
    )
    event_index.add_child(instance=event)
    event.save_revision().publish()
    event.get_submission_class().objects.create(page=event, form_data={"naam": "Henk"})
    return event


def _with_dialogue_and_attachments(application):
    """A message with a long word, a long link and an attachment with a long file name."""
    from grants.models import Attachment, Message

    message = Message.objects.create(
        application=application,
        author=application.owner,
        body=f"De offerte staat op {LONG_URL}. Zie ook de {LONG_WORD}.",
    )
    for name, on_message in ((f"{LONG_WORD}-offerte-2026.pdf", False), ("foto.pdf", True)):
        attachment = Attachment(
            application=application,
            message=message if on_message else None,
            original_name=name,
            uploaded_by=application.owner,
            size=len(PDF_BYTES),
        )
        attachment.file.save(name, ContentFile(PDF_BYTES), save=True)


@pytest.fixture
def demo_site(fresh_database, live_server):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def reflow_cases(demo_site):
    from demo.grants import USERS
    from grants.models import Application, State
    from grants.models.pages import ProjectShowcasePage, SchemePage
    from home.models import (
        ContactPage,
        HomePage,
        NewsIndexPage,
        NewsPage,
        PrinciplePage,
        StandardPage,
    )
    from knowledge.models import (
        ArticlePage,
        EventIndexPage,
        EventPage,
        EventRegistration,
        KnowledgeIndexPage,
        RegistrationState,
    )

    def first(model):
        return model.objects.live().public().order_by("path").first()

    events = {}
    for event in EventPage.objects.live().order_by("path"):
        events.setdefault(event.registration_state(), event)
    events[RegistrationState.FULL] = _full_event(first(EventIndexPage))

    mine = Application.objects.filter(owner__email=USERS["initiator"].email).order_by("pk")

    def in_state(state):
        return mine.filter(state=state).first()

    draft = in_state(State.DRAFT)
    talking = in_state(State.IN_DIALOGUE)
    approved = in_state(State.APPROVED)
    _with_dialogue_and_attachments(talking)
    Application.objects.filter(pk=draft.pk).update(title=f"{LONG_WORD} in de kern")

    # The demo's help question (no money) belongs to another resident: here it is the demo
    # initiator's, so its detail page is measured too.
    help_question = Application.objects.filter(kind="hulp").order_by("pk").first()
    Application.objects.filter(pk=help_question.pk).update(owner=mine.first().owner)
    registration = EventRegistration.objects.filter(status="aangemeld").order_by("pk").first()
    statement = StandardPage.objects.live().get(title="Toegankelijkheidsverklaring")

    showcase = first(ProjectShowcasePage)
    project = showcase.projects().filter(state=State.CLOSED).first()
    principle = first(PrinciplePage)

    def detail(application):
        return f"/aanvragen/{application.reference}/"

    def step(application, slug):
        return f"/aanvragen/{application.reference}/stap/{slug}/"

    return [
        Case("home", first(HomePage).url, shot=True),
        Case("standard-page", first(StandardPage).url, shot=True),
        Case("accessibility-statement", statement.url),
        Case("news-index", first(NewsIndexPage).url, shot=True),
        Case("news-page", first(NewsPage).url),
        Case("principle-index", principle.get_parent().url),
        Case("principle-page", principle.url),
        Case("contact-page", first(ContactPage).url),
        Case("contact-page-errors", first(ContactPage).url, then=send_empty),
        Case("contact-landing", first(ContactPage).url, then=send_filled),
        Case("knowledge-index", first(KnowledgeIndexPage).url),
        Case("article", first(ArticlePage).url, shot=True),
        Case("event-index", first(EventIndexPage).url),
        Case("event-open", events[RegistrationState.OPEN].url, shot=True),
        Case("event-open-errors", events[RegistrationState.OPEN].url, then=send_empty),
        Case("event-full", events[RegistrationState.FULL].url),
        Case("event-closed", events[RegistrationState.PAST].url),
        Case("event-by-email", events[RegistrationState.EMAIL].url),
        Case("event-landing", events[RegistrationState.OPEN].url, then=send_filled),
        Case("event-waiting-list", events[RegistrationState.FULL].url, then=send_filled),
        Case("event-cancel", f"/bijeenkomsten/afmelden/{registration.cancel_token}/"),
        Case("scheme-page", first(SchemePage).url, shot=True),
        Case("project-showcase", showcase.url, shot=True),
        Case("project-page", showcase.project_url(project), shot=True),
        Case("search-results", "/zoeken/?q=dorp", shot=True),
        Case("search-no-results", "/zoeken/?q=qwertyuiopzxcv"),
        Case("search-empty", "/zoeken/"),
        Case("login", "/account/login/", shot=True),
        Case("login-errors", "/account/login/", then=send_empty),
        Case("signup", "/account/signup/"),
        Case("signup-errors", "/account/signup/", then=send_empty),
        Case("password-reset", "/account/password/reset/"),
        Case("account-email", "/account/email/", as_initiator=True),
        Case("password-change", "/account/password/change/", as_initiator=True),
        Case("logout", "/account/logout/", as_initiator=True),
        Case("my-applications", "/aanvragen/", as_initiator=True, shot=True),
        Case("project-start", "/aanvragen/project/", shot=True),
        Case("project-show-form", "/aanvragen/project/laten-zien/", as_initiator=True),
        Case("project-help-form", "/aanvragen/project/hulp/", as_initiator=True),
        Case(
            "project-help-form-errors",
            "/aanvragen/project/hulp/",
            as_initiator=True,
            then=send_empty,
        ),
        Case("application-help-question", detail(help_question), as_initiator=True),
        Case("application-new", "/aanvragen/nieuw/", as_initiator=True, shot=True),
        Case(
            "application-new-errors",
            "/aanvragen/nieuw/",
            as_initiator=True,
            then=save_step_empty,
            shot=True,
        ),
        Case("application-edit", f"{detail(draft)}wijzigen/", as_initiator=True),
        Case("step-initiative", step(draft, "uw-initiatief"), as_initiator=True),
        Case("step-who", step(draft, "wie-bent-u"), as_initiator=True),
        Case("step-money", step(draft, "geld"), as_initiator=True, shot=True),
        Case(
            "step-money-more-lines",
            step(draft, "geld"),
            as_initiator=True,
            then=add_budget_lines,
        ),
        Case(
            "step-money-errors", step(draft, "geld"), as_initiator=True, then=save_with_wrong_iban
        ),
        Case("step-attachments", step(draft, "bijlagen"), as_initiator=True),
        Case("step-review", step(draft, "controleren"), as_initiator=True, shot=True),
        Case(
            "step-review-problems",
            step(draft, "controleren"),
            as_initiator=True,
            then=submit_incomplete,
        ),
        Case("application-draft", detail(draft), as_initiator=True),
        Case("application-submitted", detail(in_state(State.SUBMITTED)), as_initiator=True),
        Case("application-in-dialogue", detail(talking), as_initiator=True, shot=True),
        Case("application-approved", detail(approved), as_initiator=True),
        Case("application-reported", detail(in_state(State.REPORTED)), as_initiator=True),
        Case("application-closed", detail(in_state(State.CLOSED)), as_initiator=True),
        Case("application-rejected", detail(in_state(State.REJECTED)), as_initiator=True),
        Case("report-form", f"{detail(approved)}verantwoording/", as_initiator=True, shot=True),
        Case(
            "report-form-errors",
            f"{detail(approved)}verantwoording/",
            as_initiator=True,
            then=submit_report_empty,
        ),
        Case("withdraw", f"{detail(in_state(State.SUBMITTED))}intrekken/", as_initiator=True),
        Case("my-data", "/account/gegevens/", as_initiator=True, shot=True),
        Case("not-found", "/deze-pagina-bestaat-niet/", shot=True),
    ]


# --- measuring -----------------------------------------------------------------------------


def log_in_as_initiator(page):
    from demo.grants import DEMO_PASSWORD, USERS

    page.goto("/account/login/")
    page.locator("#id_login").fill(USERS["initiator"].email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form [type=submit]").first.click()
    # (In the header; on a narrow screen behind the Menu button.)
    expect(page.locator(".site-header a[href='/aanvragen/']")).to_be_attached()


def pages_at(new_page, width):
    """An anonymous visitor's page and the demo initiator's page at ``width`` px."""
    viewport = {"width": width, "height": 800}
    anonymous = new_page(viewport=viewport)
    initiator = new_page(viewport=viewport)
    log_in_as_initiator(initiator)
    return anonymous, initiator


def visit(page, case):
    response = page.goto(case.url)
    if case.then:
        case.then(page)
    return response


def page_width(page):
    return page.evaluate("() => document.documentElement.scrollWidth")


def widest_elements(page, limit):
    """The innermost elements that stick out past the viewport (to say what to fix)."""
    return page.evaluate(
        """limit => {
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.right > limit + 1 && r.width > 0 && !el.closest('.visually-hidden')) {
                    const inner = Array.from(el.children).some(
                        c => c.getBoundingClientRect().right > limit + 1);
                    if (!inner) out.push(`${el.tagName.toLowerCase()}.${el.className}`
                        + ` (${Math.round(r.right)} px)`);
                }
            }
            return out.slice(0, 4);
        }""",
        limit,
    )


def test_every_page_type_reflows_at_320_and_390_px(new_page, reflow_cases):
    REFLOW_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for width in (NARROW, PHONE):
        anonymous, initiator = pages_at(new_page, width)
        widths = {}
        for case in reflow_cases:
            page = initiator if case.as_initiator else anonymous
            response = visit(page, case)
            expected = 404 if case.name == "not-found" else 200
            assert response.status == expected, (case.name, case.url, response.status)
            widths[case.name] = page_width(page)
            if widths[case.name] > width:
                too_wide.append(
                    f"{width} px: {case.name} {case.url} is {widths[case.name]} px wide; "
                    + ", ".join(widest_elements(page, width))
                )
            if case.shot and width == NARROW:
                page.screenshot(path=REFLOW_ARTIFACTS / f"{case.name}-{NARROW}.png", full_page=True)
        (REFLOW_ARTIFACTS / f"widths-{width}.json").write_text(json.dumps(widths, indent=2))
    anonymous, initiator = pages_at(new_page, WIDE)
    for case in (c for c in reflow_cases if c.shot):
        page = initiator if case.as_initiator else anonymous
        visit(page, case)
        page.screenshot(path=REFLOW_ARTIFACTS / f"{case.name}-{WIDE}.png", full_page=True)
    listing = "\n".join(too_wide)
    assert not too_wide, f"{len(too_wide)} pages scroll sideways (WCAG 1.4.10):\n{listing}"


# --- the Menu button -----------------------------------------------------------------------


def test_the_menu_button_opens_and_closes_the_menus_and_without_javascript_they_are_lists(
    new_page, demo_site
):
    page = new_page(viewport={"width": NARROW, "height": 800})
    page.goto("/")
    button = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    search_link = page.locator(".site-header").get_by_role("link", name="Zoeken")

    # Collapsed at 320 px: the button, no menus.
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    expect(search_link).to_be_hidden()
    assert page_width(page) <= NARROW

    # By keyboard: Tab reaches the button (after the skip link and the name), Enter opens it.
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.site-header__menu-button')"):
            break
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(search_link).to_be_visible()
    assert page_width(page) <= NARROW
    page.screenshot(path=REFLOW_ARTIFACTS / f"menu-open-{NARROW}.png", full_page=True)

    # The header with its menu open: no WCAG 2.1 A/AA violations.
    violations = axe_violations(page, ".site-header")
    assert not violations, describe_violations("header, menu open", violations)

    # The next Tab goes into the menu; Escape closes it and gives the focus back to the button.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('.site-header')")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(nav).to_be_hidden()

    # A click opens and closes it too.
    button.click()
    expect(nav).to_be_visible()
    button.click()
    expect(nav).to_be_hidden()

    # On a wide screen: no button, everything visible.
    wide = new_page(viewport={"width": WIDE, "height": 800})
    wide.goto("/")
    expect(wide.get_by_role("button", name="Menu")).to_be_hidden()
    expect(wide.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(wide.locator(".site-header").get_by_role("link", name="Zoeken")).to_be_visible()

    # Without JavaScript: no button; the menus are plain lists, visible, and still fit.
    plain = new_page(viewport={"width": NARROW, "height": 800}, java_script_enabled=False)
    plain.goto("/")
    expect(plain.locator(".site-header__menu-button")).to_be_hidden()
    expect(plain.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(plain.locator(".site-header").get_by_role("link", name="Zoeken")).to_be_visible()
    expect(plain.locator(".site-header").get_by_role("link", name="Inloggen")).to_be_visible()
    assert page_width(plain) <= NARROW
    plain.screenshot(path=REFLOW_ARTIFACTS / f"menu-without-javascript-{NARROW}.png")
