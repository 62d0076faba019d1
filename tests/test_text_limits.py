"""Every text field of every public form has a maximum the visitor can see before typing: the
input carries ``maxlength`` and the hint under it says "Hoogstens N tekens." (core/limits.py).
No JavaScript needed. Fields whose hint already says what fits (KvK, IBAN) and passwords are
limited without the hint; so are amounts (read by ``grants.money.parse_euro``)."""

import re
from html.parser import HTMLParser

from django.urls import reverse

import pytest

from core.honeypot import HONEYPOT_NAME
from tests.factories import UserFactory
from tests.grants.factories import FundingSchemeFactory, application_in_state
from tests.home.factories import ContactPageFactory, make_site_home
from tests.knowledge.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db

TEXT_INPUTS = {"text", "email", "tel", "url", "search", "password", None}
WITHOUT_HINT = {"id_kvk_number", "id_iban"}


class TextFields(HTMLParser):
    """Text inputs and textareas inside the page's forms of class "form" (not the language
    switch or the search box), and the text of every element with an id."""

    def __init__(self):
        super().__init__()
        self.fields, self.texts, self._open, self._in_form = [], {}, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = "form" in (attrs.get("class") or "").split()
        if (
            self._in_form
            and tag == "textarea"
            or (self._in_form and tag == "input" and attrs.get("type") in TEXT_INPUTS)
        ):
            self.fields.append(attrs)
        if attrs.get("id") and tag not in ("input", "textarea"):
            self._open.append(attrs["id"])
            self.texts[attrs["id"]] = ""

    def handle_data(self, data):
        for element_id in self._open:
            self.texts[element_id] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        if tag == "p" and self._open:
            self._open.pop()


def check_page(html):
    reader = TextFields()
    reader.feed(html)
    assert reader.fields, "the page has a form with text fields"
    for attrs in reader.fields:
        name = attrs.get("name")
        if name == "csrfmiddlewaretoken":
            continue
        assert attrs.get("maxlength", "").isdigit(), f"{name} has no maxlength"
        if attrs.get("type") == "password" or attrs.get("id") in WITHOUT_HINT:
            continue
        if name == HONEYPOT_NAME:
            continue  # hidden from everyone (core/honeypot.py): nobody is meant to read a hint
        if attrs.get("inputmode") == "decimal":
            continue  # an amount: the money parser says what fits ("Dit bedrag is te hoog")
        hint = reader.texts.get(f"{attrs['id']}_helptext", "")
        expected = f"Hoogstens {int(attrs['maxlength']):,} tekens".replace(",", ".")
        assert re.search(rf"{expected}", hint, re.I), f"{name}: no visible limit in {hint!r}"
        assert f"{attrs['id']}_helptext" in attrs.get("aria-describedby", "")


@pytest.fixture
def home_page(db):
    return make_site_home()


def test_application_form(client):
    FundingSchemeFactory()
    client.force_login(UserFactory())
    check_page(client.get(reverse("grants:application_create")).content.decode())


def test_dialogue_and_withdrawal(client):
    application = application_in_state("in_dialogue")
    client.force_login(application.owner)
    check_page(
        client.get(
            reverse("grants:application_detail", args=[application.reference])
        ).content.decode()
    )
    check_page(
        client.get(
            reverse("grants:application_withdraw", args=[application.reference])
        ).content.decode()
    )


def test_report_form(client):
    application = application_in_state("approved")
    client.force_login(application.owner)
    html = client.get(
        reverse("grants:application_report", args=[application.reference])
    ).content.decode()
    check_page(html)
    assert 'maxlength="10000"' in html  # the story, which had no limit at all
    assert "Hoogstens 10.000 tekens." in html


def test_contact_and_event_registration(client, home_page):
    contact = ContactPageFactory(parent=home_page)
    html = client.get(contact.url).content.decode()
    check_page(html)
    assert "Hoogstens 5.000 tekens." in html  # the multi-line question
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    check_page(client.get(event.url).content.decode())


@pytest.mark.parametrize("name", ["account_signup", "account_login", "account_reset_password"])
def test_account_forms(client, name):
    check_page(client.get(reverse(name)).content.decode())


def test_a_message_too_long_for_the_contact_form_is_refused_by_name(client, home_page):
    contact = ContactPageFactory(parent=home_page)
    response = client.post(
        contact.url,
        {"naam": "Anna", "e_mailadres": "anna@example.nl", "je_vraag": "x" * 5001},
    )

    assert "‘Je vraag’ mag hoogstens 5000 tekens lang zijn (nu 5001)." in response.content.decode()


def test_an_email_address_longer_than_the_user_model_holds_is_refused(client):
    email = "a" * 250 + "@x.nl"
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": "x", "password2": "x"}
    )

    assert response.status_code == 200
    assert not UserFactory._meta.model.objects.filter(email=email).exists()
