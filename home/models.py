"""The site's own pages (home, transition principles, standard and contact pages) and the
navigation and footer that editors manage under "Instellingen".

Featured items on the home page come from small query helpers of the other apps
(``knowledge.queries``, ``grants.showcase``); this module only calls them, so the home page costs
the same number of queries however much content there is.
"""

from functools import partial

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import Length, Substr
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    validate_to_address,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index

from core import contrast, design_tokens, rate_limits
from core.blocks import BaseStreamBlock
from core.rate_limits import RateLimit, client_address
from grants.showcase import featured_projects
from knowledge.pagination import paginate
from knowledge.queries import latest_articles, upcoming_events

from . import tasks
from .forms import ContactFormBuilder
from .links import LinkFields

INTRO_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol"]

# Page types from other apps that belong directly under the home page. Strings, so this
# module does not import them; Wagtail resolves them when the admin asks.
HOME_SUBPAGE_TYPES = [
    "home.PrincipleIndexPage",
    "home.StandardPage",
    "home.ContactPage",
    "home.NewsIndexPage",
    "knowledge.KnowledgeIndexPage",
    "knowledge.EventIndexPage",
    "grants.SchemePage",
    "grants.ProjectShowcasePage",
]


def default_contact_address():
    return settings.PORTAL_STAFF_EMAIL


# --- Home page ------------------------------------------------------------------------------


