"""Editors make news in the Wagtail admin: an index under the home page, items in it, and an
image without alt text is refused with the reason beside the field."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.test.utils.wagtail_factories import ImageFactory

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests.factories import SecondFactorTestUtils

from .factories import HomePageFactory, NewsIndexPageFactory


def _news_data(**fields):
    return nested_form_data(
        {
            "title": "Aanmelden geopend",
            "slug": "aanmelden-geopend",
            "date": "2026-06-01",
            "intro": "U kunt zich nu aanmelden.",
            "image": "",
            "image_alt": "",
            "body": streamfield([("paragraph", rich_text("<p>Er zijn veertig plaatsen.</p>"))]),
            "see_also_page": "",
            **fields,
        }
    )


class NewsInTheAdmin(SecondFactorTestUtils, WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePageFactory(parent=Page.get_first_root_node())
        cls.index = NewsIndexPageFactory(parent=cls.home)

    def setUp(self):
        self.login()

    def test_where_news_may_go(self):
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)

    def test_create_a_news_index_and_an_item(self):
        self.assertCanCreate(
            self.home,
            NewsIndexPage,
            nested_form_data({"title": "Nieuws", "slug": "nieuws", "intro": rich_text("")}),
        )
        self.assertCanCreate(self.index, NewsPage, _news_data())
        assert NewsPage.objects.get().intro == "U kunt zich nu aanmelden."

    def test_an_image_without_alt_text_is_refused_beside_the_field(self):
        image = ImageFactory(description="")
        response = self.client.post(
            f"/admin/pages/add/home/newspage/{self.index.pk}/",
            _news_data(image=image.pk, **{"action-publish": "action-publish"}),
        )

        assert response.status_code == 200
        self.assertContains(response, "Geef een alternatieve tekst")
        assert not NewsPage.objects.exists()
