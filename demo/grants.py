"""Demo content for village-initiative funding: categories, villages, two schemes, their pages,
the project showcase, demo accounts and fourteen applications in every state.

Every application moves through its states only through ``grants.workflow.perform``, so each step
is in its log exactly as it would be for real. Safe to run again: everything is looked up by its
slug, e-mail address or title first, and what exists is left alone."""

import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from allauth.account.models import EmailAddress
from PIL import Image, ImageDraw, ImageFont
from schwifty import IBAN

from grants import workflow
from grants.models import (
    Application,
    BudgetLine,
    Category,
    FundingScheme,
    Message,
    OrganisationType,
    Principle,
    Report,
    ReportPhoto,
    State,
    TransitionLog,
    Village,
)
from grants.models.pages import ProjectShowcasePage, SchemePage
from grants.states import ANSWER_TERM_WEEKS, HelpKind, Kind

OFFICIALS_GROUP = "Ambtenaren"
DEMO_PASSWORD = "dorpskracht-demo"  # noqa: S105 - local demo accounts, printed on purpose

CATEGORIES = [
    ("Sport & cultuur", "sport-cultuur"),
    ("Groen & duurzaam", "groen-duurzaam"),
    ("Hulp & ondersteuning", "hulp-ondersteuning"),
    ("Energie", "energie"),
    ("Leefbaarheid & veiligheid", "leefbaarheid-veiligheid"),
    ("Zorg & welzijn", "zorg-welzijn"),
]

# Twelve kernen of an invented rural municipality.
VILLAGES = [
    "Beekveld",
    "Ekenveen",
    "Geestermoer",
    "Hollanderbroek",
    "Klinkerwolde",
    "Lindehorst",
    "Mariënhof",
    "Noorderesch",
    "Ruiterveen",
    "Stuwdijk",
    "Vledderhuizen",
    "Zuiderloo",
]


@dataclass(frozen=True)
class DemoUser:
    role: str
    email: str
    first_name: str
    last_name: str
    official: bool = False


USERS = {
    "initiator": DemoUser(
        "Initiatiefnemer", "initiatiefnemer@dorpskracht.example", "Anne", "de Vries"
    ),
    "initiator2": DemoUser(
        "Initiatiefnemer (2)", "dorpsbelang@dorpskracht.example", "Henk", "Bosma"
    ),
    "initiator3": DemoUser(
        "Initiatiefnemer (3)", "buurtgroep@dorpskracht.example", "Fatima", "El Amrani"
    ),
    "official": DemoUser(
        "Ambtenaar", "ambtenaar@dorpskracht.example", "Sanne", "Jansen", official=True
    ),
}


@dataclass
class DemoApplication:
    """One demo application and the story of how it went through the workflow."""

    title: str
    state: str
    owner: str
    scheme: str
    village: str
    category: str
    summary: str
    plan_what: str
    plan_for_whom: str
    plan_when: str
    plan_with_whom: str
    organisation_type: str
    organisation_name: str
    budget: list
    days_ago: int
    principles: list = field(default_factory=lambda: [Principle.COLLABORATION])
    kvk_number: str = ""
    public_consent: bool = True
    volunteer_hours: int | None = None  # empty: no estimate given
    # Steps of the initiator's stepped form saved so far (grants.application_steps); a draft
    # with fewer goes on at the next step.
    steps_saved: int = 4
    dialogue: list = field(default_factory=list)  # (role, text); role "official" or "initiator"
    dialogue_note: str = ""
    internal_note: str = ""
    granted: Decimal | None = None
    decision_text: str = ""
    rejection_reason: str = ""
    withdraw_note: str = ""
    report: dict | None = None
    photo: tuple | None = None  # (motif, alt text)


COST = BudgetLine.Kind.COST
OWN = BudgetLine.Kind.OWN_CONTRIBUTION
OTHER = BudgetLine.Kind.OTHER_FUNDING

MAIN = "dorpsinitiatieven"
ENERGY = "energie-in-de-kernen"

