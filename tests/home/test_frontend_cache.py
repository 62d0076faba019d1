"""The HTTP caches in front (core/frontend_cache.py) hear of every change that clears the page
cache: one BAN per node once the change commits, none for a change that is rolled back.

Two small HTTP servers stand in for the Varnish nodes and write down what they are asked; the
real Varnish with the repository's VCL is tests/deploy/test_varnish.py."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import transaction

from wagtail.models import Site

import pytest

from home.models import FooterSettings

from .factories import StandardPageFactory


class Node:
    """One cache node: the requests it received, as (method, path)."""

    def __init__(self):
        self.requests = []
        node = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                node.requests.append((self.command, self.path))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_BAN = do_PURGE = _answer  # noqa: N815 (http.server's naming)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bans(self):
        return [request for request in self.requests if request[0] == "BAN"]


@pytest.fixture
def nodes(settings):
    nodes = [Node(), Node()]
    settings.FRONTEND_CACHE_URLS = [node.url for node in nodes]
    settings.WAGTAILFRONTENDCACHE = {
        f"varnish{number}": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": node.url,
        }
        for number, node in enumerate(nodes)
    }
    yield nodes
    for node in nodes:
        node.server.shutdown()
        node.server.server_close()


@pytest.fixture
def news_page(home_page):
    # Made before the nodes are configured (fixtures run in the order the test names them).
    return StandardPageFactory(parent=home_page, title="Nieuws", slug="nieuws")


@pytest.fixture
def footer(home_page):
    return FooterSettings.for_site(Site.objects.get(is_default_site=True))


def test_a_publish_bans_every_page_on_every_node_once(
    news_page, nodes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        news_page.title = "Nieuws, bijgewerkt"
        news_page.save_revision().publish()
    for node in nodes:
        assert node.bans() == [("BAN", "/")]
        # Wagtail's own purge of the page's address, too.
        assert ("PURGE", "/nieuws/") in node.requests


def test_a_site_settings_change_bans_every_page(footer, nodes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        footer.text = "Nieuwe tekst onderaan elke pagina."
        footer.save()
    assert all(node.bans() == [("BAN", "/")] for node in nodes)


def _change_and_roll_back(footer, nodes):
    with transaction.atomic():
        footer.text = "Toch niet."
        footer.save()
        assert all(node.bans() == [] for node in nodes), "not before the commit"
        raise RuntimeError


def test_nothing_is_banned_before_the_commit_or_for_a_rolled_back_change(
    footer, nodes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            _change_and_roll_back(footer, nodes)
    assert all(node.bans() == [] for node in nodes)


def test_an_unreachable_node_is_logged_and_the_others_hear_once(
    footer, nodes, settings, caplog, django_capture_on_commit_callbacks
):
    settings.FRONTEND_CACHE_URLS = ["http://127.0.0.1:9", *settings.FRONTEND_CACHE_URLS]
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        # Several changes in one transaction: one ban.
        footer.text = "Een tekst."
        footer.save()
        footer.organisation = "Gemeente Dorpskracht-Oost"
        footer.save()
    assert FooterSettings.objects.get(pk=footer.pk).text == "Een tekst."
    assert "could not be reached" in caplog.text
    assert all(node.bans() == [("BAN", "/")] for node in nodes)
