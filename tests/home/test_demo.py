"""The home app's demo content: the site root, principles, values, standard pages, contact,
navigation and a local admin account; safe to load twice."""

import io

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from wagtail.models import Page, Site

import pytest

from demo import home as demo
from home.models import (
    ContactPage,
    FooterSettings,
    HomePage,
    NavigationItem,
    NavigationSettings,
    PrincipleIndexPage,
    PrinciplePage,
    StandardPage,
)

pytestmark = pytest.mark.django_db


def _command():
    return BaseCommand(stdout=io.StringIO())


def _counts():
    return {
        "pages": Page.objects.count(),
        "principles": PrinciplePage.objects.count(),
        "values": sum(index.values.count() for index in PrincipleIndexPage.objects.all()),
        "form_fields": sum(p.form_fields.count() for p in ContactPage.objects.all()),
        "menu": sum(s.menu_items.count() for s in NavigationSettings.objects.all()),
        "footer": sum(s.links.count() for s in FooterSettings.objects.all()),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
    }


def _load_all(command):
    home = demo.load(command)
    demo.load_navigation(command, home)
    credentials = demo.ensure_demo_users(command)
    return home, credentials


def test_demo_replaces_the_welcome_page_with_the_home_page(client):
    command = _command()
    home, credentials = _load_all(command)

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == home
    assert isinstance(home, HomePage)
    assert home.live
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()

    principles = PrinciplePage.objects.live().order_by("path")
    assert [p.title for p in principles] == [
        "Een ecosysteem dat gezond gedrag faciliteert",
        "Nieuwe manieren van samenwerken",
        "ICT die de transitie mogelijk maakt",
        "Andere manieren van belonen",
    ]
    index = PrincipleIndexPage.objects.get()
    assert [v.name for v in index.values.all()] == [
        "Inclusief",
        "Gelijkwaardig",
        "Wellbeing",
        "Vertrouwen",
        "Vrijheid",
        "Autonomie",
        "Verantwoordelijkheid",
    ]
    assert {p.title for p in StandardPage.objects.live()} >= {
        "Over ons",
        "Privacyverklaring",
        "Toegankelijkheidsverklaring",
    }
    contact = ContactPage.objects.get()
    assert [f.clean_name for f in contact.form_fields.all()][:2] == ["naam", "e_mailadres"]

    assert credentials == {"Beheerder": ("admin@dorpskracht.example", "dorpskracht-demo")}
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("dorpskracht-demo")
    assert "Startpagina aangemaakt" in command.stdout.getvalue()

    # Every page renders real Dutch content, and the menu lists them.
    home_html = client.get("/").content.decode()
    assert "Samen werken aan leefbare dorpen" in home_html
    assert "Nieuwe manieren van samenwerken" in home_html
    nav = home_html[home_html.index('<nav class="main-nav"') :]
    assert "Transitieprincipes" in nav
    assert "Over ons" in nav
    assert "Contact" in nav
    for page in Page.objects.live().filter(depth__gte=2):
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_demo_is_idempotent():
    _load_all(_command())
    first = _counts()
    second_command = _command()
    _load_all(second_command)

    assert _counts() == first
    assert "aangemaakt" not in second_command.stdout.getvalue().replace("bestond al", "")


def test_demo_keeps_what_editors_changed():
    home, _ = _load_all(_command())
    about = StandardPage.objects.get(slug="over-ons")
    about.title = "Wie zijn wij"
    about.save_revision().publish()
    navigation = NavigationSettings.objects.get()
    NavigationItem.objects.filter(settings=navigation).delete()
    NavigationItem.objects.create(settings=navigation, link_url="/zoeken/", label="Zoeken")

    _load_all(_command())

    assert StandardPage.objects.get(slug="over-ons").title == "Wie zijn wij"
    assert [item.label for item in NavigationSettings.objects.get().menu_items.all()] == ["Zoeken"]


def test_navigation_links_the_other_apps_pages_when_they_exist():
    from tests.knowledge.factories import KnowledgeIndexPageFactory

    home = demo.load(_command())
    knowledge = KnowledgeIndexPageFactory(parent=home, title="Kennisbank", slug="kennisbank")

    demo.load_navigation(_command(), home)

    items = list(NavigationSettings.objects.get().menu_items.all())
    assert [item.link_page_id for item in items][:2] == [
        PrincipleIndexPage.objects.get().pk,
        knowledge.pk,
    ]
