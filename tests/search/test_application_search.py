"""Who finds which applications: officials everything, initiators their own, anyone else
nothing; and the public search never shows or counts what the showcase does not show."""

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

import pytest

from grants.application_search import search_applications
from tests.factories import EditorFactory, UserFactory
from tests.grants.factories import (
    ApplicationFactory,
    OfficialFactory,
    VillageFactory,
    application_in_state,
)

SEARCH_URL = reverse("search:search")
ADMIN_SEARCH_URL = reverse("search_applications")


def found(user, query, search_index):
    search_index.refresh()
    results = search_applications(user, query)
    return sorted(a.title for a in results), results.count()


@pytest.fixture
def applications(search_index):
    village = VillageFactory(name="Westerwolde", slug="westerwolde")
    garden = ApplicationFactory(
        title="Pluktuin bij de kerk",
        village=village,
        plan_what="We planten fruitbomen en bessenstruiken langs het kerkpad.",
        organisation_name="Stichting Groen Hart",
        contact_name="Gerritje Zwanenburg",
    )
    bench = ApplicationFactory(
        title="Bankjes langs de dijk",
        plan_what="Zes houten bankjes met uitzicht op de uiterwaarden.",
        organisation_name="Buurtvereniging Dijkzicht",
        contact_name="Hendrik Oosterhuis",
    )
    return garden, bench


@pytest.mark.parametrize(
    "query",
    [
        "Pluktuin",  # title
        "fruitbomen",  # plan text
        "Westerwolde",  # village
        "Groen Hart",  # organisation
        "Zwanenburg",  # contact name
    ],
)
def test_officials_find_by_every_field(applications, search_index, query):
    titles, count = found(OfficialFactory(), query, search_index)
    assert titles == ["Pluktuin bij de kerk"]
    assert count == 1


def test_officials_find_by_reference_number(applications, search_index):
    garden, _bench = applications
    official = OfficialFactory()
    assert found(official, garden.reference, search_index) == (["Pluktuin bij de kerk"], 1)
    # Typed loosely: lower case, spaces, without leading zeros.
    year, number = garden.reference.split("-")[1:]
    loose = f"di {year} {int(number)}"
    assert found(official, loose, search_index) == (["Pluktuin bij de kerk"], 1)


def test_part_of_a_reference_number_finds_the_applications_that_contain_it(
    applications, search_index
):
    garden, bench = applications
    official = OfficialFactory()
    number = garden.reference.rsplit("-", 1)[1]  # "0042"
    assert found(official, number, search_index) == (["Pluktuin bij de kerk"], 1)
    year = garden.reference.split("-")[1]
    assert found(official, f"DI-{year}", search_index)[1] == 2
    # An initiator typing part of a number still only finds their own.
    assert found(bench.owner, number, search_index) == ([], 0)


def test_initiators_find_only_their_own(applications, search_index):
    garden, bench = applications
    other = ApplicationFactory(owner=garden.owner, title="Pluktuin tweede plek")
    assert other.owner == garden.owner

    titles, count = found(garden.owner, "Pluktuin", search_index)
    assert titles == ["Pluktuin bij de kerk", "Pluktuin tweede plek"]
    assert count == 2
    assert found(garden.owner, "Bankjes", search_index) == ([], 0)
    assert found(bench.owner, "Pluktuin", search_index) == ([], 0)
    assert found(bench.owner, garden.reference, search_index) == ([], 0)


@pytest.mark.parametrize("who", ["anonymous", "editor", "stranger"])
def test_nobody_else_finds_anything(applications, search_index, who):
    user = {
        "anonymous": AnonymousUser,
        "editor": EditorFactory,
        "stranger": UserFactory,
    }[who]()
    for query in ("Pluktuin", "Zwanenburg", "Westerwolde", applications[0].reference):
        assert found(user, query, search_index) == ([], 0)


def test_search_within_a_given_queryset_stays_within_what_the_user_may_see(
    applications, search_index
):
    from grants.models import Application

    garden, _bench = applications
    search_index.refresh()
    narrowed = Application.objects.filter(village=garden.village)
    assert [a.pk for a in search_applications(OfficialFactory(), "Pluktuin", narrowed)] == [
        garden.pk
    ]
    assert list(search_applications(UserFactory(), "Pluktuin", narrowed)) == []


# --- the admin search area --------------------------------------------------------------------


