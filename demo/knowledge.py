"""Dutch demo content for the knowledge bank and the transitiegesprekken.

Drawn from the seed material (themes, the April transitiegesprek, the afternoon-session series on
renewing local government) in our own words. Safe to run again: topics, files and pages are
looked up by slug or title first, and what exists is left as it is."""

import datetime
import io
import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Collection

from knowledge.models import (
    ArticleDocument,
    ArticleKind,
    ArticlePage,
    EventFormField,
    EventIndexPage,
    EventPage,
    EventRegistration,
    KnowledgeIndexPage,
    RegistrationMethod,
    Topic,
)

from .media import illustration_png, simple_pdf

TOPICS = [
    (
        "eigenaarschap",
        "Eigenaarschap",
        "Bewoners die zelf de regie nemen over wat er in hun dorp of wijk gebeurt, en wat de "
        "gemeente daarbij wel en niet doet.",
    ),
    (
        "burgerkracht",
        "Burgerkracht",
        "De energie en het organiserend vermogen van inwoners, vrijwilligers en initiatieven.",
    ),
    (
        "omgevingswet",
        "Omgevingswet",
        "Participatie bij de inrichting van de fysieke leefomgeving onder de Omgevingswet.",
    ),
    (
        "energietransitie",
        "Energietransitie",
        "Lokale energie: coöperaties, zon op het dak, wind met draagvlak en samen besparen.",
    ),
    (
        "sociaal-domein",
        "Sociaal domein",
        "Zorg, welzijn, jeugd en armoede: samenwerken met bewoners en maatschappelijke partners.",
    ),
    (
        "leefbaarheid-veiligheid",
        "Leefbaarheid & veiligheid",
        "Een prettige en veilige buurt, gemaakt door bewoners, ondernemers en overheid samen.",
    ),
    (
        "kernendemocratie",
        "Kernendemocratie",
        "Invloed en zeggenschap voor dorpen en kernen binnen een grotere gemeente.",
    ),
]

IMAGES = {
    "dorp": (
        "Demo: getekend dorp",
        "Getekend dorp met rode huizen en een kerktoren op een groene heuvel onder een gele zon",
    ),
    "energie": (
        "Demo: getekende energie in het dorp",
        "Getekende windmolens naast huizen met zonnepanelen op het dak",
    ),
    "samen": (
        "Demo: getekend gesprek aan tafel",
        "Getekende dorpsgenoten in kleurige kleding samen aan een lange tafel",
    ),
    "groen": (
        "Demo: getekende bomenrij",
        "Getekende rij groene bomen op een heuvel onder een gele zon",
    ),
}

VIDEO_URL = "https://www.youtube.com/watch?v=oGQKrag1Vrs"
REPORT_TITLE = "Verslag transitiegesprek 'Lokale gemeenschappen als motor voor transitie'"
ACCOUNTABILITY_TOOLKIT_TITLE = "Werkblad: verantwoorden in vier vragen"


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _paragraph(*sentences):
    return {"type": "paragraph", "value": "".join(f"<p>{s}</p>" for s in sentences)}


def _quote(text, attribution=""):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def _list(*items):
    return {
        "type": "paragraph",
        "value": "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>",
    }


