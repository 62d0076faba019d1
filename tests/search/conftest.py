"""Search tests run on whatever backend the settings select: SQLite FTS5 by default, PostgreSQL
with DATABASE_URL, a real Elasticsearch node with ELASTICSEARCH_URL (each run its own indexes).

On Elasticsearch the documents outlive the database transaction every test is rolled back in,
so each test starts with empty indexes, and ``search_index.refresh()`` makes what was just
indexed searchable (Elasticsearch is near-real-time)."""

import io

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from grants.models import ProjectShowcasePage
from search.backends import ElasticsearchSearchBackend
from tests.home.factories import make_site_home


def uses_elasticsearch():
    return bool(settings.ELASTICSEARCH_URL)


def _es_index_names(backend):
    return [index.name for index in backend.all_indexes()]


@pytest.fixture(scope="session")
def _elasticsearch_indexes(django_db_setup, django_db_blocker):
    """Create this run's indexes (with their mappings) once, delete them at the end."""
    if not uses_elasticsearch():
        yield None
        return
    backend = get_search_backend()
    with django_db_blocker.unblock():
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
    yield backend
    for name in list(backend.es.indices.get(index=f"{backend.index_prefix}*").keys()):
        backend.es.indices.delete(index=name, ignore_unavailable=True)


class SearchIndex:
    def __init__(self, backend):
        self.backend = backend

    @property
    def is_elasticsearch(self):
        return isinstance(self.backend, ElasticsearchSearchBackend)

    @property
    def vendor(self):
        from django.db import connection

        return "elasticsearch" if self.is_elasticsearch else connection.vendor

    def refresh(self):
        if self.is_elasticsearch:
            self.backend.refresh_indexes()

    def clear(self):
        """Empty this run's indexes (the integ-test-zip node has no _delete_by_query)."""
        if not self.is_elasticsearch:
            return
        es = self.backend.es
        for name in _es_index_names(self.backend):
            es.indices.refresh(index=name)
            hits = es.search(index=name, size=10_000, source=False)["hits"]["hits"]
            if hits:
                operations = [
                    {"delete": {"_index": hit["_index"], "_id": hit["_id"]}} for hit in hits
                ]
                es.bulk(operations=operations, refresh=True)

    def folds_accents(self):
        """SQLite (unicode61), PostgreSQL with the unaccent configuration and Elasticsearch
        with analysis-common fold accents; the core-only Elasticsearch node does not."""
        if self.is_elasticsearch:
            return self.backend.analysis_tier(Page) == "dutch"
        if self.vendor == "postgresql":
            return self.backend.folds_accents
        return self.vendor == "sqlite"


@pytest.fixture(autouse=True)
def _skip_elasticsearch_only(request):
    if request.node.get_closest_marker("elasticsearch") and not uses_elasticsearch():
        pytest.skip("needs a real Elasticsearch node: set ELASTICSEARCH_URL")


@pytest.fixture
def search_index(db, _elasticsearch_indexes):
    index = SearchIndex(get_search_backend())
    index.clear()
    yield index
    index.clear()


@pytest.fixture
def home_page(search_index):
    # No hero or intro text: the search tests decide every word there is to find.
    return make_site_home(title="Welkom", slug="welkom", hero_title="", hero_text="", intro="")


@pytest.fixture
def showcase(home_page):
    page = ProjectShowcasePage(
        title="Projecten", slug="projecten", intro="Wat bewoners voor elkaar kregen."
    )
    home_page.add_child(instance=page)
    return page