class HomePage(Page):
    """The start page: who we are, the four principles, what is coming up, and how to apply."""

    EVENTS_LIMIT = 3
    ARTICLES_LIMIT = 3
    PROJECTS_LIMIT = 3
    NEWS_LIMIT = 3
    PRINCIPLES_LIMIT = 8

    hero_title = models.CharField(
        _("titel in de kop"),
        max_length=150,
        help_text=_("De grote titel bovenaan de startpagina. Leeg laten toont de paginatitel."),
        blank=True,
    )
    hero_text = models.TextField(_("tekst in de kop"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding in de kop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("alternatieve tekst van de afbeelding"),
        max_length=250,
        blank=True,
        help_text=_("Verplicht bij een afbeelding: beschrijf wat er te zien is."),
    )
    intro = RichTextField(_("inleiding"), features=INTRO_FEATURES, blank=True)

    principles_heading = models.CharField(
        _("kop boven de principes"), max_length=150, default="Vier transitieprincipes"
    )

    cta_title = models.CharField(
        _("titel"), max_length=150, blank=True, default="Een idee voor uw dorp?"
    )
    cta_text = models.TextField(_("tekst"), max_length=400, blank=True)
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Bijvoorbeeld de pagina van de regeling dorpsinitiatieven."),
    )
    cta_button_text = models.CharField(
        _("knoptekst"), max_length=60, blank=True, default="Vraag een bijdrage aan"
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
            ],
            heading=_("Kop"),
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("principles_heading"),
                InlinePanel(
                    "featured_principles",
                    label=_("Principe"),
                    help_text=_(
                        "Leeg laten toont alle gepubliceerde principes in de volgorde van de "
                        "boomstructuur."
                    ),
                ),
            ],
            heading=_("Uitgelichte principes"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("cta_title"),
                FieldPanel("cta_text"),
                PageChooserPanel("cta_page"),
                FieldPanel("cta_button_text"),
            ],
            heading=_("Oproep om aan te vragen"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_title"),
        index.SearchField("hero_text"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = HOME_SUBPAGE_TYPES
    page_description = _("De startpagina van de site.")

    class Meta:
        verbose_name = _("startpagina")
        verbose_name_plural = _("startpagina's")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Beschrijf de afbeelding voor wie haar niet kan zien.")}
            )
        if self.cta_page_id and not self.cta_button_text.strip():
            raise ValidationError({"cta_button_text": _("Geef de knop een tekst.")})

    def principles(self):
        """The chosen principles in the editor's order, or else every published one.
        Two or three queries, whatever the number of principles."""
        chosen = [item.page_id for item in self.featured_principles.all() if item.page_id]
        pages = PrinciplePage.objects.live().public()
        if chosen:
            by_pk = {page.pk: page for page in pages.filter(pk__in=chosen)}
            return [by_pk[pk] for pk in chosen if pk in by_pk]
        return list(pages.order_by("path")[: self.PRINCIPLES_LIMIT])

    def section_pages(self):
        """The first live page of each overview type, by name, for "see all" links.
        One query; page types of apps that are not installed are skipped."""
        wanted = {
            "principles": ("home", "PrincipleIndexPage"),
            "events": ("knowledge", "EventIndexPage"),
            "articles": ("knowledge", "KnowledgeIndexPage"),
            "projects": ("grants", "ProjectShowcasePage"),
            "news": ("home", "NewsIndexPage"),
        }
        models_by_key = {}
        for key, (app_label, model_name) in wanted.items():
            try:
                models_by_key[key] = apps.get_model(app_label, model_name)
            except LookupError:
                continue
        content_types = ContentType.objects.get_for_models(*models_by_key.values())
        key_by_ct = {content_types[model].pk: key for key, model in models_by_key.items()}
        found = {}
        candidates = (
            Page.objects.live()
            .filter(content_type_id__in=key_by_ct)
            .order_by("path")
            .only("id", "path", "depth", "url_path", "title", "content_type_id", "locale_id")
        )
        for page in candidates:
            found.setdefault(key_by_ct[page.content_type_id], page)
        return found

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["principles"] = self.principles()
        context["upcoming_events"] = upcoming_events(self.EVENTS_LIMIT)
        context["latest_articles"] = latest_articles(self.ARTICLES_LIMIT)
        context["featured_projects"] = featured_projects(self.PROJECTS_LIMIT)
        context["latest_news"] = latest_news(self.NEWS_LIMIT)
        context["section_pages"] = self.section_pages()
        return context


class HomePageFeaturedPrinciple(Orderable):
    home_page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_principles")
    page = models.ForeignKey(
        "home.PrinciplePage",
        verbose_name=_("principe"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("page", "home.PrinciplePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("uitgelicht principe")
        verbose_name_plural = _("uitgelichte principes")


# --- Transition principles --------------------------------------------------------------------


class PrincipleIndexPage(Page):
    """The four transition principles together, with the values they rest on."""

    intro = models.TextField(_("inleiding"), max_length=800, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)
    values_heading = models.CharField(
        _("kop boven de waarden"), max_length=150, default="Waarden waar we voor staan"
    )
    values_intro = models.TextField(_("inleiding bij de waarden"), max_length=600, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("values_heading"),
                FieldPanel("values_intro"),
                InlinePanel("values", label=_("Waarde"), min_num=0),
            ],
            heading=_("Waarden"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("values_intro"),
        index.RelatedFields(
            "values", [index.SearchField("name"), index.SearchField("description")]
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.PrinciplePage"]
    max_count_per_parent = 1
    page_description = _("Overzicht van de transitieprincipes en de waarden.")

    class Meta:
        verbose_name = _("overzicht transitieprincipes")
        verbose_name_plural = _("overzichten transitieprincipes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["principles"] = (
            PrinciplePage.objects.child_of(self).live().public().order_by("path")
        )
        context["values"] = self.values.all()
        return context


class PrincipleValue(Orderable):
    """One value, such as "vertrouwen" or "autonomie", with a sentence on what it means here."""

    page = ParentalKey(PrincipleIndexPage, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(_("waarde"), max_length=80)
    description = models.TextField(_("wat betekent het"), max_length=500, blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("waarde")
        verbose_name_plural = _("waarden")

    def __str__(self):
        return self.name


class PrinciplePage(Page):
    """One transition principle, such as "Nieuwe manieren van samenwerken"."""

    intro = models.TextField(
        _("samenvatting"),
        max_length=600,
        help_text=_("Eén of twee zinnen; verschijnt ook op de startpagina en in het overzicht."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.PrincipleIndexPage"]
    subpage_types: list = []
    page_description = _("Eén transitieprincipe, met uitleg en voorbeelden.")

    class Meta:
        verbose_name = _("transitieprincipe")
        verbose_name_plural = _("transitieprincipes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = list(
            PrinciplePage.objects.sibling_of(self)
            .live()
            .public()
            .order_by("path")
            .only("id", "path", "depth", "url_path", "title", "locale_id")
        )
        position = next((i for i, page in enumerate(siblings) if page.pk == self.pk), None)
        context["principle_number"] = position + 1 if position is not None else None
        if position is not None:
            context["previous_principle"] = siblings[position - 1] if position > 0 else None
            context["next_principle"] = (
                siblings[position + 1] if position + 1 < len(siblings) else None
            )
        return context


# --- Standard pages ---------------------------------------------------------------------------


class StandardPage(Page):
    """A page of text: about us, privacy statement, accessibility, practical information."""

    intro = models.TextField(_("inleiding"), max_length=800, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "home.ContactPage"]
    page_description = _("Een gewone tekstpagina, zoals 'Over ons' of de privacyverklaring.")

    class Meta:
        verbose_name = _("standaardpagina")
        verbose_name_plural = _("standaardpagina's")


# --- News (Actueel) ---------------------------------------------------------------------------

# The one rendition of a news image that cards show, so it can be prefetched with the list.
NEWS_CARD_IMAGE_SPEC = "fill-640x360"
# The page types a news item may point to under "Zie ook".
NEWS_SEE_ALSO_TYPES = ["knowledge.EventPage", "grants.SchemePage"]


class NewsPageQuerySet(PageQuerySet):
    def public(self):
        """Wagtail's ``public()`` (no page in or under a section with a view restriction) as a
        subquery: the same pages, without first reading every restriction in a query of its
        own, so a list of news costs one query."""
        restricted_ancestor = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        return self.exclude(Exists(restricted_ancestor))

    def for_listing(self):
        """Newest first, with the image and its card rendition: one query for the items, one
        more for the renditions only when an item has an image."""
        renditions = (
            get_image_model().get_rendition_model().objects.filter(filter_spec=NEWS_CARD_IMAGE_SPEC)
        )
        return (
            self.select_related("image")
            .prefetch_related(Prefetch("image__renditions", queryset=renditions))
            .order_by("-date", "-first_published_at", "-pk")
        )


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


def latest_news(limit=3):
    """The ``limit`` newest live, public news items for the home page, ready for a card."""
    return list(NewsPage.objects.live().public().for_listing()[:limit])


class NewsIndexPage(Page):
    """Actueel: every news item, newest first, a page at a time."""

    intro = RichTextField(_("inleiding"), features=INTRO_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    page_description = _("Het overzicht van het nieuws (Actueel), het nieuwste eerst.")

    news_per_page = 10

    class Meta:
        verbose_name = _("overzicht nieuws")
        verbose_name_plural = _("overzichten nieuws")

    def get_news(self):
        return NewsPage.objects.child_of(self).live().public().for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_obj, page_range = paginate(request, self.get_news(), self.news_per_page)
        context.update(news_items=page_obj.object_list, page_obj=page_obj, page_range=page_range)
        return context


class NewsPage(Page):
    """One news item: what happened or is coming, with an optional image and a "zie ook" link
    to an event or a funding scheme."""

    date = models.DateField(
        _("publicatiedatum"),
        default=timezone.localdate,
        help_text=_("Staat boven het bericht; het nieuwste bericht staat bovenaan."),
    )
    intro = models.TextField(
        _("samenvatting"),
        max_length=600,
        help_text=_("Eén of twee zinnen; verschijnt ook op de startpagina en in het overzicht."),
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("afbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternatieve tekst van de afbeelding"),
        max_length=250,
        blank=True,
        help_text=_(
            "Beschrijf wat er op de afbeelding te zien is. Leeg laten gebruikt de beschrijving "
            "van de afbeelding zelf; een van beide is verplicht."
        ),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("inhoud"), blank=True)
    see_also_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("zie ook"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Een bijeenkomst of regeling waar dit bericht over gaat (niet verplicht)."),
    )

    objects = NewsPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Afbeelding")),
        FieldPanel("body"),
        PageChooserPanel("see_also_page", NEWS_SEE_ALSO_TYPES),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types: list = []
    page_description = _("Een nieuwsbericht onder Actueel.")

    class Meta:
        # The type name visitors read in the search results and their filters.
        verbose_name = _("nieuws")
        verbose_name_plural = _("nieuwsberichten")

    def clean(self):
        super().clean()
        errors = {}
        if self.image and not self.image_alt_text:
            errors["image_alt"] = _(
                "Geef een alternatieve tekst: beschrijf wat er op de afbeelding te zien is (of "
                "vul de beschrijving van de afbeelding in)."
            )
        if self.see_also_page_id:
            allowed = {label.lower() for label in NEWS_SEE_ALSO_TYPES}
            content_type = self.see_also_page.specific_class._meta.label_lower
            if content_type not in allowed:
                errors["see_also_page"] = _("Kies een bijeenkomst of een regelingpagina.")
        if errors:
            raise ValidationError(errors)

    @property
    def image_alt_text(self):
        """The image's alt text: this page's own, else the image's description."""
        if not self.image:
            return ""
        return self.image_alt.strip() or self.image.description.strip()

    def see_also(self):
        """The "zie ook" page, only while it is live and public."""
        if not self.see_also_page_id:
            return None
        return (
            Page.objects.live()
            .public()
            .filter(pk=self.see_also_page_id)
            .only("id", "path", "depth", "url_path", "title", "locale_id")
            .first()
        )


# --- Contact form -----------------------------------------------------------------------------


class ContactFormField(AbstractFormField):
    page = ParentalKey("home.ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    """A contact form built by editors. Every message is stored (admin: Formulieren) and
    e-mailed to the page's address, or to the portal's staff address when that is empty."""

    form_builder = ContactFormBuilder

    intro = RichTextField(_("inleiding"), features=INTRO_FEATURES, blank=True)
    thank_you_text = RichTextField(
        _("bedanktekst"),
        features=INTRO_FEATURES,
        blank=True,
        help_text=_("Verschijnt nadat iemand het formulier heeft verstuurd."),
    )
    to_address = models.CharField(
        verbose_name=_("naar e-mailadres"),
        max_length=255,
        blank=True,
        default=default_contact_address,
        help_text=_(
            "Berichten worden naar dit adres gestuurd. Meerdere adressen scheiden met een komma. "
            "Leeg laten stuurt ze naar het algemene adres van de gemeente."
        ),
        validators=[validate_to_address],
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Formulierveld")),
        FieldPanel("thank_you_text"),
    ]
    email_panels = [
        FormSubmissionsPanel(),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Inhoud")),
            ObjectList(email_panels, heading=_("E-mail")),
            ObjectList(Page.promote_panels, heading=_("Promotie")),
            ObjectList(Page.settings_panels, heading=_("Instellingen")),
        ]
    )
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types: list = []
    page_description = _(
        "Een contactformulier; berichten komen in de beheeromgeving en per e-mail."
    )

    class Meta:
        verbose_name = _("contactpagina")
        verbose_name_plural = _("contactpagina's")

    # Each message is mailed to the municipality: at most 5 per client address per quarter of
    # an hour (35 in a row were accepted before), enough for a family behind one address.
    rate_limits = (RateLimit("contact-address", limit=5, window=15 * 60),)

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.filled_by_a_bot():
            # The ordinary thanks, nothing stored or mailed: the bot learns nothing.
            return self.render_landing_page(request, None, *args, **kwargs)
        refusal = {}
        if form.is_valid():
            address = client_address(request)
            wait = rate_limits.wait_seconds((limit, address) for limit in self.rate_limits)
            if not wait:
                submission = self.process_form_submission(form)
                return self.render_landing_page(request, submission, *args, **kwargs)
            refusal = rate_limits.refuse(form, wait)
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, **refusal)

    def recipients(self):
        addresses = [a.strip() for a in (self.to_address or "").split(",") if a.strip()]
        return addresses or [settings.PORTAL_STAFF_EMAIL]

    def sender_email(self, form_data):
        """The e-mail address the visitor typed, for Reply-To; None if the form has none."""
        for field in self.get_form_fields():
            if field.field_type == "email" and form_data.get(field.clean_name):
                return form_data[field.clean_name]
        return None

    def process_form_submission(self, form):
        """Store the message and e-mail it once the submission is committed (background task,
        so a slow mail server never keeps the visitor waiting)."""
        submission = self.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=self
        )
        transaction.on_commit(partial(tasks.send_contact_notification.enqueue, submission.pk))
        return submission


# --- Navigation and footer (Instellingen) -----------------------------------------------------


class NavigationItem(LinkFields, Orderable):
    settings = ParentalKey(
        "home.NavigationSettings", on_delete=models.CASCADE, related_name="menu_items"
    )

    class Meta(Orderable.Meta):
        verbose_name = _("menu-item")
        verbose_name_plural = _("menu-items")


class FooterLink(LinkFields, Orderable):
    settings = ParentalKey("home.FooterSettings", on_delete=models.CASCADE, related_name="links")

    class Meta(Orderable.Meta):
        verbose_name = _("link in de voettekst")
        verbose_name_plural = _("links in de voettekst")


class PrefetchedSettingMixin:
    """Fetch a setting with its links (and their pages) in two queries, once per request."""

    links_relation = None

    @classmethod
    def base_queryset(cls):
        item_model = cls._meta.get_field(cls.links_relation).related_model
        return cls.objects.prefetch_related(
            Prefetch(cls.links_relation, queryset=item_model.objects.select_related("link_page"))
        )


@register_setting(icon="list-ul")
class NavigationSettings(PrefetchedSettingMixin, ClusterableModel, BaseSiteSetting):
    links_relation = "menu_items"

    panels = [
        InlinePanel(
            "menu_items",
            label=_("Menu-item"),
            heading=_("Hoofdmenu"),
            help_text=_("De links in het hoofdmenu bovenaan elke pagina, in deze volgorde."),
        )
    ]

    class Meta:
        verbose_name = _("navigatie")
        verbose_name_plural = _("navigatie")


@register_setting(icon="site")
class FooterSettings(PrefetchedSettingMixin, ClusterableModel, BaseSiteSetting):
    links_relation = "links"

    organisation = models.CharField(
        _("organisatie"), max_length=150, blank=True, default="Gemeente Dorpskracht"
    )
    address = models.TextField(_("bezoekadres"), blank=True)
    postal_address = models.TextField(_("postadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    opening_hours = models.CharField(
        _("bereikbaarheid"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: maandag tot en met vrijdag van 9.00 tot 17.00 uur."),
    )
    text = models.TextField(
        _("korte tekst"),
        max_length=400,
        blank=True,
        help_text=_("Eén of twee zinnen over het portaal, onderaan elke pagina."),
    )

    panels = [
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("address"),
                FieldPanel("postal_address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldPanel("opening_hours"),
            ],
            heading=_("Contactgegevens"),
        ),
        InlinePanel("links", label=_("Link"), heading=_("Links")),
    ]

    class Meta:
        verbose_name = _("voettekst")
        verbose_name_plural = _("voettekst")

    @property
    def phone_href(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


# --- Huisstijl (Instellingen) -------------------------------------------------------------------

# The portal's own colours (static/css/portal.css): the defaults, and the fallbacks in the CSS.
DEFAULT_COLOURS = {
    "primary_colour": "#155e4b",
    "primary_text_colour": "#ffffff",
    "link_colour": "#0b4f8a",
    "background_colour": "#ffffff",
    "text_colour": "#1b1b1b",
    "focus_colour": "#0b0c0c",
}
DEFAULT_HEADER_COLOUR = "#0f3d33"  # the darker shade of the default primary colour
# Colours the setting does not change, drawn on the background or behind the text colour.
FIXED_ON_BACKGROUND = ("#4a4f55", "#5a2d82", "#b3261e")  # muted text, visited link, errors
FIXED_BEHIND_TEXT = ("#f4f6f5", "#eef5f2", "#ffdd00")  # panels, cards' tint, focus highlight


def _colour_field(verbose_name, key, help_text=""):
    return models.CharField(
        verbose_name,
        max_length=7,
        default=DEFAULT_COLOURS[key],
        validators=[contrast.validate_hex_colour],
        help_text=help_text,
    )


@register_setting(icon="image")
class IdentitySettings(BaseSiteSetting):
    """The municipality's own look: logo, colours and typeface, as design tokens
    (``/huisstijl.css``, see ``core.design_tokens``). Saving refuses a colour pair with too
    little contrast (WCAG 2.1 AA), with the measured ratio next to the field."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Verschijnt bovenaan elke pagina. Een liggend logo werkt het best."),
    )
    logo_alt = models.CharField(
        _("alternatieve tekst van het logo"),
        max_length=150,
        blank=True,
        help_text=_(
            "Verplicht bij een logo: de naam zoals die in het logo staat, bijvoorbeeld "
            "'Gemeente Dorpskracht'."
        ),
    )
    show_name = models.BooleanField(
        _("naam 'Dorpskracht' naast het logo tonen"),
        default=True,
        help_text=_("Uitzetten als het logo de naam van het portaal al bevat."),
    )
    primary_colour = _colour_field(
        _("hoofdkleur"), "primary_colour", _("Van knoppen, de kop en de voettekst.")
    )
    primary_text_colour = _colour_field(
        _("tekstkleur op de hoofdkleur"), "primary_text_colour", _("Meestal wit of zwart.")
    )
    link_colour = _colour_field(_("linkkleur"), "link_colour")
    background_colour = _colour_field(
        _("achtergrondkleur"), "background_colour", _("Kies een lichte kleur.")
    )
    text_colour = _colour_field(_("tekstkleur"), "text_colour")
    focus_colour = _colour_field(
        _("focuskleur"),
        "focus_colour",
        _("De rand om een link, knop of veld dat met het toetsenbord is gekozen."),
    )
    typeface = models.CharField(
        _("lettertype"),
        max_length=20,
        choices=design_tokens.TYPEFACE_CHOICES,
        default=design_tokens.DEFAULT_TYPEFACE,
        help_text=_("Lettertypen die op de computer of telefoon van de bezoeker staan."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("logo_alt"), FieldPanel("show_name")],
            heading=_("Logo"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("primary_text_colour")]),
                FieldRowPanel([FieldPanel("background_colour"), FieldPanel("text_colour")]),
                FieldRowPanel([FieldPanel("link_colour"), FieldPanel("focus_colour")]),
            ],
            heading=_("Kleuren"),
            help_text=_(
                "Als # met zes tekens, bijvoorbeeld #155e4b. Kleuren met te weinig contrast "
                "worden geweigerd (WCAG 2.1 niveau AA)."
            ),
        ),
        FieldPanel("typeface"),
    ]

    class Meta:
        verbose_name = _("huisstijl")
        verbose_name_plural = _("huisstijl")

    @classmethod
    def base_queryset(cls):
        return cls.objects.select_related("logo")

    # (field, foreground, backgrounds, minimum, message): the first pair below the minimum is
    # reported at the field; fields that are not valid colours are left to their own error.
    def contrast_rules(self):
        text = contrast.TEXT_MINIMUM
        return [
            (
                "text_colour",
                self.text_colour,
                [self.background_colour],
                text,
                _(
                    "Het contrast tussen tekstkleur en achtergrond is %(ratio)s:1; het moet "
                    "minstens %(minimum)s:1 zijn."
                ),
            ),
            (
                "primary_text_colour",
                self.primary_text_colour,
                [self.primary_colour],
                text,
                _(
                    "Het contrast tussen de tekstkleur op de hoofdkleur en de hoofdkleur is "
                    "%(ratio)s:1; het moet minstens %(minimum)s:1 zijn."
                ),
            ),
            (
                "primary_colour",
                self.primary_colour,
                [self.background_colour, *FIXED_BEHIND_TEXT[:2]],
                text,
                _(
                    "De hoofdkleur staat ook als tekst op de achtergrond (zoals bij knoppen met "
                    "een rand); het contrast daarvan is %(ratio)s:1; het moet minstens "
                    "%(minimum)s:1 zijn. Kies een donkerdere hoofdkleur."
                ),
            ),
            (
                "link_colour",
                self.link_colour,
                [self.background_colour],
                text,
                _(
                    "Het contrast tussen linkkleur en achtergrond is %(ratio)s:1; het moet "
                    "minstens %(minimum)s:1 zijn."
                ),
            ),
            (
                "focus_colour",
                self.focus_colour,
                [self.background_colour],
                contrast.NON_TEXT_MINIMUM,
                _(
                    "Het contrast tussen focuskleur en achtergrond is %(ratio)s:1; het moet "
                    "minstens %(minimum)s:1 zijn."
                ),
            ),
            (
                "background_colour",
                self.background_colour,
                FIXED_ON_BACKGROUND,
                text,
                _(
                    "Op deze achtergrond hebben de vaste kleuren van het portaal (toelichtingen, "
                    "bezochte links en foutmeldingen) een contrast van %(ratio)s:1; het moet "
                    "minstens %(minimum)s:1 zijn. Kies een lichtere achtergrond."
                ),
            ),
            (
                "text_colour",
                self.text_colour,
                FIXED_BEHIND_TEXT,
                text,
                _(
                    "Het contrast tussen tekstkleur en de lichte vlakken van het portaal "
                    "(kaders en de gele focusmarkering) is %(ratio)s:1; het moet minstens "
                    "%(minimum)s:1 zijn. Kies een donkerdere tekstkleur."
                ),
            ),
        ]

    def contrast_problems(self):
        """{field: message} for every colour pair below its WCAG minimum."""
        problems = {}
        for field, foreground, backgrounds, minimum, message in self.contrast_rules():
            if field in problems:
                continue
            try:
                ratio = min(contrast.contrast_ratio(foreground, bg) for bg in backgrounds)
            except ValueError:
                continue
            if contrast.rounded_down(ratio) < minimum:
                problems[field] = message % {
                    "ratio": contrast.format_ratio(ratio),
                    "minimum": number_format(minimum, decimal_pos=0 if minimum % 1 == 0 else 1),
                }
        return problems

    def clean(self):
        super().clean()
        errors = {}
        for key in DEFAULT_COLOURS:
            try:
                setattr(self, key, contrast.normalise(getattr(self, key)))
            except ValueError:
                errors[key] = None  # the field's own validator says what is wrong
        if self.logo_id and not self.logo_alt.strip():
            errors["logo_alt"] = _("Beschrijf het logo voor wie het niet kan zien.")
        errors.update(self.contrast_problems())
        errors = {field: message for field, message in errors.items() if message}
        if errors:
            raise ValidationError(errors)

    # --- the design tokens --------------------------------------------------------------------

    def header_colour(self):
        """The header and footer: a darker shade of the primary colour when the text on it is
        lighter (a lighter one when it is darker), so their contrast is at least the checked
        one."""
        primary = self.primary_colour
        if primary == DEFAULT_COLOURS["primary_colour"]:
            return DEFAULT_HEADER_COLOUR
        text_is_lighter = contrast.relative_luminance(
            self.primary_text_colour
        ) > contrast.relative_luminance(primary)
        return contrast.mix(primary, "#000000" if text_is_lighter else "#ffffff", 0.35)

    def tokens(self):
        font = design_tokens.font_stack(self.typeface)
        return {
            "--basis-color-default-bg-document": self.background_colour,
            "--basis-color-default-color-document": self.text_colour,
            "--basis-text-font-family-default": font,
            "--nl-paragraph-color": self.text_colour,
            "--nl-paragraph-font-family": font,
            "--nl-link-color": self.link_colour,
            "--nl-button-primary-background-color": self.primary_colour,
            "--nl-button-primary-border-color": self.primary_colour,
            "--nl-button-primary-color": self.primary_text_colour,
            "--basis-focus-outline-color": self.focus_colour,
            "--dorpskracht-header-background-color": self.header_colour(),
            "--dorpskracht-header-color": self.primary_text_colour,
        }

    def stylesheet(self):
        if not hasattr(self, "_stylesheet"):
            self._stylesheet = design_tokens.stylesheet(self.tokens())
        return self._stylesheet

    @property
    def version(self):
        return design_tokens.version(self.stylesheet())
