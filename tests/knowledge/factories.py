"""Factories for the knowledge bank and events. Pages need a ``parent`` page."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.test.utils.wagtail_factories import PageFactory

import factory

from knowledge.models import (
    ArticleKind,
    ArticlePage,
    EventIndexPage,
    EventPage,
    KnowledgeIndexPage,
    RegistrationMethod,
    Topic,
)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Onderwerp {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Waar dit onderwerp over gaat."


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_image_model()

    title = factory.Sequence(lambda n: f"Afbeelding {n}")
    description = "Een dorpsplein met mensen aan lange tafels"
    file = factory.django.ImageField(width=800, height=500, color="green")
    collection = factory.LazyFunction(Collection.get_first_root_node)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"Verslag {n}")
    file = factory.django.FileField(filename="verslag.pdf", data=b"%PDF-1.4 verslag")
    collection = factory.LazyFunction(Collection.get_first_root_node)


def _set_topics(page, create, extracted, **kwargs):
    if create and extracted:
        page.topics.set(extracted)
        page.save()


class KnowledgeIndexPageFactory(PageFactory):
    class Meta:
        model = KnowledgeIndexPage

    title = "Kennisbank"
    intro = "<p>Artikelen, rapporten en toolkits over de kracht van dorpen.</p>"


class ArticlePageFactory(PageFactory):
    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Artikel {n}")
    kind = ArticleKind.ARTICLE
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    intro = "Hoe bewoners zelf eigenaar worden van wat er in hun dorp gebeurt."
    topics = factory.PostGeneration(_set_topics)


class EventIndexPageFactory(PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Transitiegesprekken"
    intro = "<p>Gesprekken over lokale gemeenschappen als motor voor transitie.</p>"


class EventPageFactory(PageFactory):
    """An upcoming event with the registration form open, e-mailed to the organiser."""

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Transitiegesprek {n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    start_time = datetime.time(15, 0)
    end_time = datetime.time(17, 0)
    location_name = "Dorpshuis De Linde"
    location_address = "Dorpsstraat 1\n9999 AA Ergenshuizen"
    chair = "Jelleke de Nooy van Tol"
    intro = "Een gesprek over lokale gemeenschappen als motor voor transitie."
    registration_method = RegistrationMethod.FORM
    to_address = "organisator@example.nl"
    topics = factory.PostGeneration(_set_topics)