APPLICATIONS = [
    DemoApplication(
        title="Buurtmoestuin De Groene Hof",
        state=State.CLOSED,
        owner="initiator",
        scheme=MAIN,
        village="Ekenveen",
        category="groen-duurzaam",
        summary=(
            "Op het braakliggende veldje achter de kerk maken we een moestuin waar iedereen uit "
            "Ekenveen mag zaaien, wieden en oogsten."
        ),
        plan_what=(
            "We bouwen tien verhoogde bakken (ook bereikbaar vanuit een rolstoel), zetten een "
            "regenton en een gereedschapskist neer en houden elke zaterdagochtend een tuinochtend."
        ),
        plan_for_whom=(
            "Voor alle bewoners, in het bijzonder ouderen die zelf geen tuin meer hebben en "
            "kinderen van de basisschool."
        ),
        plan_when="Aanleg in maart, daarna het hele seizoen tot de oogst in oktober.",
        plan_with_whom="Met de kerkvoogdij (grond), de basisschool en een imker uit het dorp.",
        organisation_type=OrganisationType.INFORMAL,
        organisation_name="Tuinploeg De Groene Hof",
        principles=[Principle.ECOSYSTEM, Principle.COLLABORATION],
        volunteer_hours=320,
        budget=[
            (COST, "Hout en schroeven voor tien tuinbakken", "1450"),
            (COST, "Teelaarde en compost", "620"),
            (COST, "Gereedschap, regenton en kist", "480"),
            (OWN, "Opbrengst plantjesmarkt", "300"),
        ],
        days_ago=200,
        dialogue=[
            (
                "official",
                "Mooi plan! Heeft de kerkvoogdij al schriftelijk toegezegd dat u de grond mag "
                "gebruiken?",
            ),
            (
                "initiator",
                "Ja, we hebben een gebruiksovereenkomst voor vijf jaar. Ik stuur hem mee met de "
                "verantwoording.",
            ),
        ],
        dialogue_note="Vraag over het gebruik van de grond.",
        granted=Decimal("2250"),
        decision_text="Toegekend: een voorbeeld van bewoners die samen iets moois neerzetten.",
        report={
            "story": (
                "In maart hebben twintig bewoners in twee zaterdagen de bakken gebouwd en gevuld. "
                "De basisschool heeft een eigen bak met pompoenen en zonnebloemen. In de zomer "
                "kwamen er elke week zo'n vijftien mensen naar de tuinochtend, en bij de "
                "oogstmaaltijd in oktober zaten we met zestig mensen aan tafel."
            ),
            "people_reached": 140,
            "volunteers": 24,
            "volunteer_hours": 410,
            "lessons": (
                "Begin klein en laat de tuin groeien met de mensen. De vaste koffie na afloop "
                "bleek minstens zo belangrijk als het tuinieren."
            ),
        },
        photo=(
            "garden",
            "Tekening van houten moestuinbakken vol groente in de zon, met een regenton ernaast",
        ),
    ),
    DemoApplication(
        title="Popschool in het dorpshuis",
        state=State.CLOSED,
        owner="initiator2",
        scheme=MAIN,
        village="Lindehorst",
        category="sport-cultuur",
        summary=(
            "Jongeren uit Lindehorst leren samen muziek maken: een oefenruimte in het dorpshuis, "
            "instrumenten om te lenen en een optreden op het dorpsfeest."
        ),
        plan_what=(
            "We richten de kelder van het dorpshuis in als oefenruimte, kopen een drumstel en "
            "versterkers en geven twintig lessen met een muziekdocent uit de regio."
        ),
        plan_for_whom="Voor jongeren van 10 tot 18 jaar, ook als ze thuis geen instrument hebben.",
        plan_when="Van september tot juni, met een eindoptreden in juni.",
        plan_with_whom="Met Stichting Dorpshuis Lindehorst en de muziekvereniging.",
        organisation_type=OrganisationType.FOUNDATION,
        organisation_name="Stichting Dorpshuis Lindehorst",
        kvk_number="41234567",
        budget=[
            (COST, "Drumstel, versterkers en microfoons", "2900"),
            (COST, "Twintig lessen door een muziekdocent", "1800"),
            (COST, "Geluidsisolatie kelder", "1100"),
            (OWN, "Eigen bijdrage dorpshuis", "500"),
            (OTHER, "Cultuurfonds van de provincie", "1000"),
        ],
        days_ago=260,
        granted=Decimal("4300"),
        decision_text="Toegekend conform aanvraag.",
        report={
            "story": (
                "Veertien jongeren deden mee en er zijn drie bandjes ontstaan. De oefenruimte wordt "
                "nu ook door volwassenen gebruikt. Het eindoptreden op het dorpsfeest trok meer "
                "publiek dan ooit."
            ),
            "people_reached": 320,
            "volunteers": 6,
            "volunteer_hours": 150,
            "lessons": "Laat de jongeren zelf het programma bepalen; dan blijven ze komen.",
        },
        photo=(
            "music",
            "Tekening van een drumstel en een versterker op een podium, met gekleurde lampen",
        ),
    ),
    DemoApplication(
        title="AED en reanimatiecursus voor Klinkerwolde",
        state=State.REPORTED,
        owner="initiator2",
        scheme=MAIN,
        village="Klinkerwolde",
        category="zorg-welzijn",
        summary=(
            "Een AED die dag en nacht bereikbaar is aan de gevel van het café, en dertig "
            "bewoners die leren reanimeren."
        ),
        plan_what=(
            "We hangen een AED in een verwarmde buitenkast, melden hem aan bij het landelijke "
            "netwerk en organiseren twee reanimatiecursussen."
        ),
        plan_for_whom="Voor alle inwoners: de ambulance doet er hier ruim een kwartier over.",
        plan_when="Kast en AED in het voorjaar, cursussen in april en mei.",
        plan_with_whom="Met de kastelein, de EHBO-vereniging en de huisartsenpraktijk.",
        organisation_type=OrganisationType.ASSOCIATION,
        organisation_name="Vereniging Dorpsbelang Klinkerwolde",
        kvk_number="40111222",
        principles=[Principle.ECOSYSTEM],
        budget=[
            (COST, "AED met buitenkast", "2400"),
            (COST, "Twee reanimatiecursussen", "900"),
            (OWN, "Collecte en bijdrage café", "600"),
        ],
        days_ago=120,
        granted=Decimal("2700"),
        decision_text="Toegekend: veiligheid in de kern, met een mooie eigen bijdrage.",
        report={
            "story": (
                "De AED hangt sinds april aan de gevel van het café en is al één keer gebruikt. "
                "Tweeëndertig bewoners haalden hun reanimatiediploma; twaalf van hen zijn nu "
                "burgerhulpverlener."
            ),
            "people_reached": 32,
            "volunteers": 4,
            "volunteer_hours": 40,
            "lessons": "Een herhalingscursus elk jaar is nodig; die plannen we zelf.",
        },
        photo=("aed", "Tekening van een groene AED-kast met een wit hart aan een bakstenen muur"),
    ),
    DemoApplication(
        title="Speeltuin Het Vlonder opknappen",
        state=State.REPORTED,
        owner="initiator",
        scheme=MAIN,
        village="Beekveld",
        category="leefbaarheid-veiligheid",
        summary=(
            "De speeltuin aan het water krijgt een nieuwe schommel, een zandbak met afdekking en "
            "een hek, zodat kleine kinderen er veilig kunnen spelen."
        ),
        plan_what=(
            "Ouders en grootouders vervangen samen de oude toestellen, leggen valdempende tegels "
            "en zetten een hek langs de sloot."
        ),
        plan_for_whom="Voor de ruim zestig kinderen onder de twaalf in Beekveld en hun ouders.",
        plan_when="In de meivakantie, met een feestelijke opening op de laatste zaterdag.",
        plan_with_whom="Met de speeltuinvereniging, een hovenier uit het dorp en de gemeente.",
        organisation_type=OrganisationType.ASSOCIATION,
        organisation_name="Speeltuinvereniging Het Vlonder",
        kvk_number="40222333",
        volunteer_hours=200,
        budget=[
            (COST, "Schommel met twee zitjes", "1900"),
            (COST, "Zandbak met afdekking", "850"),
            (COST, "Hek langs de sloot", "1600"),
            (COST, "Valdempende tegels", "1250"),
            (OWN, "Sponsorloop basisschool", "900"),
        ],
        days_ago=150,
        dialogue=[
            (
                "official",
                "Wie wordt eigenaar van de toestellen, en wie doet de jaarlijkse keuring?",
            ),
            (
                "initiator",
                "De speeltuinvereniging blijft eigenaar en laat elk jaar keuren; die kosten "
                "betalen we uit de contributie.",
            ),
        ],
        internal_note=(
            "Afgestemd met Openbare Ruimte: grond is van de gemeente, vereniging onderhoudt. "
            "Keuringsrapport opvragen bij de verantwoording."
        ),
        granted=Decimal("4700"),
        decision_text=(
            "Toegekend. De vereniging blijft eigenaar en zorgt voor keuring en onderhoud."
        ),
        report={
            "story": (
                "In de meivakantie hebben dertig vrijwilligers de speeltuin in vijf dagen "
                "opgeknapt. Bij de opening kwamen meer dan honderd buren kijken. De kinderen "
                "hebben zelf de kleur van het hek gekozen: knalgeel."
            ),
            "people_reached": 110,
            "volunteers": 30,
            "volunteer_hours": 260,
            "lessons": "Vraag de kinderen mee te denken: ze hadden de beste ideeën.",
        },
        photo=(
            "playground",
            "Tekening van een schommel en een geel hek in een speeltuin aan het water",
        ),
    ),
    DemoApplication(
        title="Zonnepanelen op Dorpshuis De Kolk",
        state=State.APPROVED,
        owner="initiator",
        scheme=ENERGY,
        village="Geestermoer",
        category="energie",
        summary=(
            "Achtendertig zonnepanelen op het dak van het dorpshuis, zodat de energierekening "
            "daalt en er geld overblijft voor activiteiten."
        ),
        plan_what=(
            "We laten een erkend installateur de panelen plaatsen en zetten een scherm in de "
            "hal dat laat zien hoeveel stroom het dorpshuis zelf opwekt."
        ),
        plan_for_whom="Voor alle verenigingen en bewoners die het dorpshuis gebruiken.",
        plan_when="Plaatsing in de herfst, voor de winter begint.",
        plan_with_whom="Met de energiecoöperatie en de beheerders van het dorpshuis.",
        organisation_type=OrganisationType.FOUNDATION,
        organisation_name="Stichting Dorpshuis De Kolk",
        kvk_number="41333444",
        principles=[Principle.ECOSYSTEM, Principle.REWARDING],
        budget=[
            (COST, "38 zonnepanelen met omvormer, geplaatst", "14800"),
            (COST, "Scherm in de hal", "400"),
            (OWN, "Reserve dorpshuis", "3000"),
            (OTHER, "Subsidie provincie duurzame dorpshuizen", "4500"),
        ],
        days_ago=45,
        dialogue=[
            (
                "official",
                "Het gevraagde bedrag ligt boven het maximum van de regeling. Kunt u de "
                "begroting aanpassen?",
            ),
            (
                "initiator",
                "We hebben de provinciale subsidie toegekend gekregen; die staat nu in de "
                "begroting. Het gevraagde bedrag is daardoor lager.",
            ),
        ],
        granted=Decimal("7700"),
        decision_text="Toegekend. Graag een foto van de panelen bij de verantwoording.",
    ),
    DemoApplication(
        title="Koffieochtend en klussendienst voor ouderen",
        state=State.APPROVED,
        owner="initiator2",
        scheme=MAIN,
        village="Mariënhof",
        category="hulp-ondersteuning",
        summary=(
            "Elke dinsdag koffie in het dorpshuis, en een groep vrijwilligers die kleine klussen "
            "doet bij ouderen thuis."
        ),
        plan_what=(
            "Een wekelijkse koffieochtend met af en toe een spreker, en een klussenteam met een "
            "eigen gereedschapskar."
        ),
        plan_for_whom="Voor ouderen in Mariënhof, vooral wie alleen woont.",
        plan_when="Het hele jaar door, vanaf de eerste week na de toekenning.",
        plan_with_whom="Met de kerk, de ouderenbond en de wijkverpleging.",
        organisation_type=OrganisationType.INFORMAL,
        organisation_name="Klussenteam Mariënhof",
        public_consent=False,
        budget=[
            (COST, "Koffie, thee en huur zaal voor een jaar", "1200"),
            (COST, "Gereedschapskar en gereedschap", "650"),
            (OWN, "Vrijwillige bijdrage bezoekers", "250"),
        ],
        days_ago=30,
        granted=Decimal("1600"),
        decision_text="Toegekend conform aanvraag.",
    ),
    DemoApplication(
        title="Warmtescan voor veertig huizen in Geestermoer",
        state=State.IN_DIALOGUE,
        owner="initiator",
        scheme=ENERGY,
        village="Geestermoer",
        category="energie",
        summary=(
            "De energiecoöperatie laat veertig oudere huizen doorlichten met een warmtecamera "
            "en geeft elk huishouden advies op maat."
        ),
        plan_what=(
            "Op koude avonden maken we warmtefoto's, daarna bespreken energiecoaches de "
            "uitkomsten aan de keukentafel."
        ),
        plan_for_whom="Voor eigenaren en huurders van huizen van voor 1975.",
        plan_when="In januari en februari, als het buiten koud genoeg is.",
        plan_with_whom="Met de energiecoöperatie en twee energiecoaches.",
        organisation_type=OrganisationType.ASSOCIATION,
        organisation_name="Energiecoöperatie Geestermoer",
        kvk_number="40444555",
        principles=[Principle.ECOSYSTEM, Principle.ICT],
        budget=[
            (COST, "Huur warmtecamera en verwerking", "2100"),
            (COST, "Opleiding energiecoaches", "900"),
            (OWN, "Contributie leden", "400"),
        ],
        days_ago=20,
        dialogue=[
            (
                "official",
                "Dank voor de aanvraag. Kunnen ook huurders van de woningcorporatie meedoen, en "
                "wie betaalt de maatregelen die uit het advies volgen?",
            ),
            (
                "initiator",
                "Ja, de corporatie doet mee en stuurt haar huurders een brief. De maatregelen "
                "betalen bewoners zelf; we wijzen ze op de landelijke subsidie.",
            ),
            ("official", "Helder. Wilt u de brief van de corporatie als bijlage toevoegen?"),
        ],
        dialogue_note="Vragen over deelname van huurders.",
        internal_note="Navragen bij team Duurzaamheid of dit dubbelt met de provinciale scans.",
    ),
    DemoApplication(
        title="Wandelpad met bankjes langs de Ruiterbeek",
        state=State.IN_DIALOGUE,
        owner="initiator3",
        scheme=MAIN,
        village="Ruiterveen",
        category="leefbaarheid-veiligheid",
        summary=(
            "Een ommetje van drie kilometer langs de beek, met vijf bankjes waar u even kunt "
            "uitrusten en elkaar tegenkomt."
        ),
        plan_what=(
            "We maaien een pad, plaatsen vijf bankjes en bordjes, en maken een kaartje dat bij "
            "de bakker ligt."
        ),
        plan_for_whom="Voor wandelaars, ouderen en ouders met kinderwagens.",
        plan_when="Aanleg in het voorjaar, opening met een wandeling op Koningsdag.",
        plan_with_whom="Met de boeren langs de beek, het waterschap en de wandelclub.",
        organisation_type=OrganisationType.INFORMAL,
        organisation_name="Buurtgroep Ruiterveen",
        budget=[
            (COST, "Vijf bankjes van gerecycled kunststof", "2250"),
            (COST, "Bordjes en kaartjes", "450"),
            (OWN, "Bijdrage wandelclub", "200"),
        ],
        days_ago=25,
        dialogue=[
            (
                "official",
                "Een deel van het pad loopt over grond van het waterschap. Heeft u daar al "
                "contact mee gehad?",
            ),
            ("initiator", "Nog niet. Wie kan ik daar het beste voor benaderen?"),
        ],
        dialogue_note="Afstemming met het waterschap nodig.",
        internal_note="Contactpersoon waterschap doorgeven; vergunning is waarschijnlijk niet nodig.",
    ),
    DemoApplication(
        title="Buurtbus naar de huisarts",
        state=State.SUBMITTED,
        owner="initiator",
        scheme=MAIN,
        village="Zuiderloo",
        category="zorg-welzijn",
        summary=(
            "Vrijwillige chauffeurs rijden ouderen zonder auto twee keer per week naar de "
            "huisarts, de apotheek en de supermarkt in de grote kern."
        ),
        plan_what=(
            "We leasen een elektrische achtpersoonsbus een jaar lang en maken een rooster met "
            "vrijwillige chauffeurs."
        ),
        plan_for_whom="Voor inwoners van Zuiderloo en Stuwdijk zonder eigen vervoer.",
        plan_when="Proefjaar vanaf de eerste maand na de toekenning.",
        plan_with_whom="Met de huisartsenpraktijk, de dorpsvereniging en een autobedrijf.",
        organisation_type=OrganisationType.INFORMAL,
        organisation_name="Wensbus Zuiderloo",
        principles=[Principle.COLLABORATION, Principle.REWARDING],
        budget=[
            (COST, "Lease elektrische bus (proefjaar)", "6200"),
            (COST, "Verzekering en laadpas", "900"),
            (OWN, "Ritbijdragen passagiers", "1200"),
        ],
        days_ago=12,
    ),
    DemoApplication(
        title="Dorpsfeest: honderd jaar Noorderesch",
        state=State.SUBMITTED,
        owner="initiator2",
        scheme=MAIN,
        village="Noorderesch",
        category="sport-cultuur",
        summary=(
            "Noorderesch bestaat honderd jaar. Een weekend met een historische optocht, een "
            "tentoonstelling van oude foto's en een sportdag voor de kinderen."
        ),
        plan_what="Optocht, fototentoonstelling in de kerk en een zeskamp op het sportveld.",
        plan_for_whom="Voor alle inwoners en oud-inwoners van Noorderesch.",
        plan_when="Het laatste weekend van augustus.",
        plan_with_whom="Met de oranjevereniging, de historische kring en de voetbalclub.",
        organisation_type=OrganisationType.ASSOCIATION,
        organisation_name="Oranjevereniging Noorderesch",
        kvk_number="40555666",
        budget=[
            (COST, "Tent en podium", "2800"),
            (COST, "Drukwerk tentoonstelling", "600"),
            (COST, "Zeskamp en prijzen", "700"),
            (OWN, "Verkoop loten en consumpties", "1500"),
        ],
        # Submitted long ago and not decided: past its decision term on the dashboard.
        days_ago=70,
    ),
    DemoApplication(
        title="Bloemrijke bermen voor bijen",
        state=State.DRAFT,
        owner="initiator",
        scheme=MAIN,
        village="Vledderhuizen",
        category="groen-duurzaam",
        summary="Bewoners zaaien inheemse bloemen in de bermen rond het dorp, goed voor bijen.",
        plan_what="Bermen frezen en inzaaien met een inheems bloemenmengsel; infobordjes.",
        plan_for_whom="Voor bijen, vlinders en iedereen die van een kleurrijk dorp houdt.",
        plan_when="",
        plan_with_whom="Met de imkervereniging.",
        organisation_type=OrganisationType.INFORMAL,
        organisation_name="Bijengroep Vledderhuizen",
        principles=[Principle.ECOSYSTEM],
        budget=[(COST, "Zaaigoed en huur frees", "780")],
        # Filled in up to the money; the attachments and the review are still to come.
        steps_saved=3,
        days_ago=3,
    ),
    DemoApplication(
        title="Repaircafé in het dorpshuis",
        state=State.DRAFT,
        owner="initiator3",
        scheme=MAIN,
        village="Stuwdijk",
        category="hulp-ondersteuning",
        summary=(
            "Eens per maand repareren handige dorpsgenoten kapotte spullen, onder het genot "
            "van koffie."
        ),
        plan_what="Een maandelijkse reparatiemiddag met gereedschap en een naaimachine.",
        plan_for_whom="Voor iedereen met iets kapots, en iedereen die graag helpt.",
        plan_when="Elke eerste zaterdag van de maand.",
        plan_with_whom="Met het dorpshuis en de landelijke stichting die repaircafés ondersteunt.",
        organisation_type=OrganisationType.INFORMAL,
        organisation_name="Repaircafé Stuwdijk",
        budget=[
            (COST, "Gereedschap en naaimachine", "900"),
            (OWN, "Bijdrage dorpshuis", "150"),
        ],
        days_ago=6,
    ),
    DemoApplication(
        title="Skatebaan bij de sporthal",
        state=State.REJECTED,
        owner="initiator",
        scheme=MAIN,
        village="Hollanderbroek",
        category="sport-cultuur",
        summary="Een betonnen skatebaan naast de sporthal, ontworpen met de jongeren zelf.",
        plan_what="Ontwerp met jongeren, aanleg door een gespecialiseerd bedrijf.",
        plan_for_whom="Voor jongeren uit Hollanderbroek en omliggende kernen.",
        plan_when="Ontwerp in het voorjaar, aanleg in de zomer.",
        plan_with_whom="Met de sportvereniging en het jongerenwerk.",
        organisation_type=OrganisationType.INFORMAL,
        organisation_name="Jongeren Hollanderbroek",
        budget=[
            (COST, "Ontwerp met jongeren", "1500"),
            (COST, "Aanleg skatebaan (eerste fase)", "6000"),
            (OWN, "Acties jongeren", "500"),
        ],
        days_ago=80,
        dialogue=[
            (
                "official",
                "Een skatebaan is een sportvoorziening. Heeft u al contact gehad met het "
                "sportaccommodatiebeleid van de gemeente?",
            ),
            ("initiator", "Nee, we wisten niet dat dat bestond."),
        ],
        rejection_reason=(
            "Een skatebaan valt onder het sportaccommodatiebeleid en niet onder deze regeling. "
            "De sportconsulent neemt contact met u op om samen te kijken wat daar mogelijk is; "
            "het ontwerp met de jongeren kunt u opnieuw aanvragen."
        ),
        internal_note="Doorgezet naar de sportconsulent; jongerenwerk is op de hoogte.",
    ),
    DemoApplication(
        title="Kerstmarkt met lichtjesroute",
        state=State.WITHDRAWN,
        owner="initiator2",
        scheme=MAIN,
        village="Beekveld",
        category="leefbaarheid-veiligheid",
        summary="Een kerstmarkt op het dorpsplein en een wandelroute langs verlichte tuinen.",
        plan_what="Twintig kramen, een lichtjesroute en een koor op het plein.",
        plan_for_whom="Voor alle bewoners, jong en oud.",
        plan_when="Het tweede weekend van december.",
        plan_with_whom="Met de ondernemersvereniging en het kerkkoor.",
        organisation_type=OrganisationType.INFORMAL,
        organisation_name="Werkgroep Kerst Beekveld",
        budget=[
            (COST, "Verlichting en aggregaat", "1300"),
            (COST, "Kramen huren", "900"),
            (OWN, "Standhuur", "600"),
        ],
        days_ago=40,
        withdraw_note="De ondernemersvereniging betaalt alles dit jaar zelf; dank voor het meedenken!",
    ),
]

