"""A new resident follows "Vraag een bijdrage aan" from the home page, signs up, confirms the
e-mail address in the same browser and lands on step 1 of the empty application form, logged in
and greeted by address; then goes through the steps to a submitted application. Every screen
the person sees on the way is counted.

Screens from the home page to a submitted application (the mail counted as one): with the
one-page form 9 (8 to the empty form, then the detail page after "Indienen"), with the stepped
form 13 (the same 8 to step 1, then steps 2, 3, 4, the review, and the detail page)."""

import datetime
import html as html_lib
import re
from urllib.parse import unquote, urlencode

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from grants.models import Application, State
from tests.grants.factories import CategoryFactory, FundingSchemeFactory, VillageFactory
from tests.grants.test_showcase_pages import make_home, scheme_page

pytestmark = pytest.mark.django_db

PASSWORD = "Zonnebloem-Veld-2026"
EMAIL = "nieuw@example.nl"


def _href(html, text):
    """The link whose text contains `text`, as the browser would follow it."""
    for href, label in re.findall(r'<a[^>]+href="([^"]+)"[^>]*>(.*?)</a>', html, re.S):
        if text in label:
            return html_lib.unescape(href)
    raise AssertionError(f"no link {text!r}")


def _mail_link(message):
    match = re.search(r"https?://[^\s]+", message.body)
    assert match, message.body
    return match.group(0).replace("http://testserver", "")


@pytest.fixture
def home_with_call_to_action():
    home = make_home()
    today = timezone.localdate()
    scheme = FundingSchemeFactory(
        name="Dorpsinitiatieven",
        slug="dorpsinitiatieven",
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=100),
    )
    page = scheme_page(home, scheme)
    home.cta_page = page
    home.cta_button_text = "Vraag een bijdrage aan"
    home.save_revision().publish()
    return home


def _form_action(html):
    return html_lib.unescape(
        re.search(r'<form class="form application-form"[^>]*action="([^"]+)"', html).group(1)
    )


