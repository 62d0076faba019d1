"""Events that confirm, in a real browser: a resident registers for a full event and lands on
the waiting list; someone who has a place cancels through the link in their e-mail (confirming
first); the resident moves up and gets the mail with the calendar file and a cancel link of
their own. The event page, the confirmation, the cancel pages and an unknown link pass axe-core
and fit a 320 px wide screen without scrolling sideways."""

import datetime
import re

from django.core import mail
from django.utils import timezone

import icalendar
from playwright.sync_api import expect

from knowledge.models import EventRegistration, RegistrationStatus
from tests.knowledge.factories import EventIndexPageFactory, EventPageFactory

from .support import AxeAudit

CANCEL_LINK = re.compile(r"https?://[^/\s]+(/bijeenkomsten/afmelden/[\w-]+/)")


def _event(home):
    index = EventIndexPageFactory(parent=home, title="Transitiegesprekken", slug="gesprekken")
    return EventPageFactory(
        parent=index,
        title="Samen energie opwekken: van plan naar coöperatie",
        slug="samen-energie-opwekken",
        date=timezone.localdate() + datetime.timedelta(days=21),
        capacity=1,
        location_name="Kantine van voetbalvereniging De Zwaluwen",
        location_address="Sportlaan 4\n9999 AC Ergenshuizen",
        route_info="De kantine ligt aan het eind van de Sportlaan, achter het hoofdveld.",
    )


def _mail_to(address, subject_start):
    found = [m for m in mail.outbox if m.to == [address] and m.subject.startswith(subject_start)]
    assert len(found) == 1, [(m.to, m.subject) for m in mail.outbox]
    return found[0]


def _fits(page, label, checked):
    width = page.evaluate("document.documentElement.scrollWidth")
    checked.append((label, width))
    assert width <= 320, f"{label} is {width} px wide at 320 px"


def _register(page, name, email):
    page.get_by_label("Naam").fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.locator("main form[method=post] [type=submit]").click()


def test_waiting_list_moves_up_when_someone_cancels_through_their_mail(new_page, artifacts, site):
    event = _event(site)
    audit = AxeAudit()
    widths = []

    # --- Bert takes the only place --------------------------------------------------------------
    bert = new_page(viewport={"width": 320, "height": 800})
    bert.goto(event.url)
    expect(bert.get_by_text("Er is nog 1 plaats vrij.")).to_be_visible()
    audit.check(bert, "bijeenkomst (open)")
    _fits(bert, "bijeenkomst (open)", widths)
    _register(bert, "Bert Visser", "bert@example.nl")
    expect(bert.get_by_role("heading", level=1)).to_have_text("U bent aangemeld")
    audit.check(bert, "bevestiging (aangemeld)")
    _fits(bert, "bevestiging (aangemeld)", widths)

    # --- Anne finds it full and joins the waiting list ------------------------------------------
    anne = new_page(viewport={"width": 320, "height": 800})
    anne.goto(event.url)
    expect(anne.get_by_text("Deze bijeenkomst is vol.")).to_be_visible()
    expect(anne.get_by_role("button", name="Aanmelden voor de wachtlijst")).to_be_visible()
    artifacts.shot(anne, "vol, wachtlijst")
    audit.check(anne, "bijeenkomst (vol)")
    _fits(anne, "bijeenkomst (vol)", widths)
    _register(anne, "Anne de Boer", "anne@example.nl")
    expect(anne.get_by_role("heading", level=1)).to_have_text("U staat op de wachtlijst")
    expect(anne.get_by_text("Uw plaats op de wachtlijst: 1.")).to_be_visible()
    artifacts.shot(anne, "op de wachtlijst")
    audit.check(anne, "bevestiging (wachtlijst)")
    _fits(anne, "bevestiging (wachtlijst)", widths)
    waiting_mail = _mail_to("anne@example.nl", "U staat op de wachtlijst")
    assert "Uw plaats op de wachtlijst: 1." in waiting_mail.body

    # --- Bert cancels through the link in his mail ---------------------------------------------
    confirmation = _mail_to("bert@example.nl", "Aanmelding bevestigd")
    link = CANCEL_LINK.search(confirmation.body).group(1)
    bert.goto(link)
    expect(bert.get_by_role("heading", level=1)).to_have_text("Afmelden voor de bijeenkomst")
    artifacts.shot(bert, "afmelden bevestigen")
    audit.check(bert, "afmelden (bevestigen)")
    _fits(bert, "afmelden (bevestigen)", widths)
    assert EventRegistration.objects.get(form_data__naam="Bert Visser").status == "aangemeld"
    bert.get_by_role("button", name="Ja, meld mij af").click()
    expect(bert.get_by_role("heading", level=1)).to_have_text("U bent afgemeld")
    expect(bert.get_by_role("status")).to_contain_text("uw plaats gaat naar iemand anders")
    artifacts.shot(bert, "afgemeld")
    audit.check(bert, "afmelden (klaar)")
    _fits(bert, "afmelden (klaar)", widths)

    # The same link again says so.
    bert.goto(link)
    expect(bert.get_by_role("heading", level=1)).to_have_text("U bent al afgemeld")
    audit.check(bert, "afmelden (al afgemeld)")
    _fits(bert, "afmelden (al afgemeld)", widths)
    # A link that does not exist: a clear page, no error.
    response = bert.goto("/bijeenkomsten/afmelden/bestaat-niet/")
    assert response.status == 404
    expect(bert.get_by_role("heading", level=1)).to_have_text("Deze afmeldlink kennen wij niet")
    audit.check(bert, "afmelden (onbekende link)")
    _fits(bert, "afmelden (onbekende link)", widths)

    # --- Anne moved up and got the mail with the calendar file ----------------------------------
    anne_registration = EventRegistration.objects.get(form_data__naam="Anne de Boer")
    assert anne_registration.status == RegistrationStatus.REGISTERED
    moved_up = _mail_to("anne@example.nl", "Er is een plaats voor u")
    assert "U stond op de wachtlijst en bent nu aangemeld." in moved_up.body
    [(name, content, mimetype)] = moved_up.attachments
    assert name == "samen-energie-opwekken.ics"
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar.events[0]["summary"]) == event.title
    own_link = CANCEL_LINK.search(moved_up.body).group(1)
    assert own_link == f"/bijeenkomsten/afmelden/{anne_registration.cancel_token}/"
    assert own_link != link

    # The event page is full again, with Anne in Bert's place.
    anne.goto(event.url)
    expect(anne.get_by_text("Deze bijeenkomst is vol.")).to_be_visible()
    audit.check(anne, "bijeenkomst (weer vol)")
    audit.assert_clean()
    print("320 px widths:", widths)
