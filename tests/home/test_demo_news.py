"""The demo's Actueel: a news index in the main menu and five Dutch news items, some with an
image, one pointing to an event; safe to load twice, and added to a menu made before it."""

import io

from django.core.management import call_command
from django.core.management.base import BaseCommand

import pytest

from demo import home as home_demo
from demo import news as news_demo
from home.models import NavigationSettings, NewsIndexPage, NewsPage
from knowledge.models import EventPage

pytestmark = pytest.mark.django_db


def _command():
    return BaseCommand(stdout=io.StringIO())


def test_the_demo_has_five_news_items_and_actueel_in_the_menu(client):
    call_command("load_demo_content", "--skip-index", stdout=io.StringIO())

    index = NewsIndexPage.objects.live().get()
    items = list(NewsPage.objects.child_of(index).live().order_by("-date"))
    assert index.title == "Actueel"
    assert len(items) == 5
    assert sum(1 for item in items if item.image_id) >= 2
    assert all(item.image_alt_text for item in items if item.image_id)
    linked = [item.see_also_page.specific for item in items if item.see_also_page_id]
    assert any(isinstance(page, EventPage) for page in linked)

    menu = NavigationSettings.objects.get().menu_items.all()
    assert "Actueel" in [item.label for item in menu if item.link_page_id == index.pk]

    home = client.get("/").content.decode()
    nav = home[home.index('<nav class="main-nav"') :]
    assert f'href="{index.url}"' in nav[: nav.index("</nav>")]
    section = home[home.index('aria-labelledby="news-title"') :]
    section = section[: section.index("</section>")]
    for item in items[:3]:
        assert item.title.replace("'", "&#x27;") in section
    assert items[3].title.replace("'", "&#x27;") not in section
    for page in [index, *items]:
        assert client.get(page.url).status_code == 200, page.url

    call_command("load_demo_content", "--skip-index", stdout=io.StringIO())
    assert NewsPage.objects.count() == 5
    assert NewsIndexPage.objects.count() == 1
    menu = NavigationSettings.objects.get().menu_items.all()
    assert [item.link_page_id for item in menu].count(index.pk) == 1


def test_actueel_joins_a_menu_made_before_it_before_over_ons_and_contact():
    home = home_demo.load(_command())
    home_demo.load_navigation(_command(), home)
    menu = NavigationSettings.objects.get().menu_items
    before = [item.text for item in menu.all()]
    assert before[-2:] == ["Over ons", "Contact"]

    index = news_demo.load(_command(), home)

    after = [item.text for item in NavigationSettings.objects.get().menu_items.all()]
    assert after == [*before[:-2], "Actueel", "Over ons", "Contact"]
    assert NewsPage.objects.child_of(index).count() == 5
