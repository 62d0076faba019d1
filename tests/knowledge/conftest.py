from django.core.cache import caches

from wagtail.models import Site

import pytest

from .factories import EventIndexPageFactory, KnowledgeIndexPageFactory, TopicFactory


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Start every test with empty caches: Wagtail caches the site root paths (and the page
    cache may hold responses) across tests, while the database is rolled back between them."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def site_root(db):
    """The root page of the default site, whatever page type the home app puts there."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def knowledge_index(site_root):
    return KnowledgeIndexPageFactory(parent=site_root, title="Kennisbank", slug="kennisbank")


@pytest.fixture
def event_index(site_root):
    return EventIndexPageFactory(
        parent=site_root, title="Transitiegesprekken", slug="transitiegesprekken"
    )


@pytest.fixture
def topics(db):
    return {
        slug: TopicFactory(name=name, slug=slug)
        for name, slug in [
            ("Eigenaarschap", "eigenaarschap"),
            ("Energietransitie", "energietransitie"),
            ("Omgevingswet", "omgevingswet"),
        ]
    }
