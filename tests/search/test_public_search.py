"""The public search page, as a visitor uses it, on whatever backend the settings select."""

from django.urls import reverse
from django.utils.text import capfirst

from wagtail.models import PageViewRestriction

import pytest

from home.models import StandardPage
from knowledge.models import ArticlePage
from tests.home.factories import StandardPageFactory, stream
from tests.knowledge.factories import ArticlePageFactory

SEARCH_URL = reverse("search:search")
STANDARD = capfirst(StandardPage._meta.verbose_name)
ARTICLE = capfirst(ArticlePage._meta.verbose_name)


def search(client, search_index, **params):
    search_index.refresh()
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    import re

    return re.findall(r'class="search-result__title"><a href="[^"]*">([^<]*)</a>', html)


def test_empty_state_gives_tips_and_no_results(client, search_index, home_page):
    html = search(client, search_index)
    assert "Zoektips" in html
    assert "search-result" not in html
    assert 'for="search-q"' in html  # the box has a label


def test_finds_every_page_type_by_its_text_with_type_and_snippet(client, search_index, home_page):
    StandardPageFactory(
        parent=home_page,
        title="Over de buurtbus",
        body=stream("De buurtbus rijdt elke dinsdag langs alle kernen."),
    )
    ArticlePageFactory(
        parent=home_page,
        title="Vervoer op het platteland",
        intro="Hoe een buurtbus eenzaamheid tegengaat.",
    )
    StandardPageFactory(parent=home_page, title="Iets anders", body=stream("Over afval."))

    html = search(client, search_index, q="buurtbus")

    assert sorted(result_titles(html)) == ["Over de buurtbus", "Vervoer op het platteland"]
    assert f'search-result__type">{STANDARD}<' in html
    assert f'search-result__type">{ARTICLE}<' in html
    assert "<mark>buurtbus</mark>" in html
    assert "2 resultaten voor “buurtbus”" in html


def test_dutch_plural_finds_the_singular_and_compounds(client, search_index, home_page):
    StandardPageFactory(parent=home_page, title="Ons dorp", body=stream("Een dorp vol plannen."))
    StandardPageFactory(
        parent=home_page,
        title="Energiecoöperatie opgericht",
        body=stream("Zonnepanelen op elk dak."),
    )

    assert result_titles(search(client, search_index, q="dorpen")) == ["Ons dorp"]
    assert result_titles(search(client, search_index, q="energie")) == [
        "Energiecoöperatie opgericht"
    ]


def test_accents_do_not_matter_where_the_engine_folds_them(client, search_index, home_page):
    if not search_index.folds_accents():
        pytest.skip(f"{search_index.vendor}: this engine does not fold accents (documented)")
    StandardPageFactory(parent=home_page, title="Coöperatie in Ee", body=stream("Samen."))
    StandardPageFactory(parent=home_page, title="Kleine reunie", body=stream("Oud-leerlingen."))
    assert result_titles(search(client, search_index, q="cooperatie")) == ["Coöperatie in Ee"]
    assert result_titles(search(client, search_index, q="reünie")) == ["Kleine reunie"]


def test_postgresql_searches_with_accent_folding(search_index):
    """On PostgreSQL the migrations set up unaccent (CI's database user may): accents must fold."""
    if search_index.is_elasticsearch or search_index.vendor != "postgresql":
        pytest.skip("only for PostgreSQL's database search")
    assert search_index.backend.config == "dorpskracht_dutch"
    assert search_index.folds_accents()


def test_filter_by_type_with_counts(client, search_index, home_page):
    for n in range(3):
        StandardPageFactory(parent=home_page, title=f"Moestuin {n}", body=stream("Groente."))
    ArticlePageFactory(parent=home_page, title="Moestuin in de school", intro="Kinderen.")

    html = search(client, search_index, q="moestuin")
    assert "4 resultaten" in html
    assert f"{STANDARD} <span>(3)</span>" in html
    assert f"{ARTICLE} <span>(1)</span>" in html

    html = search(client, search_index, q="moestuin", type="articlepage")
    assert result_titles(html) == ["Moestuin in de school"]
    assert f"1 resultaat voor “moestuin” in {ARTICLE}" in html

    # An unknown type is ignored rather than an error.
    assert len(result_titles(search(client, search_index, q="moestuin", type="nope"))) == 4


