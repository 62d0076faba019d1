"""Holds on retention (an official keeps a record past its term, with a reason) and the
warnings sent before a term ends. Generic over every provider's records: ``kind`` is the
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
