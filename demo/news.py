"""Dutch demo content for Actueel (news): the news index and five news items.

The facts come from the seed material (the April transitiegesprek and its report, the
afternoon-session series on renewing local government, what residents ask of the municipality,
the village-initiatives scheme), in our own words. Safe to run again: pages are looked up by
slug and what exists is left as it is. Run after the knowledge and grants demo content, which
the "zie ook" links point to."""

import datetime
import json

from django.utils import timezone

from grants.models.pages import SchemePage
from home.models import NewsIndexPage, NewsPage
from knowledge.models import EventPage

from . import home as home_demo
from . import knowledge as knowledge_demo

INDEX_SLUG = "actueel"
MENU_LABEL = "Actueel"


def _paragraph(*sentences):
    return {"type": "paragraph", "value": "".join(f"<p>{s}</p>" for s in sentences)}


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


# "see_also": ("event", slug) or ("scheme", None); "image": a scene of demo/media.py or None.
NEWS = [
    {
        "slug": "aanmelden-transitiegesprek-eigenaarschap",
        "title": "Aanmelden geopend: transitiegesprek over eigenaarschap in de kernen",
        "days_ago": 2,
        "image": "samen",
        "image_alt": "Getekende dorpsgenoten in kleurige kleding in gesprek aan een lange tafel",
        "see_also": ("event", "eigenaarschap-in-de-kernen"),
        "intro": "Initiatiefnemers en ambtenaren gaan in Dorpshuis De Linde samen na wat een "
        "dorp zelf draagt en waar de gemeente bijspringt. U kunt zich nu aanmelden.",
        "body": [
            _paragraph(
                "Steeds meer dorpen nemen zelf taken op zich: een dorpshuis, een "
                "energiecoöperatie, vervoer voor ouderen. Maar wie is dan eigenaar, en wat "
                "verwacht het dorp van de gemeente?",
                "In dit transitiegesprek werken we met twee soorten activiteiten. Bij type 1 is "
                "de gemeenschap helemaal zelf eigenaar. Bij type 2 is de gemeenschap eigenaar en "
                "levert de gemeente een bijdrage. Aan tafels praten inwoners en ambtenaren over "
                "voorbeelden uit de eigen kernen.",
            ),
            _heading("Praktisch"),
            _paragraph(
                "Er zijn veertig plaatsen. Aanmelden doet u met het formulier op de pagina van "
                "de bijeenkomst. U krijgt een week van tevoren een herinnering.",
            ),
        ],
    },
    {
        "slug": "regeling-dorpsinitiatieven-aanvragen-kan-online",
        "title": "Regeling dorpsinitiatieven: aanvragen kan nu online",
        "days_ago": 9,
        "image": "dorp",
        "image_alt": "",  # the image's own description is the alt text
        "see_also": ("scheme", None),
        "intro": "Heeft u met uw dorp of buurt een plan dat de leefbaarheid versterkt? Een "
        "bijdrage uit de regeling dorpsinitiatieven vraagt u voortaan aan op dit portaal.",
        "body": [
            _paragraph(
                "Inwoners vroegen de gemeente om minder 'dat kan niet' en meer 'het kan wel, en "
                "ik help u op weg'. De online aanvraag is daar een eerste stap in: u ziet "
                "meteen wat er nodig is, u kunt een concept bewaren en later verder gaan.",
                "Na het indienen houdt u via Mijn aanvragen contact met de gemeente. Daar leest "
                "u ook wanneer er een besluit is.",
            ),
        ],
    },
    {
        "slug": "verslag-transitiegesprek-9-april",
        "title": "Verslag van het transitiegesprek van 9 april verschenen",
        "days_ago": 16,
        "image": None,
        "see_also": ("event", "lokale-gemeenschappen-als-motor-voor-transitie"),
        "intro": "Het verslag van 'Lokale gemeenschappen als motor voor transitie' staat online. "
        "De pitches en de terugkoppeling uit de groepsgesprekken zijn terug te kijken.",
        "body": [
            _paragraph(
                "Op vrijdagmiddag 9 april spraken voortrekkers van lokale initiatieven, "
                "gemeenten en begeleiders van wijkontwikkeling online over de omslag van sturen "
                "op welvaart naar sturen op welzijn.",
                "De vier transitieprincipes waren het vertrekpunt. In groepjes van zes zochten "
                "de deelnemers naar de knoppen waaraan gedraaid moet worden om hun initiatief "
                "verder te brengen, en met wie.",
                "Het verslag en de opname vindt u op de pagina van de bijeenkomst.",
            ),
        ],
    },
    {
        "slug": "teruggekeken-estafette-vernieuwing-lokaal-bestuur",
        "title": "Teruggekeken: vijf middagen Estafette Vernieuwing Lokaal Bestuur",
        "days_ago": 30,
        "image": "energie",
        "image_alt": "Getekende windmolens naast dorpshuizen met zonnepanelen op het dak",
        "see_also": None,
        "intro": "Van Leeuwarden tot Helmond: vijf bijeenkomsten over de burger als "
        "gelijkwaardige partner van het lokaal bestuur. Wat nemen we mee?",
        "body": [
            _paragraph(
                "De estafette begon op 19 september 2018 in Leeuwarden met het sociaal domein. "
                "Daarna volgden de energietransitie in Amersfoort, veiligheid en leefbaarheid in "
                "Rotterdam en de Omgevingswet in Haarlem. De slotmiddag was op 17 januari 2019 "
                "in Helmond, over lokale democratie.",
                "Elke middag bouwde voort op de vorige. Een les die steeds terugkwam: inwoners "
                "willen niet alleen geïnformeerd worden, maar meedenken, meedoen en zelf het "
                "initiatief nemen.",
            ),
            _paragraph(
                "De verslagen van de middagen staan bij de transitiegesprekken op dit portaal.",
            ),
        ],
    },
    {
        "slug": "wat-inwoners-vragen-van-de-gemeente",
        "title": "Wat inwoners vragen: van 'dat kan niet' naar 'het kan wel'",
        "days_ago": 45,
        "image": None,
        "see_also": None,
        "intro": "Een rondvraag onder inwoners en gemeenten laat zien waar ze elkaar nog niet "
        "vinden. De gemeente wil vaker aansluiten bij wat inwoners zelf al doen.",
        "body": [
            _paragraph(
                "Inwoners vragen om kennis en ondersteuning die klaarstaat als zij die nodig "
                "hebben, om bevlogen ambtenaren en om praktische hulpmiddelen. En vooral: laat "
                "een initiatief bij de mensen die het begonnen zijn.",
                "De gemeente neemt dat ter harte. We halen schotten tussen afdelingen weg, "
                "luisteren eerst en zorgen daarna samen met u voor de uitvoering.",
            ),
        ],
    },
]


