"""Holds on retention (an official keeps a record past its term, with a reason), the
warnings sent before a term ends, and the downloads of "Mijn gegevens" (``DataExport``). Generic over every provider's records: ``kind`` is the
provider's item kind ("grants.application", "home.contactmessage", ...), ``object_id`` the
item's id as text."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionHold(models.Model):
    kind = models.CharField(_("soort"), max_length=64)
    object_id = models.CharField(_("nummer"), max_length=64)
    label = models.CharField(_("gegeven"), max_length=300, blank=True)
    reason = models.TextField(_("reden"), max_length=1000)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgehouden door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    held_at = models.DateTimeField(_("vastgehouden op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bewaarblokkade")
        verbose_name_plural = _("bewaarblokkades")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="privacy_hold_once")
        ]
        permissions = [
            ("manage_retention", _("Kan bewaartermijnen inzien en gegevens vasthouden")),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.reason[:40]}"


class RetentionNotice(models.Model):
    """A warning mail went out for this item's term ending on ``due``: it is applied only
    ``warning_days`` after ``sent_at``, and the mail is not sent twice."""

    kind = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "due"], name="privacy_notice_once")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.due})"


class DataExport(models.Model):
    """One download of "all my data" built in the background: a ZIP in private storage that
    only its owner may fetch, logged in, until ``expires_at``; then the file is removed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wordt gemaakt")
        READY = "ready", _("Klaar")
        FAILED = "failed", _("Mislukt")
        EXPIRED = "expired", _("Verlopen")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    # Part of the link in the e-mail; the link also needs the owner's login.
    token = models.CharField(_("kenmerk"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file_name = models.CharField(_("bestand in de opslag"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    created_at = models.DateTimeField(_("aangevraagd"), auto_now_add=True)
    ready_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("download van eigen gegevens")
        verbose_name_plural = _("downloads van eigen gegevens")

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M} {self.status}"
