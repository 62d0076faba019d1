"""The 404 page: says what happened, offers search and the main links, and stays cheap."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

import pytest

from home.models import ContactPage, NavigationItem, NavigationSettings

from .factories import ContactPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

# The page, the site, the settings (navigation, footer, huisstijl) with their links, the
# session and the one contact page.
MAX_NOT_FOUND_QUERIES = 14


@pytest.fixture
def menu(home_page):
    about = StandardPageFactory(parent=home_page, title="Over ons", slug="over-ons")
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    NavigationItem.objects.create(settings=navigation, link_page=about, sort_order=0)
    return about


def _main(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_a_missing_page_offers_search_home_the_menu_and_contact(client, menu, home_page):
    contact = ContactPageFactory(parent=home_page, title="Neem contact op", slug="contact")

    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    main = _main(response.content.decode())
    assert "<h1>Pagina niet gevonden</h1>" in main
    form = re.search(
        r'<form class="search-form[^"]*" method="get" action="/zoeken/" role="search">', main
    )
    assert form
    assert '<label for="not-found-q">Waar zoekt u naar?</label>' in main
    assert '<input type="search" id="not-found-q" name="q"' in main
    assert '<a href="/">De startpagina</a>' in main
    assert f'<a href="{menu.url}">Over ons</a>' in main
    assert f'<a href="{contact.url}">Contact</a>' in main


def test_the_contact_page_is_not_listed_twice_when_the_menu_has_it(client, menu, home_page):
    contact = ContactPageFactory(parent=home_page, title="Contact", slug="contact")
    navigation = NavigationSettings.objects.get()
    NavigationItem.objects.create(settings=navigation, link_page=contact, sort_order=1)

    main = _main(client.get("/bestaat-niet/").content.decode())
    assert main.count(f'href="{contact.url}"') == 1


def test_without_a_menu_or_contact_page_the_page_still_helps(client, home_page):
    assert not ContactPage.objects.exists()
    response = client.get("/nergens/te/vinden/")
    main = _main(response.content.decode())
    assert response.status_code == 404
    assert 'action="/zoeken/"' in main
    assert '<a href="/">De startpagina</a>' in main
    assert ">Contact<" not in main


def test_the_404_page_costs_few_queries_however_long_the_menu(client, menu, home_page):
    ContactPageFactory(parent=home_page, slug="contact")
    client.get("/bestaat-niet/")  # warm Wagtail's site cache and create the settings rows
    with CaptureQueriesContext(connection) as few:
        client.get("/bestaat-niet/")
    navigation = NavigationSettings.objects.get()
    for n in range(6):
        page = StandardPageFactory(parent=home_page, title=f"Pagina {n}")
        NavigationItem.objects.create(settings=navigation, link_page=page, sort_order=n + 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/bestaat-niet/")

    assert "Pagina 5" in _main(response.content.decode())
    assert len(many) == len(few)
    assert len(many) <= MAX_NOT_FOUND_QUERIES
