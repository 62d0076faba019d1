"""Factories for the home app's pages. Pages need a ``parent`` page (``parent=home_page``)."""

import datetime

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, Site
from wagtail.test.utils.wagtail_factories import PageFactory

import factory

from home.models import (
    ContactFormField,
    ContactPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PrincipleIndexPage,
    PrinciplePage,
    StandardPage,
)


def stream(*paragraphs):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "Dorpskracht"
    slug = "start"
    hero_title = "Samen werken aan leefbare dorpen"
    hero_text = "Deel je idee en vraag een bijdrage aan."
    intro = "<p>Inwoners weten het best wat hun dorp nodig heeft.</p>"


def make_site_home(**fields):
    """A HomePage as the default site's root, replacing Wagtail's "Welcome" page, as the demo
    content makes it."""
    home = HomePageFactory(parent=Page.get_first_root_node(), **fields)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page)).delete()
    return home


class PrincipleIndexPageFactory(PageFactory):
    class Meta:
        model = PrincipleIndexPage

    title = "Transitieprincipes"
    slug = "transitieprincipes"
    intro = "Vier principes voor vernieuwing van onderop."


class PrinciplePageFactory(PageFactory):
    class Meta:
        model = PrinciplePage

    title = factory.Sequence(lambda n: f"Principe {n}")
    intro = "Een korte uitleg van dit principe."
    body = factory.LazyFunction(lambda: stream("Hoe dit principe in de praktijk werkt."))


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Pagina {n}")
    intro = "Waar deze pagina over gaat."
    body = factory.LazyFunction(lambda: stream("De tekst van de pagina."))


class ContactPageFactory(PageFactory):
    class Meta:
        model = ContactPage
        skip_postgeneration_save = True

    title = "Contact"
    slug = "contact"
    intro = "<p>Stel je vraag.</p>"
    thank_you_text = "<p>Dank voor je bericht, we reageren binnen vijf werkdagen.</p>"
    to_address = "balie@gemeente.example"
    subject = "Nieuw contactbericht"

    @factory.post_generation
    def fields(page, create, extracted, **kwargs):
        if not create:
            return
        specs = extracted or [
            ("Naam", "singleline", True),
            ("E-mailadres", "email", True),
            ("Je vraag", "multiline", True),
            ("Telefoonnummer", "singleline", False),
        ]
        for order, (label, field_type, required) in enumerate(specs):
            ContactFormField.objects.create(
                page=page, sort_order=order, label=label, field_type=field_type, required=required
            )


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Actueel"
    slug = "actueel"
    intro = "<p>Nieuws uit de dorpen.</p>"


class NewsPageFactory(PageFactory):
    """A news item; ``date`` counts up a day per item, so later items are newer."""

    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Nieuwsbericht {n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    intro = "Wat er deze week in de dorpen gebeurde."
    body = factory.LazyFunction(lambda: stream("Het hele verhaal van dit bericht."))
