"""Actueel (news): the index lists the items newest first a page at a time, an item shows its
image, body and "zie ook" link, the home page shows the three newest, and search finds them."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

import pytest

from home.models import NewsIndexPage, NewsPage
from tests.knowledge.factories import EventIndexPageFactory, EventPageFactory, ImageFactory

from .factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory, stream

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def _titles(html):
    return re.findall(r'class="kb-card__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


# --- the model ---------------------------------------------------------------------------------


def test_a_news_item_is_dated_today_unless_the_editor_picks_a_date():
    page = NewsPage(title="Nieuw", intro="Kort.")
    assert page.date == timezone.localdate()


def test_news_goes_in_an_index_under_the_home_page_only():
    assert NewsIndexPage.parent_page_types == ["home.HomePage"]
    assert NewsIndexPage.subpage_types == ["home.NewsPage"]
    assert NewsPage.parent_page_types == ["home.NewsIndexPage"]
    assert NewsPage.subpage_types == []


def test_an_image_needs_alt_text(news_index):
    page = NewsPageFactory(parent=news_index)
    page.image = ImageFactory(description="")
    page.image_alt = "  "
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "alternatieve tekst" in error.value.message_dict["image_alt"][0]

    page.image_alt = "Bewoners aan lange tafels op het dorpsplein"
    page.full_clean()  # no error
    page.image_alt = ""
    page.image.description = "Een dorpsplein met mensen"
    page.full_clean()  # the image's own description will do
    assert page.image_alt_text == "Een dorpsplein met mensen"


def test_see_also_points_to_an_event_or_a_scheme_only(home_page, news_index):
    page = NewsPageFactory(parent=news_index)
    page.see_also_page = StandardPageFactory(parent=home_page)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["see_also_page"] == [
        "Kies een bijeenkomst of een regelingpagina."
    ]

    events = EventIndexPageFactory(parent=home_page)
    page.see_also_page = EventPageFactory(parent=events)
    page.full_clean()  # no error


# --- the index ---------------------------------------------------------------------------------


def test_index_lists_news_newest_first_as_a_list_with_dates(client, news_index):
    NewsPageFactory(parent=news_index, title="Oud bericht", date=datetime.date(2026, 3, 1))
    NewsPageFactory(parent=news_index, title="Nieuw bericht", date=datetime.date(2026, 5, 4))
    NewsPageFactory(parent=news_index, title="Middel bericht", date=datetime.date(2026, 4, 2))
    draft = NewsPageFactory(parent=news_index, title="Concept")
    draft.unpublish()

    html = client.get(news_index.url).content.decode()

    assert _titles(html) == ["Nieuw bericht", "Middel bericht", "Oud bericht"]
    assert '<ul class="kb-cards card-grid news-list">' in html
    assert '<time datetime="2026-05-04">4 mei 2026</time>' in html
    assert "3 berichten" in html
    assert "Concept" not in html


def test_index_pages_through_the_news_and_costs_the_same_queries(client, news_index):
    NewsPageFactory(parent=news_index, image=ImageFactory())
    client.get(news_index.url)  # warm Wagtail's cached site root paths and the rendition
    few, _ = _queries(client, news_index.url)

    for _ in range(NewsIndexPage.news_per_page + 1):
        NewsPageFactory(parent=news_index, image=ImageFactory())
    # The first view makes each new image's rendition, once; measure the view after that.
    client.get(news_index.url)
    client.get(news_index.url + "?pagina=2")
    many, first = _queries(client, news_index.url)
    _, second = _queries(client, news_index.url + "?pagina=2")

    assert len(_titles(first)) == 10
    assert len(_titles(second)) == 2
    assert "Pagina 1 van 2" in first
    assert 'aria-label="Paginering van het nieuws"' in first
    assert 'href="?pagina=2"' in first
    assert many == few
    # An unknown page number shows the first page instead of an error.
    assert client.get(news_index.url + "?pagina=abc").status_code == 200


def test_index_says_so_when_there_is_no_news(client, news_index):
    html = client.get(news_index.url).content.decode()
    assert "Er zijn nog geen nieuwsberichten." in html


def test_a_card_without_an_image_has_no_image_box(client, news_index):
    NewsPageFactory(
        parent=news_index, title="Met foto", image=ImageFactory(), image_alt="Een plein"
    )
    NewsPageFactory(parent=news_index, title="Zonder foto")

    html = client.get(news_index.url).content.decode()
    cards = re.findall(r'<article class="kb-card news-card">.*?</article>', html, re.S)

    with_image = next(card for card in cards if "Met foto" in card)
    without_image = next(card for card in cards if "Zonder foto" in card)
    assert '<img class="kb-card__image"' in with_image
    assert 'alt="Een plein"' in with_image
    assert "<img" not in without_image
    assert "kb-card__image" not in without_image


# --- one item ----------------------------------------------------------------------------------


def test_a_news_item_shows_its_text_image_and_see_also_link(client, home_page, news_index):
    events = EventIndexPageFactory(parent=home_page)
    event = EventPageFactory(parent=events, title="Eigenaarschap in de kernen")
    page = NewsPageFactory(
        parent=news_index,
        title="Aanmelden geopend",
        date=datetime.date(2026, 6, 1),
        intro="U kunt zich nu aanmelden.",
        body=stream("Er zijn veertig plaatsen."),
        image=ImageFactory(),
        image_alt="Dorpsgenoten aan tafel",
        see_also_page=event,
    )

    html = client.get(page.url).content.decode()

    assert "<h1" in html
    assert "Aanmelden geopend" in html
    assert '<time datetime="2026-06-01">1 juni 2026</time>' in html
    assert "U kunt zich nu aanmelden." in html
    assert "Er zijn veertig plaatsen." in html
    assert 'alt="Dorpsgenoten aan tafel"' in html
    assert "Zie ook" in html
    assert f'<a href="{event.url}">Eigenaarschap in de kernen</a>' in html
    assert f'<a href="{news_index.url}">Terug naar al het nieuws</a>' in html

    event.unpublish()
    html = client.get(page.url).content.decode()
    assert "Zie ook" not in html


# --- the home page -----------------------------------------------------------------------------


def test_home_page_shows_the_three_newest_items_and_links_to_actueel(client, news_index):
    for day in (3, 9, 1, 7, 5):
        NewsPageFactory(
            parent=news_index, title=f"Bericht van dag {day}", date=datetime.date(2026, 2, day)
        )

    html = client.get("/").content.decode()
    section = html[html.index('aria-labelledby="news-title"') :]
    section = section[: section.index("</section>")]

    assert ">Actueel</h2>" in section
    assert _titles(section) == ["Bericht van dag 9", "Bericht van dag 7", "Bericht van dag 5"]
    assert f'<a href="{news_index.url}">Al het nieuws</a>' in section


def test_home_page_leaves_out_the_section_without_news(client, home_page):
    html = client.get("/").content.decode()
    assert 'aria-labelledby="news-title"' not in html


def test_news_in_a_private_section_stays_off_the_home_page_and_the_index(client, home_page):
    public_index = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=public_index, title="Voor iedereen")
    private_index = NewsIndexPageFactory(parent=home_page, title="Intern", slug="intern")
    NewsPageFactory(parent=private_index, title="Alleen voor medewerkers")
    PageViewRestriction.objects.create(
        page=private_index, restriction_type=PageViewRestriction.LOGIN
    )

    home = client.get("/").content.decode()

    assert "Voor iedereen" in home
    assert "Alleen voor medewerkers" not in home
    # The subquery gives what Wagtail's own public() gives.
    assert set(NewsPage.objects.live().public().values_list("title", flat=True)) == {
        "Voor iedereen"
    }
    assert set(Page.objects.type(NewsPage).live().public().values_list("title", flat=True)) == {
        "Voor iedereen"
    }


# --- search ------------------------------------------------------------------------------------


def test_search_finds_news_by_its_text_and_labels_it_nieuws(client, news_index):
    NewsPageFactory(
        parent=news_index,
        title="Estafette teruggekeken",
        intro="Vijf middagen over lokaal bestuur.",
        body=stream("De slotmiddag was in Helmond."),
    )

    titles = [page.title for page in Page.objects.live().search("Helmond")]
    assert "Estafette teruggekeken" in titles

    html = client.get("/zoeken/", {"q": "Helmond"}).content.decode()
    assert "Estafette teruggekeken" in html
    assert '<span class="search-result__type">Nieuws</span>' in html