def test_admin_search_area_is_shown_to_officials_only(client, applications, search_index):
    # Wagtail's page search (where search areas appear) needs page permissions: an official
    # who also edits pages sees "Aanvragen" beside pages; every official has the menu item.
    official = OfficialFactory(groups=["Editors"])
    client.force_login(official)
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "Pluktuin"})
    assert response.status_code == 200
    assert f'href="{ADMIN_SEARCH_URL}?q=Pluktuin"' in response.content.decode()
    client.force_login(OfficialFactory())
    assert ADMIN_SEARCH_URL in client.get(reverse("wagtailadmin_home")).content.decode()

    editor = EditorFactory()
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:search"), {"q": "Pluktuin"})
    assert response.status_code == 200
    assert ADMIN_SEARCH_URL not in response.content.decode()
    assert ADMIN_SEARCH_URL not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_admin_application_search_lists_matches_for_officials(client, applications, search_index):
    garden, _bench = applications
    search_index.refresh()
    client.force_login(OfficialFactory())
    response = client.get(ADMIN_SEARCH_URL, {"q": "Zwanenburg"})
    assert response.status_code == 200
    html = response.content.decode()
    assert garden.reference in html
    assert "Bankjes langs de dijk" not in html
    assert "1 aanvraag gevonden" in html


@pytest.mark.parametrize("who", ["editor", "initiator"])
def test_admin_application_search_is_closed_to_others(client, applications, search_index, who):
    user = EditorFactory() if who == "editor" else applications[0].owner
    client.force_login(user)
    response = client.get(ADMIN_SEARCH_URL, {"q": "Pluktuin"})
    assert response.status_code in (302, 403)
    assert "Pluktuin" not in response.content.decode()


# --- the public search and applications --------------------------------------------------------


def public_titles(client, search_index, query):
    import re

    search_index.refresh()
    html = client.get(SEARCH_URL, {"q": query}).content.decode()
    return re.findall(r'class="search-result__title"><a href="([^"]*)">([^<]*)</a>', html), html


def test_public_search_shows_showcase_projects_with_link(client, search_index, showcase):
    project = application_in_state(
        "approved", title="Speelbos De Eik", summary="Een speelbos voor kinderen uit de kern."
    )
    hits, html = public_titles(client, search_index, "speelbos")
    assert hits == [(showcase.project_url(project, showcase.url), "Speelbos De Eik")]
    assert 'search-result__type">Project<' in html
    assert "<mark>speelbos</mark>" in html


@pytest.mark.parametrize(
    ("state", "consent"),
    [("draft", True), ("submitted", True), ("in_dialogue", True), ("rejected", True)]
    + [("approved", False), ("closed", False)],
)
def test_public_search_never_finds_non_public_applications(
    client, search_index, showcase, state, consent
):
    application_in_state(state, title="Klimtoren Zeldzaam", public_consent=consent)
    hits, html = public_titles(client, search_index, "Klimtoren")
    assert hits == []
    assert "Geen resultaten" in html
    assert "Zeldzaam" not in html
    assert "Project <span>" not in html


@pytest.mark.parametrize(
    ("private_word", "field"),
    [
        ("Zwanenburg", "contact_name"),
        ("Groenhartstichting", "organisation_name"),
        ("kerkpadbessen", "plan_what"),
        ("mantelzorgers", "plan_for_whom"),
        ("Dijkgraafschap", "plan_with_whom"),
    ],
)
def test_public_search_does_not_match_a_public_project_on_private_fields(
    client, search_index, showcase, private_word, field
):
    project = application_in_state(
        "approved", title="Ontmoetingstuin", summary="Een tuin waar buren elkaar treffen."
    )
    type(project).objects.filter(pk=project.pk).update(**{field: f"Tekst met {private_word}."})
    project.refresh_from_db()
    project.save()  # reindex with the private word in it

    hits, html = public_titles(client, search_index, private_word)
    assert hits == []
    assert "Geen resultaten" in html
    assert "Ontmoetingstuin" not in html
    assert "Project <span>" not in html
    # The project itself is found by what the showcase shows.
    assert [title for _url, title in public_titles(client, search_index, "ontmoetingstuin")[0]] == [
        "Ontmoetingstuin"
    ]


def test_projects_are_not_found_without_a_showcase_to_link_to(client, search_index, home_page):
    application_in_state("approved", title="Hondenlosloopveld")
    hits, _html = public_titles(client, search_index, "Hondenlosloopveld")
    assert hits == []
