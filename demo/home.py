"""Demo content for the site pages: the home page, the transition principles and values, the
standard pages, the contact form, the navigation and the footer.

Every function looks up what it made before (by type and slug) and only fills in what is
missing, so the demo command can run again without duplicating anything or overwriting an
editor's changes."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page, Site

from home.models import (
    ContactFormField,
    ContactPage,
    FooterLink,
    FooterSettings,
    HomePage,
    IdentitySettings,
    NavigationItem,
    NavigationSettings,
    PrincipleIndexPage,
    PrinciplePage,
    PrincipleValue,
    StandardPage,
)

DEMO_ADMIN = ("admin", "dorpskracht-demo")
DEMO_ADMIN_EMAIL = "admin@dorpskracht.example"  # what the administrator logs in with (allauth)


def _say(command, message):
    if command is not None:
        command.stdout.write(message)


# StreamField content in its stored (JSON) form.
def _paragraph(*sentences):
    return {"type": "paragraph", "value": "".join(f"<p>{s}</p>" for s in sentences)}


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _quote(text, attribution=""):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def _publish(page):
    """Publish ``page`` as it is in the database, so the admin's latest revision (which editors
    start from) includes its inline items."""
    page.save_revision().publish()


def _child(parent, model, slug, **fields):
    """The child of ``parent`` with this slug, created (and published) when it is missing.
    Inline items (values, form fields) can be passed as lists of unsaved objects."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    _publish(page)
    return page, True


# --- Home page --------------------------------------------------------------------------------

HOME_INTRO = (
    "<p>In veel dorpen en kernen nemen inwoners zelf het heft in handen: een dorpshuis dat "
    "blijft, een buurtmoestuin, een energiecoöperatie of vervoer voor wie niet meer zelf rijdt. "
    "Dorpskracht is de plek waar die initiatieven elkaar vinden, kennis delen en een bijdrage "
    "van de gemeente aanvragen.</p>"
    "<p>De gemeente kijkt daarbij niet van bovenaf mee, maar sluit aan: we helpen waar het nodig "
    "is en laten los waar het kan. Wat inwoners samen weten over hun eigen dorp is het "
    "vertrekpunt.</p>"
)


def _ensure_home_page(command):
    home = HomePage.objects.order_by("path").first()
    root = Page.get_first_root_node()
    created = False
    if home is None:
        slug = "start"
        if root.get_children().filter(slug=slug).exists():
            slug = "dorpskracht-start"
        home = HomePage(
            title="Dorpskracht",
            slug=slug,
            seo_title="Dorpskracht: samen werken aan leefbare dorpen",
            search_description=(
                "Het portaal voor dorps- en buurtinitiatieven: kennis, transitiegesprekken en "
                "een bijdrage van de gemeente aanvragen."
            ),
            hero_title="Samen werken aan leefbare dorpen",
            hero_text=(
                "Inwoners weten het best wat hun dorp nodig heeft. Deel uw idee, leer van "
                "anderen en vraag een bijdrage aan voor uw dorpsinitiatief."
            ),
            intro=HOME_INTRO,
            cta_title="Een idee voor uw dorp of buurt?",
            cta_text=(
                "Met de regeling dorpsinitiatieven draagt de gemeente bij aan plannen van "
                "inwoners die de leefbaarheid van hun kern versterken. Aanvragen kan online."
            ),
            cta_button_text="Vraag een bijdrage aan",
        )
        root.add_child(instance=home)
        _publish(home)
        created = True
        _say(command, "  Startpagina aangemaakt")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="Dorpskracht",
            root_page=home,
            is_default_site=True,
        )
        _say(command, "  Site aangemaakt")
    elif site.root_page_id != home.pk or site.site_name != "Dorpskracht":
        site.root_page = home
        site.site_name = site.site_name or "Dorpskracht"
        site.save()
        _say(command, "  Standaardsite wijst naar de startpagina")

    if created:
        # Wagtail's installer places a plain, empty "Welcome" page; the real home page replaces
        # it. Only that page goes: anything an editor built stays.
        page_type = ContentType.objects.get_for_model(Page)
        for welcome in root.get_children().filter(content_type=page_type, numchild=0):
            if not Site.objects.filter(root_page=welcome).exists():
                _say(command, f"  Welkomstpagina '{welcome.title}' verwijderd")
                welcome.delete()
    return home


