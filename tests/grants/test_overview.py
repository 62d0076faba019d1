"""The yearly accountability overview per scheme, for the council."""

import datetime
import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import openpyxl
import pytest

from grants.models import Application, BudgetLine, State
from grants.overview import accountability_overview
from tests.grants.factories import (
    ApplicationFactory,
    CategoryFactory,
    FundingSchemeFactory,
    OfficialFactory,
    VillageFactory,
    application_in_state,
)
from tests.grants.spreadsheet_files import read_csv

pytestmark = pytest.mark.django_db

URL = "/admin/gegevens/jaaroverzicht/"
YEAR = timezone.localdate().year


@pytest.fixture
def official():
    return OfficialFactory()


@pytest.fixture
def setting(official):
    """A scheme with initiatives in two of three villages, and noise that must not count."""
    scheme = FundingSchemeFactory(name="Dorpsinitiatieven", slug="dorpsinitiatieven")
    appelscha = VillageFactory(name="Appelscha", slug="appelscha")
    bakkeveen = VillageFactory(name="Bakkeveen", slug="bakkeveen")
    VillageFactory(name="Donkerbroek", slug="donkerbroek")
    green = CategoryFactory(name="Groen", slug="groen", sort_order=1)
    play = CategoryFactory(name="Spelen", slug="spelen", sort_order=2)

    reported = application_in_state(
        State.REPORTED, official_user=official, scheme=scheme, village=appelscha, category=green
    )
    BudgetLine.objects.filter(application=reported, kind=BudgetLine.Kind.COST).update(
        actual_amount=Decimal("1400")
    )
    BudgetLine.objects.filter(application=reported, kind=BudgetLine.Kind.OWN_CONTRIBUTION).update(
        actual_amount=Decimal("999")  # not a cost: not "spent"
    )
    application_in_state(
        State.REJECTED, official_user=official, scheme=scheme, village=appelscha, category=play
    )
    application_in_state(State.SUBMITTED, scheme=scheme, village=bakkeveen, category=green)
    # Not counted: a draft, another scheme, last year.
    ApplicationFactory(scheme=scheme, village=bakkeveen, category=green)
    application_in_state(State.SUBMITTED, village=bakkeveen, category=green)
    last_year = application_in_state(
        State.SUBMITTED, scheme=scheme, village=bakkeveen, category=green
    )
    Application.objects.filter(pk=last_year.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=400)
    )
    return scheme


def by_label(rows):
    return {row.label: row for row in rows}


def test_the_figures_per_village_and_category(setting):
    overview = accountability_overview(setting, YEAR)

    villages = by_label(overview.villages)
    assert list(villages) == ["Appelscha", "Bakkeveen", "Donkerbroek"]
    appelscha = villages["Appelscha"]
    assert (appelscha.count, appelscha.granted_count, appelscha.reports) == (2, 1, 1)
    assert appelscha.requested == Decimal("2400.00")
    assert appelscha.granted == Decimal("1200.00")
    assert appelscha.spent == Decimal("1400.00")
    bakkeveen = villages["Bakkeveen"]
    assert (bakkeveen.count, bakkeveen.granted, bakkeveen.spent) == (1, 0, 0)
    assert villages["Donkerbroek"].count == 0
    assert appelscha.granted_percent == 100
    assert bakkeveen.granted_percent == 0

    categories = by_label(overview.categories)
    assert categories["Groen"].count == 2
    assert categories["Spelen"].count == 1
    assert categories["Groen"].spent == Decimal("1400.00")

    total = overview.total
    assert (total.count, total.granted_count, total.reports) == (3, 1, 1)
    assert total.requested == Decimal("3600.00")
    assert overview.committed_in_year == Decimal("1200.00")
    assert overview.remaining == setting.yearly_budget - Decimal("1200.00")


def test_the_overview_takes_a_fixed_number_of_queries(setting, django_assert_num_queries):
    with django_assert_num_queries(7):
        accountability_overview(setting, YEAR)

    for _ in range(5):
        application_in_state(State.SUBMITTED, scheme=setting)
    with django_assert_num_queries(7):
        accountability_overview(setting, YEAR)


def test_the_admin_page_shows_a_chart_with_a_data_table(client, official, setting):
    client.force_login(official)

    response = client.get(URL, {"regeling": setting.pk, "jaar": YEAR})

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Dorpsinitiatieven: aanvragen ingediend in {YEAR}" in html
    assert "<figcaption>Toegekend bedrag per kern</figcaption>" in html
    assert 'aria-hidden="true"><span class="grants-ie__bar" style="inline-size: 100%">' in html
    assert '<th scope="row">Appelscha</th>' in html
    assert "€ 1.400,00" in html  # spent
    assert "<caption>Cijfers per categorie</caption>" in html
    assert "<script" not in html.split('class="grants-ie"')[1]


def test_the_page_query_count_does_not_grow_with_the_data(client, official, setting):
    client.force_login(official)

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get(URL, {"regeling": setting.pk, "jaar": YEAR})
        return len(captured)

    before = count()
    for _ in range(4):
        application_in_state(State.SUBMITTED, scheme=setting)
    assert count() == before


def test_the_overview_downloads_as_xlsx_with_a_sheet_per_grouping(client, official, setting):
    client.force_login(official)

    response = client.get(URL, {"regeling": setting.pk, "jaar": YEAR, "bestand": "xlsx"})

    assert response["Content-Disposition"].startswith("attachment;")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Per kern", "Per categorie"]
    rows = list(workbook["Per kern"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Kern", "Aanvragen")
    assert rows[1][:7] == ("Appelscha", 2, 1, 2400, 1200, 1400, 1)
    assert rows[-1][0] == "Totaal"
    assert rows[-1][1] == 3


def test_the_overview_downloads_as_csv(client, official, setting):
    client.force_login(official)

    response = client.get(URL, {"regeling": setting.pk, "jaar": YEAR, "bestand": "csv"})

    rows = read_csv(b"".join(response.streaming_content))
    assert rows[0][:3] == ["Indeling", "Naam", "Aanvragen"]
    assert ["Kern", "Appelscha", "2", "1", "2400,00", "1200,00", "1400,00", "1"] in rows
    assert rows[-1][:3] == ["Totaal", "Totaal", "3"]


def test_without_a_choice_the_first_scheme_and_this_year_are_shown(client, official, setting):
    client.force_login(official)

    response = client.get(URL)

    assert f"Dorpsinitiatieven: aanvragen ingediend in {YEAR}" in response.content.decode()
