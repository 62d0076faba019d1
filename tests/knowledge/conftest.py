from wagtail.models import Site

import pytest

from .factories import EventIndexPageFactory, KnowledgeIndexPageFactory, TopicFactory


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