# --- Principles and values --------------------------------------------------------------------

PRINCIPLES = [
    (
        "ecosysteem",
        "Een ecosysteem dat gezond gedrag faciliteert",
        "We bouwen aan een omgeving waarin gezond, duurzaam en sociaal leven de makkelijkste "
        "keuze is: in het dorp, in de buurt en in hoe we elkaar ontmoeten.",
        [
            _paragraph(
                "Welzijn ontstaat niet in een spreekkamer of op een beleidsnota, maar in het "
                "dagelijks leven: op het schoolplein, in het dorpshuis, bij de sportclub en langs "
                "de moestuin. Wie dat serieus neemt, kijkt naar het geheel van plekken, mensen en "
                "voorzieningen in een dorp.",
                "Een gezond ecosysteem maakt ruimte voor ontmoeting en maakt het vanzelfsprekend "
                "om naar elkaar om te kijken. Dat vraagt om voorzieningen dichtbij, om plekken "
                "die van het dorp zelf zijn en om een gemeente die aanvult in plaats van overneemt.",
            ),
            _heading("Wat betekent dit in de praktijk?"),
            _paragraph(
                "Een dorpshuis dat door vrijwilligers wordt gedraaid, een wandelgroep voor "
                "ouderen, een buurtmoestuin waar kinderen leren wat er in de grond groeit: het "
                "zijn kleine bouwstenen die samen het verschil maken.",
            ),
            _quote("Alles wat aandacht krijgt, groeit.", "Uit een gesprek over eigenaarschap"),
        ],
    ),
    (
        "samenwerken",
        "Nieuwe manieren van samenwerken",
        "Inwoners, gemeente, maatschappelijke organisaties en ondernemers werken als "
        "gelijkwaardige partners samen, over de grenzen van beleidsterreinen heen.",
        [
            _paragraph(
                "Veel initiatieven lopen vast op schotten: tussen afdelingen, tussen regelingen "
                "en tussen de leefwereld van inwoners en de systeemwereld van instellingen. "
                "Co-creatie betekent dat we die schotten samen doorbreken.",
                "Dat begint met luisteren. Wie een plan heeft voor het dorp, verdient een "
                "ambtenaar die zegt: het kan wel, en ik help u op weg. Daarna zorgen we samen "
                "voor de uitvoering, zodat een goed idee ook echt van de grond komt.",
            ),
            _heading("Eigenaarschap"),
            _paragraph(
                "Sommige activiteiten zijn helemaal van de gemeenschap. Bij andere is de "
                "gemeenschap eigenaar en levert de gemeente of een andere partij een bijdrage. "
                "Door steeds te vragen wie de eigenaar is van een onderwerp, wordt duidelijk "
                "wie wat doet en waar de gemeente een stap terug kan zetten.",
            ),
        ],
    ),
    (
        "ict",
        "ICT die de transitie mogelijk maakt",
        "Digitale middelen ondersteunen initiatieven: eenvoudig aanvragen, kennis delen en "
        "elkaar vinden, open en toegankelijk voor iedereen.",
        [
            _paragraph(
                "Technologie is geen doel, maar een hulpmiddel. Een portaal als dit helpt "
                "initiatiefnemers om zonder papieren rompslomp een aanvraag te doen, om te zien "
                "wat andere dorpen al hebben bereikt en om ervaringen te delen.",
                "We kiezen voor toegankelijke, open oplossingen die werken voor jong en oud, met "
                "en zonder hulpmiddelen. Wat online kan, moet ook zonder computer bereikbaar "
                "blijven: de gemeente blijft gewoon aanspreekbaar.",
            ),
        ],
    ),
    (
        "belonen",
        "Andere manieren van belonen",
        "We waarderen wat inwoners bijdragen aan hun gemeenschap, en sturen op welzijn in "
        "plaats van alleen op geld en productie.",
        [
            _paragraph(
                "De waarde van een buurtinitiatief laat zich zelden in euro's uitdrukken. Een "
                "dorp waar mensen elkaar kennen, waar jongeren blijven en waar hulp dichtbij is, "
                "is rijker dan welke begroting ook laat zien.",
                "Daarom kijken we bij verantwoording niet alleen naar bonnetjes, maar naar wat "
                "een initiatief heeft opgeleverd: wat het dorp ervan leerde, wie er meededen en "
                "wat anderen ervan kunnen overnemen. Verantwoorden mag relevant, leerzaam, "
                "inspirerend en zelfs leuk zijn.",
            ),
        ],
    ),
]

