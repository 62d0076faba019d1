"""Editors manage the main menu and the footer under Instellingen; the site shows them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from home.models import FooterLink, FooterSettings, NavigationItem, NavigationSettings
from tests.factories import UserFactory

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _main_nav(html):
    start = html.index('<nav class="main-nav"')
    return html[start : html.index("</nav>", start)]


def test_editing_the_menu_in_the_admin_changes_the_site(admin_client, client, site, home_page):
    about = StandardPageFactory(parent=home_page, title="Over ons", slug="over-ons")
    url = reverse("wagtailsettings:edit", args=["home", "navigationsettings", site.pk])

    form_page = admin_client.get(url)
    assert form_page.status_code == 200
    response = admin_client.post(
        url,
        nested_form_data(
            {
                "menu_items": inline_formset(
                    [
                        {"link_page": about.pk, "link_url": "", "label": ""},
                        {
                            "link_page": "",
                            "link_url": "https://www.example.nl/",
                            "label": "Provincie",
                        },
                    ]
                )
            }
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    client.logout()
    nav = _main_nav(client.get("/").content.decode())
    assert 'aria-label="Hoofdmenu"' in nav
    assert f'href="{about.url}"' in nav
    assert ">Over ons<" in nav
    assert 'href="https://www.example.nl/"' in nav
    assert ">Provincie<" in nav
    assert nav.index("Over ons") < nav.index("Provincie")


def test_a_menu_link_needs_a_label_when_it_is_an_address(admin_client, site):
    url = reverse("wagtailsettings:edit", args=["home", "navigationsettings", site.pk])

    response = admin_client.post(
        url,
        nested_form_data(
            {"menu_items": inline_formset([{"link_page": "", "link_url": "/zoeken/", "label": ""}])}
        ),
    )

    assert response.status_code == 200
    assert "Geef een linktekst bij een los adres." in response.content.decode()
    assert not NavigationItem.objects.exists()


def test_menu_marks_the_current_page_and_hides_unpublished_pages(client, site, home_page):
    about = StandardPageFactory(parent=home_page, title="Over ons")
    draft = StandardPageFactory(parent=home_page, title="Nog niet klaar")
    draft.unpublish()
    settings = NavigationSettings.for_site(site)
    NavigationItem.objects.create(settings=settings, link_page=about, sort_order=0)
    NavigationItem.objects.create(settings=settings, link_page=draft, sort_order=1)

    nav = _main_nav(client.get(about.url).content.decode())

    assert f'href="{about.url}" aria-current="page"' in nav
    assert "Nog niet klaar" not in nav


def test_menu_marks_the_section_of_a_subpage(client, site, home_page):
    about = StandardPageFactory(parent=home_page, title="Over ons")
    team = StandardPageFactory(parent=about, title="Ons team")
    NavigationItem.objects.create(
        settings=NavigationSettings.for_site(site), link_page=about, sort_order=0
    )

    nav = _main_nav(client.get(team.url).content.decode())

    assert f'href="{about.url}" aria-current="true"' in nav


def test_footer_shows_contact_details_and_links(client, site, home_page):
    privacy = StandardPageFactory(parent=home_page, title="Privacyverklaring")
    footer = FooterSettings.for_site(site)
    footer.organisation = "Gemeente Westerkwartier"
    footer.address = "Dorpsstraat 1\n9999 AA Ergens"
    footer.phone = "14 0594"
    footer.email = "info@gemeente.example"
    footer.save()
    FooterLink.objects.create(settings=footer, link_page=privacy, sort_order=0)

    html = client.get("/").content.decode()
    footer_html = html[html.index("<footer") :]

    assert "Gemeente Westerkwartier" in footer_html
    assert "Dorpsstraat 1<br>9999 AA Ergens" in footer_html
    assert 'href="tel:140594"' in footer_html
    assert 'href="mailto:info@gemeente.example"' in footer_html
    assert f'href="{privacy.url}"' in footer_html
    assert "Privacyverklaring" in footer_html


def test_menu_and_footer_cost_the_same_queries_however_many_links(
    client, site, home_page, django_assert_num_queries
):
    pages = [StandardPageFactory(parent=home_page) for _ in range(8)]
    navigation = NavigationSettings.for_site(site)
    footer = FooterSettings.for_site(site)
    NavigationItem.objects.create(settings=navigation, link_page=pages[0], sort_order=0)
    FooterLink.objects.create(settings=footer, link_page=pages[0], sort_order=0)
    client.get(pages[1].url)  # warm Wagtail's site-root cache
    with CaptureQueriesContext(connection) as few:
        client.get(pages[1].url)
    baseline = len(few.captured_queries)

    for order, page in enumerate(pages[1:], start=1):
        NavigationItem.objects.create(settings=navigation, link_page=page, sort_order=order)
        FooterLink.objects.create(settings=footer, link_page=page, sort_order=order)

    with django_assert_num_queries(baseline):
        response = client.get(pages[1].url)
    assert response.content.decode().count('class="main-nav__item"') == 8
