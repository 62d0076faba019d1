"""Each page type of the home app renders what an editor filled in."""

from django.core.exceptions import ValidationError

from wagtail.images import get_image_model
from wagtail.models import Collection, Page

import factory
import pytest

from home.models import HomePageFeaturedPrinciple, PrincipleValue
from tests.factories import UserFactory

from .factories import ContactPageFactory, StandardPageFactory, stream

pytestmark = pytest.mark.django_db


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = "Dorpsplein"
    file = factory.django.ImageField(width=1200, height=800, color="green")
    collection = factory.LazyFunction(Collection.get_first_root_node)


def test_home_page_shows_hero_intro_principles_and_call_to_action(client, home_page, principles):
    scheme = StandardPageFactory(parent=home_page, title="Regeling dorpsinitiatieven")
    home_page.cta_page = scheme
    home_page.cta_title = "Een idee voor je dorp?"
    home_page.cta_text = "Vraag een bijdrage aan voor je initiatief."
    home_page.save()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html
    assert "Samen werken aan leefbare dorpen" in html
    assert "Inwoners weten het best wat hun dorp nodig heeft." in html
    for principle in principles:
        assert principle.title in html
        assert f'href="{principle.url}"' in html
    assert "Een idee voor je dorp?" in html
    assert f'href="{scheme.url}"' in html
    assert "Vraag een bijdrage aan" in html
    # Empty helpers from the other apps: calm messages, no broken sections.
    assert "Er staan op dit moment geen bijeenkomsten gepland." in html


def test_home_page_shows_the_chosen_principles_in_the_editors_order(client, home_page, principles):
    HomePageFeaturedPrinciple.objects.create(home_page=home_page, page=principles[3], sort_order=0)
    HomePageFeaturedPrinciple.objects.create(home_page=home_page, page=principles[1], sort_order=1)

    html = client.get("/").content.decode()

    assert principles[0].title not in html
    assert html.index(principles[3].title) < html.index(principles[1].title)


def test_home_page_leaves_out_unpublished_principles(client, home_page, principles):
    principles[2].unpublish()

    html = client.get("/").content.decode()

    assert principles[2].title not in html
    assert principles[0].title in html


def test_home_page_hero_image_needs_alt_text(home_page):
    home_page.hero_image = ImageFactory()
    home_page.hero_image_alt = ""
    with pytest.raises(ValidationError) as error:
        home_page.full_clean()
    assert "hero_image_alt" in error.value.message_dict


def test_home_page_hero_image_is_shown_with_its_alt_text(client, home_page):
    home_page.hero_image = ImageFactory()
    home_page.hero_image_alt = "Bewoners aan lange tafels op het dorpsplein"
    home_page.save()

    html = client.get("/").content.decode()

    assert 'alt="Bewoners aan lange tafels op het dorpsplein"' in html


def test_principle_index_lists_principles_and_values(client, principle_index, principles):
    PrincipleValue.objects.create(
        page=principle_index,
        name="Vertrouwen",
        description="We gaan uit van goede bedoelingen.",
        sort_order=0,  # the admin always sets it; NULL sorts differently per database
    )
    PrincipleValue.objects.create(page=principle_index, name="Autonomie", sort_order=1)

    response = client.get(principle_index.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Transitieprincipes</h1>" in html
    for principle in principles:
        assert principle.title in html
    assert "Vertrouwen" in html
    assert "We gaan uit van goede bedoelingen." in html
    assert html.index("Vertrouwen") < html.index("Autonomie")


def test_principle_page_shows_its_number_body_and_neighbours(client, principles):
    second = principles[1]

    response = client.get(second.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Transitieprincipe 2" in html
    assert f"<h1>{second.title}</h1>" in html
    assert "Hoe dit principe in de praktijk werkt." in html
    assert f'href="{principles[0].url}" rel="prev"' in html
    assert f'href="{principles[2].url}" rel="next"' in html
    # Breadcrumb back to the overview and the home page.
    assert 'aria-label="Kruimelpad"' in html
    assert "Transitieprincipes</a>" in html


def test_standard_page_renders_its_stream_blocks(client, home_page):
    page = StandardPageFactory(
        parent=home_page,
        title="Over ons",
        intro="Wie we zijn.",
        body=[
            {"type": "heading", "value": {"text": "Onze rol", "level": "h2"}},
            *stream("De gemeente vult aan waar het nodig is."),
            {
                "type": "quote",
                "value": {"text": "Loslaten is anders vasthouden.", "attribution": "Een wethouder"},
            },
        ],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Over ons</h1>" in html
    assert '<p class="lead">Wie we zijn.</p>' in html
    assert '<h2 class="block-heading">Onze rol</h2>' in html
    assert "De gemeente vult aan waar het nodig is." in html
    assert "Loslaten is anders vasthouden." in html


def test_contact_page_renders_a_labelled_form(client, home_page):
    page = ContactPageFactory(parent=home_page)

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Stel je vraag." in html
    assert '<label for="id_naam">Naam' in html
    assert '<label for="id_e_mailadres">E-mailadres' in html
    assert 'autocomplete="email"' in html
    assert 'Telefoonnummer <span class="form-field__required">(niet verplicht)</span>' in html
    assert 'type="submit"' in html


def test_every_page_has_landmarks_skip_link_and_language(client, home_page):
    page = StandardPageFactory(parent=home_page, title="Privacyverklaring")

    html = client.get(page.url).content.decode()

    assert '<html lang="nl">' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert 'href="/zoeken/"' in html
    assert "/account/login/" in html


def test_header_offers_my_applications_and_logout_once_logged_in(client, home_page):
    client.force_login(UserFactory())

    html = client.get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]

    assert 'href="/aanvragen/"' in header
    assert "Mijn aanvragen" in header
    assert "Uitloggen" in header
    assert ">Inloggen<" not in header


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("praktijk", "Een ecosysteem dat gezond gedrag faciliteert"),
        ("beleidsterreinen", "Over ons"),
    ],
)
def test_page_text_is_searchable(home_page, principles, query, expected):
    StandardPageFactory(
        parent=home_page,
        title="Over ons",
        intro="Wie we zijn.",
        body=stream("Samenwerken over de grenzen van beleidsterreinen heen."),
    )

    titles = [page.title for page in Page.objects.live().specific().search(query)]

    assert expected in titles
