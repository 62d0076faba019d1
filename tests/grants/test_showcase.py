"""The public project showcase: only public, committed projects, nothing private, photos too."""

import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from PIL import Image

from grants import workflow
from grants.models import ProjectShowcasePage, Report, ReportPhoto, State
from grants.showcase import featured_projects, project_url
from tests.factories import UserFactory
from tests.grants.factories import (
    CategoryFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
    application_in_state,
)
from tests.home.factories import make_site_home

pytestmark = pytest.mark.django_db

PRIVATE_IBAN = "NL91ABNA0417164300"
PRIVATE_EMAIL = "geheim.adres@voorbeeld.nl"
PRIVATE_NAME = "Gerritje Zwanenburg"
PRIVATE_PHONE = "06-98765432"
INTERNAL_NOTE = "Interne notitie: aanvrager eerder in gebreke gebleven"
DIALOGUE_TEXT = "Dialoogbericht: stuur ons de offerte van de hovenier"
BUDGET_LINE = "Begrotingsregel: huur van de aanhanger"
DECISION_TEXT = "Besluittekst: toegekend onder voorwaarde van een keuring"


def jpeg_bytes(color=(200, 40, 40), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def home_page():
    return make_site_home(title="Dorpskracht", slug="dorpskracht-test")


@pytest.fixture
def showcase(home_page):
    page = ProjectShowcasePage(
        title="Projecten", slug="projecten", intro="Wat bewoners voor elkaar kregen."
    )
    home_page.add_child(instance=page)
    return page


@pytest.fixture
def official():
    return OfficialFactory()


@pytest.fixture
def scheme():
    return FundingSchemeFactory(yearly_budget=Decimal("100000"))


def add_report(
    application,
    *,
    story="Het verhaal van de moestuin.",
    photos=(("tuin.jpg", "Bakken vol groente"),),
):
    report = Report.objects.create(
        application=application, story=story, people_reached=55, volunteers=9
    )
    for i, (name, alt) in enumerate(photos):
        photo = ReportPhoto(report=report, alt_text=alt, sort_order=i)
        fmt = "PNG" if name.endswith(".png") else "JPEG"
        photo.image.save(name, ContentFile(jpeg_bytes(fmt=fmt)), save=False)
        photo.save()
    return report


def reported(official, closed=False, **kwargs):
    """An application that went all the way to a submitted (or accepted) report with a photo."""
    application = application_in_state(State.APPROVED, official_user=official, **kwargs)
    add_report(application)
    workflow.perform(application, "submit_report", application.owner)
    if closed:
        workflow.perform(application, "accept_report", official)
    return application


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- who appears -------------------------------------------------------------------------------


def test_listing_shows_only_public_committed_projects(client, showcase, official, scheme):
    shown = {
        state: application_in_state(
            state, official_user=official, scheme=scheme, title=f"Zichtbaar {state}"
        )
        for state in (State.APPROVED, State.REPORTED, State.CLOSED)
    }
    hidden = {
        state: application_in_state(
            state, official_user=official, scheme=scheme, title=f"Verborgen {state}"
        )
        for state in (
            State.DRAFT,
            State.SUBMITTED,
            State.IN_DIALOGUE,
            State.REJECTED,
            State.WITHDRAWN,
        )
    }
    no_consent = application_in_state(
        State.CLOSED,
        official_user=official,
        scheme=scheme,
        title="Zonder toestemming",
        public_consent=False,
    )

    html = html_of(client, showcase.url)

    for application in shown.values():
        assert application.title in html
        assert project_url(application) in html
    for application in [*hidden.values(), no_consent]:
        assert application.title not in html
        assert application.reference not in html


@pytest.mark.parametrize(
    "state",
    [State.DRAFT, State.SUBMITTED, State.IN_DIALOGUE, State.REJECTED, State.WITHDRAWN],
)
def test_guessing_the_url_of_a_non_public_project_gives_404(client, showcase, official, state):
    application = application_in_state(state, official_user=official)
    response = client.get(f"{showcase.url}{application.reference}/")
    assert response.status_code == 404
    assert project_url(application) is None


def test_a_project_without_public_consent_is_404_even_when_closed(client, showcase, official):
    application = reported(official, closed=True, public_consent=False)
    assert client.get(f"{showcase.url}{application.reference}/").status_code == 404
    photo = application.report.photos.get()
    assert client.get(f"{showcase.url}{application.reference}/foto/{photo.pk}/").status_code == 404


def test_an_official_sees_the_same_public_showcase_as_anyone(client, showcase, official):
    hidden = application_in_state(
        State.SUBMITTED, official_user=official, title="Nog in behandeling"
    )
    client.force_login(official)
    html = html_of(client, showcase.url)
    assert hidden.title not in html
    assert client.get(f"{showcase.url}{hidden.reference}/").status_code == 404


def test_unknown_reference_is_404(client, showcase):
    assert client.get(f"{showcase.url}DI-2026-9999/").status_code == 404


# --- nothing private ---------------------------------------------------------------------------


def test_listing_and_project_page_never_show_private_fields(client, showcase, official):
    owner = UserFactory(email="eigenaar.prive@voorbeeld.nl", username="eigenaar-prive")
    application = application_in_state(
        State.IN_DIALOGUE,
        official_user=official,
        owner=owner,
        title="Buurtmoestuin met geheimen",
        iban=PRIVATE_IBAN,
        contact_email=PRIVATE_EMAIL,
        contact_name=PRIVATE_NAME,
        contact_phone=PRIVATE_PHONE,
        kvk_number="12345678",
        organisation_name="Tuinploeg Zwanenburg",
        budget=[("cost", BUDGET_LINE, Decimal("1800"))],
    )
    workflow.post_message(application, official, DIALOGUE_TEXT)
    workflow.post_message(application, official, INTERNAL_NOTE, is_internal=True)
    workflow.perform(
        application, "approve", official, granted_amount="1750", decision_text=DECISION_TEXT
    )
    add_report(application)
    workflow.perform(application, "submit_report", owner)

    for url in (showcase.url, project_url(application)):
        html = html_of(client, url)
        assert "Buurtmoestuin met geheimen" in html
        for secret in (
            PRIVATE_IBAN,
            PRIVATE_EMAIL,
            PRIVATE_NAME,
            PRIVATE_PHONE,
            "12345678",
            INTERNAL_NOTE,
            DIALOGUE_TEXT,
            BUDGET_LINE,
            DECISION_TEXT,
            owner.email,
            owner.username,
        ):
            assert secret not in html, secret


def test_project_page_shows_the_public_facts(client, showcase, official):
    village = VillageFactory(name="Ekenveen", slug="ekenveen")
    category = CategoryFactory(name="Groen & duurzaam", slug="groen-duurzaam")
    application = application_in_state(
        State.APPROVED,
        official_user=official,
        village=village,
        category=category,
        summary="Een moestuin voor jong en oud.",
    )
    html = html_of(client, project_url(application))
    assert application.title in html
    assert "Ekenveen" in html
    assert "Groen &amp; duurzaam" in html
    assert "Een moestuin voor jong en oud." in html
    assert "€ 1.200" in html  # granted: € 1.500 costs minus € 300 own contribution


def test_text_from_initiators_is_escaped(client, showcase, official):
    application = application_in_state(
        State.APPROVED, official_user=official, title="<script>alert('x')</script>Tuin"
    )
    for url in (showcase.url, project_url(application)):
        html = html_of(client, url)
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html


# --- filter by category ------------------------------------------------------------------------


def test_category_filter(client, showcase, official, scheme):
    green = CategoryFactory(name="Groen & duurzaam", slug="groen-duurzaam", sort_order=1)
    sport = CategoryFactory(name="Sport & cultuur", slug="sport-cultuur", sort_order=2)
    garden = application_in_state(
        State.APPROVED, official_user=official, scheme=scheme, category=green, title="Moestuin"
    )
    band = application_in_state(
        State.APPROVED, official_user=official, scheme=scheme, category=sport, title="Popschool"
    )

    everything = html_of(client, showcase.url)
    assert everything.index("Moestuin") < everything.index("Popschool")  # grouped by category
    assert f'href="{showcase.url}?categorie=sport-cultuur"' in everything

    html = html_of(client, f"{showcase.url}?categorie=sport-cultuur")
    assert band.title in html
    assert garden.title not in html
    assert 'aria-current="page">Sport &amp; cultuur' in html

    html = html_of(client, f"{showcase.url}?categorie=bestaat-niet")
    assert garden.title not in html
    assert band.title not in html
    assert "geen projecten in deze categorie" in html


# --- report story and photos -------------------------------------------------------------------


def test_story_and_photos_appear_only_once_reported(client, showcase, official):
    application = application_in_state(State.APPROVED, official_user=official)
    report = add_report(application, story="Twintig buren bouwden de bakken.")
    photo = report.photos.get()
    detail = project_url(application)
    photo_url = f"{detail}foto/{photo.pk}/"

    # Approved, report still being written: the project shows, the story and photo do not.
    html = html_of(client, detail)
    assert "Twintig buren bouwden de bakken." not in html
    assert photo_url not in html
    assert client.get(photo_url).status_code == 404

    workflow.perform(application, "submit_report", application.owner)

    html = html_of(client, detail)
    assert "Twintig buren bouwden de bakken." in html
    assert f'<img src="{photo_url}" alt="Bakken vol groente"' in html
    assert "55" in html  # people reached
    assert photo_url in html_of(client, showcase.url)  # the card shows the photo too

    response = client.get(photo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()

    workflow.perform(application, "accept_report", official)
    assert client.get(photo_url).status_code == 200


def test_photo_has_the_content_type_of_its_file(client, showcase, official):
    application = application_in_state(State.APPROVED, official_user=official)
    report = add_report(application, photos=[("schets.png", "Schets van de speeltuin")])
    workflow.perform(application, "submit_report", application.owner)
    photo = report.photos.get()
    response = client.get(f"{project_url(application)}foto/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_photo_of_another_application_cannot_be_reached_through_a_public_one(
    client, showcase, official
):
    public = reported(official)
    private = reported(official, public_consent=False)
    other_photo = private.report.photos.get()
    assert client.get(f"{project_url(public)}foto/{other_photo.pk}/").status_code == 404
    assert client.get(f"{showcase.url}{public.reference}/foto/999999/").status_code == 404


def test_photo_disappears_when_consent_is_withdrawn(client, showcase, official):
    application = reported(official, closed=True)
    photo = application.report.photos.get()
    url = f"{project_url(application)}foto/{photo.pk}/"
    assert client.get(url).status_code == 200
    type(application).objects.filter(pk=application.pk).update(public_consent=False)
    assert client.get(url).status_code == 404


# --- query counts ------------------------------------------------------------------------------


def make_public_projects(count, official, scheme):
    for i in range(count):
        if i % 3 == 0:
            reported(official, scheme=scheme, category=CategoryFactory())
        else:
            application_in_state(State.APPROVED, official_user=official, scheme=scheme)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_listing_query_count_does_not_grow_with_projects(client, showcase, official, scheme):
    make_public_projects(3, official, scheme)
    client.get(showcase.url)  # warm the site root cache
    few = count_queries(client, showcase.url)
    make_public_projects(27, official, scheme)
    many = count_queries(client, showcase.url)
    assert many == few
    # 30 projects: two pages, and the second costs the same.
    assert "Pagina 1 van 2" in html_of(client, showcase.url)
    assert count_queries(client, f"{showcase.url}?pagina=2") == few
    # Wagtail's routing and the site's header and footer take about ten; the listing four.
    assert few <= 16


def test_featured_projects_for_the_home_page(
    showcase, official, scheme, django_assert_max_num_queries
):
    approved = application_in_state(State.APPROVED, official_user=official, scheme=scheme)
    story = reported(official, scheme=scheme)
    application_in_state(State.SUBMITTED, official_user=official, scheme=scheme)
    reported(official, scheme=scheme, public_consent=False)

    with django_assert_max_num_queries(5):
        projects = featured_projects(limit=3)
    assert [p.pk for p in projects] == [story.pk, approved.pk]  # a story first, public only
    assert projects[0].showcase_url == project_url(story)
    assert projects[0].public_photos
    assert not projects[1].public_photos

    make_public_projects(6, official, scheme)
    with django_assert_max_num_queries(5):
        assert len(featured_projects(limit=3)) == 3


def test_featured_projects_is_empty_without_a_showcase_page(home_page, official):
    application_in_state(State.APPROVED, official_user=official)
    assert featured_projects() == []
