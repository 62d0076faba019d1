"""Fixtures for the home app: a site whose root is a real HomePage, as the demo makes it."""

import pytest

from .factories import PrincipleIndexPageFactory, PrinciplePageFactory, make_site_home


@pytest.fixture
def home_page(db):
    """A HomePage as the default site's root, replacing Wagtail's "Welcome" page."""
    return make_site_home()


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
