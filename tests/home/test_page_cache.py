"""The anonymous page cache (core/caching.py): what is cached, for whom, and when it is cleared."""

import re

from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from core.caching import CSRF_PLACEHOLDER
from grants import workflow
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, FundingSchemeFactory

from .factories import ContactPageFactory, StandardPageFactory


def _without_tokens(response):
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())


@pytest.fixture
def site_page(home_page):
    """The site's home page (base layout with the language switch: a form on every page)."""
    home_page.title = "Welkom in het dorp"
    home_page.save_revision().publish()
    return home_page


@pytest.fixture
def page_cache(settings, site_page):
    # A site's very first visit creates its settings rows (navigation, footer): once in its life.
    Client().get(site_page.url)
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


def test_off_by_default(client, site_page, settings):
    assert settings.PAGE_CACHE_SECONDS == 0
    client.get(site_page.url)
    response = client.get(site_page.url)
    assert "X-Page-Cache" not in response


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, site_page, page_cache, django_assert_num_queries
):
    first = client.get(site_page.url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(site_page.url)
    assert second["X-Page-Cache"] == "hit"
    # The same page; only the CSRF token (of the language switch) is freshly masked.
    assert _without_tokens(second) == _without_tokens(first)
    assert "Cookie" in second["Vary"]


def test_logged_in_people_never_get_a_cached_page(client, site_page, page_cache):
    client.get(site_page.url)  # cached for anonymous visitors
    client.force_login(UserFactory())
    response = client.get(site_page.url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_publishing_clears_the_cache(client, site_page, page_cache):
    page = StandardPageFactory(parent=site_page, title="Oude titel", slug="nieuws")
    assert "Oude titel" in client.get(page.url).content.decode()
    page.title = "Nieuwe titel na publicatie"
    page.save_revision().publish()
    response = client.get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Nieuwe titel na publicatie" in response.content.decode()


def test_unpublishing_clears_the_cache(client, site_page, page_cache):
    child = StandardPageFactory(parent=site_page, title="Tijdelijk bericht", slug="tijdelijk")
    assert client.get(child.url)["X-Page-Cache"] == "miss"
    assert client.get(child.url)["X-Page-Cache"] == "hit"
    child.unpublish()
    assert client.get("/tijdelijk/").status_code == 404


def test_a_cached_page_with_a_form_gives_each_visitor_a_working_token(site_page, page_cache):
    # A POST form with a CSRF token (the contact form): the cached copy must never hand one
    # visitor's token to the next, and each visitor's own token must work.
    contact = ContactPageFactory(parent=site_page)
    contact.save_revision().publish()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert first.get(contact.url)["X-Page-Cache"] == "miss"
    response = second.get(contact.url)
    assert response["X-Page-Cache"] == "hit"
    html = response.content.decode()
    assert CSRF_PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    sent = second.post(
        contact.url,
        {
            "csrfmiddlewaretoken": token,
            "naam": "Anna",
            "e_mailadres": "anna@example.nl",
            "je_vraag": "Mag ik helpen?",
        },
    )
    assert sent.status_code == 200
    assert "Dank voor je bericht" in sent.content.decode()


def test_the_language_switch_needs_no_token_so_pages_set_no_cookie(site_page, page_cache):
    # Every page has the language switch; without a token in it a page sets no cookie, so an
    # HTTP cache in front (Varnish) may keep it for everyone.
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(site_page.url)
    assert not page.cookies
    assert "csrfmiddlewaretoken" not in page.content.decode()
    switched = visitor.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert visitor.cookies["django_language"].value == "en"


def test_private_pages_are_never_stored(client, site_page, page_cache):
    PageViewRestriction.objects.create(
        page=site_page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    for _ in range(2):
        assert "X-Page-Cache" not in client.get(site_page.url)


def test_each_language_has_its_own_entry(client, site_page, page_cache, settings):
    assert client.get(site_page.url)["X-Page-Cache"] == "miss"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(site_page.url)
    assert english["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en"
    assert client.get(site_page.url)["X-Page-Cache"] == "hit"


def test_only_wagtail_pages_are_cached(client, site_page, page_cache):
    for url in ("/account/login/", "/account/login/", "/aanvragen/"):
        assert "X-Page-Cache" not in client.get(url)


def test_an_application_entering_the_showcase_clears_the_cache(client, site_page, page_cache):
    official = UserFactory(groups=["Ambtenaren"])
    application = ApplicationFactory()
    workflow.perform(application, "submit", application.owner)
    client.get(site_page.url)
    assert client.get(site_page.url)["X-Page-Cache"] == "hit"
    workflow.perform(application, "approve", official, granted_amount=application.requested_amount)
    assert client.get(site_page.url)["X-Page-Cache"] == "miss"


def test_a_draft_application_does_not_clear_the_cache(client, site_page, page_cache):
    first = ApplicationFactory()
    client.get(site_page.url)
    ApplicationFactory(scheme=first.scheme, village=first.village, category=first.category)
    assert client.get(site_page.url)["X-Page-Cache"] == "hit"


def test_a_new_scheme_clears_the_cache(client, site_page, page_cache):
    client.get(site_page.url)
    FundingSchemeFactory()
    assert client.get(site_page.url)["X-Page-Cache"] == "miss"


def test_a_page_cache_that_does_not_answer_serves_the_page_uncached(client, site_page, settings):
    """Redis restarting (here: a real closed port) costs speed, not the page."""
    import socket

    Client().get(site_page.url)  # the site's first visit creates its settings rows
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed}/1",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    for _ in range(2):
        response = client.get(site_page.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert response.context["page"] == site_page