VALUES = [
    ("Inclusief", "Iedereen hoort erbij en kan meedoen, wat uw achtergrond of situatie ook is."),
    ("Gelijkwaardig", "Inwoners en gemeente praten en beslissen als partners, niet als loket."),
    ("Wellbeing", "We sturen op welzijn en een goed leven, niet alleen op geld en groei."),
    ("Vertrouwen", "We gaan uit van goede bedoelingen en maken afspraken die dat uitstralen."),
    ("Vrijheid", "Er is ruimte om te experimenteren en het op uw eigen manier te doen."),
    ("Autonomie", "Een dorp bepaalt zelf wat het nodig heeft en hoe het dat organiseert."),
    (
        "Verantwoordelijkheid",
        "Wie eigenaar is van een initiatief, draagt het ook en laat zien wat het oplevert.",
    ),
]


def _load_principles(command, home):
    index, created = _child(
        home,
        PrincipleIndexPage,
        "transitieprincipes",
        title="Transitieprincipes",
        intro=(
            "Vier principes helpen ons om de samenleving van onderop te vernieuwen. Ze komen "
            "uit de praktijk van lokale gemeenschappen die dit al jaren doen."
        ),
        body=[
            _heading("Waarom deze principes?"),
            _paragraph(
                "We leven niet zozeer in een tijd van verandering als wel in een verandering van "
                "tijd. Op steeds meer plaatsen nemen inwoners taken op zich die ooit vanzelf bij "
                "de overheid lagen. Pionieren zou geen gevecht moeten zijn, maar het nieuwe "
                "normaal.",
                "Deze principes geven richting aan hoe de gemeente, inwoners en "
                "organisaties samen die verandering vormgeven.",
            ),
        ],
        values_intro=(
            "Onder de principes liggen waarden die we delen met de dorpen en buurten waarmee we "
            "werken."
        ),
        values=[
            PrincipleValue(sort_order=order, name=name, description=description)
            for order, (name, description) in enumerate(VALUES)
        ],
    )
    _say(command, f"  Principes: overzicht {'aangemaakt' if created else 'bestond al'}")

    # The home page shows every published principle in this order unless editors choose.
    for slug, title, intro, body in PRINCIPLES:
        _page, created = _child(index, PrinciplePage, slug, title=title, intro=intro, body=body)
        if created:
            _say(command, f"  Principe aangemaakt: {title}")
    return index


# --- The privacy statement -------------------------------------------------------------------

MY_DATA_URL = "/account/gegevens/"
AP_COMPLAINT_URL = "https://autoriteitpersoonsgegevens.nl/een-tip-of-klacht-indienen-bij-de-ap"


def _months(n):
    if n % 12 == 0:
        years = n // 12
        return "1 jaar" if years == 1 else f"{years} jaar"
    return "1 maand" if n == 1 else f"{n} maanden"


def _years(n):
    return f"{n} jaar"


ACCESSIBILITY_CHECKED_ON = "2 december 2026"