SCHEME_PAGE_TEXT = {
    MAIN: {
        "title": "Regeling Dorpsinitiatieven",
        "intro": (
            "Heeft u een idee dat uw dorp mooier, groener, gezonder of gezelliger maakt? Met de "
            "regeling Dorpsinitiatieven helpt de gemeente bewoners om het zelf te doen."
        ),
        "body": [
            (
                "Voor wie?",
                [
                    "Voor groepen bewoners, verenigingen en stichtingen uit een van onze kernen. U "
                    "hoeft geen vereniging te zijn: een groep buren met een goed plan kan ook "
                    "aanvragen.",
                ],
            ),
            (
                "Waarvoor?",
                [
                    "Voor initiatieven die de leefbaarheid van de kern versterken en waar het dorp "
                    "zelf eigenaar van is: een moestuin, een speeltuin, een AED, een dorpsfeest, "
                    "hulp aan buren. Het initiatief is van u; de gemeente vult aan waar dat nodig is.",
                    "Wat niet kan: kosten die al gemaakt zijn, winst voor één persoon of bedrijf, en "
                    "zaken waarvoor al een andere regeling van de gemeente bestaat.",
                ],
            ),
            (
                "Hoe werkt het?",
                [
                    "U vult het formulier in en kunt het tussendoor bewaren. Na het indienen neemt "
                    "een ambtenaar contact met u op; samen maken we het plan zo sterk mogelijk. "
                    "Daarna hoort u ons besluit.",
                    "Is het project klaar? Vertel ons dan hoe het ging, met foto's. Geen dik rapport: "
                    "een verhaal waar andere dorpen van kunnen leren.",
                ],
            ),
        ],
    },
    ENERGY: {
        "title": "Energie in de kernen",
        "intro": (
            "Samen energie besparen en zelf duurzame energie opwekken: de gemeente steunt "
            "energiecoöperaties, dorpshuizen en buurtgroepen die daarmee aan de slag gaan."
        ),
        "body": [
            (
                "Voor wie?",
                [
                    "Voor energiecoöperaties, dorpshuizen en bewonersgroepen in de kernen waar de "
                    "regeling voor geldt.",
                ],
            ),
            (
                "Waarvoor?",
                [
                    "Voor zonnepanelen op gemeenschappelijke gebouwen, warmtescans, energiecoaches "
                    "en andere projecten die energie besparen of duurzaam opwekken, voor en door het "
                    "dorp.",
                ],
            ),
        ],
    },
}


