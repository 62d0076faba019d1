"""Dutch by default; English when the visitor chooses it with the language switch (the
browser's Accept-Language is ignored on purpose, see portal/middleware.py)."""

from django.conf import settings

import pytest

from .factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_dutch_by_default(client, home_page):
    html = client.get("/").content.decode()

    assert '<html lang="nl">' in html
    assert "Naar de inhoud" in html
    assert 'aria-label="Hoofdmenu"' in html or "Zoeken" in html
    assert ">Inloggen<" in html


def test_the_browser_setting_alone_keeps_the_site_dutch(client, home_page):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()

    assert '<html lang="nl">' in html


def test_english_from_the_language_cookie(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get("/").content.decode()

    assert '<html lang="en">' in html


def test_english_from_the_language_switch(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Over ons")

    response = client.post("/i18n/setlang/", {"language": "en", "next": page.url})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(page.url).content.decode()
    assert '<html lang="en">' in html
    # The switch shows which language is active.
    assert 'value="en" lang="en" aria-current="true"' in html
