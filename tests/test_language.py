"""Dutch first: the interface is Dutch unless the visitor picks English with the switch."""

from django.conf import settings

import pytest


@pytest.mark.django_db
def test_browser_language_alone_does_not_switch_the_interface(client):
    response = client.get("/zoeken/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_remembers_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/zoeken/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/zoeken/").content.decode()

    client.post("/i18n/setlang/", {"language": "nl", "next": "/zoeken/"})
    assert '<html lang="nl">' in client.get("/zoeken/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="nl">' in client.get("/zoeken/").content.decode()