def accessibility_statement_body():
    """The statement in the structure of the government's model statement
    (digitoegankelijk.nl): which site, the status, how and when it was checked, the known
    problems, what we do about them, how to report a problem, and where to complain."""
    return [
        _heading("Voor welke website geldt deze verklaring?"),
        _paragraph(
            "Deze verklaring geldt voor het portaal Dorpskracht van Gemeente Dorpskracht: alle "
            "openbare pagina's, de kennisbank en de agenda, het aanvragen van een bijdrage, "
            "Mijn aanvragen en Mijn gegevens.",
            "De beheeromgeving waarin medewerkers van de gemeente werken, valt er niet onder.",
        ),
        _heading("Hoe toegankelijk is het portaal?"),
        _paragraph(
            "<b>Status: voldoet gedeeltelijk.</b> Het portaal voldoet nog niet helemaal aan de "
            "eisen van de Europese norm EN 301 549 en de richtlijnen WCAG 2.1 op niveau A en "
            "AA. Wat nog niet goed werkt, staat hieronder bij Bekende problemen.",
            "We noemen het portaal pas volledig toegankelijk als een onafhankelijke "
            "deskundige dat heeft onderzocht. Dat onderzoek is nog niet gedaan.",
        ),
        _heading("Hoe hebben we dit onderzocht?"),
        _paragraph(
            f"Wij hebben het portaal zelf onderzocht. De laatste controle was op "
            f"{ACCESSIBILITY_CHECKED_ON}.",
            "<ul>"
            "<li>Automatische controles met axe-core op de startpagina, de kennisbank, de "
            "agenda, de zoekpagina, de formulieren en de pagina 'Pagina niet gevonden'. "
            "Die controles draaien bij elke wijziging van het portaal opnieuw.</li>"
            "<li>Controle met alleen het toetsenbord: elke link, knop en elk formulierveld "
            "is te bereiken en de focus is steeds zichtbaar.</li>"
            "<li>Controle van de weergave op een scherm van 320 pixels breed (zoals bij 400% "
            "inzoomen): de tekst loopt door zonder dat u opzij hoeft te scrollen.</li>"
            "<li>Controle van het kleurcontrast: het portaal weigert kleuren in de huisstijl "
            "met te weinig contrast.</li>"
            "</ul>",
        ),
        _heading("Bekende problemen"),
        _paragraph(
            "<ul>"
            "<li>Pdf-bestanden die redacteuren of initiatiefnemers zelf toevoegen, zijn niet "
            "altijd toegankelijk gemaakt. Vraag ons gerust om dezelfde informatie in een "
            "andere vorm.</li>"
            "<li>Video's van andere websites (zoals YouTube) hebben niet altijd ondertiteling "
            "of een uitgeschreven tekst.</li>"
            "<li>Op een smal scherm moet u bij enkele brede tabellen, zoals de begroting in "
            "een aanvraag, nog opzij scrollen.</li>"
            "<li>We hebben het portaal nog niet met inwoners getest die een schermlezer of "
            "spraakbesturing gebruiken.</li>"
            "</ul>",
        ),
        _heading("Wat doen we eraan?"),
        _paragraph(
            "We lossen de bekende problemen in het eerste halfjaar van 2027 op. In die periode "
            "laten we het portaal ook onderzoeken door een onafhankelijke deskundige. Daarna "
            "passen we deze verklaring aan.",
        ),
        _heading("Loopt u tegen een probleem aan?"),
        _paragraph(
            "Kunt u iets op dit portaal niet lezen of gebruiken? Laat het ons weten via het "
            '<a href="/contact/">contactformulier</a>, per e-mail aan '
            "dorpskracht@gemeente.example of telefonisch via 14 0999. Vertel ons op welke "
            "pagina het was en wat er misging.",
            "U krijgt binnen 5 werkdagen een ontvangstbevestiging. Binnen 3 weken laten we "
            "u weten wat we met uw melding doen.",
        ),
        _heading("Bent u niet tevreden?"),
        _paragraph(
            "Bent u niet tevreden over hoe wij uw melding hebben behandeld? Dan kunt u een "
            "klacht indienen bij de gemeente via het contactformulier.",
            "Bent u daarna nog steeds niet tevreden? Dan kunt u uw klacht voorleggen aan de "
            '<a href="https://www.nationaleombudsman.nl/">Nationale Ombudsman</a>.',
        ),
    ]