ARTICLES = [
    {
        "slug": "eigenaarschap-type-1-en-type-2",
        "title": "Eigenaarschap in het dorp: type 1 en type 2",
        "kind": ArticleKind.ARTICLE,
        "days_ago": 12,
        "topics": ["eigenaarschap", "burgerkracht"],
        "image": "dorp",
        "intro": "Wie is eigenaar van wat er in het dorp gebeurt? Het onderscheid tussen "
        "type 1- en type 2-activiteiten helpt gemeente en bewoners hun rol te kiezen.",
        "body": [
            _paragraph(
                "In veel dorpen draait al jaren van alles zonder dat de gemeente er iets mee te "
                "maken heeft: het dorpshuis, de buurtapp, de groengroep die de rotonde bijhoudt. "
                "Tegelijk nemen initiatieven steeds vaker taken over die vroeger vanzelfsprekend bij "
                "de overheid lagen, zoals vervoer voor ouderen of zorg dichtbij huis."
            ),
            _heading("Twee soorten activiteiten"),
            _paragraph(
                "<b>Type 1</b>: de gemeenschap is eigenaar en doet het zelf. Denk aan een "
                "broodfonds, een dorpsfeest of een moestuin. De gemeente kijkt vooral toe en "
                "zorgt dat regels niet in de weg zitten.",
                "<b>Type 2</b>: de gemeenschap is eigenaar, en de gemeente of een maatschappelijke "
                "partij levert een bijdrage. Een wensbus, een zorgcoöperatie of een dorpsbudget "
                "zijn voorbeelden. Hier gaat het om samenwerken zonder het eigenaarschap over te "
                "nemen.",
            ),
            _quote(
                "Vraag bij elk onderwerp: van wie is dit eigenlijk? Zo wordt zichtbaar wat van "
                "het dorp is en wat van de gemeente."
            ),
            _heading("Wat vraagt dat van de gemeente?"),
            _list(
                "Rolbewustzijn: weet welke rol u speelt, en houd die vast.",
                "Aanvullen waar nodig in plaats van loslaten of overnemen.",
                "Verbinders die de weg kennen en rugdekking geven.",
                "Een lange adem, ook als een initiatief tegenslag heeft.",
            ),
        ],
        "source": "Bewerking van een presentatie over eigenaarschap in dorpen",
    },
    {
        "slug": "de-faciliterende-gemeente",
        "title": "De faciliterende gemeente: samen maken in plaats van bedenken",
        "kind": ArticleKind.ARTICLE,
        "days_ago": 30,
        "topics": ["burgerkracht", "kernendemocratie"],
        "image": "samen",
        "intro": "Co-creatie vraagt van gemeenten een andere houding: luisteren, schotten "
        "doorbreken en initiatieven helpen slagen. Vier vuistregels voor de praktijk.",
        "body": [
            _paragraph(
                "Bewoners en jongeren organiseren steeds meer zelf: van een gezamenlijke "
                "moestuin tot een debatavond over de toekomst van hun wijk. De vraag verschuift "
                "daarmee van burgerparticipatie naar overheidsparticipatie: hoe doet de gemeente "
                "mee met wat inwoners al in gang hebben gezet?"
            ),
            _heading("Van sturen naar faciliteren"),
            _paragraph(
                "Faciliteren is iets anders dan afwachten. Een faciliterende gemeente heeft wel "
                "degelijk ambities, maar bereikt ze door ruimte te maken voor de energie die er "
                "al is. Dat begint met luisteren en met het doorbreken van de schotten tussen "
                "beleidsterreinen, zodat een initiatief niet bij vijf loketten hoeft aan te kloppen."
            ),
            _heading("Vier vuistregels"),
            _list(
                "Wees duidelijk over waar u naartoe wilt, zodat initiatiefnemers weten waar ze "
                "aan toe zijn.",
                "Kijk kritisch naar regels die initiatieven onbedoeld tegenhouden.",
                "Investeer in nieuwe samenwerkingen tussen bewoners, ondernemers en gemeente.",
                "Organiseer kennis waar die ontbreekt en neem administratieve rompslomp weg.",
            ),
        ],
        "source": "Geïnspireerd op een blog over co-creatie en de faciliterende overheid",
    },
    {
        "slug": "vrijwilligers-en-de-rol-van-de-gemeente",
        "title": "Vrijwilligers en de veranderende rol van de gemeente",
        "kind": ArticleKind.VIDEO,
        "days_ago": 45,
        "topics": ["burgerkracht", "leefbaarheid-veiligheid"],
        "image": "groen",
        "intro": "Vrijwilligers vormen het fundament van leefbare dorpen. Wat vragen zij van de "
        "gemeente? Vooral een ambtenaar die zegt: het kan wel, en ik help u erbij.",
        "body": [
            _paragraph(
                "We leven in een kantelperiode: veel gebeurt van onderop, creatieve mensen "
                "zoeken hun weg door het systeem heen en oude en nieuwe manieren van werken "
                "schuren. In dorpen en buurten is sterk vrijwilligerswerk de basis onder die "
                "beweging."
            ),
            {"type": "embed", "value": VIDEO_URL},
            _heading("Wat bewoners vragen"),
            _list(
                "Kennis en ondersteuning die beschikbaar is wanneer het nodig is.",
                "Bevlogen medewerkers die het initiatief laten waar het hoort.",
                "Praktische hulpmiddelen en hulp bij verdienmodellen.",
                "Een 'groene golf'-ambtenaar: van 'nee, dat kan niet' naar 'het kan wel'.",
            ),
            _paragraph(
                "Leefbaarheid ontstaat in het samenspel van actieve bewoners, de overheid en "
                "maatschappelijke organisaties. Geen van de drie kan het alleen."
            ),
        ],
        "source": "Presentatie over vrijwilligerswerk en de route naar een nieuwe rol",
    },
    {
        "slug": "een-energiecooperatie-starten",
        "title": "Zo start u een energiecoöperatie in uw dorp",
        "kind": ArticleKind.TOOLKIT,
        "days_ago": 60,
        "topics": ["energietransitie", "eigenaarschap"],
        "image": "energie",
        "intro": "Zonnedaken, een windmolen met draagvlak of samen isoleren: een "
        "energiecoöperatie houdt de opbrengst in het dorp. Een stappenplan voor beginners.",
        "body": [
            _paragraph(
                "De energietransitie lukt alleen als bewoners, bedrijven en gemeente samen "
                "optrekken. Een coöperatie van en voor het dorp is daarvoor een beproefde vorm: "
                "leden beslissen mee en de opbrengst blijft lokaal."
            ),
            _heading("Stappenplan"),
            {
                "type": "paragraph",
                "value": "<ol><li>Zoek vijf tot tien mensen die willen trekken.</li>"
                "<li>Haal op wat het dorp wil: een avond in het dorpshuis werkt beter dan een "
                "enquête.</li><li>Kies een rechtsvorm en stel statuten op.</li>"
                "<li>Begin klein, bijvoorbeeld met zon op het dak van de school of sporthal.</li>"
                "<li>Maak afspraken met de gemeente over grond, daken en vergunningen.</li></ol>",
            },
            _heading("Eigenaarschap als principe"),
            _paragraph(
                "Sommige coöperaties hanteren de regel dat bewoners voor minstens de helft "
                "eigenaar zijn van een project in hun omgeving. Dat maakt het gesprek over "
                "windmolens of zonnevelden anders: het is dan óók hun project."
            ),
        ],
        "source": "Ervaringen van lokale energie-initiatieven, besproken in de estafette over "
        "draagvlak voor de energietransitie",
    },
    {
        "slug": "omgevingswet-participatie-vanaf-het-begin",
        "title": "De Omgevingswet: participatie vanaf het begin",
        "kind": ArticleKind.ARTICLE,
        "days_ago": 80,
        "topics": ["omgevingswet", "leefbaarheid-veiligheid"],
        "image": "groen",
        "intro": "De Omgevingswet schrijft niet voor hoe inwoners meedoen. Dat geeft gemeenten "
        "de ruimte, en de opdracht, om participatie samen met het dorp vorm te geven.",
        "body": [
            _paragraph(
                "Bij de inrichting van de openbare ruimte is de inbreng van bewoners "
                "onmisbaar. Wie er woont, weet waar kinderen oversteken en welke hoek 's avonds "
                "onprettig voelt. De Omgevingswet maakt participatie tot kernbegrip, maar laat "
                "de invulling aan de gemeente."
            ),
            _heading("Vroeg betrekken, als gelijkwaardige partner"),
            _paragraph(
                "Steeds meer inwoners willen al in het voortraject meedenken, niet pas "
                "reageren op een af plan. Dat vraagt om een andere volgorde: eerst samen de "
                "vraag scherp krijgen, dan pas ontwerpen. Zo ontstaat draagvlak vooraf en "
                "werken partijen over en weer vanuit vertrouwen."
            ),
            _heading("Vragen om mee te beginnen"),
            _list(
                "Hoe faciliteren we initiatieven uit de samenleving binnen de ruimere kaders "
                "van de wet?",
                "Wie in het dorp spreekt mee, en wie horen we nog niet?",
                "Hoe laten we zien wat er met de inbreng is gedaan?",
            ),
        ],
        "source": "Thema van de estafettebijeenkomst 'Onze omgevingswet'",
    },
    {
        "slug": "kernendemocratie-invloed-voor-de-kernen",
        "title": "Kernendemocratie: invloed en zeggenschap voor de kernen",
        "kind": ArticleKind.REPORT,
        "days_ago": 100,
        "topics": ["kernendemocratie", "eigenaarschap"],
        "image": "dorp",
        "intro": "Na herindelingen bestaan gemeenten soms uit vijftig kernen of meer. Welke "
        "vormen van invloed kunnen dorpen krijgen, en wat is dan de rol van de gemeente?",
        "body": [
            _paragraph(
                "Uit collegeakkoorden blijkt keer op keer dat de verbinding met dorpen en wijken "
                "een zorgpunt is. Een flink deel van de inwoners heeft het gevoel dat de politiek "
                "hun belangen niet vertegenwoordigt. Kernendemocratie zoekt naar een nieuwe "
                "verhouding tussen gemeente en gemeenschap."
            ),
            _heading("Vormen van zeggenschap"),
            _list(
                "Een dorpsraad of dorpsoverleg als vaste gesprekspartner.",
                "Een dorpsbudget waarover het dorp zelf beslist.",
                "Het uitdaagrecht (right to challenge): het dorp neemt een taak over als het "
                "die beter of goedkoper kan.",
                "Burgerplanvorming en dorpsvisies die de gemeenteraad serieus neemt.",
            ),
            _heading("Drie vragen voor een actieplan"),
            _paragraph(
                "Waarom wilt u de kracht van de gemeenschap versterken, en welk maatschappelijk "
                "vraagstuk lost u daarmee op? Welke instrumenten zet u in? En wat zijn de "
                "'killers' die het in de praktijk onderuit halen?"
            ),
        ],
        "source": "Ontwikkeltraject Kernendemocratie, programma Democratie in Actie",
    },
    {
        "slug": "samenwerken-in-het-sociaal-domein",
        "title": "Samenwerken met bewoners in het sociaal domein",
        "kind": ArticleKind.ARTICLE,
        "days_ago": 130,
        "topics": ["sociaal-domein"],
        "image": "samen",
        "intro": "Van een armoedepact waarin niemand het alleen doet tot gebiedsgericht werken: "
        "hoe gemeenten bewoners een echte plek geven in zorg en welzijn.",
        "body": [
            _paragraph(
                "In het sociaal domein komt het erop aan dat hulp aansluit bij het leven van "
                "mensen. Gemeenten die bewoners daarbij betrekken, ontdekken vaak dat kleine "
                "aanpassingen een groot verschil maken."
            ),
            _heading("Voorbeelden die werken"),
            _list(
                "Een armoedepact waarin organisaties, inwoners en gemeente samen een ambitieus "
                "doel stellen: geen kind dat in armoede opgroeit.",
                "Opleiders die samen met bewoners uitzoeken wat professionals in zorg en "
                "welzijn moeten kunnen.",
                "Gesprekken met inwoners die leiden tot concrete beleidswijzigingen.",
                "Gebiedsgericht werken in grote plattelandsgemeenten, dicht bij de kernen.",
            ),
            _paragraph(
                "Wat deze voorbeelden delen: ze vragen niet alleen wat mensen vinden, maar "
                "geven hun een rol in het vinden van de oplossing."
            ),
        ],
        "source": "Thema van de estafettebijeenkomst 'Samenwerken in het sociaal domein'",
    },
    {
        "slug": "verantwoorden-relevant-leerzaam-inspirerend-leuk",
        "title": "Verantwoorden: relevant, leerzaam, inspirerend en leuk",
        "kind": ArticleKind.TOOLKIT,
        "days_ago": 5,
        "topics": ["eigenaarschap", "burgerkracht"],
        "image": "samen",
        "intro": "Initiatieven lopen vast op formulieren die niet bij hen passen. Met vier "
        "vragen wordt verantwoorden iets waar zowel het dorp als de gemeente van leert.",
        "body": [
            _paragraph(
                "Bewonersinitiatieven voeren te vaak een uitputtende strijd met de systeemwereld. "
                "Niet omdat iemand ze wantrouwt, maar omdat niemand vraagt hoe zij zelf zouden "
                "willen laten zien wat ze doen. Een andere verantwoordingscultuur is nodig om "
                "bewonersparticipatie op de lange termijn overeind te houden."
            ),
            _heading("Vier eisen aan goede verantwoording"),
            _list(
                "<b>Relevant</b>: het gaat over wat het initiatief wilde bereiken, niet over "
                "bonnetjes alleen.",
                "<b>Leerzaam</b>: wat ging goed, wat zou u anders doen?",
                "<b>Inspirerend</b>: een verhaal en foto's die anderen op ideeën brengen.",
                "<b>Leuk</b>: het mag voelen als een terugblik, niet als een examen.",
            ),
            _heading("Onderling én publiek"),
            _paragraph(
                "Verantwoording gaat twee kanten op: naar de eigen gemeenschap, die het "
                "initiatief draagt, en naar de gemeente die bijdraagt. Het werkblad hieronder "
                "helpt beide gesprekken te voeren."
            ),
        ],
        "source": "Onderzoek naar verantwoording door bewonersinitiatieven",
        "documents": [ACCOUNTABILITY_TOOLKIT_TITLE],
    },
]

