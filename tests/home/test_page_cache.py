"""The anonymous page cache (home/caching.py): what is cached, for whom, and when it is cleared."""

from django.core.cache import caches

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from grants import workflow
from tests.factories import UserFactory
from tests.grants.factories import ApplicationFactory, FundingSchemeFactory


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def site_page(db):
    """The default site's root page, whatever type it has; published with a known title."""
    page = Site.objects.get(is_default_site=True).root_page.specific
    page.title = "Welkom in het dorp"
    page.save_revision().publish()
    return page


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
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_logged_in_people_never_get_a_cached_page(client, site_page, page_cache):
    client.get(site_page.url)  # cached for anonymous visitors
    client.force_login(UserFactory())
    response = client.get(site_page.url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_publishing_clears_the_cache(client, site_page, page_cache):
    client.get(site_page.url)
    site_page.title = "Nieuwe titel na publicatie"
    site_page.save_revision().publish()
    response = client.get(site_page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Nieuwe titel na publicatie" in response.content.decode()


def test_unpublishing_clears_the_cache(client, site_page, page_cache):
    child = site_page.add_child(instance=Page(title="Tijdelijk bericht", slug="tijdelijk"))
    assert client.get(child.url)["X-Page-Cache"] == "miss"
    assert client.get(child.url)["X-Page-Cache"] == "hit"
    child.unpublish()
    assert client.get("/tijdelijk/").status_code == 404


def test_a_page_with_a_form_is_never_stored(client, site_page, page_cache):
    # A password-protected page shows a form with a CSRF token: caching it would hand one
    # visitor's token to the next.
    PageViewRestriction.objects.create(
        page=site_page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    for _ in range(2):
        response = client.get(site_page.url)
        assert response.get("X-Page-Cache") != "hit"
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_each_language_has_its_own_entry(client, site_page, page_cache):
    assert client.get(site_page.url, HTTP_ACCEPT_LANGUAGE="nl")["X-Page-Cache"] == "miss"
    assert client.get(site_page.url, HTTP_ACCEPT_LANGUAGE="en")["X-Page-Cache"] == "miss"
    assert client.get(site_page.url, HTTP_ACCEPT_LANGUAGE="en")["X-Page-Cache"] == "hit"


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
