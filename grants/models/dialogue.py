"""The conversation on an application and the log of its steps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .states import State


class Message(models.Model):
    """A dialogue message, or an official's internal note the initiator never sees."""

    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("bericht"), max_length=10_000)
    is_internal = models.BooleanField(_("interne notitie"), default=False)
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self):
        return f"{self.application_id}: {self.body[:40]}"


class TransitionLog(models.Model):
    """Who moved the application from which state to which, when, and why."""

    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="log_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    transition = models.CharField(_("stap"), max_length=50)
    from_state = models.CharField(_("van"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("naar"), max_length=20, choices=State.choices)
    note = models.TextField(_("toelichting"), blank=True)
    note_is_internal = models.BooleanField(_("toelichting alleen voor ambtenaren"), default=False)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("logregel")
        verbose_name_plural = _("logregels")

    def __str__(self):
        return f"{self.application_id}: {self.from_state} → {self.to_state}"
