from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """One line of the security log: who did what, when and from where. Written, never edited."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Ingelogd")
        LOGIN_FAILED = "login_failed", _("Inloggen mislukt")
        LOCKED_OUT = "locked_out", _("Inloggen geblokkeerd (te veel pogingen)")
        SECOND_FACTOR_FAILED = "mfa_failed", _("Verkeerde code voor tweestapsverificatie")
        SECOND_FACTOR_ADDED = "mfa_added", _("Tweestapsverificatie ingesteld")
        SECOND_FACTOR_REMOVED = "mfa_removed", _("Tweestapsverificatie uitgezet")
        RECOVERY_CODES_RENEWED = "recovery_codes_renewed", _("Nieuwe herstelcodes gemaakt")
        RECOVERY_CODE_USED = "recovery_code_used", _("Herstelcode gebruikt")
        REFUSED = "refused", _("Toegang geweigerd")
        PERSONAL_DATA_EXPORTED = "export", _("Persoonsgegevens geëxporteerd")
        RETENTION_HOLD = "retention_hold", _("Gegeven vastgehouden (bewaartermijn)")
        RETENTION_RELEASE = "retention_release", _("Vasthouden opgeheven (bewaartermijn)")
        ACCOUNT_ERASED = "account_erased", _("Account verwijderd en gegevens geanonimiseerd")

    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("gebeurtenis"), max_length=32, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the person typed or was known as: kept when the account is gone or never existed.
    login = models.CharField(_("inlognaam"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    path = models.CharField(_("adres"), max_length=500, blank=True)
    detail = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("beveiligingsgebeurtenis")
        verbose_name_plural = _("beveiligingslog")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.login}"
