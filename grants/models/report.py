"""The report ("verantwoording"): a story, photos, what it achieved and what it really cost."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..storage import private_storage

STORY_MAX_LENGTH = 10_000
LESSONS_MAX_LENGTH = 5000


class Report(models.Model):
    application = models.OneToOneField(
        "grants.Application", on_delete=models.CASCADE, related_name="report"
    )
    story = models.TextField(
        _("wat is er gebeurd?"),
        blank=True,
        max_length=STORY_MAX_LENGTH,
        validators=[MaxLengthValidator(STORY_MAX_LENGTH)],
    )
    people_reached = models.PositiveIntegerField(_("aantal bereikte mensen"), null=True, blank=True)
    volunteers = models.PositiveIntegerField(_("aantal vrijwilligers"), null=True, blank=True)
    volunteer_hours = models.PositiveIntegerField(_("vrijwilligersuren"), null=True, blank=True)
    lessons = models.TextField(
        _("wat heeft u geleerd?"),
        blank=True,
        max_length=LESSONS_MAX_LENGTH,
        validators=[MaxLengthValidator(LESSONS_MAX_LENGTH)],
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("verantwoording")
        verbose_name_plural = _("verantwoordingen")

    def __str__(self):
        return str(self.application)


def photo_path(instance, filename):
    return f"reports/{instance.report.application.reference}/{filename}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), storage=private_storage, upload_to=photo_path)
    alt_text = models.CharField(
        _("beschrijving van de foto"),
        max_length=250,
        help_text=_("Wat is er te zien? Voor mensen die de foto niet kunnen zien."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")

    def __str__(self):
        return self.alt_text
