"""Editors can create, edit and preview every knowledge page type, and manage the topics, in
the Wagtail admin."""

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from knowledge.models import (
    ArticlePage,
    EventIndexPage,
    EventPage,
    KnowledgeIndexPage,
    Topic,
)
from tests.factories import UserFactory

from .factories import (
    ArticlePageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ImageFactory,
    KnowledgeIndexPageFactory,
    TopicFactory,
)


def _form_field(label, field_type):
    return {
        "label": label,
        "help_text": "",
        "required": "on",
        "field_type": field_type,
        "choices": "",
        "default_value": "",
    }


def article_data(topic, **overrides):
    data = {
        "title": "Eigenaarschap in het dorp",
        "slug": "eigenaarschap-in-het-dorp",
        "kind": "rapport",
        "date": "2026-05-01",
        "intro": "Wie is eigenaar van wat?",
        "listing_image": "",
        "listing_image_alt": "",
        "topics": str(topic.pk),
        "body": streamfield([("paragraph", rich_text("<p>Type 1 en type 2.</p>"))]),
        "source": "Onderzoek",
        "source_url": "https://example.org",
        "related_documents": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def event_data(topic, **overrides):
    data = {
        "title": "Lokale gemeenschappen als motor voor transitie",
        "slug": "lokale-gemeenschappen-als-motor-voor-transitie",
        "date": "2030-04-09",
        "start_time": "15:00",
        "end_time": "17:00",
        "location_name": "",
        "location_address": "",
        "is_online": "on",
        "online_instructions": "Je krijgt vooraf een link voor Zoom.",
        "chair": "Jelleke de Nooy van Tol",
        "intro": "Van welvaart naar welzijn.",
        "topics": str(topic.pk),
        "programme": streamfield(
            [
                (
                    "item",
                    {
                        "time": "15:00",
                        "title": "Introductie",
                        "speaker": "Jelleke",
                        "description": "",
                    },
                )
            ]
        ),
        "body": streamfield([]),
        "registration_method": "formulier",
        "registration_instructions": rich_text(""),
        "capacity": "30",
        "form_fields": inline_formset(
            [_form_field("Naam", "singleline"), _form_field("E-mailadres", "email")]
        ),
        "thank_you_text": rich_text("<p>Tot dan!</p>"),
        "to_address": "organisator@example.nl",
        "subject": "Nieuwe aanmelding",
        "report_document": "",
        "recording_url": "",
    }
    data.update(overrides)
    return nested_form_data(data)


class KnowledgePagesAdminTests(WagtailPageTestCase):
    def setUp(self):
        self.user = UserFactory(username="beheerder", is_staff=True, is_superuser=True)
        self.client.force_login(self.user)
        self.root = Page.get_first_root_node()
        self.topic = TopicFactory(name="Eigenaarschap", slug="eigenaarschap")

    def test_index_pages_only_take_their_own_children(self):
        self.assertAllowedSubpageTypes(KnowledgeIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(ArticlePage, {KnowledgeIndexPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})

    def test_admin_can_create_a_knowledge_index(self):
        self.assertCanCreate(
            self.root,
            KnowledgeIndexPage,
            nested_form_data(
                {"title": "Kennisbank", "intro": rich_text("<p>Alles over dorpen.</p>")}
            ),
        )
        page = KnowledgeIndexPage.objects.get(slug="kennisbank")
        assert page.live
        assert "Alles over dorpen." in page.intro

    def test_admin_can_create_an_article(self):
        index = KnowledgeIndexPageFactory(parent=self.root, slug="kennisbank")
        self.assertCanCreate(index, ArticlePage, article_data(self.topic))
        article = ArticlePage.objects.get(slug="eigenaarschap-in-het-dorp")
        assert article.kind == "rapport"
        assert list(article.topics.all()) == [self.topic]
        assert article.body[0].block_type == "paragraph"
        assert article.source_url == "https://example.org"

    def test_admin_can_create_an_event_index(self):
        self.assertCanCreate(
            self.root,
            EventIndexPage,
            nested_form_data({"title": "Transitiegesprekken", "intro": rich_text("")}),
        )
        assert EventIndexPage.objects.filter(slug="transitiegesprekken").exists()

    def test_admin_can_create_an_event_with_a_programme_and_registration_form(self):
        index = EventIndexPageFactory(parent=self.root, slug="transitiegesprekken")
        self.assertCanCreate(index, EventPage, event_data(self.topic))
        event = EventPage.objects.get(slug="lokale-gemeenschappen-als-motor-voor-transitie")
        assert event.is_online
        assert event.capacity == 30
        assert [f.label for f in event.form_fields.all()] == ["Naam", "E-mailadres"]
        assert event.programme[0].value["title"] == "Introductie"
        assert event.chair == "Jelleke de Nooy van Tol"
        assert list(event.topics.all()) == [self.topic]

    def test_article_and_event_are_editable_and_previewable(self):
        knowledge = KnowledgeIndexPageFactory(parent=self.root, slug="kennisbank")
        article = ArticlePageFactory(parent=knowledge, topics=[self.topic])
        events = EventIndexPageFactory(parent=self.root, slug="transitiegesprekken")
        event = EventPageFactory(parent=events, topics=[self.topic])
        article_post = article_data(self.topic, slug=article.slug)
        event_post = event_data(self.topic, slug=event.slug)

        self.assertPageIsEditable(article, post_data=article_post)
        self.assertPageIsPreviewable(article, post_data=article_post)
        self.assertPageIsEditable(event, post_data=event_post)
        self.assertPageIsPreviewable(event, mode="form", post_data=event_post)
        self.assertPageIsPreviewable(event, mode="landing", post_data=event_post)

    def test_event_without_location_is_refused_with_a_clear_message(self):
        index = EventIndexPageFactory(parent=self.root, slug="transitiegesprekken")
        url = reverse("wagtailadmin_pages:add", args=["knowledge", "eventpage", index.pk])
        data = event_data(self.topic, slug="zonder-plek", is_online="")
        data["action-publish"] = "action-publish"

        response = self.client.post(url, data)

        assert response.status_code == 200
        assert "Vul een locatie in, of vink" in response.content.decode()
        assert not EventPage.objects.filter(slug="zonder-plek").exists()

    def test_article_image_without_alt_text_is_refused(self):
        index = KnowledgeIndexPageFactory(parent=self.root, slug="kennisbank")
        image = ImageFactory(description="")
        url = reverse("wagtailadmin_pages:add", args=["knowledge", "articlepage", index.pk])
        data = article_data(self.topic, listing_image=str(image.pk))
        data["action-publish"] = "action-publish"

        response = self.client.post(url, data)

        assert response.status_code == 200
        assert "Geef een alternatieve tekst" in response.content.decode()
        assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_topics_are_managed_in_the_admin_under_a_dutch_menu_label(client):
    client.force_login(UserFactory(username="redacteur", is_staff=True, is_superuser=True))

    dashboard = client.get(reverse("wagtailadmin_home"))
    assert "Onderwerpen" in dashboard.content.decode()

    response = client.post(
        reverse("wagtailsnippets_knowledge_topic:add"),
        {
            "name": "Leefbaarheid & veiligheid",
            "slug": "",
            "description": "Samen een veilige buurt.",
        },
    )
    assert response.status_code == 302
    topic = Topic.objects.get(name="Leefbaarheid & veiligheid")
    assert topic.slug == "leefbaarheid-veiligheid"

    listing = client.get(reverse("wagtailsnippets_knowledge_topic:list"))
    assert "Leefbaarheid &amp; veiligheid" in listing.content.decode()
