"""Fixtures for the home app: a site whose root is a real HomePage, as the demo makes it."""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, Site

import pytest

from .factories import HomePageFactory, PrincipleIndexPageFactory, PrinciplePageFactory


@pytest.fixture
def home_page(db):
    """A HomePage as the default site's root, replacing Wagtail's "Welcome" page."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page)).delete()
    return home


@pytest.fixture
def principle_index(home_page):
    return PrincipleIndexPageFactory(parent=home_page)


@pytest.fixture
def principles(principle_index):
    titles = [
        "Een ecosysteem dat gezond gedrag faciliteert",
        "Nieuwe manieren van samenwerken",
        "ICT die de transitie mogelijk maakt",
        "Andere manieren van belonen",
    ]
    return [PrinciplePageFactory(parent=principle_index, title=title) for title in titles]
