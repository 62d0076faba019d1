"""Scheme pages show live facts from the scheme; editors can create both page types."""

import datetime
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from grants.models import ProjectShowcasePage, SchemePage, State
from home.models import HomePage
from tests.factories import UserFactory
from tests.grants.factories import (
    CategoryFactory,
    FundingSchemeFactory,
    VillageFactory,
    application_in_state,
)
from tests.home.factories import make_site_home


def make_home():
    return make_site_home(title="Dorpskracht", slug="dorpskracht-test")


def scheme_page(home, scheme, **kwargs):
    page = SchemePage(
        title="Regeling Dorpsinitiatieven",
        slug="regeling",
        scheme=scheme,
        intro="Geld voor uw idee.",
        body=[("paragraph", "<p>Voor groepen bewoners met een goed plan.</p>")],
        **kwargs,
    )
    home.add_child(instance=page)
    return page


@pytest.fixture
def home_page(db):
    return make_home()


def test_scheme_page_shows_the_live_facts_of_its_scheme(client, home_page):
    today = timezone.localdate()
    scheme = FundingSchemeFactory(
        name="Dorpsinitiatieven 2026",
        slug="dorpsinitiatieven-2026",
        yearly_budget=Decimal("20000"),
        min_amount=Decimal("250"),
        max_amount=Decimal("7500"),
        opens_on=today - datetime.timedelta(days=10),
        closes_on=datetime.date(today.year + 1, 12, 31),
        decision_term_weeks=8,
    )
    scheme.categories.set(
        [CategoryFactory(name="Groen & duurzaam"), CategoryFactory(name="Energie")]
    )
    scheme.villages.set([VillageFactory(name="Ekenveen"), VillageFactory(name="Lindehorst")])
    page = scheme_page(home_page, scheme)

    html = client.get(page.url).content.decode()
    assert "Geld voor uw idee." in html
    assert "Voor groepen bewoners met een goed plan." in html
    assert "Open" in html
    assert f"31 december {today.year + 1}" in html
    assert "€ 250" in html
    assert "€ 7.500" in html
    assert "8 weken" in html
    assert "Groen &amp; duurzaam" in html
    assert "Energie" in html
    assert "Ekenveen" in html
    assert "Lindehorst" in html
    assert "€ 20.000 van € 20.000" in html

    # The remaining budget follows the officials' decisions, without editing the page.
    application_in_state(
        State.APPROVED,
        scheme=scheme,
        village=scheme.villages.first(),
        category=scheme.categories.first(),
    )
    html = client.get(page.url).content.decode()
    assert "€ 18.800 van € 20.000" in html

    try:
        apply_url = reverse("grants:application_create")
    except NoReverseMatch:  # the application form is not installed (yet)
        assert "Het aanvraagformulier is binnenkort beschikbaar." in html
    else:
        assert f'href="{apply_url}?regeling=dorpsinitiatieven-2026"' in html


def test_closed_scheme_has_no_apply_button_and_budget_can_be_hidden(client, home_page):
    today = timezone.localdate()
    scheme = FundingSchemeFactory(
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=30),
    )
    page = scheme_page(home_page, scheme, show_remaining_budget=False)
    html = client.get(page.url).content.decode()
    assert "Gesloten" in html
    assert "Deze regeling is nu niet open voor aanvragen." in html
    assert "?regeling=" not in html
    assert "Nog beschikbaar" not in html
    # Nothing from the scheme's applications is on the page.
    assert "Alle kernen van de gemeente" in html


def test_scheme_page_links_to_the_showcase(client, home_page):
    page = scheme_page(home_page, FundingSchemeFactory())
    showcase = home_page.add_child(
        instance=ProjectShowcasePage(title="Projecten", slug="projecten")
    )
    assert f'href="{showcase.url}"' in client.get(page.url).content.decode()


def test_future_scheme_says_when_it_opens(client, home_page):
    today = timezone.localdate()
    scheme = FundingSchemeFactory(opens_on=today + datetime.timedelta(days=20), closes_on=None)
    html = client.get(scheme_page(home_page, scheme).url).content.decode()
    assert "Nog niet open" in html
    assert "?regeling=" not in html


class TestEditorsCanCreateThePages(WagtailPageTestCase):
    def setUp(self):
        self.home = make_home()
        self.scheme = FundingSchemeFactory()
        self.client.force_login(UserFactory(is_superuser=True, is_staff=True))

    def test_page_tree_rules(self):
        self.assertCanCreateAt(HomePage, SchemePage)
        self.assertCanCreateAt(HomePage, ProjectShowcasePage)
        self.assertAllowedParentPageTypes(SchemePage, {HomePage})
        self.assertAllowedSubpageTypes(SchemePage, {})
        self.assertAllowedSubpageTypes(ProjectShowcasePage, {})

    def test_create_scheme_page(self):
        self.assertCanCreate(
            self.home,
            SchemePage,
            nested_form_data(
                {
                    "title": "Regeling Dorpsinitiatieven",
                    "slug": "regeling-dorpsinitiatieven",
                    "scheme": self.scheme.pk,
                    "intro": "Geld voor uw idee.",
                    "body": streamfield([("paragraph", rich_text("<p>Zo vraagt u aan.</p>"))]),
                    "show_remaining_budget": "on",
                }
            ),
        )
        page = SchemePage.objects.get(slug="regeling-dorpsinitiatieven")
        self.assertPageIsRenderable(page)

    def test_create_showcase_page(self):
        self.assertCanCreate(
            self.home,
            ProjectShowcasePage,
            nested_form_data(
                {"title": "Projecten", "slug": "projecten", "intro": "Wat bewoners doen."}
            ),
        )
        page = ProjectShowcasePage.objects.get(slug="projecten")
        self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(page, "DI-2026-0001/")
        # One showcase per parent is enough.
        self.home.refresh_from_db()
        assert not ProjectShowcasePage.can_create_at(self.home)