# --- helpers -------------------------------------------------------------------------------


def _say(command, text):
    if command is not None:
        command.stdout.write(text)


def _iban(index):
    return str(IBAN.generate("NL", bank_code="RABO", account_code=f"{3010000 + index * 7919:010d}"))


def _paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _free_slug(parent, slug):
    """``slug`` if no sibling under ``parent`` uses it yet, else ``slug-2``, ``slug-3``, …"""
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


# --- reference data ------------------------------------------------------------------------


def _load_categories(command):
    categories = {}
    for order, (name, slug) in enumerate(CATEGORIES):
        category, created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
        categories[slug] = category
        if created:
            _say(command, f"  categorie {name}")
    return categories


def _load_villages(command):
    villages = {}
    for name in VILLAGES:
        village, created = Village.objects.get_or_create(
            slug=slugify(name), defaults={"name": name}
        )
        villages[name] = village
        if created:
            _say(command, f"  kern {name}")
    return villages


def _load_schemes(command, categories, villages):
    today = timezone.localdate()
    year = today.year
    specs = {
        MAIN: {
            "name": f"Dorpsinitiatieven {year}",
            "slug": MAIN,
            "description": (
                "Geld voor initiatieven van bewoners die hun kern leefbaarder maken: van "
                "moestuin tot AED, van dorpsfeest tot klussendienst."
            ),
            "yearly_budget": Decimal("60000"),
            "min_amount": Decimal("250"),
            "max_amount": Decimal("7500"),
            "opens_on": today.replace(month=1, day=1),
            "closes_on": today.replace(month=12, day=31),
            "decision_term_weeks": 8,
            "categories": [slug for _name, slug in CATEGORIES],
            "villages": [],
        },
        ENERGY: {
            "name": "Energie in de kernen",
            "slug": ENERGY,
            "description": (
                "Steun voor energiecoöperaties en dorpshuizen die energie besparen of duurzaam "
                "opwekken."
            ),
            "yearly_budget": Decimal("30000"),
            "min_amount": Decimal("500"),
            "max_amount": Decimal("10000"),
            "opens_on": today.replace(month=1, day=1),
            "closes_on": today.replace(month=12, day=31),
            "decision_term_weeks": 6,
            "categories": ["energie", "groen-duurzaam"],
            "villages": ["Geestermoer", "Ekenveen", "Lindehorst", "Ruiterveen", "Stuwdijk"],
        },
    }
    schemes = {}
    for key, spec in specs.items():
        spec = dict(spec)
        category_slugs = spec.pop("categories")
        village_names = spec.pop("villages")
        scheme = FundingScheme.objects.filter(slug=spec["slug"]).first()
        if scheme is None:
            scheme = FundingScheme.objects.create(**spec)
            scheme.categories.set([categories[slug] for slug in category_slugs])
            scheme.villages.set([villages[name] for name in village_names])
            _say(command, f"  regeling {scheme.name}")
        schemes[key] = scheme
    return schemes


