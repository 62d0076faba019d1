"""The demo's accessibility statement (toegankelijkheidsverklaring): the parts of the
government's model statement, in formal Dutch, linked from the footer."""

import io
import re

from django.core.management.base import BaseCommand

from wagtail.models import Site

import pytest

from demo import home as demo
from home.models import FooterLink, FooterSettings, StandardPage

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db

MODEL_STATEMENT_HEADINGS = [
    "Voor welke website geldt deze verklaring?",
    "Hoe toegankelijk is het portaal?",
    "Hoe hebben we dit onderzocht?",
    "Bekende problemen",
    "Wat doen we eraan?",
    "Loopt u tegen een probleem aan?",
    "Bent u niet tevreden?",
]


def _load():
    command = BaseCommand(stdout=io.StringIO())
    home = demo.load(command)
    demo.load_navigation(command, home)
    return home, command


def _footer(html):
    return html[html.index('<footer class="site-footer"') : html.index("</footer>")]


def test_the_demo_has_a_statement_that_follows_the_model(client):
    _load()
    statement = StandardPage.objects.live().get(slug="toegankelijkheidsverklaring")
    assert statement.title == "Toegankelijkheidsverklaring"

    html = client.get(statement.url).content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", main)
    assert [h for h in headings if h in MODEL_STATEMENT_HEADINGS] == MODEL_STATEMENT_HEADINGS
    text = re.sub(r"<[^>]+>", " ", main)
    assert "voldoet gedeeltelijk" in text
    assert demo.ACCESSIBILITY_CHECKED_ON in text
    for method in ("axe-core", "toetsenbord", "320 pixels"):
        assert method in text
    assert '<a href="https://www.nationaleombudsman.nl/">Nationale Ombudsman</a>' in main
    assert 'href="/contact/"' in main
    # Formal Dutch: the visitor is "u", never "je" or "jij".
    assert not re.search(r"\b(je|jij|jouw)\b", text, re.IGNORECASE)


def test_the_footer_links_the_statement(client):
    _load()
    statement = StandardPage.objects.get(slug="toegankelijkheidsverklaring")
    footer = _footer(client.get("/").content.decode())
    assert f'<a href="{statement.url}">Toegankelijkheidsverklaring</a>' in footer


def test_a_footer_from_older_demo_content_is_pointed_at_the_statement(client):
    home, _command = _load()
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    statement = StandardPage.objects.get(slug="toegankelijkheidsverklaring")
    old = StandardPageFactory(parent=home, title="Toegankelijkheid", slug="toegankelijkheid")
    FooterLink.objects.filter(settings=footer, link_page=statement).update(link_page=old)

    _home, command = _load()

    assert FooterLink.objects.filter(settings=footer, link_page=statement).count() == 1
    assert not FooterLink.objects.filter(settings=footer, link_page=old).exists()
    assert "toegankelijkheidsverklaring" in command.stdout.getvalue()
