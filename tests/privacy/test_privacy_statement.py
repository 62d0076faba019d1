"""The demo privacy statement tells the truth: the terms the portal applies (from the
settings), the rights and where on this site to use them, and the complaint route."""

import pytest

from demo.home import privacy_statement_body

pytestmark = pytest.mark.django_db


def _text(body):
    return " ".join(
        block["value"] if block["type"] == "paragraph" else block["value"]["text"] for block in body
    )


def test_the_terms_are_the_ones_the_portal_applies(settings):
    settings.RETENTION = {
        **settings.RETENTION,
        "CLOSED_YEARS": 10,
        "CONTACT_MONTHS": 3,
        "REGISTRATION_MONTHS": 24,
    }
    settings.PRIVACY_DOWNLOAD_DAYS = 5
    text = _text(privacy_statement_body())
    assert "10 jaar na de afronding" in text
    assert "contactformulier: 3 maanden na ontvangst" in text
    assert "2 jaar na de bijeenkomst" in text
    assert "na 5 dagen verwijderd" in text


def test_the_defaults_match_the_issue():
    text = _text(privacy_statement_body())
    for term in (
        "1 jaar niets heeft gedaan",
        "2 jaar na het besluit",
        "7 jaar na de afronding",
        "6 maanden na ontvangst",
        "3 maanden na de bijeenkomst",
    ):
        assert term in text


def test_every_right_is_named_with_where_to_use_it():
    text = _text(privacy_statement_body())
    for right in ("Inzage", "Dataportabiliteit", "Rectificatie", "Verwijdering", "Bezwaar"):
        assert f"<strong>{right}" in text
    assert text.count('<a href="/account/gegevens/">Mijn gegevens</a>') >= 3
    assert "Autoriteit Persoonsgegevens" in text
    assert 'href="https://autoriteitpersoonsgegevens.nl/' in text
    assert " je " not in text  # formal "u"
    assert " jouw " not in text


def test_the_page_renders_with_working_links(client):
    from django.urls import reverse

    from home.models import StandardPage
    from tests.home.factories import make_site_home

    home = make_site_home()
    page = StandardPage(
        slug="privacyverklaring", title="Privacyverklaring", intro="", body=privacy_statement_body()
    )
    home.add_child(instance=page)
    html = client.get(page.url).content.decode()
    assert "Autoriteit Persoonsgegevens" in html
    assert '<a href="/account/gegevens/">Mijn gegevens</a>' in html
    assert client.get(reverse("privacy:my_data")).status_code == 302  # to the login


def test_deleting_the_account_is_described_as_it_happens():
    """erase_account anonymises a submitted application at once; the statement used to say it
    was kept with the person's data until the end of its term."""
    text = _text(privacy_statement_body())
    assert "tot het eind van de termijn" not in text
    assert "Uit ingediende aanvragen halen we meteen alles weg wat naar u leidt" in text