# The one-page worksheet attached to the accountability toolkit.
ACCOUNTABILITY_TOOLKIT_TEXT = [
    "Vier vragen om samen met uw initiatief terug te kijken, voor uw dorp en voor de gemeente.",
    "1. Relevant: wat wilden we bereiken, en voor wie? Is dat gelukt?",
    "2. Leerzaam: wat ging goed, wat liep anders dan gedacht, en wat doen we volgende keer anders?",
    "3. Inspirerend: welk verhaal, welke foto of welk citaat laat het beste zien wat er gebeurde?",
    "4. Leuk: hoe vieren we wat we samen hebben gedaan, en wie bedanken we?",
]

REPORT_TEXT = [
    "Op vrijdag 9 april kwamen pioniers van lokale initiatieven, gemeenten en begeleiders van "
    "participatieve wijkontwikkeling online samen om te praten over lokale gemeenschappen als "
    "motor voor transitie.",
    "Centraal stond de vraag hoe pionieren minder een worsteling wordt. Deelnemers noemden vooral "
    "een gebrek aan verbinding en te weinig ruimte in de praktijk om te wortelen.",
    "In subgroepen van zes personen bespraken deelnemers aan welke knoppen gedraaid moet worden "
    "om hun initiatief verder te brengen, en met wie. De rode draad: organisaties moeten "
    "meebewegen, met een genetwerkte, inclusieve en gelijkwaardige manier van samenwerken.",
    "Afspraak voor het vervolg: de deelnemers blijven kennis uitwisselen en nodigen elkaar uit "
    "om nieuwe organisatievormen in de praktijk te bouwen.",
    "Dit verslag is demo-inhoud van de Dorpskracht-portal.",
]

