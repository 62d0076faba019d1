"""Changes reach the index without anyone running a command; `update_index` rebuilds it; and
when the search engine is unreachable nothing is lost and the search page keeps working."""

import io
import re
import socket

from django.core.management import call_command
from django.urls import reverse

from wagtail.search.backends import get_search_backend

import pytest

from grants import workflow
from grants.models import Application
from search.indexing import catch_up
from search.models import PendingIndexUpdate
from tests.grants.factories import ApplicationFactory, OfficialFactory, application_in_state
from tests.home.factories import StandardPageFactory, stream

SEARCH_URL = reverse("search:search")


def titles(client, search_index, query):
    search_index.refresh()
    html = client.get(SEARCH_URL, {"q": query}).content.decode()
    return re.findall(r'class="search-result__title"><a href="[^"]*">([^<]*)</a>', html)


def official_finds(search_index, query):
    from grants.application_search import search_applications

    search_index.refresh()
    return [a.title for a in search_applications(OfficialFactory(), query)]


def test_a_state_change_reaches_the_public_search(client, search_index, showcase):
    application = application_in_state("in_dialogue", title="Jeu-de-boulesbaan")
    assert titles(client, search_index, "boulesbaan") == []

    workflow.perform(application, "approve", OfficialFactory())
    assert titles(client, search_index, "boulesbaan") == ["Jeu-de-boulesbaan"]

    # Consent withdrawn: gone from the public search at once.
    application.refresh_from_db()
    application.public_consent = False
    application.save()
    assert titles(client, search_index, "boulesbaan") == []


def test_an_edit_reaches_the_officials_search(search_index):
    application = ApplicationFactory(title="Repaircafé", plan_what="Spullen repareren.")
    assert official_finds(search_index, "soldeerbouten") == []
    application.plan_what = "Met soldeerbouten en naaimachines."
    application.save()
    assert official_finds(search_index, "soldeerbouten") == ["Repaircafé"]


def test_page_edits_and_unpublishing_reach_the_index(client, search_index, home_page):
    page = StandardPageFactory(parent=home_page, title="Openingstijden", body=stream("Maandag."))
    assert titles(client, search_index, "zaterdagochtend") == []

    page.body = stream("Ook open op zaterdagochtend.")
    page.save_revision().publish()
    assert titles(client, search_index, "zaterdagochtend") == ["Openingstijden"]

    page.unpublish()
    assert titles(client, search_index, "zaterdagochtend") == []


def test_update_index_rebuilds_with_progress_output(client, search_index, home_page):
    StandardPageFactory(parent=home_page, title="Wandelroute", body=stream("Langs de beek."))
    ApplicationFactory(title="Wandelbankjes")
    # Lose the index's contents (Elasticsearch: this run's documents; database: all entries).
    if search_index.is_elasticsearch:
        search_index.clear()
    else:
        get_search_backend().reset_indexes()
    assert titles(client, search_index, "wandelroute") == []
    assert official_finds(search_index, "Wandelbankjes") == []

    out = io.StringIO()
    call_command("update_index", stdout=out, stderr=io.StringIO())
    output = out.getvalue()
    assert "wagtailcore.Page" in output or "page" in output.lower()
    assert "grants.Application" in output or "application" in output.lower()
    assert re.search(r"\d+ objects", output)

    assert titles(client, search_index, "wandelroute") == ["Wandelroute"]
    assert official_finds(search_index, "Wandelbankjes") == ["Wandelbankjes"]


# --- Elasticsearch unreachable (runs on every backend: points at a closed port) ---------------


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_search_engine(settings):
    """Elasticsearch as the backend, on a port where nothing listens."""
    original = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.ElasticsearchSearchBackend",
            "URLS": [f"http://127.0.0.1:{closed_port()}"],
            "INDEX_PREFIX": "dorpskracht-dead_",
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        }
    }
    yield
    settings.WAGTAILSEARCH_BACKENDS = original


def test_saving_works_and_nothing_is_lost_while_the_engine_is_down(
    client, search_index, showcase, dead_search_engine, settings, caplog
):
    page = StandardPageFactory(
        parent=showcase.get_parent(), title="Snoeidag", body=stream("Samen snoeien.")
    )
    application = application_in_state("approved", title="Snoeischaren voor iedereen")
    page.title = "Snoeidag in het voorjaar"
    page.save_revision().publish()

    # Everything is saved; the index updates are waiting, one record per object.
    assert Application.objects.get(pk=application.pk).state == "approved"
    pending = {(p.model_name, p.object_id) for p in PendingIndexUpdate.objects.all()}
    assert ("application", str(application.pk)) in pending
    assert ("standardpage", str(page.pk)) in pending
    assert "Search engine unavailable" in caplog.text

    # The search page says so, in Dutch, and still finds titles the simple way.
    response = client.get(SEARCH_URL, {"q": "snoeidag"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "De zoekmachine is op dit moment niet bereikbaar" in html
    assert "Snoeidag in het voorjaar" in html
    assert (
        "Snoeischaren voor iedereen"
        in client.get(SEARCH_URL, {"q": "snoeischaren"}).content.decode()
    )

    # Catching up while still down keeps the records (one more attempt each).
    done, remaining = catch_up()
    assert done == 0
    assert remaining == len(pending)
    assert all(p.attempts >= 2 for p in PendingIndexUpdate.objects.all())


def test_catch_up_index_replays_what_was_missed(client, search_index, showcase, settings):
    original = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.ElasticsearchSearchBackend",
            "URLS": [f"http://127.0.0.1:{closed_port()}"],
            "TIMEOUT": 1,
            "OPTIONS": {"max_retries": 0},
        }
    }
    application = application_in_state("approved", title="Ijsbaan op het dorpsplein")
    gone = ApplicationFactory(title="Ijsbaan die niet doorging")
    gone_pk = gone.pk
    gone.budget_lines.all().delete()
    gone.delete()
    assert PendingIndexUpdate.objects.filter(object_id=str(gone_pk), action="delete").exists()

    # The engine is back (the configured backend of this run).
    settings.WAGTAILSEARCH_BACKENDS = original
    out = io.StringIO()
    call_command("catch_up_index", stdout=out, stderr=io.StringIO())
    assert "0 nog in de wachtrij" in out.getvalue()
    assert not PendingIndexUpdate.objects.exists()
    assert titles(client, search_index, "ijsbaan") == ["Ijsbaan op het dorpsplein"]
    assert official_finds(search_index, "ijsbaan") == [application.title]


def test_the_admin_search_says_when_the_engine_is_down(client, search_index, dead_search_engine):
    client.force_login(OfficialFactory())
    response = client.get(reverse("search_applications"), {"q": "speeltuin"})
    assert response.status_code == 200
    assert "De zoekmachine is op dit moment niet bereikbaar" in response.content.decode()