# --- pages ---------------------------------------------------------------------------------


def _load_pages(command, home_page, schemes):
    for key, scheme in schemes.items():
        if SchemePage.objects.child_of(home_page).filter(scheme=scheme).exists():
            continue
        text = SCHEME_PAGE_TEXT[key]
        body = []
        for heading, paragraphs in text["body"]:
            body.append(_heading(heading))
            body.extend(_paragraph(p) for p in paragraphs)
        page = SchemePage(
            title=text["title"],
            slug=_free_slug(home_page, slugify(text["title"])),
            scheme=scheme,
            intro=text["intro"],
            body=json.dumps(body),
            show_remaining_budget=True,
        )
        home_page.add_child(instance=page)
        page.save_revision().publish()
        _say(command, f"  pagina {page.title}")

    if not ProjectShowcasePage.objects.child_of(home_page).exists():
        page = ProjectShowcasePage(
            title="Projecten in de kernen",
            slug=_free_slug(home_page, "projecten"),
            intro=(
                "Bewoners maken het verschil in hun dorp. Hier ziet u initiatieven die geld "
                "kregen uit een van onze regelingen, en hoe het ze verging."
            ),
        )
        home_page.add_child(instance=page)
        page.save_revision().publish()
        _say(command, f"  pagina {page.title}")