def privacy_statement_body():
    """The statement as the software behaves: the retention terms are read from the settings
    (``RETENTION``, ``PRIVACY_DOWNLOAD_DAYS``) the portal applies, so it cannot promise what the
    software does not do."""
    from django.conf import settings

    terms = settings.RETENTION
    download_days = getattr(settings, "PRIVACY_DOWNLOAD_DAYS", 7)
    my_data = f'<a href="{MY_DATA_URL}">Mijn gegevens</a>'
    return [
        _heading("Wie is verantwoordelijk?"),
        _paragraph(
            "De gemeente is verantwoordelijk voor de persoonsgegevens die u via Dorpskracht met "
            "ons deelt. Wij gebruiken ze volgens de Algemene verordening gegevensbescherming "
            "(AVG). Heeft u een vraag over uw gegevens, dan kunt u terecht bij de functionaris "
            "voor gegevensbescherming van de gemeente, via het contactformulier.",
        ),
        _heading("Welke gegevens bewaren we?"),
        _paragraph(
            "<strong>Uw account</strong>: uw e-mailadres, uw wachtwoord (versleuteld, ook wij "
            "kunnen het niet lezen), de datum waarop u zich aanmeldde en wanneer u voor het "
            "laatst inlogde.",
            "<strong>Uw aanvragen</strong>: de naam en het e-mailadres van de contactpersoon, "
            "een telefoonnummer als u dat opgeeft, de naam van uw organisatie, het "
            "rekeningnummer (IBAN) en de tenaamstelling, de beschrijving van uw plan, de "
            "begroting, de bijlagen, de berichten tussen u en de gemeente, en uw verantwoording "
            "met foto's.",
            "<strong>Uw berichten en inschrijvingen</strong>: wat u invult op het "
            "contactformulier of bij het aanmelden voor een bijeenkomst. Bij een bijeenkomst "
            "ook of u een plaats heeft, op de wachtlijst staat of zich heeft afgemeld, en "
            "wanneer wij u de herinnering stuurden.",
            "<strong>Beveiliging</strong>: wanneer en vanaf welk IP-adres er op uw account werd "
            "ingelogd of een poging mislukte, zodat we misbruik kunnen herkennen.",
        ),
        _heading("Waarvoor gebruiken we ze?"),
        _paragraph(
            "Om uw aanvraag te beoordelen en de bijdrage uit te betalen, om contact met u te "
            "houden, om bijeenkomsten te organiseren en om het portaal veilig te houden. Een "
            "initiatief tonen we alleen op de site als u daar bij de aanvraag toestemming voor "
            "gaf. We verkopen uw gegevens niet en geven ze niet aan anderen, tenzij de wet ons "
            "daartoe verplicht.",
        ),
        _heading("Hoe lang bewaren we ze?"),
        _paragraph(
            "Het portaal past deze termijnen elke dag zelf toe. Als een termijn voorbij is, "
            "verwijderen we de gegevens, of we halen alles eruit wat naar u leidt (uw naam, "
            "e-mailadres, telefoonnummer, rekeningnummer, teksten, bijlagen en foto's). Wat "
            "dan overblijft, zoals bedragen, datums, het dorp en de stappen van de behandeling, "
            "zegt niets meer over u; zo blijven de cijfers over de regeling kloppen.",
            "<ul>"
            f"<li>Een concept-aanvraag waaraan u {_months(terms['DRAFT_MONTHS'])} niets heeft "
            f"gedaan: verwijderd. U krijgt {terms['DRAFT_WARNING_DAYS']} dagen van tevoren een "
            "e-mail, zodat u hem nog kunt afmaken.</li>"
            "<li>Een afgewezen of ingetrokken aanvraag: geanonimiseerd "
            f"{_years(terms['ENDED_YEARS'])} na het besluit of het intrekken.</li>"
            "<li>Een toegekende aanvraag: geanonimiseerd "
            f"{_years(terms['CLOSED_YEARS'])} na de afronding (de vaststelling van de "
            "bijdrage), volgens de selectielijst die de Archiefwet aan gemeenten "
            "voorschrijft.</li>"
            f"<li>Berichten via het contactformulier: {_months(terms['CONTACT_MONTHS'])} na "
            "ontvangst verwijderd.</li>"
            "<li>Inschrijvingen voor een bijeenkomst: "
            f"{_months(terms['REGISTRATION_MONTHS'])} na de bijeenkomst verwijderd.</li>"
            "<li>Bestanden die u uploadde maar niet bij een aanvraag bewaarde: na een dag "
            "verwijderd.</li>"
            "<li>Het beveiligingslog: na "
            f"{_months(terms['SECURITY_LOG_MONTHS'])} verwijderd.</li>"
            f"<li>Een download van uw gegevens: na {download_days} dagen verwijderd.</li>"
            "</ul>",
        ),
        _heading("Uw rechten, en hoe u ze hier gebruikt"),
        _paragraph(
            f"<strong>Inzage</strong>: op {my_data} ziet u, als u bent ingelogd, welke gegevens "
            "we over u bewaren en wat er met elk ervan gebeurt.",
            f"<strong>Dataportabiliteit</strong>: op {my_data} downloadt u al uw gegevens in "
            "één ZIP-bestand: een bestand gegevens.json, dat andere programma's kunnen lezen, "
            "met de bestanden die u uploadde. Is het veel, dan krijgt u een e-mail met een "
            f"link; die werkt {download_days} dagen en alleen als u zelf bent ingelogd.",
            "<strong>Rectificatie</strong>: uw e-mailadres wijzigt u via Mijn gegevens; het "
            "nieuwe adres geldt zodra u het heeft bevestigd. Gegevens in een aanvraag past u "
            "zelf aan zolang die een concept is of de gemeente met u in gesprek is; anders "
            "vraagt u het de gemeente via de berichten bij uw aanvraag.",
            # What erase_account does: an application is anonymised at once, not kept with
            # the person's data until its term ends.
            f"<strong>Verwijdering</strong>: op {my_data} verwijdert u uw account. Concepten, "
            "berichten via het contactformulier, inschrijvingen, bijlagen en foto's verdwijnen "
            "meteen. Uit ingediende aanvragen halen we meteen alles weg wat naar u leidt; de "
            "bedragen, datums, het dorp en de stappen van de behandeling blijven staan, zodat "
            "de cijfers over de regeling kloppen. De pagina vertelt vooraf precies wat er "
            "weggaat en wat er blijft.",
            "<strong>Bezwaar en beperking</strong>: bent u het niet eens met hoe we uw "
            "gegevens gebruiken, of wilt u dat we er tijdelijk niets mee doen, laat het ons "
            "weten via het contactformulier. U krijgt binnen een maand antwoord.",
            "Medewerkers en redacteuren van de gemeente kunnen hun account niet zelf "
            "verwijderen; dat doet een beheerder.",
        ),
        _heading("Wie ziet uw gegevens?"),
        _paragraph(
            "De medewerkers van de gemeente die aanvragen behandelen, en de beheerders van het "
            "portaal. Zij loggen in met een wachtwoord en een code uit een app. Wie gegevens "
            "van inwoners downloadt, welk bestand, met welke selectie en wanneer, wordt "
            "vastgelegd; beheerders kunnen dat nakijken. Redacteuren van de website zien geen "
            "aanvragen.",
        ),
        _heading("Een klacht"),
        _paragraph(
            "Bent u niet tevreden over hoe we met uw gegevens omgaan, laat het ons dan eerst "
            "weten. Komen we er samen niet uit, dan kunt u een klacht indienen bij de "
            f'<a href="{AP_COMPLAINT_URL}">Autoriteit Persoonsgegevens</a>, de toezichthouder '
            "voor privacy in Nederland.",
        ),
    ]


