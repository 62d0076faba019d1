from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
