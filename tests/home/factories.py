"""Factories for the home app's pages. Pages need a ``parent`` page (``parent=home_page``)."""

from wagtail.test.utils.wagtail_factories import PageFactory

import factory

from home.models import (
    ContactFormField,
    ContactPage,
    HomePage,
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