# --- accounts ------------------------------------------------------------------------------


def _officials_group():
    group, created = Group.objects.get_or_create(name=OFFICIALS_GROUP)
    if created:
        # Normally made by the grants data migration; this is the minimum to handle applications.
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label__in=["grants", "wagtailadmin"],
                codename__in=["handle_application", "access_admin"],
            )
        )
    return group


def _load_users(command):
    User = get_user_model()
    users = {}
    for key, spec in USERS.items():
        user = User.objects.filter(email__iexact=spec.email).first()
        if user is None:
            user = User(
                username=spec.email,
                email=spec.email,
                first_name=spec.first_name,
                last_name=spec.last_name,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            if spec.official:
                user.groups.add(_officials_group())
            _say(command, f"  account {spec.email}")
        EmailAddress.objects.get_or_create(
            user=user,
            email__iexact=spec.email,
            defaults={"email": spec.email, "verified": True, "primary": True},
        )
        users[key] = user
    return users


# --- photos --------------------------------------------------------------------------------


def _photo(motif, seed):
    """A simple illustrated 'photo' for a report, drawn with Pillow (JPEG bytes)."""
    width, height = 1200, 800
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height * 3 // 5):  # sky
        shade = int(90 * y / (height * 3 / 5))
        draw.line([(0, y), (width, y)], fill=(110 + shade // 2, 170 + shade // 3, 235))
    draw.rectangle([0, height * 3 // 5, width, height], fill=(92, 160, 70))  # grass
    draw.ellipse([width - 220, 60, width - 100, 180], fill=(255, 214, 70))  # sun
    horizon = height * 3 // 5
    if motif == "garden":
        for i in range(4):
            x = 120 + i * 260
            draw.rectangle([x, horizon + 40, x + 200, horizon + 140], fill=(140, 95, 55))
            for j in range(5):
                cx = x + 25 + j * 38
                draw.ellipse([cx - 16, horizon + 5, cx + 16, horizon + 50], fill=(40, 130, 45))
        draw.rectangle([1110, horizon - 20, 1170, horizon + 120], fill=(60, 90, 120))
    elif motif == "music":
        draw.rectangle([100, horizon - 20, 1100, horizon + 160], fill=(60, 45, 40))
        draw.ellipse([420, horizon - 120, 620, horizon + 80], fill=(200, 30, 40))
        draw.ellipse([470, horizon - 70, 570, horizon + 30], fill=(240, 240, 240))
        draw.rectangle([700, horizon - 160, 840, horizon + 40], fill=(30, 30, 30))
        for i, color in enumerate([(255, 80, 80), (80, 200, 255), (255, 230, 90)]):
            draw.ellipse([200 + i * 300, 80, 260 + i * 300, 140], fill=color)
    elif motif == "aed":
        draw.rectangle([250, 120, 950, horizon + 100], fill=(170, 80, 60))
        draw.rectangle([450, 220, 750, 520], fill=(0, 140, 80))
        draw.polygon([(600, 470), (520, 380), (680, 380)], fill=(255, 255, 255))
        draw.ellipse([515, 320, 605, 410], fill=(255, 255, 255))
        draw.ellipse([595, 320, 685, 410], fill=(255, 255, 255))
    else:  # playground
        draw.rectangle([0, horizon + 120, width, height], fill=(70, 120, 190))  # water
        draw.line([(300, horizon + 80), (420, horizon - 200)], fill=(120, 80, 40), width=16)
        draw.line([(660, horizon + 80), (540, horizon - 200)], fill=(120, 80, 40), width=16)
        draw.line([(400, horizon - 200), (560, horizon - 200)], fill=(120, 80, 40), width=16)
        for x in (450, 510):
            draw.line([(x, horizon - 200), (x, horizon + 10)], fill=(90, 90, 90), width=4)
        draw.rectangle([430, horizon + 10, 530, horizon + 24], fill=(220, 40, 40))
        for x in range(700, 1150, 40):
            draw.rectangle([x, horizon + 20, x + 14, horizon + 100], fill=(250, 215, 0))
        draw.rectangle([700, horizon + 40, 1150, horizon + 52], fill=(250, 215, 0))
    font = ImageFont.load_default(size=28)
    draw.text((24, height - 48), f"Dorpskracht demo-foto {seed}", fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


# --- applications --------------------------------------------------------------------------

PATHS = {
    State.DRAFT: [],
    State.SUBMITTED: ["submit"],
    State.IN_DIALOGUE: ["submit", "start_dialogue"],
    State.APPROVED: ["submit", "start_dialogue", "approve"],
    State.REPORTED: ["submit", "start_dialogue", "approve", "submit_report"],
    State.CLOSED: ["submit", "start_dialogue", "approve", "submit_report", "accept_report"],
    State.REJECTED: ["submit", "start_dialogue", "reject"],
    State.WITHDRAWN: ["submit", "withdraw"],
}


def _create_application(spec, index, users, schemes, villages, categories):
    owner = users[spec.owner]
    application = Application.objects.create(
        owner=owner,
        scheme=schemes[spec.scheme],
        village=villages[spec.village],
        category=categories[spec.category],
        title=spec.title,
        summary=spec.summary,
        plan_what=spec.plan_what,
        plan_for_whom=spec.plan_for_whom,
        plan_when=spec.plan_when,
        plan_with_whom=spec.plan_with_whom,
        principles=[str(p) for p in spec.principles],
        organisation_type=spec.organisation_type,
        organisation_name=spec.organisation_name,
        kvk_number=spec.kvk_number,
        contact_name=owner.get_full_name(),
        contact_email=owner.email,
        contact_phone=f"06-{41000000 + index * 137:08d}",
        iban=_iban(index),
        iban_holder=spec.organisation_name,
        volunteer_hours=spec.volunteer_hours,
        steps_saved=spec.steps_saved,
        privacy_consent=True,
        public_consent=spec.public_consent,
    )
    for order, (kind, description, amount) in enumerate(spec.budget):
        BudgetLine.objects.create(
            application=application,
            kind=kind,
            description=description,
            amount=Decimal(amount),
            sort_order=order,
        )
    application.recalculate_requested_amount()
    return application


def _write_report(application, spec, index):
    report, _created = Report.objects.update_or_create(
        application=application, defaults=spec.report
    )
    # Actual costs: close to the budget, a little under for most lines.
    for line in application.budget_lines.all():
        line.actual_amount = (line.amount * Decimal("0.95")).quantize(Decimal("1"))
        line.save(update_fields=["actual_amount"])
    if spec.photo and not report.photos.exists():
        motif, alt_text = spec.photo
        photo = ReportPhoto(report=report, alt_text=alt_text, sort_order=0)
        photo.image.save(f"{motif}.jpg", ContentFile(_photo(motif, index)), save=False)
        photo.save()


def _run_workflow(application, spec, index, users):
    """Take ``application`` to ``spec.state`` through ``workflow.perform``, step by step."""
    official = users["official"]
    owner = users[spec.owner]
    steps = PATHS[spec.state]
    if not spec.dialogue and spec.state != State.IN_DIALOGUE:
        steps = [step for step in steps if step != "start_dialogue"]
    for step in steps:
        if step == "submit":
            workflow.perform(application, "submit", owner)
        elif step == "start_dialogue":
            workflow.perform(
                application,
                "start_dialogue",
                official,
                note=spec.dialogue_note or "We nemen de aanvraag samen met u door.",
            )
            for role, text in spec.dialogue:
                workflow.post_message(application, official if role == "official" else owner, text)
            if spec.internal_note:
                workflow.post_message(application, official, spec.internal_note, is_internal=True)
        elif step == "approve":
            workflow.perform(
                application,
                "approve",
                official,
                granted_amount=spec.granted,
                decision_text=spec.decision_text,
            )
        elif step == "reject":
            workflow.perform(application, "reject", official, reason=spec.rejection_reason)
        elif step == "withdraw":
            workflow.perform(application, "withdraw", owner, note=spec.withdraw_note)
        elif step == "submit_report":
            _write_report(application, spec, index)
            workflow.perform(application, "submit_report", owner)
        elif step == "accept_report":
            workflow.perform(
                application,
                "accept_report",
                official,
                note="Dank voor het mooie verslag. Het dossier is afgerond.",
            )


def _spread_in_time(application, days_ago):
    """Give the steps of a demo application plausible dates: from ``days_ago`` until now.

    Every step really happened through the workflow just now; for a realistic timeline (and an
    overdue application on the dashboard) its timestamps are spread over the past weeks, never
    before 1 January of this year (the budget year)."""
    now = timezone.now()
    year_start = timezone.make_aware(datetime(now.year, 1, 1, 9, 0))
    start = max(now - timedelta(days=days_ago), year_start)
    events = [("log", e.pk, e.created_at, e) for e in application.log_entries.all()]
    events += [("message", m.pk, m.created_at, m) for m in application.messages.all()]
    events.sort(key=lambda event: (event[2], event[0] == "message", event[1]))
    # Until the decision the steps follow each other within days (the decision term holds);
    # after it (the project runs, then the report) they spread evenly until today.
    decisive = ("approve", "reject", "withdraw")
    last_decisive = max(
        (
            i
            for i, event in enumerate(events)
            if event[0] == "log" and event[3].transition in decisive
        ),
        default=len(events) - 1,
    )
    quick_gap = min((now - start) / (len(events) + 1), timedelta(days=6))
    moments, moment, late_gap = {}, start, None
    for position, (kind, pk, _created, obj) in enumerate(events):
        if position <= last_decisive:
            moment = moment + (min(timedelta(days=1), quick_gap) if position == 0 else quick_gap)
        else:
            late_gap = late_gap or (now - moment) / (len(events) - last_decisive)
            moment = moment + late_gap
        model = TransitionLog if kind == "log" else Message
        model.objects.filter(pk=pk).update(created_at=moment)
        if kind == "log":
            moments[obj.transition] = moment

    updates = {"created_at": start, "updated_at": moment}
    if "submit" in moments:
        updates["submitted_at"] = moments["submit"]
        updates["decision_due"] = timezone.localdate(moments["submit"]) + timedelta(
            weeks=application.scheme.decision_term_weeks
            if application.is_money
            else ANSWER_TERM_WEEKS
        )
    for transition in ("approve", "reject"):
        if transition in moments:
            updates["decided_at"] = moments[transition]
    if "accept_report" in moments:
        updates["closed_at"] = moments["accept_report"]
    Application.objects.filter(pk=application.pk).update(**updates)
    report_updates = {}
    if "submit_report" in moments:
        report_updates["submitted_at"] = moments["submit_report"]
    if "accept_report" in moments:
        report_updates["accepted_at"] = moments["accept_report"]
    if report_updates:
        Report.objects.filter(application=application).update(**report_updates)


# --- without money: a project only to show, and a help question ---------------------------


@dataclass
class DemoInitiative:
    """A project sent in without money: to show in the showcase, or a question for help."""

    kind: str
    title: str
    owner: str
    village: str
    summary: str
    days_ago: int
    category: str = ""
    plan_what: str = ""
    help_kind: str = ""
    help_question: str = ""
    organisation_name: str = ""
    steps: list = field(default_factory=list)  # (step, actor role, note or decision)
    dialogue: list = field(default_factory=list)  # (role, text)


INITIATIVES = [
    DemoInitiative(
        kind=Kind.SHOWCASE,
        title="Repaircafé Lindehorst",
        owner="initiator3",
        village="Lindehorst",
        category="groen-duurzaam",
        organisation_name="Repaircafé Lindehorst",
        summary=(
            "Elke eerste zaterdag van de maand repareren vrijwilligers in het dorpshuis "
            "kapotte lampen, fietsen, kleding en koffiezetapparaten. Iedereen is welkom en "
            "de koffie staat klaar."
        ),
        plan_what=(
            "We doen het al twee jaar zonder subsidie. We willen graag dat meer mensen het "
            "weten, en dat andere kernen zien hoe eenvoudig u zelf een repaircafé begint."
        ),
        days_ago=40,
        steps=[
            ("submit", "initiator3", ""),
            (
                "approve",
                "official",
                "Wat een mooi voorbeeld voor de andere kernen. Uw project staat nu in het "
                "projectenoverzicht.",
            ),
        ],
    ),
    DemoInitiative(
        kind=Kind.HELP,
        title="Kerstmarkt op het Brinkplein",
        owner="initiator2",
        village="Noorderesch",
        organisation_name="Dorpsbelang Noorderesch",
        summary=(
            "Op de zaterdag voor kerst houden we een kleine kerstmarkt met twintig kraampjes, "
            "een koor en warme chocolademelk op het Brinkplein."
        ),
        help_kind=HelpKind.PERMIT,
        help_question=(
            "Hebben we een vergunning nodig om het plein een middag af te sluiten voor "
            "verkeer? En mogen we een aggregaat gebruiken voor de verlichting?"
        ),
        days_ago=12,
        steps=[("submit", "initiator2", ""), ("start_dialogue", "official", "")],
        dialogue=[
            (
                "official",
                "Goed dat u het op tijd vraagt. Voor het afsluiten van het plein vraagt u een "
                "evenementenvergunning aan; die is gratis voor een kleine markt. Hoeveel "
                "bezoekers verwacht u ongeveer?",
            ),
            ("initiator", "We denken aan zo'n tweehonderd bezoekers over de hele middag."),
        ],
    ),
]


def _load_initiatives(command, users, villages, categories):
    """The showcase-only project (published) and the help question (in dialogue)."""
    for spec in INITIATIVES:
        owner = users[spec.owner]
        if Application.objects.filter(title=spec.title, owner=owner).exists():
            continue
        with transaction.atomic():
            application = Application.objects.create(
                owner=owner,
                kind=spec.kind,
                village=villages[spec.village],
                category=categories[spec.category] if spec.category else None,
                title=spec.title,
                summary=spec.summary,
                plan_what=spec.plan_what,
                help_kind=spec.help_kind,
                help_question=spec.help_question,
                organisation_name=spec.organisation_name,
                contact_name=owner.get_full_name(),
                contact_email=owner.email,
                privacy_consent=True,
                public_consent=spec.kind == Kind.SHOWCASE,
            )
            for step, role, text in spec.steps:
                actor = users[role]
                if step == "approve":
                    workflow.perform(application, step, actor, decision_text=text)
                else:
                    workflow.perform(application, step, actor, note=text)
                if step == "start_dialogue":
                    for who, message in spec.dialogue:
                        author = users["official"] if who == "official" else owner
                        workflow.post_message(application, author, message)
            _spread_in_time(application, spec.days_ago)
        _say(
            command,
            f"  {application.get_kind_display().lower()} {application.reference} {spec.title}",
        )


def _load_applications(command, users, schemes, villages, categories):
    for index, spec in enumerate(APPLICATIONS, start=1):
        if Application.objects.filter(title=spec.title, owner=users[spec.owner]).exists():
            continue
        with transaction.atomic():
            application = _create_application(spec, index, users, schemes, villages, categories)
            _run_workflow(application, spec, index, users)
            _spread_in_time(application, spec.days_ago)
        _say(
            command,
            f"  aanvraag {application.reference} {spec.title} ({State(spec.state).label})",
        )


# --- entry point ---------------------------------------------------------------------------


def load(command, home_page):
    """Load the grants demo content under ``home_page``; safe to run again.

    Returns the demo accounts as {role: (e-mail address, password)}: the command prints them last."""
    _say(command, "Dorpsinitiatieven: categorieën, kernen en regelingen…")
    categories = _load_categories(command)
    villages = _load_villages(command)
    schemes = _load_schemes(command, categories, villages)
    _say(command, "Dorpsinitiatieven: pagina's…")
    _load_pages(command, home_page, schemes)
    _say(command, "Dorpsinitiatieven: demo-accounts en aanvragen…")
    users = _load_users(command)
    _load_applications(command, users, schemes, villages, categories)
    _load_initiatives(command, users, villages, categories)
    return {spec.role: (users[key].email, DEMO_PASSWORD) for key, spec in USERS.items()}
