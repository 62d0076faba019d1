"""The one-time token of a new application form: a double-click creates one draft.

The empty form carries a fresh token in a hidden field; the draft its first submission creates
is recorded with it, per owner. The second click sends the same token and finds that draft
instead of making another one. When both arrive at the same moment the database's unique
constraint decides: the loser's transaction is rolled back and it shows the winner's draft.
A token only ever means something to the user who created a draft with it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Application


class CreationToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("aanvrager"), on_delete=models.CASCADE
    )
    token = models.UUIDField(_("formuliertoken"))
    application = models.OneToOneField(
        Application,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="creation_token",
    )

    class Meta:
        verbose_name = _("formuliertoken")
        verbose_name_plural = _("formuliertokens")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "token"], name="grants_creation_token_once_per_owner"
            )
        ]

    def __str__(self):
        return str(self.token)

    @staticmethod
    def new():
        return uuid.uuid4()

    @staticmethod
    def parse(value):
        """The token posted with a form, or None when it is missing or malformed."""
        try:
            return uuid.UUID(str(value))
        except ValueError:
            return None

    @classmethod
    def record(cls, owner, token, application):
        """Mark ``application`` as made by ``owner``'s form ``token``; raises IntegrityError
        when that form already made one (so the caller's transaction rolls back)."""
        if token is not None:
            cls.objects.create(owner=owner, token=token, application=application)

    @staticmethod
    def draft_for(owner, token):
        """The application ``owner``'s form ``token`` already created, or None."""
        if token is None:
            return None
        return Application.objects.filter(
            creation_token__owner=owner, creation_token__token=token
        ).first()