# --- Standard pages and contact ---------------------------------------------------------------

STANDARD_PAGES = [
    (
        "over-ons",
        "Over ons",
        "Dorpskracht is het portaal van de gemeente voor iedereen die werkt aan een leefbaar "
        "dorp of een levendige buurt.",
        [
            _paragraph(
                "In onze kernen gebeurt al ontzettend veel: verenigingen, dorpshuizen, "
                "zorgcoöperaties, energiecoöperaties, buurtapps en wensbussen. Die kracht van de "
                "samenleving willen we zichtbaar maken en versterken.",
            ),
            _heading("De rol van de gemeente"),
            _paragraph(
                "De gemeente ziet zichzelf als partner die faciliteert. Dat betekent: "
                "duidelijk zijn over waar we naartoe willen, regels die belemmeren durven "
                "heroverwegen, investeren in nieuwe samenwerking en kennis organiseren waar die "
                "ontbreekt.",
                "Initiatieven laten we waar ze horen: bij de inwoners. Wij vullen aan waar dat "
                "nodig is en helpen door te gaan als het even tegenzit.",
            ),
            _heading("Wat vindt u op dit portaal?"),
            _paragraph(
                "Een kennisbank met artikelen over eigenaarschap, burgerkracht, de Omgevingswet, "
                "de energietransitie en meer; een agenda met transitiegesprekken; de regeling "
                "dorpsinitiatieven, waarmee u online een bijdrage aanvraagt; en een overzicht "
                "van initiatieven die al zijn gerealiseerd.",
            ),
        ],
    ),
    (
        "privacyverklaring",
        "Privacyverklaring",
        "Welke gegevens de gemeente via dit portaal over u bewaart, hoe lang, en hoe u zelf "
        "uw gegevens inziet, meeneemt, verbetert of laat verwijderen.",
        privacy_statement_body,
    ),
    (
        "toegankelijkheidsverklaring",
        "Toegankelijkheidsverklaring",
        "Gemeente Dorpskracht wil dat iedereen dit portaal kan gebruiken, ook met een beperking "
        "of een hulpmiddel. Hier leest u hoe toegankelijk het portaal nu is en wat u kunt doen "
        "als iets niet werkt.",
        accessibility_statement_body,
    ),
]

