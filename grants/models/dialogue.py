"""The conversation on an application and the log of its steps."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from ..states import State


class Message(models.Model):
    """A dialogue message, or an official's internal note the initiator never sees."""

    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(
        _("bericht"), max_length=10_000, validators=[MaxLengthValidator(10_000)]
    )
    is_internal = models.BooleanField(_("interne notitie"), default=False)
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self):
        return f"{self.application_id}: {self.body[:40]}"


class TransitionLogQuerySet(models.QuerySet):
    def with_shown_note(self, include_internal):
        """Annotate ``shown_note``: the note as the viewer may read it (internal ones blanked).

        Timelines show ``entry.shown_note``; ``grants.permissions.log_entries_for`` applies this
        for the asking user, so an initiator's page never has an internal note to show."""
        if include_internal:
            return self.annotate(shown_note=F("note"))
        return self.annotate(
            shown_note=Case(
                When(note_is_internal=True, then=Value("")),
                default=F("note"),
                output_field=models.TextField(),
            )
        )


class ActorRole(models.TextChoices):
    """The role an entry keeps when its actor's account is gone (anonymised timeline)."""

    INITIATOR = "initiator", _("initiatiefnemer")
    OFFICIAL = "official", _("ambtenaar")
    ADVISER = "adviser", _("dorpsadviseur")


class TransitionLog(models.Model):
    """Who moved the application from which state to which, when, and why."""

    ActorRole = ActorRole

    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="log_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Filled in when the actor is removed, so the timeline still says who (as a role) took it.
    actor_role = models.CharField(
        _("rol"), max_length=20, choices=ActorRole.choices, blank=True, default=""
    )
    transition = models.CharField(_("stap"), max_length=50)
    from_state = models.CharField(_("van"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("naar"), max_length=20, choices=State.choices)
    note = models.TextField(_("toelichting"), blank=True)
    note_is_internal = models.BooleanField(_("toelichting alleen voor ambtenaren"), default=False)
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("logregel")
        verbose_name_plural = _("logregels")

    def __str__(self):
        return f"{self.application_id}: {self.from_state} → {self.to_state}"
