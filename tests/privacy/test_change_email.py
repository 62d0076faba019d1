"""Changing the e-mail address (allauth's e-mail management, ACCOUNT_CHANGE_EMAIL): the new
address replaces the old one only after it was confirmed from the link sent to it."""

import re

from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = reverse("account_email")


@pytest.fixture
def initiator():
    return UserFactory(email="oud@example.nl", verified_email=True)


def test_anonymous_visitor_is_sent_to_the_login(client):
    assert client.get(EMAIL)["Location"].startswith(reverse("account_login"))


def test_the_page_is_the_sites_own_in_dutch(client, initiator):
    client.force_login(initiator)
    html = client.get(EMAIL).content.decode()
    assert "<h1>E-mailadres wijzigen</h1>" in html
    assert "oud@example.nl" in html
    assert '<label for="id_email">Nieuw e-mailadres</label>' in html
    assert reverse("privacy:my_data") in html


def test_the_new_address_counts_only_once_confirmed(client, initiator, mailoutbox):
    client.force_login(initiator)
    response = client.post(EMAIL, {"email": "nieuw@example.nl", "action_add": ""}, follow=True)
    assert "We hebben een e-mail met een bevestigingslink gestuurd naar nieuw@example.nl" in (
        response.content.decode()
    )
    initiator.refresh_from_db()
    assert initiator.email == "oud@example.nl"
    assert [m.to for m in mailoutbox] == [["nieuw@example.nl"]]

    # The mail is about this change, not about an account just made.
    assert "account aangemaakt" not in mailoutbox[0].body
    assert "Bevestig via deze link dat dit uw e-mailadres is" in mailoutbox[0].body
    link = re.search(r"/account/confirm-email/[^/\s]+/", mailoutbox[0].body).group()
    confirmed = client.post(link, follow=True)
    # Back on Mijn gegevens, told what it means; no "U kunt nu inloggen" when logged in.
    assert confirmed.redirect_chain[-1][0] == reverse("privacy:my_data")
    html = confirmed.content.decode()
    assert "U logt voortaan met dit adres in." in html
    assert "U kunt nu inloggen" not in html
    initiator.refresh_from_db()
    assert initiator.email == "nieuw@example.nl"
    assert list(EmailAddress.objects.filter(user=initiator).values_list("email", flat=True)) == [
        "nieuw@example.nl"
    ]


def test_an_invalid_address_is_refused_with_a_linked_message(client, initiator):
    client.force_login(initiator)
    html = client.post(EMAIL, {"email": "geen-adres", "action_add": ""}).content.decode()
    assert 'href="#id_email"' in html
    assert 'aria-invalid="true"' in html
    initiator.refresh_from_db()
    assert initiator.email == "oud@example.nl"