def test_pagination(client, search_index, home_page):
    for n in range(13):
        StandardPageFactory(parent=home_page, title=f"Speeltuin {n}", body=stream("Wippen."))

    first = search(client, search_index, q="speeltuin")
    assert len(result_titles(first)) == 10
    assert "Pagina 1 van 2" in first
    assert "pagina=2" in first
    assert 'rel="next"' in first

    second = search(client, search_index, q="speeltuin", pagina=2)
    assert len(result_titles(second)) == 3
    assert not set(result_titles(first)) & set(result_titles(second))
    assert 'rel="prev"' in second

    # A page number out of range shows the last page, rubbish the first.
    assert len(result_titles(search(client, search_index, q="speeltuin", pagina=99))) == 3
    assert len(result_titles(search(client, search_index, q="speeltuin", pagina="x"))) == 10


def test_no_results_suggests_what_to_try(client, search_index, home_page):
    StandardPageFactory(parent=home_page, title="Dorpsfeest", body=stream("Muziek."))
    html = search(client, search_index, q="dorpsfeest vuurwerk")
    assert "Geen resultaten voor “dorpsfeest vuurwerk”" in html
    assert "Zoek alleen op “dorpsfeest”" in html
    assert "Controleer de spelling" in html
    html = search(client, search_index, q="de het")
    assert "Vul een zoekwoord in" in html


def test_drafts_and_private_pages_are_never_found(client, search_index, home_page):
    StandardPageFactory(parent=home_page, title="Openbaar kunstwerk", body=stream("Beeld."))
    draft = StandardPageFactory(parent=home_page, title="Geheim kunstwerk concept")
    draft.unpublish()
    private = StandardPageFactory(parent=home_page, title="Besloten kunstwerk")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    html = search(client, search_index, q="kunstwerk")
    assert result_titles(html) == ["Openbaar kunstwerk"]
    assert "1 resultaat" in html


def test_everything_is_escaped(client, search_index, home_page):
    StandardPageFactory(
        parent=home_page,
        title="Veilige pagina",
        body=stream("Tekst met <script>alert('x')</script> en een waterput."),
    )
    html = search(client, search_index, q="waterput <b>vet</b>")
    assert "<script>alert" not in html
    assert "<b>vet</b>" not in html

    html = search(client, search_index, q="waterput")
    assert "<mark>waterput</mark>" in html
    assert "<script>" not in html.split('class="search-results"')[1]


def test_query_count_is_bounded(client, search_index, home_page, django_assert_max_num_queries):
    for n in range(12):
        StandardPageFactory(parent=home_page, title=f"Bankje {n}", body=stream("Zitten."))
    search_index.refresh()
    with django_assert_max_num_queries(40):
        response = client.get(SEARCH_URL, {"q": "bankje"})
    assert response.status_code == 200


def test_suggestions_are_titles_of_public_pages_only(client, search_index, home_page):
    StandardPageFactory(parent=home_page, title="Dorpshuis De Linde", body=stream("Zaal."))
    draft = StandardPageFactory(parent=home_page, title="Dorpshuis geheim plan")
    draft.unpublish()
    search_index.refresh()
    url = reverse("search:suggest")

    response = client.get(url, {"q": "dorpshuis"})
    assert response.status_code == 200
    assert response.json() == {"suggestions": ["Dorpshuis De Linde"]}
    assert client.get(url, {"q": "do"}).json() == {"suggestions": []}
    # The page itself works without the script: the box is a plain GET form.
    html = client.get(SEARCH_URL).content.decode()
    assert 'method="get"' in html
    assert 'name="q"' in html