PAST_PROGRAMME = [
    ("15:00", "Introductie over de transitie", "Jelleke de Nooy van Tol, de TransitieMotor", ""),
    (
        "15:10",
        "Lokale gemeenschappen als basis, hoezo?",
        "Anne Marie Benschop, Ministerie voor Lokale Gemeenschappen",
        "",
    ),
    (
        "15:30",
        "Gesprek over 'proven concepts' op weg naar een waardenvolle economie",
        "Carla Onderdelinden en Patricia van der Haak (Transitiereizen)",
        "Over een inclusieve samenleving en een duurzame leefomgeving.",
    ),
    (
        "15:55",
        "Gesprekken in subgroepen",
        "",
        "In groepjes van zes: aan welke knoppen moet u draaien om uw initiatief verder te "
        "brengen, en met wie?",
    ),
    ("16:30", "Plenaire terugkoppeling", "", ""),
    ("16:40", "Hoe ziet de samenleving eruit als lokaal de basis vormt?", "", ""),
    ("16:50", "Reflectie en vooruitblik: welke koers gaan we varen?", "", ""),
]

UPCOMING_PROGRAMME = [
    ("15:00", "Welkom en kennismaking", "Marieke de Vries", ""),
    (
        "15:15",
        "Type 1 en type 2: wie is eigenaar van wat?",
        "",
        "Een korte inleiding op eigenaarschap in dorpen, met voorbeelden uit de regio.",
    ),
    (
        "15:45",
        "Tafelgesprekken",
        "",
        "Initiatiefnemers en ambtenaren aan één tafel: wat helpt, wat zit in de weg?",
    ),
    ("16:30", "Oogst en afspraken", "", ""),
    ("16:50", "Afsluiting met een drankje", "", ""),
]