def _say(command, message):
    if command is not None:
        command.stdout.write(message)


def _see_also_page(spec):
    if spec is None:
        return None
    kind, slug = spec
    if kind == "event":
        return EventPage.objects.filter(slug=slug).first()
    return SchemePage.objects.live().order_by("path").first()


def load(command, home_page):
    """Create the news index (Actueel) under ``home_page`` and the five news items; add the
    index to an existing main menu when it is new. Returns the index."""
    _say(command, "Actueel…")
    index = NewsIndexPage.objects.child_of(home_page).filter(slug=INDEX_SLUG).first()
    index_created = index is None
    if index_created:
        index = NewsIndexPage(
            title="Actueel",
            slug=INDEX_SLUG,
            intro="<p>Nieuws over de dorpen, de transitiegesprekken en de regeling "
            "dorpsinitiatieven. Het nieuwste bericht staat bovenaan.</p>",
        )
        home_page.add_child(instance=index)
        index.save_revision().publish()
        _say(command, "  Nieuwsoverzicht aangemaakt")

    images = knowledge_demo._load_images(command, knowledge_demo._collection())
    today = timezone.localdate()
    for spec in NEWS:
        if NewsPage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            continue
        scene = spec["image"]
        page = NewsPage(
            title=spec["title"],
            slug=spec["slug"],
            date=today - datetime.timedelta(days=spec["days_ago"]),
            intro=spec["intro"],
            image=images[scene] if scene else None,
            image_alt=spec.get("image_alt", ""),
            body=json.dumps(spec["body"]),
            see_also_page=_see_also_page(spec["see_also"]),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        _say(command, f"  Nieuwsbericht aangemaakt: {page.title}")

    if index_created:
        home_demo.add_to_main_menu(command, home_page, index, MENU_LABEL)
    return index
