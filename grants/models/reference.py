"""Reference data officials manage: villages, categories and funding schemes."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from ..states import COMMITTED_STATES


class Village(index.Indexed, models.Model):
    """A village or neighbourhood ("kern"); every application belongs to one."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("kern")
        verbose_name_plural = _("kernen")

    def __str__(self):
        return self.name


class Category(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")

    def __str__(self):
        return self.name


class FundingSchemeQuerySet(models.QuerySet):
    def open_on(self, on=None):
        """The schemes open for applications on ``on`` (today): the same rule as ``is_open``."""
        on = on or timezone.localdate()
        return self.filter(opens_on__lte=on).filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=on)
        )


class FundingScheme(models.Model):
    """A funding scheme ("regeling"). Officials manage the money here; editors write its page."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    yearly_budget = models.DecimalField(
        _("budgetplafond per jaar"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_amount = models.DecimalField(
        _("minimumbedrag per aanvraag"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_amount = models.DecimalField(
        _("maximumbedrag per aanvraag"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    opens_on = models.DateField(_("open vanaf"))
    closes_on = models.DateField(_("open tot en met"), null=True, blank=True)
    decision_term_weeks = models.PositiveSmallIntegerField(_("beslistermijn (weken)"), default=8)
    categories = models.ManyToManyField(Category, verbose_name=_("categorieën"), blank=True)
    villages = models.ManyToManyField(Village, verbose_name=_("kernen"), blank=True)

    objects = FundingSchemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")

    def __str__(self):
        return self.name

    def clean(self):
        if self.min_amount is not None and self.max_amount is not None:
            if self.min_amount > self.max_amount:
                raise ValidationError(
                    {"max_amount": _("Het maximumbedrag moet minstens het minimumbedrag zijn.")}
                )
        if self.closes_on and self.opens_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("De sluitingsdatum ligt vóór de openingsdatum.")})

    def is_open(self, on=None):
        on = on or timezone.localdate()
        return self.opens_on <= on and (self.closes_on is None or on <= self.closes_on)

    is_open.boolean = True

    def committed_amount(self, year=None):
        """Sum granted in ``year`` (the decision year), over every committed application."""
        year = year or timezone.localdate().year
        total = self.applications.filter(
            Q(state__in=COMMITTED_STATES) & Q(decided_at__year=year)
        ).aggregate(total=Sum("granted_amount"))["total"]
        return total or Decimal("0")

    def remaining_budget(self, year=None):
        return self.yearly_budget - self.committed_amount(year)
