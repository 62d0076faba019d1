"""The knowledge bank (articles by topic) and the events ("transitiegesprekken").

Listings query the specific page model directly, with its topics and listing image (and the
image's renditions) prefetched, so an index page costs the same number of queries whether it
lists three items or three hundred.

An event page is a Wagtail e-mail form page: registrations are stored as form submissions
(``EventRegistration``, visible under "Formulieren" in the admin with their status) and each one
is e-mailed to the organiser by a background task. The registrant gets a confirmation with a
calendar file and a personal cancel link; when the event is full a registration goes on the
waiting list, and a cancellation gives the place to the first one waiting. Registration closes at
the deadline (or when the event starts). A week before, ``send_event_reminders`` reminds everyone
registered.
"""

import datetime
import secrets
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.forms import CheckboxSelectMultiple
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormSubmission
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core import rate_limits
from core.blocks import BaseStreamBlock
from core.public_forms import PublicFormBuilder
from core.rate_limits import RateLimit, client_address

from . import tasks
from .blocks import ProgrammeBlock
from .pagination import paginate

# One rendition for every listing card, so it can be prefetched with the list.
LISTING_IMAGE_SPEC = "fill-640x360"
INTRO_FEATURES = ["bold", "italic", "link", "document-link"]
TOPIC_PARAM = "onderwerp"
KIND_PARAM = "soort"


# --- Topics ---------------------------------------------------------------------------------


