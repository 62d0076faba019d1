"""The public face of the grants app: a page per funding scheme and the project showcase.

Editors write these pages in Wagtail; the facts about a scheme (dates, amounts, budget) and the
projects come live from the domain models, which officials manage. The showcase only ever reads
``Application.objects.public()`` and shows a fixed, short list of fields: nothing private can
reach its templates because it is never fetched for them."""

import mimetypes
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock

from ..states import SHOWCASE_KINDS, SHOWCASE_STATES, State
from .application import Application
from .reference import Category, FundingScheme
from .report import ReportPhoto

# Once the initiator has reported, the story and photos may be shown (with public consent).
STORY_STATES = (State.REPORTED, State.CLOSED)
PHOTO_CONTENT_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
PHOTO_CACHE_SECONDS = 600


def apply_url(scheme):
    """Where to apply for ``scheme``; None while the application form is not available."""
    try:
        url = reverse("grants:application_create")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode({'regeling': scheme.slug})}"


@dataclass(frozen=True)
class SchemeFacts:
    """What a visitor needs to know about a scheme, read live from the officials' data."""

    scheme: FundingScheme
    is_open: bool
    opens_in_future: bool
    categories: list
    villages: list
    remaining_budget: Decimal | None
    year: int
    apply_url: str | None


class SchemePage(Page):
    """The public page of one funding scheme: editors explain it, the facts stay live."""

    scheme = models.ForeignKey(
        FundingScheme,
        verbose_name=_("regeling"),
        on_delete=models.PROTECT,
        related_name="pages",
        help_text=_(
            "De regeling waarover deze pagina gaat. Data, bedragen en budget komen uit de "
            "regeling die ambtenaren beheren en staan altijd actueel op de pagina."
        ),
    )
    intro = models.TextField(_("inleiding"), max_length=600, blank=True)
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("inhoud"),
        blank=True,
        help_text=_("Voor wie is de regeling, waarvoor kunt u geld vragen en hoe werkt het?"),
    )
    show_remaining_budget = models.BooleanField(
        _("toon het resterende budget van dit jaar"), default=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("scheme"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("show_remaining_budget"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types: list = []
    template = "grants/pages/scheme_page.html"

    class Meta:
        verbose_name = _("regelingpagina")
        verbose_name_plural = _("regelingpagina's")

    def facts(self, today=None):
        scheme = self.scheme
        today = today or timezone.localdate()
        return SchemeFacts(
            scheme=scheme,
            is_open=scheme.is_open(today),
            opens_in_future=scheme.opens_on > today,
            categories=list(scheme.categories.all()),
            villages=list(scheme.villages.all()),
            remaining_budget=(
                max(scheme.remaining_budget(today.year), Decimal("0"))
                if self.show_remaining_budget
                else None
            ),
            year=today.year,
            apply_url=apply_url(scheme),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["facts"] = self.facts()
        context["showcase_page"] = ProjectShowcasePage.objects.live().public().first()
        return context


class ProjectShowcasePage(RoutablePageMixin, Page):
    """Public project stories: approved initiatives whose initiators agreed to be shown.

    Routes: the listing (filter ``?categorie=<slug>``), ``<reference>/`` for one project and
    ``<reference>/foto/<id>/`` for a report photo, which lives in private storage."""

    intro = models.TextField(_("inleiding"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list = []
    max_count_per_parent = 1
    template = "grants/pages/project_showcase_page.html"
    per_page = 24

    class Meta:
        verbose_name = _("projectenoverzicht")
        verbose_name_plural = _("projectenoverzichten")

    # --- queries -------------------------------------------------------------------------------

    @staticmethod
    def projects():
        """Public applications with what a card needs, in a constant number of queries."""
        return (
            Application.objects.public()
            .select_related("village", "category", "report")
            .prefetch_related(
                Prefetch(
                    "report__photos", queryset=ReportPhoto.objects.order_by("sort_order", "pk")
                )
            )
            .only(
                # Deliberately explicit: the showcase never loads contact details, IBAN, plan or
                # decision texts, so no template can show them by mistake.
                "id",
                "reference",
                "title",
                "summary",
                "granted_amount",
                "state",
                "decided_at",
                "public_consent",
                "village__name",
                "village__slug",
                "category__name",
                "category__slug",
                "category__sort_order",
                "report__id",
                "report__story",
                "report__people_reached",
                "report__volunteers",
            )
        )

    @staticmethod
    def categories_with_projects():
        public = Q(
            applications__state__in=SHOWCASE_STATES,
            applications__public_consent=True,
            applications__kind__in=SHOWCASE_KINDS,
        )
        return (
            Category.objects.annotate(project_count=Count("applications", filter=public))
            .filter(project_count__gt=0)
            .order_by("sort_order", "name")
        )

    def project_url(self, project, base_url=None):
        base_url = base_url or self.url
        return base_url + self.reverse_subpage("project", args=[project.reference])

    def decorate(self, project, base_url):
        """Attach the URLs a template needs, and the photos only once the story may be shown."""
        project.showcase_url = self.project_url(project, base_url)
        report = getattr(project, "report", None) if project.state in STORY_STATES else None
        project.public_report = report
        project.public_photos = (
            [
                (
                    photo,
                    base_url + self.reverse_subpage("photo", args=[project.reference, photo.pk]),
                )
                for photo in report.photos.all()
            ]
            if report
            else []
        )
        return project

    # --- routes --------------------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        categories = list(self.categories_with_projects())
        slug = request.GET.get("categorie", "").strip()
        projects = self.projects().order_by(
            "category__sort_order", "category__name", "-decided_at", "-pk"
        )
        active_category = None
        if slug:
            projects = projects.filter(category__slug=slug)
            active_category = next((c for c in categories if c.slug == slug), None)

        paginator = Paginator(projects, self.per_page)
        page_obj = paginator.get_page(request.GET.get("pagina"))
        base_url = self.get_url(request)
        for project in page_obj.object_list:
            self.decorate(project, base_url)

        base_query = {"categorie": slug} if slug else {}
        return self.render(
            request,
            context_overrides={
                "categories": categories,
                "active_slug": slug,
                "active_category": active_category,
                "page_obj": page_obj,
                "projects": page_obj.object_list,
                "category_links": [
                    (category, f"{base_url}?{urlencode({'categorie': category.slug})}")
                    for category in categories
                ],
                "page_query_prefix": f"?{urlencode(base_query)}&" if base_query else "?",
            },
        )

    @path("<slug:reference>/", name="project")
    def project_route(self, request, reference):
        project = get_object_or_404(self.projects(), reference=reference)
        self.decorate(project, self.get_url(request))
        context = self.get_context(request)
        context.update({"project": project})
        return TemplateResponse(request, "grants/pages/project_detail.html", context)

    @path("<slug:reference>/foto/<int:photo_id>/", name="photo")
    def photo_route(self, request, reference, photo_id):
        """A report photo from private storage, for anyone, once the project story is public."""
        visible = Application.objects.public().filter(state__in=STORY_STATES, reference=reference)
        photo = get_object_or_404(ReportPhoto, pk=photo_id, report__application__in=visible)
        content_type, _encoding = mimetypes.guess_type(photo.image.name)
        if content_type not in PHOTO_CONTENT_TYPES:
            raise Http404
        try:
            handle = photo.image.open("rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = f"public, max-age={PHOTO_CACHE_SECONDS}"
        return response
