"""An editor's link: to a page on this site, or to any address, with a label."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, PageChooserPanel


def validate_link_url(value):
    """Accept a full web address, a path on this site ("/zoeken/"), or mailto:/tel: links."""
    if value.startswith("/") and not value.startswith("//"):
        return
    if value.startswith(("mailto:", "tel:")) and len(value) > 7:
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(
            _(
                "Vul een volledig webadres in (https://…), een pad op deze site dat met / begint, "
                "of een mailto:-link."
            ),
            code="invalid",
        ) from error


class LinkFields(models.Model):
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.CharField(
        _("of een adres"),
        max_length=500,
        blank=True,
        validators=[validate_link_url],
        help_text=_("Alleen als de link niet naar een pagina van deze site gaat."),
    )
    label = models.CharField(
        _("linktekst"),
        max_length=80,
        blank=True,
        help_text=_("Leeg laten gebruikt de titel van de gekozen pagina."),
    )

    panels = [PageChooserPanel("link_page"), FieldPanel("link_url"), FieldPanel("label")]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.link_page_id and self.link_url:
            raise ValidationError(
                {"link_url": _("Kies een pagina óf vul een adres in, niet allebei.")}
            )
        if not self.link_page_id and not self.link_url:
            raise ValidationError({"link_page": _("Kies een pagina of vul een adres in.")})
        if self.link_url and not self.label.strip():
            raise ValidationError({"label": _("Geef een linktekst bij een los adres.")})

    @property
    def text(self):
        if self.label:
            return self.label
        return self.link_page.title if self.link_page_id else self.link_url

    def get_url(self, request=None):
        """The link's address; None for a page that is not published (then hide the link)."""
        if self.link_page_id:
            page = self.link_page
            if not page.live:
                return None
            return page.get_url(request)
        return self.link_url