class Topic(models.Model):
    """A theme of the knowledge bank and the events, such as Eigenaarschap or Omgevingswet."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_(
            "Deel van het webadres bij het filteren, bijvoorbeeld 'energietransitie'. "
            "Leeg laten vult het automatisch in op basis van de naam."
        ),
    )
    description = models.TextField(_("beschrijving"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")

    def __str__(self):
        return self.name

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.name)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


def _listing_image_prefetch():
    return Prefetch(
        "listing_image",
        queryset=get_image_model().objects.prefetch_renditions(LISTING_IMAGE_SPEC),
    )


# --- Knowledge bank ---------------------------------------------------------------------------


class ArticleKind(models.TextChoices):
    ARTICLE = "artikel", _("Artikel")
    REPORT = "rapport", _("Rapport")
    TOOLKIT = "toolkit", _("Toolkit")
    VIDEO = "video", _("Video")


class ArticlePageQuerySet(PageQuerySet):
    def for_listing(self):
        """Newest first, with everything a listing card shows fetched in a fixed number of
        queries (topics, listing image and its rendition)."""
        return self.prefetch_related("topics", _listing_image_prefetch()).order_by(
            "-date", "-first_published_at", "-pk"
        )


ArticlePageManager = PageManager.from_queryset(ArticlePageQuerySet)


class KnowledgeIndexPage(Page):
    intro = RichTextField(_("inleiding"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["knowledge.ArticlePage"]
    page_description = _("De kennisbank: artikelen, rapporten, toolkits en video's per onderwerp.")

    articles_per_page = 12

    class Meta:
        verbose_name = _("kennisbank")
        verbose_name_plural = _("kennisbanken")

    def get_articles(self):
        return ArticlePage.objects.child_of(self).live().public().for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = list(Topic.objects.all())
        topic_slug = request.GET.get(TOPIC_PARAM, "")
        active_topic = next((topic for topic in topics if topic.slug == topic_slug), None)
        kind = request.GET.get(KIND_PARAM, "")
        if kind not in ArticleKind.values:
            kind = ""

        articles = self.get_articles()
        if active_topic:
            articles = articles.filter(topics=active_topic)
        if kind:
            articles = articles.filter(kind=kind)
        page_obj, page_range = paginate(request, articles, self.articles_per_page)
        context.update(
            articles=page_obj.object_list,
            page_obj=page_obj,
            page_range=page_range,
            topics=topics,
            active_topic=active_topic,
            kinds=ArticleKind.choices,
            active_kind=kind,
            is_filtered=bool(active_topic or kind),
        )
        return context


class ArticlePage(Page):
    kind = models.CharField(
        _("soort"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.ARTICLE
    )
    date = models.DateField(
        _("datum"), default=timezone.localdate, help_text=_("Datum van verschijnen.")
    )
    intro = models.TextField(
        _("samenvatting"),
        max_length=600,
        help_text=_("Eén of twee zinnen; verschijnt ook in het overzicht en in zoekresultaten."),
    )
    listing_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("afbeelding in het overzicht"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    listing_image_alt = models.CharField(
        _("alternatieve tekst van de afbeelding"),
        max_length=250,
        blank=True,
        help_text=_(
            "Beschrijf wat er op de afbeelding te zien is. Leeg laten gebruikt de beschrijving "
            "van de afbeelding zelf; een van beide is verplicht."
        ),
    )
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("onderwerpen"), blank=True, related_name="articles"
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)
    source = models.CharField(
        _("bron"),
        max_length=255,
        blank=True,
        help_text=_("Bijvoorbeeld de organisatie of publicatie waar dit op gebaseerd is."),
    )
    source_url = models.URLField(_("webadres van de bron"), blank=True)

    objects = ArticlePageManager()

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("listing_image"), FieldPanel("listing_image_alt")],
            heading=_("Afbeelding"),
        ),
        FieldPanel("topics", widget=CheckboxSelectMultiple),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("source_url")], heading=_("Bron")),
        InlinePanel("related_documents", heading=_("Documenten"), label=_("Document")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("source"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("date"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["knowledge.KnowledgeIndexPage"]
    subpage_types = []
    page_description = _("Een artikel, rapport, toolkit of video in de kennisbank.")

    class Meta:
        verbose_name = _("kennisbankartikel")
        verbose_name_plural = _("kennisbankartikelen")

    def clean(self):
        super().clean()
        if self.listing_image and not self.listing_image_alt_text:
            raise ValidationError(
                {
                    "listing_image_alt": _(
                        "Geef een alternatieve tekst: beschrijf wat er op de afbeelding te zien "
                        "is (of vul de beschrijving van de afbeelding in)."
                    )
                }
            )

    @property
    def listing_image_alt_text(self):
        """The alt text of the listing image: this page's own, else the image's description."""
        if not self.listing_image:
            return ""
        return self.listing_image_alt.strip() or self.listing_image.description.strip()

    def get_related_documents(self):
        return self.related_documents.select_related("document")


class ArticleDocument(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("linktekst"),
        max_length=255,
        blank=True,
        help_text=_("Leeg laten gebruikt de titel van het document."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document bij artikel")
        verbose_name_plural = _("documenten bij artikel")

    @property
    def link_text(self):
        return self.title or self.document.title


# --- Events -----------------------------------------------------------------------------------


class RegistrationMethod(models.TextChoices):
    FORM = "formulier", _("Aanmelden met het formulier op deze pagina")
    EMAIL = "e-mail", _("Aanmelden per e-mail (volgens de instructies)")
    NONE = "geen", _("Geen aanmelding nodig")


class RegistrationState(models.TextChoices):
    """What a visitor of the event page can do about registering, right now."""

    OPEN = "open", _("Aanmelden kan")
    EMAIL = "e-mail", _("Aanmelden per e-mail")
    # Full: a registration goes on the waiting list.
    FULL = "vol", _("Vol")
    CLOSED = "gesloten", _("Aanmelding gesloten")
    PAST = "voorbij", _("Voorbij")
    NOT_NEEDED = "geen", _("Geen aanmelding nodig")


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events that have not yet ended, soonest first."""
        now = timezone.localtime(now)
        return self.filter(
            Q(date__gt=now.date()) | Q(date=now.date(), end_time__gt=now.time())
        ).order_by("date", "start_time", "pk")

    def past(self, now=None):
        """Events that have ended, most recent first."""
        now = timezone.localtime(now)
        return self.filter(
            Q(date__lt=now.date()) | Q(date=now.date(), end_time__lte=now.time())
        ).order_by("-date", "-start_time", "-pk")

    def for_listing(self):
        return self.prefetch_related("topics")


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(Page):
    intro = RichTextField(_("inleiding"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["knowledge.EventPage"]
    page_description = _(
        "Overzicht van de transitiegesprekken: komende en afgelopen bijeenkomsten."
    )

    past_events_per_page = 10

    class Meta:
        verbose_name = _("overzicht bijeenkomsten")
        verbose_name_plural = _("overzichten bijeenkomsten")

    def get_events(self):
        return EventPage.objects.child_of(self).live().public().for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = self.get_events()
        page_obj, page_range = paginate(request, events.past(now), self.past_events_per_page)
        context.update(
            upcoming_events=list(events.upcoming(now)),
            past_events=page_obj.object_list,
            page_obj=page_obj,
            page_range=page_range,
        )
        return context


class EventFormField(AbstractFormField):
    """A field of an event's registration form, as the editor configures it."""

    page = ParentalKey("EventPage", on_delete=models.CASCADE, related_name="form_fields")


def default_registration_fields():
    """The registration form when the editor has not configured one: name, e-mail,
    organisation and involvement (what the organisers of the seed events asked for)."""
    return [
        EventFormField(clean_name="naam", label=_("Naam"), field_type="singleline", required=True),
        EventFormField(
            clean_name="e_mailadres", label=_("E-mailadres"), field_type="email", required=True
        ),
        EventFormField(
            clean_name="organisatie",
            label=_("Organisatie of initiatief"),
            field_type="singleline",
            required=False,
            help_text=_("Als u namens een organisatie of initiatief komt."),
        ),
        EventFormField(
            clean_name="betrokkenheid",
            label=_("Hoe bent u betrokken bij dit onderwerp?"),
            field_type="multiline",
            required=False,
        ),
    ]


class EventPage(AbstractEmailForm):
    """A transitiegesprek: when and where, who leads it, the programme, registration, and
    afterwards the report and the recording."""

    form_builder = PublicFormBuilder

    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"))
    end_time = models.TimeField(_("eindtijd"))
    location_name = models.CharField(
        _("locatie"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: Dorpshuis De Linde")
    )
    location_address = models.TextField(_("adres"), blank=True)
    is_online = models.BooleanField(_("online bijeenkomst"), default=False)
    online_instructions = models.TextField(
        _("zo doet u online mee"),
        blank=True,
        help_text=_("Bijvoorbeeld: 'Na uw aanmelding ontvangt u een link voor Zoom.'"),
    )
    route_info = models.TextField(
        _("route en praktische informatie"),
        blank=True,
        help_text=_(
            "Hoe komt u er, waar parkeert u, is de zaal toegankelijk? Staat op de pagina, in "
            "de bevestiging, in de herinnering en in het agendabestand."
        ),
    )
    chair = models.CharField(
        _("gespreksleider"), max_length=200, blank=True, help_text=_("Of dagvoorzitter.")
    )
    intro = models.TextField(
        _("samenvatting"),
        max_length=600,
        help_text=_("Eén of twee zinnen; verschijnt ook in het overzicht."),
    )
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programma"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)
    topics = ParentalManyToManyField(
        Topic, verbose_name=_("onderwerpen"), blank=True, related_name="events"
    )

    registration_method = models.CharField(
        _("aanmelden"),
        max_length=20,
        choices=RegistrationMethod.choices,
        default=RegistrationMethod.FORM,
    )
    registration_instructions = RichTextField(
        _("instructies voor aanmelden per e-mail"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Alleen bij aanmelden per e-mail: aan wie, met welke gegevens."),
    )
    capacity = models.PositiveIntegerField(
        _("maximum aantal deelnemers"),
        null=True,
        blank=True,
        help_text=_(
            "Leeg laten als er geen maximum is. Is het vol, dan komen nieuwe aanmeldingen op de "
            "wachtlijst; bij een afmelding schuift de eerste op de wachtlijst door."
        ),
    )
    registration_deadline = models.DateTimeField(
        _("aanmelden kan tot"),
        null=True,
        blank=True,
        help_text=_("Leeg laten: aanmelden kan tot de bijeenkomst begint."),
    )
    thank_you_text = RichTextField(
        _("bedanktekst"),
        blank=True,
        features=INTRO_FEATURES,
        help_text=_("Verschijnt na het aanmelden."),
    )

    report_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("verslag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recording_url = models.URLField(
        _("opname"), blank=True, help_text=_("Webadres van de opname, bijvoorbeeld op YouTube.")
    )

    objects = EventPageManager()

    content_panels = [
        *Page.content_panels,
        FieldRowPanel(
            [FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")],
            heading=_("Datum en tijd"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("location_name"),
                FieldPanel("location_address"),
                FieldPanel("is_online"),
                FieldPanel("online_instructions"),
                FieldPanel("route_info"),
            ],
            heading=_("Waar"),
        ),
        FieldPanel("chair"),
        FieldPanel("intro"),
        FieldPanel("topics", widget=CheckboxSelectMultiple),
        FieldPanel("programme"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("report_document"), FieldPanel("recording_url")],
            heading=_("Na afloop"),
            help_text=_(
                "Het verslag en de opname verschijnen op de pagina zodra de bijeenkomst voorbij is."
            ),
        ),
    ]
    registration_panels = [
        FormSubmissionsPanel(),
        FieldPanel("registration_method"),
        FieldPanel("capacity"),
        FieldPanel("registration_deadline"),
        FieldPanel("registration_instructions"),
        InlinePanel(
            "form_fields",
            heading=_("Velden van het aanmeldformulier"),
            label=_("Veld"),
            help_text=_(
                "Leeg laten geeft een standaardformulier: naam, e-mailadres, organisatie en "
                "betrokkenheid."
            ),
        ),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("subject")],
            heading=_("E-mail naar de organisator"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhoud")),
            ObjectList(registration_panels, heading=_("Aanmelding")),
            ObjectList(Page.promote_panels, heading=_("Promotie")),
            ObjectList(Page.settings_panels, heading=_("Instellingen")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("programme"),
        index.SearchField("location_name"),
        index.SearchField("chair"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    parent_page_types = ["knowledge.EventIndexPage"]
    subpage_types = []
    page_description = _("Een transitiegesprek of andere bijeenkomst, met aanmelding.")

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")

    # -- When ------------------------------------------------------------------------------

    @property
    def starts_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time))

    def has_started(self, now=None):
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None):
        return (now or timezone.now()) >= self.ends_at

    def clean(self):
        super().clean()
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("De eindtijd moet na de begintijd liggen.")
        if not self.is_online and not self.location_name.strip():
            errors["location_name"] = _("Vul een locatie in, of vink 'online bijeenkomst' aan.")
        if (
            self.registration_deadline
            and self.date
            and self.start_time
            and self.registration_deadline > self.starts_at
        ):
            errors["registration_deadline"] = _(
                "De aanmelding moet sluiten voordat de bijeenkomst begint."
            )
        if (
            self.registration_method == RegistrationMethod.EMAIL
            and not (self.registration_instructions or "").strip()
        ):
            errors["registration_instructions"] = _(
                "Schrijf hoe mensen zich per e-mail kunnen aanmelden."
            )
        if errors:
            raise ValidationError(errors)

    # -- Registration ----------------------------------------------------------------------

    def get_form_fields(self):
        return list(self.form_fields.all()) or default_registration_fields()

    def get_data_fields(self):
        """The admin's columns (and its export): the date, the status, then the form's fields."""
        submit_time, *fields = super().get_data_fields()
        return [submit_time, ("status", _("Status")), *fields]

    def get_submission_class(self):
        return EventRegistration

    def registrations(self):
        """Who holds a place (not the waiting list, not those who cancelled)."""
        return self.get_submissions().filter(status=RegistrationStatus.REGISTERED)

    def waiting_list(self):
        """Who waits for a place, first come first served."""
        return (
            self.get_submissions()
            .filter(status=RegistrationStatus.WAITING)
            .order_by("submit_time", "pk")
        )

    @cached_property
    def registration_count(self):
        return self.registrations().count()

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.registration_count, 0)

    @property
    def registration_closes_at(self):
        """The moment registering stops: the deadline, or else the start (never after it)."""
        if self.registration_deadline and self.registration_deadline < self.starts_at:
            return self.registration_deadline
        return self.starts_at

    def registration_state(self, now=None):
        if self.has_started(now):
            return RegistrationState.PAST
        if self.registration_method == RegistrationMethod.NONE:
            return RegistrationState.NOT_NEEDED
        if self.registration_method == RegistrationMethod.EMAIL:
            return RegistrationState.EMAIL
        if (now or timezone.now()) >= self.registration_closes_at:
            return RegistrationState.CLOSED
        if self.capacity is not None and self.registration_count >= self.capacity:
            return RegistrationState.FULL
        return RegistrationState.OPEN

    def accepts_registrations(self, now=None):
        """The form takes registrations: a place, or a place on the waiting list."""
        return self.registration_state(now) in (RegistrationState.OPEN, RegistrationState.FULL)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["registration_state"] = self.registration_state()
        context["show_follow_up"] = self.has_ended() and bool(
            self.report_document_id or self.recording_url
        )
        return context

    # Each registration is mailed to the organiser. Per client address generously (a secretary
    # may register a whole village council), per e-mail address tightly (no one registers
    # someone else at every event); the same address twice for one event is refused anyway.
    address_rate_limit = RateLimit("registration-address", limit=20, window=60 * 60)
    email_rate_limit = RateLimit("registration-email", limit=5, window=60 * 60)

    def serve(self, request, *args, **kwargs):
        form = None
        refusal = {}
        if self.accepts_registrations():
            if request.method == "POST":
                form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
                if form.filled_by_a_bot():
                    # The ordinary thanks, nothing stored or mailed: the bot learns nothing.
                    return self.render_landing_page(request, None, *args, **kwargs)
                if form.is_valid():
                    wait = self.registration_wait(request, form)
                    if wait:
                        refusal = rate_limits.refuse(form, wait)
                    elif (submission := self.register(form)) is not None:
                        return self.render_landing_page(request, submission, *args, **kwargs)
            else:
                form = self.get_form(page=self, user=request.user)
        context = self.get_context(request, *args, **kwargs)
        refused_closed = False
        if context["registration_state"] not in (RegistrationState.OPEN, RegistrationState.FULL):
            form = None
            # Sent from a page loaded before the deadline (or registration closed while it was
            # being sent): nothing is stored, and the page says so.
            refused_closed = (
                request.method == "POST" and self.registration_method == RegistrationMethod.FORM
            )
        context["form"] = form
        context["refused_closed"] = refused_closed
        template = self.get_template(request, *args, **kwargs)
        return TemplateResponse(request, template, context, **refusal)

    def registration_wait(self, request, form):
        """Count this registration against the limits; seconds to wait, or 0."""
        email_field = self._email_field_name()
        email = form.cleaned_data.get(email_field) if email_field else None
        return rate_limits.wait_seconds(
            [
                (self.address_rate_limit, client_address(request)),
                (self.email_rate_limit, email),
            ]
        )

    def _email_field_name(self):
        return next(
            (field.clean_name for field in self.get_form_fields() if field.field_type == "email"),
            None,
        )

    def _lock(self):
        """Lock this event's row until the transaction ends: registering, cancelling and moving
        up count the places under it, so two people can never both take the last place. (On
        PostgreSQL a row lock; SQLite takes its write lock when the transaction begins.)"""
        list(Page.objects.select_for_update().filter(pk=self.pk).values_list("pk"))
        self.__dict__.pop("registration_count", None)

    def register(self, form, now=None):
        """Store a valid registration: with a place while there is one, else on the waiting
        list. None (with an error on the form) when this e-mail address is already registered or
        waiting, or when registration closed meanwhile."""
        with transaction.atomic():
            self._lock()
            if not self.accepts_registrations(now):
                form.add_error(None, _("De aanmelding voor deze bijeenkomst is gesloten."))
                return None
            email_field = self._email_field_name()
            email = form.cleaned_data.get(email_field) if email_field else None
            if (
                email
                and self.get_submissions()
                .exclude(status=RegistrationStatus.CANCELLED)
                .filter(**{f"form_data__{email_field}__iexact": email})
                .exists()
            ):
                form.add_error(
                    email_field, _("Dit e-mailadres is al aangemeld voor deze bijeenkomst.")
                )
                return None
            return self.process_form_submission(form)

    def process_form_submission(self, form):
        full = self.capacity is not None and self.registration_count >= self.capacity
        submission = EventRegistration.objects.create(
            form_data=form.cleaned_data,
            page=self,
            status=RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED,
        )
        self.__dict__.pop("registration_count", None)
        if self.to_address:
            transaction.on_commit(
                partial(tasks.send_registration_notification.enqueue, submission.pk)
            )
        kind = "waiting" if full else "confirmation"
        transaction.on_commit(partial(tasks.send_registrant_email.enqueue, submission.pk, kind))
        return submission

    def cancel(self, registration, now=None):
        """Cancel one registration (or place on the waiting list) and give each free place to
        the first one waiting, who is told by e-mail. False when it was already cancelled."""
        now = now or timezone.now()
        with transaction.atomic():
            self._lock()
            registration = EventRegistration.objects.get(pk=registration.pk)
            if registration.status == RegistrationStatus.CANCELLED:
                return False
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            self.__dict__.pop("registration_count", None)
            self.fill_places(now)
        return True

    def fill_places(self, now=None):
        """Move the first ones of the waiting list up into the free places (call it inside the
        lock); each gets an e-mail with the calendar file. Returns who moved up."""
        if self.capacity is None and not self.waiting_list().exists():
            return []
        if self.has_started(now):
            return []
        free = None if self.capacity is None else self.capacity - self.registration_count
        waiting = self.waiting_list()
        moved = list(waiting if free is None else waiting[: max(free, 0)])
        for registration in moved:
            registration.status = RegistrationStatus.REGISTERED
            registration.moved_up_at = now or timezone.now()
            registration.save(update_fields=["status", "moved_up_at"])
            transaction.on_commit(
                partial(tasks.send_registrant_email.enqueue, registration.pk, "moved_up")
            )
        self.__dict__.pop("registration_count", None)
        return moved

    def get_registrant_email(self, submission):
        email_field = self._email_field_name()
        return submission.form_data.get(email_field) if email_field else None

    def get_registrant_name(self, submission):
        name_field = next(
            (
                field.clean_name
                for field in self.get_form_fields()
                if field.field_type == "singleline" and "naam" in field.clean_name
            ),
            None,
        )
        return (submission.form_data.get(name_field) or "").strip() if name_field else ""

    # -- Reminders -------------------------------------------------------------------------

    REMINDER_DAYS = 7

    def reminder_day(self):
        """The day the reminder goes out: a week before the event."""
        return self.date - datetime.timedelta(days=self.REMINDER_DAYS)

    def registrations_due_for_reminder(self, today=None):
        """Those registered (not waiting, not cancelled) who have had no reminder for the
        event's current date. Who registered or moved up in the last week before the event just
        had the confirmation with everything in it, and gets no reminder on top."""
        today = today or timezone.localdate()
        if not (self.reminder_day() <= today < self.date) or self.has_started():
            return EventRegistration.objects.none()
        window_opens = timezone.make_aware(datetime.datetime.combine(self.reminder_day(), TIME0))
        return (
            self.registrations()
            .filter(Q(reminder_sent_for__isnull=True) | ~Q(reminder_sent_for=self.date))
            .filter(submit_time__lt=window_opens)
            .filter(Q(moved_up_at__isnull=True) | Q(moved_up_at__lt=window_opens))
            .order_by("submit_time", "pk")
        )


TIME0 = datetime.time(0, 0)


def fill_places_after_publish(sender, instance, **kwargs):
    """``page_published``: an editor raised the maximum (or removed it), so places may be free
    for those on the waiting list."""
    with transaction.atomic():
        instance._lock()
        instance.fill_places()


class RegistrationStatus(models.TextChoices):
    REGISTERED = "aangemeld", _("Aangemeld")
    WAITING = "wachtlijst", _("Wachtlijst")
    CANCELLED = "afgemeld", _("Afgemeld")


def new_cancel_token():
    """An unguessable token for the personal cancel link (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class EventRegistration(FormSubmission):
    """One registration for an event: Wagtail's form submission (the form data) with where the
    person stands, their cancel link and the reminder sent. Deleting it (erasure, retention)
    deletes the form submission with it."""

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    cancel_token = models.CharField(
        _("afmeldcode"), max_length=64, unique=True, default=new_cancel_token, editable=False
    )
    moved_up_at = models.DateTimeField(_("van de wachtlijst gehaald op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    # The event's date the reminder was sent for: when the date changes, a new one is due.
    reminder_sent_for = models.DateField(_("herinnering verstuurd voor"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")

    def get_data(self):
        return {**super().get_data(), "status": self.get_status_display()}

    def export_details(self):
        """What "Mijn gegevens" adds to the form data in the download."""
        return {
            "status": self.get_status_display(),
            "van_de_wachtlijst_op": self.moved_up_at.isoformat() if self.moved_up_at else None,
            "afgemeld_op": self.cancelled_at.isoformat() if self.cancelled_at else None,
            "herinnering_verstuurd_op": (
                self.reminder_sent_at.isoformat() if self.reminder_sent_at else None
            ),
        }

    def waiting_position(self):
        """1 for the first on the waiting list; None when not waiting."""
        if self.status != RegistrationStatus.WAITING:
            return None
        earlier = Q(submit_time__lt=self.submit_time) | Q(
            submit_time=self.submit_time, pk__lt=self.pk
        )
        return (
            EventRegistration.objects.filter(page_id=self.page_id, status=self.status)
            .filter(earlier)
            .count()
            + 1
        )

    def claim_reminder(self, event_date, now=None):
        """Record that the reminder for ``event_date`` goes out; False when it already did
        (another run got there first). Conditional, so it holds with several runs at once."""
        claimed = (
            EventRegistration.objects.filter(pk=self.pk, status=RegistrationStatus.REGISTERED)
            .exclude(reminder_sent_for=event_date)
            .update(reminder_sent_for=event_date, reminder_sent_at=now or timezone.now())
        )
        return bool(claimed)

    def release_reminder(self, previous_date, previous_at):
        """Give a claimed reminder back (the mail failed), so the next run tries again."""
        EventRegistration.objects.filter(pk=self.pk).update(
            reminder_sent_for=previous_date, reminder_sent_at=previous_at
        )
