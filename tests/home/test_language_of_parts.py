"""WCAG 3.1.2, language of parts: with the English interface the page says lang="en", while
the editors' Dutch (titles, intros, bodies, cards) says lang="nl". With the Dutch interface
<html lang="nl"> covers everything and no element repeats it."""

import re

from django.conf import settings

import pytest

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def _element(html, marker):
    """The opening tag of the element whose tag contains `marker`."""
    match = re.search(r"<[a-z0-9]+[^>]*" + re.escape(marker) + r"[^>]*>", html)
    assert match, marker
    return match.group(0)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_standard_page_in_english_keeps_its_dutch_content_marked(english, home_page):
    page = StandardPageFactory(parent=home_page, title="Over ons")

    html = english.get(page.url).content.decode()

    assert '<html lang="en">' in html
    assert 'lang="nl"' in _element(html, 'class="page-header"')  # title and intro
    assert 'lang="nl"' in _element(html, 'class="stream"')  # the StreamField body
    assert '<li lang="nl"><span aria-current="page">Over ons</span>' in html  # breadcrumb
    # The interface around it stays English and unmarked.
    assert 'lang="nl"' not in _element(html, 'class="skip-link"')
    assert 'lang="nl"' not in _element(html, 'id="main"')


def test_the_home_page_cards_in_english_are_marked_dutch(english, home_page, principles):
    html = english.get("/").content.decode()

    assert '<html lang="en">' in html
    assert 'lang="nl"' in _element(html, 'class="hero__text"')
    assert 'lang="nl"' in _element(html, 'class="home-intro')
    cards = re.findall(r'<h3 class="card__title"[^>]*>', html)
    assert len(cards) == len(principles)
    assert all('lang="nl"' in card for card in cards)


def test_in_dutch_no_element_repeats_the_language(client, home_page, principles):
    page = StandardPageFactory(parent=home_page, title="Over ons")

    home_html = client.get("/").content.decode()
    page_html = client.get(page.url).content.decode()

    assert '<html lang="nl">' in home_html
    assert '<html lang="nl">' in page_html
    for html, marker in [
        (home_html, 'class="hero__text"'),
        (home_html, 'class="card__title"'),
        (page_html, 'class="page-header"'),
        (page_html, 'class="stream"'),
    ]:
        assert "lang=" not in _element(html, marker), marker
    # Only the language switch's own "NL" button names its language, as it must.
    body = page_html.split("<body", 1)[1]
    assert re.findall(r'<[^>]+lang="nl"[^>]*>', body) == [_element(body, 'value="nl" lang="nl"')]


def test_an_applications_own_texts_are_marked_dutch_in_english(english):
    from django.urls import reverse

    from tests.factories import UserFactory
    from tests.grants.factories import ApplicationFactory

    owner = UserFactory(email="anna@example.nl")
    application = ApplicationFactory(
        owner=owner, title="Moestuin bij de school", summary="Een tuin voor en door kinderen."
    )
    english.force_login(owner)

    html = english.get(
        reverse("grants:application_detail", args=[application.reference])
    ).content.decode()

    assert '<html lang="en">' in html
    assert '<h1 lang="nl">Moestuin bij de school</h1>' in html
    assert '<dd lang="nl">Een tuin voor en door kinderen.</dd>' in html