def _hidden(html, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None


def test_sign_up_from_the_call_to_action_lands_on_the_application_form(
    client, home_with_call_to_action
):
    village, category = VillageFactory(name="Ellecom"), CategoryFactory(name="Groen")
    screens = []

    def see(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        screens.append(url)
        return response.content.decode()

    html = see(home_with_call_to_action.url)  # 1 the home page
    html = see(_href(html, "Vraag een bijdrage aan"))  # 2 the scheme page
    form_url = _href(html, "Vraag geld aan uit")
    assert form_url.startswith(reverse("grants:application_create"))

    # 3 the anonymous visitor is sent to the login page, with the way back.
    response = client.get(form_url)
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith(reverse("account_login"))
    assert unquote(login_url.split("next=", 1)[1]) == form_url
    html = see(login_url)

    # 4 "Maak een account aan" keeps the way back.
    signup_url = _href(html, "Maak een account aan")
    assert signup_url.startswith(reverse("account_signup"))
    assert unquote(signup_url.split("next=", 1)[1]) == form_url
    html = see(signup_url)
    assert f'value="{html_lib.escape(form_url)}"' in html  # the hidden next field
    # and "Log dan in" on the sign-up page keeps it too.
    assert "next=" in _href(html, "Log dan in")

    response = client.post(
        signup_url,
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD, "next": form_url},
    )
    assert response.status_code == 302
    html = see(response["Location"])  # 5 "Bevestig uw e-mailadres"
    assert "bent u daarna ingelogd" in html
    assert "_auth_user_id" not in client.session

    # 6 the mail, 7 the confirmation page behind its link.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    screens.append("mail")
    confirm_url = _mail_link(mail.outbox[0])
    html = see(confirm_url)
    assert EMAIL in html

    # Confirming logs the person in and leads on to the form, not the home page.
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert response["Location"] == form_url
    assert "_auth_user_id" in client.session
    html = see(response["Location"])  # 8 step 1 of the empty application form
    assert "Nieuwe aanvraag" in html
    assert "Stap 1 van 5:</span> Uw initiatief" in html
    assert f"Uw e-mailadres {EMAIL} is bevestigd." in html
    assert f"U bent ingelogd als {EMAIL}." in html
    assert "U kunt nu inloggen" not in html  # they are already
    assert len(screens) == 8, screens

    # On through the steps, each "Opslaan en verder" one screen: 9-12, and 13 the submitted
    # application.
    scheme_pk = re.search(r'<option value="(\d+)" selected>Dorpsinitiatieven', html).group(1)
    per_step = [
        {
            "scheme": scheme_pk,
            "village": str(village.pk),
            "category": str(category.pk),
            "title": "Bloemen langs de dijk",
            "summary": "Buren zaaien samen bloemen langs de dijk.",
            "plan_what": "We zaaien een strook van honderd meter in met wilde bloemen.",
            "plan_for_whom": "Voor iedereen die over de dijk wandelt, en voor de bijen.",
            "plan_when": "In april zaaien, in de zomer bloeit het.",
            "creation_token": _hidden(html, "creation_token"),
        },
        {
            "organisation_type": "informal",
            "organisation_name": "Dijkbloemen",
            "contact_name": "Noor Nieuw",
            "contact_email": EMAIL,
        },
        {
            "budget-TOTAL_FORMS": "1",
            "budget-INITIAL_FORMS": "0",
            "budget-0-kind": "cost",
            "budget-0-description": "Zaad en gereedschap",
            "budget-0-amount": "750",
            "iban": "NL91 ABNA 0417 1643 00",
            "iban_holder": "N. Nieuw",
        },
        {  # no file chosen; the selects send their first option, as a browser does
            "attachments-TOTAL_FORMS": "2",
            "attachments-INITIAL_FORMS": "0",
            "attachments-0-kind": "quote",
            "attachments-1-kind": "quote",
        },
        {"privacy_consent": "on", "action": "submit"},
    ]
    for number, data in enumerate(per_step, start=1):
        response = client.post(_form_action(html), {"action": "next", **data})
        assert response.status_code == 302, (number, response.content.decode()[-3000:])
        html = see(response["Location"])
        if number < 5:
            assert f"Stap {number + 1} van 5:" in html, number
    application = Application.objects.get()
    assert application.state == State.SUBMITTED
    assert f"Het kenmerk is {application.reference}" in html
    assert len(screens) == 13, screens


def test_the_login_message_names_the_person_in_dutch_and_english(client, settings):
    from django.contrib.auth import get_user_model

    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user("gijs", "gijs@example.nl", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    my_applications = reverse("grants:my_applications")
    # English shows the Dutch sentence until the lead translates the new msgid; the address is
    # in it either way.
    for language, expected in [
        ("nl", "U bent ingelogd als gijs@example.nl."),
        ("en", "gijs@example.nl"),
    ]:
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.post(
            reverse("account_login"),
            {"login": "gijs@example.nl", "password": PASSWORD, "next": my_applications},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == my_applications
        html = response.content.decode()
        assert expected in html, language
        assert "ingelogd als ." not in html
        assert "logged in as ." not in html.lower()


def test_signing_up_without_a_way_back_still_logs_in_after_confirming(client):
    client.post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD},
    )
    response = client.post(_mail_link(mail.outbox[0]))
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert response["Location"] == "/"  # LOGIN_REDIRECT_URL


def test_confirming_in_another_browser_asks_to_log_in(client):
    from django.test import Client

    client.post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD},
    )
    other_browser = Client()
    response = other_browser.post(_mail_link(mail.outbox[0]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in other_browser.session


def test_the_mail_link_keeps_the_way_back_for_another_browser(client):
    from django.test import Client

    form_url = reverse("grants:application_create") + "?regeling=dorpsinitiatieven"
    client.post(
        reverse("account_signup") + "?" + urlencode({"next": form_url}),
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD, "next": form_url},
    )
    link = _mail_link(mail.outbox[0])
    assert unquote(link.split("next=", 1)[1]) == form_url

    # On the phone: confirmed, then the form asks to log in, and leads on to the form.
    phone = Client()
    page = phone.get(link).content.decode()
    assert f'value="{html_lib.escape(form_url)}"' in page  # the confirm button keeps it
    response = phone.post(link, {"next": form_url})
    assert response["Location"] == form_url
    response = phone.get(form_url)
    assert response.status_code == 302
    assert unquote(response["Location"].split("next=", 1)[1]) == form_url
    response = phone.post(
        response["Location"], {"login": EMAIL, "password": PASSWORD, "next": form_url}
    )
    assert response["Location"] == form_url


def test_a_foreign_way_back_is_not_put_in_the_mail(client):
    client.post(
        reverse("account_signup") + "?next=https://elders.example/",
        {
            "email": EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "https://elders.example/",
        },
    )
    assert "elders.example" not in mail.outbox[0].body


INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)


def _visible_text(html):
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S))


def test_the_sign_up_flow_says_u_also_in_allauths_own_messages(client):
    texts = []
    response = client.post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    html = response.content.decode()
    assert "U heeft twee verschillende wachtwoorden ingevuld." in html
    texts.append(html)
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": "fout-fout"})
    texts.append(response.content.decode())
    for name in ["account_login", "account_signup", "account_reset_password"]:
        texts.append(client.get(reverse(name)).content.decode())
    for html in texts:
        assert not INFORMAL.search(_visible_text(html)), INFORMAL.search(_visible_text(html))
