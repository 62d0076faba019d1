"""The municipality's own look (Instellingen → Huisstijl): who may change it, what is refused,
and what the public site shows after a save (the tokens stylesheet, the logo, the favicon)."""

import re

from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.urls import reverse

from wagtail.models import Site

import pytest

from home.models import DEFAULT_COLOURS, IdentitySettings
from tests.factories import EditorFactory
from tests.knowledge.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def settings_url(site):
    return reverse("wagtailsettings:edit", args=["home", "identitysettings", site.pk])


@pytest.fixture
def editor(db):
    user = EditorFactory(username="huisstijl-redacteur")
    user.user_permissions.add(Permission.objects.get(codename="change_identitysettings"))
    return user


def form_data(**changes):
    data = {
        **DEFAULT_COLOURS,
        "logo": "",
        "logo_alt": "",
        "show_name": "on",
        "typeface": "system",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def errors_by_field(html):
    """{field name: error text} as Wagtail renders them next to the fields."""
    found = {}
    pattern = r'id="panel-[a-z0-9-]*?-child-([a-z_]+)-errors">(.*?)</div>'
    for match in re.finditer(pattern, html, re.S):
        text = re.sub(r"<[^>]+>|\s+", " ", match.group(2))
        if text.strip():
            found[match.group(1)] = re.sub(r"\s+", " ", text).strip()
    return found


def stylesheet_href(html):
    return re.search(r'<link rel="stylesheet" href="(/huisstijl\.css\?v=[0-9a-f]+)">', html)[1]


# --- who may change it ---------------------------------------------------------------------------


def test_an_editor_without_the_permission_cannot_open_it(client, settings_url):
    client.force_login(EditorFactory(username="gewone-redacteur"))
    response = client.get(settings_url)
    assert response.status_code in (302, 403)
    assert not IdentitySettings.objects.exists()


def test_an_editor_with_the_permission_finds_it_under_settings(client, editor, settings_url):
    client.force_login(editor)
    response = client.get(settings_url)
    html = response.content.decode()
    assert response.status_code == 200
    for label in ("Logo", "Hoofdkleur", "Tekstkleur op de hoofdkleur", "Linkkleur"):
        assert label in html
    assert 'name="typeface"' in html


# --- what is refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"text_colour": "#999999"},
            "text_colour",
            "Het contrast tussen tekstkleur en achtergrond is 2,8:1; het moet minstens 4,5:1 zijn.",
        ),
        (
            {"primary_colour": "#155e4b", "primary_text_colour": "#2e7d32"},
            "primary_text_colour",
            "Het contrast tussen de tekstkleur op de hoofdkleur en de hoofdkleur is 1,4:1",
        ),
        (
            {"link_colour": "#5c9ded"},
            "link_colour",
            "Het contrast tussen linkkleur en achtergrond is 2,7:1; het moet minstens 4,5:1 zijn.",
        ),
        (
            {"focus_colour": "#ffdd00"},
            "focus_colour",
            "Het contrast tussen focuskleur en achtergrond is 1,3:1; het moet minstens 3:1 zijn.",
        ),
        (
            {"background_colour": "#777777", "text_colour": "#000000", "link_colour": "#000000"},
            "background_colour",
            "Kies een lichtere achtergrond.",
        ),
        (
            {"primary_colour": "#ffdd00", "primary_text_colour": "#000000"},
            "primary_colour",
            "Kies een donkerdere hoofdkleur.",
        ),
        ({"link_colour": "blauw"}, "link_colour", "Vul een kleur in als # met zes tekens"),
    ],
)
def test_a_pair_with_too_little_contrast_is_refused_next_to_its_field(
    client, editor, settings_url, changes, field, message
):
    client.force_login(editor)
    response = client.post(settings_url, form_data(**changes))

    assert response.status_code == 200
    errors = errors_by_field(response.content.decode())
    assert field in errors, errors
    assert message in errors[field]
    assert not IdentitySettings.objects.exclude(**DEFAULT_COLOURS).exists()


def test_a_logo_needs_its_alternative_text(client, editor, settings_url):
    logo = ImageFactory(title="Logo gemeente")
    client.force_login(editor)
    response = client.post(settings_url, form_data(logo=logo.pk))

    errors = errors_by_field(response.content.decode())
    assert errors["logo_alt"] == "Beschrijf het logo voor wie het niet kan zien."


# --- what the site shows after a save -------------------------------------------------------------


def test_a_saved_colour_reaches_the_stylesheet_at_a_new_address(client, editor, settings_url):
    before = stylesheet_href(client.get("/").content.decode())
    css = client.get(before)
    assert css["Content-Type"] == "text/css; charset=utf-8"
    assert "--nl-link-color: #0b4f8a;" in css.content.decode()
    assert "immutable" in css["Cache-Control"]

    client.force_login(editor)
    response = client.post(
        settings_url,
        form_data(primary_colour="#7A1F5C", link_colour="#5B2A86", typeface="wide"),
    )
    assert response.status_code == 302, errors_by_field(response.content.decode())
    client.logout()

    after = stylesheet_href(client.get("/").content.decode())
    assert after != before
    css = client.get(after).content.decode()
    assert "--nl-button-primary-background-color: #7a1f5c;" in css
    assert "--nl-link-color: #5b2a86;" in css
    assert "--basis-text-font-family-default: Verdana" in css
    assert "--dorpskracht-header-background-color: #4f143c;" in css  # 35% darker
    # The old address gives the new content, and is not to be kept.
    stale = client.get(before)
    assert "#7a1f5c" in stale.content.decode()
    assert "no-cache" in stale["Cache-Control"]


def test_the_header_shows_the_logo_with_its_alternative_text(client, editor, settings_url):
    logo = ImageFactory(title="Logo gemeente")
    client.force_login(editor)
    response = client.post(
        settings_url, form_data(logo=logo.pk, logo_alt="Gemeente Dorpskracht", show_name="")
    )
    assert response.status_code == 302, errors_by_field(response.content.decode())
    client.logout()

    html = client.get("/").content.decode()
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert re.search(
        r'<img class="site-header__logo" src="[^"]+" [^>]*alt="Gemeente Dorpskracht"', header
    )
    assert "site-header__name" not in header  # the logo carries the name


def test_without_a_logo_the_header_keeps_the_name(client, home_page):
    html = client.get("/").content.decode()
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert '<span class="site-header__name">Dorpskracht</span>' in header
    assert "<img" not in header


def test_the_stylesheet_works_without_a_site(client, db):
    Site.objects.all().delete()
    response = client.get("/huisstijl.css")
    assert response.status_code == 200
    assert "--basis-color-default-bg-document: #ffffff;" in response.content.decode()


def test_the_favicon_is_linked_and_favicon_ico_does_not_404(client, home_page):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
    assert finders.find("favicon.svg")


def test_the_setting_costs_one_query_per_page(client, home_page, django_assert_max_num_queries):
    client.get("/")  # warm Wagtail's site cache
    with django_assert_max_num_queries(2):
        client.get("/huisstijl.css")