CONTACT_FIELDS = [
    ("Naam", "singleline", True, ""),
    ("E-mailadres", "email", True, "We gebruiken uw e-mailadres alleen om u te antwoorden."),
    ("Telefoonnummer", "singleline", False, "Als u liever gebeld wordt."),
    ("Uw vraag of bericht", "multiline", True, ""),
]


def _load_standard_pages(command, home):
    for slug, title, intro, body in STANDARD_PAGES:
        body = body() if callable(body) else body
        _page, created = _child(home, StandardPage, slug, title=title, intro=intro, body=body)
        if created:
            _say(command, f"  Pagina aangemaakt: {title}")

    contact, created = _child(
        home,
        ContactPage,
        "contact",
        title="Contact",
        intro=(
            "<p>Heeft u een vraag over een initiatief, de regeling dorpsinitiatieven of dit "
            "portaal? Stuur ons een bericht. We reageren meestal binnen vijf werkdagen.</p>"
        ),
        thank_you_text=(
            "<p>Dank u wel! We hebben uw bericht ontvangen en nemen zo snel mogelijk contact "
            "met u op.</p>"
        ),
        subject="Nieuw bericht via Dorpskracht",
        form_fields=[
            ContactFormField(
                sort_order=order,
                label=label,
                field_type=field_type,
                required=required,
                help_text=help_text,
            )
            for order, (label, field_type, required, help_text) in enumerate(CONTACT_FIELDS)
        ],
    )
    if created:
        _say(command, "  Contactpagina aangemaakt")
    return contact


def load(command):
    """Create the home page (as the site root), the principles, values, standard pages and the
    contact page; return the home page."""
    _say(command, "Startpagina en vaste pagina's…")
    home = _ensure_home_page(command)
    _load_principles(command, home)
    _load_standard_pages(command, home)
    return home


# --- Navigation and footer ----------------------------------------------------------------------

# (app label, model name, label in the menu) in menu order; missing types are skipped.
MENU_PAGE_TYPES = [
    ("home", "PrincipleIndexPage", "Transitieprincipes"),
    ("knowledge", "KnowledgeIndexPage", "Kennisbank"),
    ("knowledge", "EventIndexPage", "Transitiegesprekken"),
    ("home", "NewsIndexPage", "Actueel"),
    ("grants", "SchemePage", "Bijdrage aanvragen"),
    ("grants", "ProjectShowcasePage", "Initiatieven"),
]
FOOTER_SLUGS = ["over-ons", "contact", "privacyverklaring", "toegankelijkheidsverklaring"]
# The short page earlier demo content made in the statement's place (see load_navigation).
OLD_ACCESSIBILITY_SLUG = "toegankelijkheid"


def _first_live_page(home, app_label, model_name):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    return model.objects.descendant_of(home).live().order_by("path").first()


def add_to_main_menu(command, home_page, page, label):
    """Add ``page`` to a main menu that is already filled (a site from before ``page``
    existed), before the "Over ons" and contact links; an empty menu is left to
    ``load_navigation``, and a menu that links the page already is left as it is."""
    site = (
        Site.objects.filter(root_page=home_page).first()
        or Site.objects.filter(is_default_site=True).first()
    )
    navigation = NavigationSettings.for_site(site)
    items = list(navigation.menu_items.all())
    if not items or any(item.link_page_id == page.pk for item in items):
        return
    tail = [item for item in items if item.link_page_id and item.link_page.slug in FOOTER_SLUGS]
    position = tail[0].sort_order if tail else max(item.sort_order or 0 for item in items) + 1
    for item in items:
        if (item.sort_order or 0) >= position:
            item.sort_order = (item.sort_order or 0) + 1
            item.save(update_fields=["sort_order"])
    NavigationItem.objects.create(
        settings=navigation, link_page=page, label=label, sort_order=position
    )
    _say(command, f"  Hoofdmenu: '{label}' toegevoegd")


