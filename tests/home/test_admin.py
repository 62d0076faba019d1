"""Editors can create every page type of the home app in the Wagtail admin, where it belongs."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import (
    ContactPage,
    HomePage,
    PrincipleIndexPage,
    PrinciplePage,
    StandardPage,
)
from knowledge.models import EventIndexPage, KnowledgeIndexPage

from .factories import HomePageFactory, PrincipleIndexPageFactory


class PageTypesInTheAdmin(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=cls.root)
        cls.index = PrincipleIndexPageFactory(parent=cls.home)

    def setUp(self):
        self.login()

    def test_where_each_page_type_may_go(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(PrincipleIndexPage, {PrinciplePage})
        self.assertAllowedParentPageTypes(PrinciplePage, {PrincipleIndexPage})
        self.assertAllowedSubpageTypes(PrinciplePage, set())
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanCreateAt(HomePage, ContactPage)
        self.assertCanCreateAt(HomePage, KnowledgeIndexPage)
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanNotCreateAt(StandardPage, PrinciplePage)

    def test_create_a_home_page(self):
        self.assertCanCreate(
            self.root,
            HomePage,
            nested_form_data(
                {
                    "title": "Nieuwe start",
                    "hero_title": "Welkom",
                    "hero_text": "Samen sterk",
                    "intro": rich_text("<p>Over het portaal.</p>"),
                    "principles_heading": "Principes",
                    "featured_principles": inline_formset([]),
                    "cta_title": "",
                    "cta_text": "",
                    "cta_button_text": "",
                }
            ),
        )

    def test_create_a_principle_index_page_with_values(self):
        # Only one principles overview per parent: make room first.
        self.index.delete()
        self.assertCanCreate(
            self.home,
            PrincipleIndexPage,
            nested_form_data(
                {
                    "title": "Transitieprincipes",
                    "intro": "Vier principes.",
                    "body": streamfield([]),
                    "values_heading": "Waarden",
                    "values_intro": "",
                    "values": inline_formset(
                        [{"name": "Vertrouwen", "description": "We gaan uit van goede wil."}]
                    ),
                }
            ),
        )
        index = PrincipleIndexPage.objects.get()
        assert [v.name for v in index.values.all()] == ["Vertrouwen"]

    def test_create_a_principle_page(self):
        self.assertCanCreate(
            self.index,
            PrinciplePage,
            nested_form_data(
                {
                    "title": "Andere manieren van belonen",
                    "intro": "Waardering voor wat inwoners doen.",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>Verantwoorden mag leuk zijn.</p>"))]
                    ),
                }
            ),
        )

    def test_create_a_standard_page(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Privacyverklaring",
                    "intro": "Hoe we met je gegevens omgaan.",
                    "body": streamfield(
                        [
                            ("heading", {"text": "Welke gegevens", "level": "h2"}),
                            ("paragraph", rich_text("<p>Alleen wat nodig is.</p>")),
                        ]
                    ),
                }
            ),
        )

    def test_create_a_contact_page_with_fields(self):
        self.assertCanCreate(
            self.home,
            ContactPage,
            nested_form_data(
                {
                    "title": "Contact",
                    "intro": rich_text("<p>Stel je vraag.</p>"),
                    "thank_you_text": rich_text("<p>Bedankt!</p>"),
                    "to_address": "balie@gemeente.example",
                    "from_address": "",
                    "subject": "Contact",
                    "form_fields": inline_formset(
                        [
                            {
                                "label": "Naam",
                                "field_type": "singleline",
                                "required": "on",
                                "choices": "",
                                "default_value": "",
                                "help_text": "",
                            }
                        ]
                    ),
                }
            ),
        )
        assert ContactPage.objects.get().form_fields.get().clean_name == "naam"

    def test_home_page_refuses_an_image_without_alt_text(self):
        from wagtail.test.utils.wagtail_factories import ImageFactory

        image = ImageFactory()
        data = nested_form_data(
            {
                "title": "Dorpskracht",
                "slug": "start",
                "hero_title": "",
                "hero_text": "",
                "hero_image": image.pk,
                "hero_image_alt": "",
                "intro": rich_text(""),
                "principles_heading": "Principes",
                "featured_principles": inline_formset([]),
                "cta_title": "",
                "cta_text": "",
                "cta_button_text": "",
                "action-publish": "action-publish",
            }
        )
        response = self.client.post(f"/admin/pages/{self.home.pk}/edit/", data)

        assert response.status_code == 200
        self.assertContains(response, "Beschrijf de afbeelding voor wie haar niet kan zien.")

    def test_pages_are_editable_and_previewable(self):
        index_data = nested_form_data(
            {
                "title": "Transitieprincipes",
                "slug": "transitieprincipes",
                "intro": "Vier principes.",
                "body": streamfield([]),
                "values_heading": "Waarden",
                "values_intro": "",
                "values": inline_formset([{"name": "Autonomie", "description": ""}]),
            }
        )
        self.assertPageIsEditable(self.home)
        self.assertPageIsPreviewable(self.home)
        self.assertPageIsEditable(self.index, post_data=index_data)
        self.assertPageIsPreviewable(self.index, post_data=index_data)