ESTAFETTE_INTRO = (
    "Deel van de Estafette Vernieuwing Lokaal Bestuur: middagbijeenkomsten waarin de ervaringen "
    "van de ene bijeenkomst het vertrekpunt zijn voor de volgende."
)

ESTAFETTE_EVENTS = [
    {
        "slug": "estafette-samenwerken-in-het-sociaal-domein",
        "title": "Samenwerken in het sociaal domein",
        "date": datetime.date(2018, 9, 19),
        "location_name": "Gemeentehuis Leeuwarden",
        "chair": "Elisabeth van den Hoogen",
        "topics": ["sociaal-domein"],
        "intro": "Friese voorbeelden van bewoners die meepraten en meedoen in zorg, jeugd en "
        "armoedebestrijding, besproken in kleine groepen.",
        "text": "Friesland loopt voorop als het gaat om bewoners betrekken bij het sociaal domein. "
        "Deze middag kwamen onder meer een armoedepact, een samenwerking tussen hogeschool, "
        "bewoners en gemeente over de opleiding van professionals, en gebiedsgericht werken in "
        "een grote plattelandsgemeente aan bod.",
    },
    {
        "slug": "estafette-draagvlak-voor-de-energietransitie",
        "title": "Draagvlak voor de energietransitie",
        "date": datetime.date(2018, 11, 1),
        "location_name": "Gemeentehuis Amersfoort",
        "chair": "Hans Kennepohl",
        "topics": ["energietransitie", "eigenaarschap"],
        "intro": "Hoe krijgen energieprojecten steun in de buurt? Lokale voorlopers deelden wat "
        "werkt, juist ook bij projecten met veel weerstand.",
        "text": "Burgers, bedrijven en gemeente moeten samen duurzame initiatieven dragen. "
        "Voorlopers vertelden over bewonerseigendom van windprojecten, over zon en wind in de wijk "
        "en over deelauto's. In kleine groepen zochten bewoners en ambtenaren naar de volgende stap.",
    },
    {
        "slug": "estafette-veiligheid-en-leefbaarheid-als-coproductie",
        "title": "Veiligheid en leefbaarheid als coproductie",
        "date": datetime.date(2018, 11, 22),
        "location_name": "Debatcentrum Arminius, Rotterdam",
        "chair": "Elisabeth van den Hoogen",
        "topics": ["leefbaarheid-veiligheid"],
        "intro": "Rotterdamse ervaringen met een buurtbudget, jongeren die verantwoordelijkheid "
        "krijgen en ondernemers die een bedrijventerrein terugwinnen.",
        "text": "Betrokken bewoners en ondernemers speelden een grote rol in de omslag die "
        "Rotterdam op het gebied van leefbaarheid en veiligheid doormaakte. Voorbeelden waren een "
        "experiment met een buurtbudget en een bedrijventerrein dat samen met ondernemers weer tot "
        "bloei kwam.",
    },
    {
        "slug": "estafette-onze-omgevingswet",
        "title": "Onze omgevingswet",
        "date": datetime.date(2018, 12, 13),
        "location_name": "Gemeentehuis Haarlem",
        "chair": "Elisabeth van den Hoogen",
        "topics": ["omgevingswet"],
        "intro": "Participatie is een kernbegrip van de Omgevingswet. Hoe faciliteert u als "
        "gemeente initiatieven uit de samenleving?",
        "text": "De wet legt niet vast hoe inwoners meedoen; iedere gemeente geeft dat zelf vorm, "
        "samen met inwoners en bedrijven. Haarlem liet zien hoe overheidsparticipatie in de "
        "praktijk werkt.",
    },
    {
        "slug": "estafette-lokale-democratie-een-nieuwe-start",
        "title": "Lokale democratie: een nieuwe start",
        "date": datetime.date(2019, 1, 17),
        "location_name": "Kasteel Helmond",
        "chair": "Elisabeth van den Hoogen",
        "topics": ["kernendemocratie", "burgerkracht"],
        "intro": "De slotbijeenkomst van de estafette: wat kunnen de transities van elkaar leren "
        "over de rol van de burger in de lokale democratie?",
        "text": "Inwoners willen niet eens in de vier jaar gehoord worden, maar doorlopend "
        "meedenken over lokaal beleid. Op deze middag werden de conclusies van de eerdere "
        "bijeenkomsten gepresenteerd en vergeleken: kan wat in het sociaal domein werkt, ook "
        "helpen bij de Omgevingswet of de energietransitie?",
    },
]