def load_navigation(command, home_page):
    """Fill the main menu and the footer with the pages that exist, unless editors (or an
    earlier run) already did; point the home page's call to action at the funding scheme."""
    _say(command, "Navigatie en voettekst…")
    site = (
        Site.objects.filter(root_page=home_page).first()
        or Site.objects.filter(is_default_site=True).first()
    )

    scheme_page = _first_live_page(home_page, "grants", "SchemePage")
    if scheme_page is not None and home_page.cta_page_id is None:
        home_page.cta_page = scheme_page
        _publish(home_page)
        _say(command, f"  Oproep op de startpagina verwijst naar '{scheme_page.title}'")

    navigation = NavigationSettings.for_site(site)
    if not navigation.menu_items.exists():
        order = 0
        for app_label, model_name, label in MENU_PAGE_TYPES:
            page = _first_live_page(home_page, app_label, model_name)
            if page is None:
                continue
            NavigationItem.objects.create(
                settings=navigation, link_page=page, label=label, sort_order=order
            )
            order += 1
        about = StandardPage.objects.child_of(home_page).filter(slug="over-ons").first()
        if about is not None:
            NavigationItem.objects.create(settings=navigation, link_page=about, sort_order=order)
            order += 1
        contact = ContactPage.objects.child_of(home_page).first()
        if contact is not None:
            NavigationItem.objects.create(settings=navigation, link_page=contact, sort_order=order)
            order += 1
        _say(command, f"  Hoofdmenu: {order} links")

    # The house style's row with the portal's own colours, made now rather than by the first
    # visitor (whose save would empty the page cache it was about to fill).
    IdentitySettings.for_site(site)

    footer = FooterSettings.for_site(site)
    if not footer.address and not footer.links.exists():
        footer.organisation = "Gemeente Dorpskracht"
        footer.text = (
            "Dorpskracht verbindt dorps- en buurtinitiatieven met elkaar en met de gemeente. "
            "Samen maken we pionieren tot het nieuwe normaal."
        )
        footer.address = "Dorpsstraat 1\n9999 AA Dorpskracht"
        footer.postal_address = "Postbus 100, 9999 AA Dorpskracht"
        footer.phone = "14 0999"
        footer.email = "dorpskracht@gemeente.example"
        footer.opening_hours = "Maandag tot en met vrijdag van 9.00 tot 17.00 uur"
        footer.save()
        for order, slug in enumerate(FOOTER_SLUGS):
            page = Page.objects.child_of(home_page).filter(slug=slug).first()
            if page is not None:
                FooterLink.objects.create(settings=footer, link_page=page, sort_order=order)
        _say(command, "  Voettekst ingevuld")
    _link_statement_instead_of_old_page(command, home_page, footer)


def _link_statement_instead_of_old_page(command, home_page, footer):
    """Earlier demo content linked a short page "Toegankelijkheid" in the footer; point that
    link at the statement (the short page stays, editors may remove it)."""
    statement = Page.objects.child_of(home_page).filter(slug=FOOTER_SLUGS[-1]).first()
    old = Page.objects.child_of(home_page).filter(slug=OLD_ACCESSIBILITY_SLUG).first()
    if statement is None or old is None or footer.links.filter(link_page=statement).exists():
        return
    for link in footer.links.filter(link_page=old):
        link.link_page = statement
        link.save()  # saved one by one, so the page cache hears of it
        _say(command, "  Voettekst verwijst naar de toegankelijkheidsverklaring")


# --- Accounts -----------------------------------------------------------------------------------


def ensure_demo_users(command):
    """A superuser for local use only; returns {role: (login, password)} for the command: the
    e-mail address, as everyone logs in with that (allauth)."""
    username, password = DEMO_ADMIN
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        User.objects.create_superuser(
            username=username,
            email=DEMO_ADMIN_EMAIL,
            password=password,
            first_name="Demo",
            last_name="Beheerder",
        )
        _say(command, f"  Beheerder '{username}' aangemaakt")
    return {"Beheerder": (DEMO_ADMIN_EMAIL, password)}