def _say(command, message):
    command.stdout.write(message)


def _collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="Demo-inhoud").first()
    return existing or root.add_child(name="Demo-inhoud")


def _load_topics(command):
    topics = {}
    for slug, name, description in TOPICS:
        topic, created = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        topics[slug] = topic
        if created:
            _say(command, f"  Onderwerp aangemaakt: {name}")
    return topics


def _load_images(command, collection):
    Image = get_image_model()
    images = {}
    for scene, (title, description) in IMAGES.items():
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(
                title=title,
                description=description,
                collection=collection,
                file=ImageFile(io.BytesIO(illustration_png(scene)), name=f"demo-{scene}.png"),
            )
            image._set_image_file_metadata()
            image.save()
            _say(command, f"  Afbeelding gemaakt: {title}")
        images[scene] = image
    return images


def _load_document(command, collection, title, filename, paragraphs):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=collection)
        document.file.save(filename, ContentFile(simple_pdf(title, paragraphs)), save=False)
        document._set_document_file_metadata()
        document.save()
        _say(command, f"  Document gemaakt: {title}")
    return document


def _load_video_embed():
    """Store the video's embed, so the demo renders without asking YouTube (works offline)."""
    Embed.objects.get_or_create(
        hash=get_embed_hash(VIDEO_URL),
        defaults={
            "url": VIDEO_URL,
            "type": "video",
            "html": '<iframe width="640" height="360" '
            'src="https://www.youtube-nocookie.com/embed/oGQKrag1Vrs" '
            'title="Video: vrijwilligerswerk en de veranderende rol van de gemeente" '
            'allowfullscreen loading="lazy"></iframe>',
            "title": "Vrijwilligerswerk en de route",
            "provider_name": "YouTube",
            "width": 640,
            "height": 360,
        },
    )


def _child(command, parent, model, slug, **fields):
    """Return the child of ``parent`` with this slug, creating and publishing it when missing.
    Fields that are relations (topics, form fields, documents) are passed as lists."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    _say(command, f"  Pagina aangemaakt: {page.title}")
    return page


def _programme(items):
    return json.dumps(
        [
            {
                "type": "item",
                "value": {
                    "time": time,
                    "title": title,
                    "speaker": speaker,
                    "description": description,
                },
            }
            for time, title, speaker, description in items
        ]
    )


def _registration_fields():
    return [
        EventFormField(label="Naam", field_type="singleline", required=True),
        EventFormField(label="E-mailadres", field_type="email", required=True),
        EventFormField(
            label="Organisatie of initiatief",
            field_type="singleline",
            required=False,
            help_text="Als u namens een organisatie of initiatief komt.",
        ),
        EventFormField(
            label="Hoe bent u betrokken bij dit onderwerp?",
            field_type="multiline",
            required=False,
        ),
    ]


# Made-up people (example.nl addresses) who fill the small event and wait for a place.
DEMO_REGISTRANTS = [
    ("Fenna de Jong", "Dorpsbelang Ergenshuizen"),
    ("Sjoerd Visser", "Zonnedak Ergenshuizen"),
    ("Hanneke Mulder", ""),
    ("Gerrit Bos", "Voetbalvereniging De Zwaluwen"),
    ("Ilse Smit", "Basisschool De Wegwijzer"),
    ("Maarten Vos", ""),
    ("Anouk Peters", "Energiecoöperatie Noorderveld"),
    ("Klaas Hendriks", ""),
    ("Wilma Dekker", "Vrouwen van Nu"),
    ("Jan Willem Kok", "Gemeente, team duurzaamheid"),
    ("Roos Jansen", ""),
    ("Tjeerd Meijer", "Dorpshuis De Linde"),
    # The event is full: these three wait, in this order.
    ("Esther van Dijk", ""),
    ("Bram Schouten", "Zonnedak Ergenshuizen"),
    ("Lotte Brouwer", ""),
]


def _load_registrations(command, event, people):
    """Registrations for ``event`` (first the places, then the waiting list), once: nothing
    is added when it already has some, and no mail goes out."""
    if event.get_submissions().exists():
        return
    for number, (name, organisation) in enumerate(people):
        status = "aangemeld" if number < (event.capacity or len(people)) else "wachtlijst"
        EventRegistration.objects.create(
            page=event,
            status=status,
            form_data={
                "naam": name,
                "e_mailadres": name.lower().replace(" ", ".") + "@example.nl",
                "organisatie_of_initiatief": organisation,
                "hoe_bent_u_betrokken_bij_dit_onderwerp": "",
            },
        )
    _say(command, f"  Aanmeldingen gemaakt voor: {event.title}")


def load(command, home_page):
    """Create the knowledge bank and the events under ``home_page`` (idempotent)."""
    _say(command, "Kennisbank en transitiegesprekken…")
    collection = _collection()
    topics = _load_topics(command)
    images = _load_images(command, collection)
    _load_video_embed()
    report = _load_document(
        command, collection, REPORT_TITLE, "verslag-transitiegesprek-9-april.pdf", REPORT_TEXT
    )
    worksheet = _load_document(
        command,
        collection,
        ACCOUNTABILITY_TOOLKIT_TITLE,
        "werkblad-verantwoorden.pdf",
        ACCOUNTABILITY_TOOLKIT_TEXT,
    )
    documents = {ACCOUNTABILITY_TOOLKIT_TITLE: worksheet}

    knowledge_index = _child(
        command,
        home_page,
        KnowledgeIndexPage,
        "kennisbank",
        title="Kennisbank",
        intro="<p>Artikelen, rapporten, toolkits en video's over de kracht van dorpen en "
        "wijken: van eigenaarschap en energie tot de Omgevingswet. Kies een onderwerp om "
        "gericht te zoeken.</p>",
    )
    today = timezone.localdate()
    for spec in ARTICLES:
        scene = spec.get("image")
        _child(
            command,
            knowledge_index,
            ArticlePage,
            spec["slug"],
            title=spec["title"],
            kind=spec["kind"],
            date=today - datetime.timedelta(days=spec["days_ago"]),
            intro=spec["intro"],
            listing_image=images[scene] if scene else None,
            topics=[topics[slug] for slug in spec["topics"]],
            body=json.dumps(spec["body"]),
            source=spec.get("source", ""),
            related_documents=[
                ArticleDocument(document=documents[title]) for title in spec.get("documents", [])
            ],
        )

    event_index = _child(
        command,
        home_page,
        EventIndexPage,
        "transitiegesprekken",
        title="Transitiegesprekken",
        intro="<p>In een transitiegesprek komen bewoners, initiatiefnemers, ambtenaren en "
        "bestuurders samen om te leren van elkaar: hoe wordt pionieren het nieuwe normaal? "
        "Meld u aan voor een komend gesprek of lees terug wat eerdere gesprekken opleverden.</p>",
    )
    _child(
        command,
        event_index,
        EventPage,
        "lokale-gemeenschappen-als-motor-voor-transitie",
        title="Lokale gemeenschappen als motor voor transitie",
        date=datetime.date(2021, 4, 9),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(17, 0),
        is_online=True,
        online_instructions="Via Zoom; de link kwam vooraf per e-mail.",
        chair="Jelleke de Nooy van Tol",
        intro="Een middag over de verschuiving van sturen op welvaart naar sturen op welzijn, "
        "zoals die nu al in lokale gemeenschappen gebeurt.",
        topics=[topics["burgerkracht"], topics["eigenaarschap"]],
        programme=_programme(PAST_PROGRAMME),
        body=json.dumps(
            [
                _heading("Waar ging het over"),
                _paragraph(
                    "Overal in het land werken lokale gemeenschappen al aan de overgang van "
                    "welvaart naar welzijn, langs vier transitieprincipes: een ecosysteem dat "
                    "gezond gedrag mogelijk maakt, nieuwe manieren van samenwerken, ICT die de "
                    "transitie ondersteunt en andere manieren van belonen.",
                    "De vraag van de middag: hoe wordt pionieren minder een worsteling en meer "
                    "het nieuwe normaal, financieel, fysiek, digitaal en sociaal?",
                ),
                _heading("Doelen"),
                _list(
                    "Zichtbaar maken hoeveel plekken al aan participatieve, integrale lokale "
                    "ontwikkeling werken.",
                    "Het belang en de kracht van lokale gemeenschappen als motor voor "
                    "transitie onder de aandacht brengen.",
                    "Aan de hand van werkende voorbeelden ontdekken hoe structurele steun het "
                    "best kan worden ingezet.",
                    "Deelnemers met elkaar verbinden voor kennisuitwisseling en samenwerking.",
                ),
            ]
        ),
        registration_method=RegistrationMethod.EMAIL,
        registration_instructions="<p>Aanmelden ging per e-mail, met vermelding van hoe u "
        "bij het onderwerp betrokken bent.</p>",
        report_document=report,
        recording_url="https://video.dorpskracht.example/transitiegesprek-9-april",
    )
    _child(
        command,
        event_index,
        EventPage,
        "eigenaarschap-in-de-kernen",
        title="Eigenaarschap in de kernen: wat vraagt dat van de gemeente?",
        date=today + datetime.timedelta(days=42),
        start_time=datetime.time(15, 0),
        end_time=datetime.time(17, 0),
        location_name="Dorpshuis De Linde",
        location_address="Dorpsstraat 12\n9999 AB Ergenshuizen",
        chair="Marieke de Vries",
        intro="Initiatiefnemers en ambtenaren in gesprek over type 1- en type 2-activiteiten: "
        "wat doet het dorp zelf, en waar helpt de gemeente?",
        topics=[topics["eigenaarschap"], topics["kernendemocratie"]],
        programme=_programme(UPCOMING_PROGRAMME),
        body=json.dumps(
            [
                _paragraph(
                    "Steeds meer dorpen nemen taken op zich die vroeger bij de gemeente lagen. "
                    "Dat is mooi, maar het roept vragen op: wie beslist, wie betaalt, en hoe "
                    "legt u verantwoording af op een manier die ergens over gaat?",
                    "In dit transitiegesprek zoeken we samen naar antwoorden, aan de hand van "
                    "voorbeelden uit de kernen zelf.",
                )
            ]
        ),
        registration_method=RegistrationMethod.FORM,
        capacity=40,
        form_fields=_registration_fields(),
        route_info="Het dorpshuis ligt naast de kerk. Bus 73 stopt voor de deur (halte Kerk). "
        "Parkeren kan achter het dorpshuis. De zaal is gelijkvloers en heeft een "
        "invalidentoilet en een ringleiding.",
        thank_you_text="<p>Bedankt voor uw aanmelding! U krijgt een week van tevoren een "
        "herinnering met de route.</p>",
        to_address=settings.PORTAL_STAFF_EMAIL,
        subject="Nieuwe aanmelding transitiegesprek: eigenaarschap in de kernen",
    )
    _child(
        command,
        event_index,
        EventPage,
        "verantwoorden-kan-ook-leuk-zijn",
        title="Verantwoorden kan ook leuk zijn",
        date=today + datetime.timedelta(days=75),
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 0),
        is_online=True,
        online_instructions="Na uw aanmelding ontvangt u een link om online mee te doen.",
        chair="Jelleke de Nooy van Tol",
        intro="Een online avond over verantwoording die relevant, leerzaam, inspirerend en "
        "leuk is, voor initiatiefnemers en ambtenaren.",
        topics=[topics["eigenaarschap"], topics["burgerkracht"]],
        registration_method=RegistrationMethod.EMAIL,
        registration_instructions="<p>Stuur een e-mail aan "
        '<a href="mailto:gesprekken@dorpskracht.example">gesprekken@dorpskracht.example</a> '
        "met als onderwerp 'Verantwoorden'. Vertel kort hoe u betrokken bent bij een "
        "bewonersinitiatief en, als dat zo is, namens welke organisatie u komt.</p>",
    )
    full_event = _child(
        command,
        event_index,
        EventPage,
        "samen-energie-opwekken",
        title="Samen energie opwekken: van plan naar coöperatie",
        date=today + datetime.timedelta(days=21),
        start_time=datetime.time(19, 30),
        end_time=datetime.time(21, 30),
        location_name="Kantine van voetbalvereniging De Zwaluwen",
        location_address="Sportlaan 4\n9999 AC Ergenshuizen",
        route_info="De kantine ligt aan het eind van de Sportlaan, achter het hoofdveld. "
        "Fietsen kunnen in de overdekte stalling bij de ingang. De kantine is op de begane "
        "grond en zonder drempels bereikbaar.",
        chair="Pieter Bakker",
        intro="Een avond voor dorpen die zelf stroom willen opwekken: hoe begint u een "
        "energiecoöperatie, wie doet mee, en wat vraagt dat van de gemeente?",
        topics=[topics["burgerkracht"], topics["eigenaarschap"]],
        body=json.dumps(
            [
                _paragraph(
                    "Twee dorpen vertellen hoe zij van een eerste avond in het dorpshuis "
                    "kwamen tot zonnepanelen op de daken van de school en de sporthal.",
                    "Daarna praten we in kleine groepen over de eerste stappen in uw eigen "
                    "dorp. De zaal is klein: bij een afmelding gaat de plaats naar de "
                    "eerste op de wachtlijst.",
                )
            ]
        ),
        registration_method=RegistrationMethod.FORM,
        capacity=12,
        form_fields=_registration_fields(),
        to_address=settings.PORTAL_STAFF_EMAIL,
        subject="Nieuwe aanmelding: samen energie opwekken",
    )
    _load_registrations(command, full_event, DEMO_REGISTRANTS)
    for spec in ESTAFETTE_EVENTS:
        _child(
            command,
            event_index,
            EventPage,
            spec["slug"],
            title=spec["title"],
            date=spec["date"],
            start_time=datetime.time(12, 30),
            end_time=datetime.time(17, 0),
            location_name=spec["location_name"],
            chair=spec["chair"],
            intro=spec["intro"],
            topics=[topics[slug] for slug in spec["topics"]],
            body=json.dumps([_paragraph(ESTAFETTE_INTRO, spec["text"])]),
            registration_method=RegistrationMethod.NONE,
        )
    _say(command, "Kennisbank en transitiegesprekken klaar.")
    return {"knowledge_index": knowledge_index, "event_index": event_index}
