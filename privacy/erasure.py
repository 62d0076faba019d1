"""Deleting an account: ``erase_account(user)``.

Every provider registered in ``core.personal_data`` erases its part first (drafts and
registrations deleted, submitted applications anonymised, the login's rows removed), all in one
transaction; then the user row itself is deleted. If something still refers to it with
PROTECT (an app that forgot to let go), nothing is changed and the ProtectedError says which.
Calling it again for the same (deleted) user does nothing."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from core import personal_data

__all__ = ["ErasureReport", "erase_account"]


@dataclass
class ErasureReport:
    """What ``erase_account`` did, per provider key, and whether the user row went."""

    per_provider: dict = field(default_factory=dict)  # key -> core.personal_data.Erasure
    user_deleted: bool = False

    @property
    def deleted(self):
        return sum(e.deleted for e in self.per_provider.values())

    @property
    def anonymised(self):
        return sum(e.anonymised for e in self.per_provider.values())

    @property
    def files_removed(self):
        return sum(e.files_removed for e in self.per_provider.values())

    def log_detail(self):
        """What the security log says of an erasure by an administrator."""
        return _("%(deleted)s verwijderd, %(anonymised)s geanonimiseerd") % {
            "deleted": self.deleted,
            "anonymised": self.anonymised,
        }


def erase_account(user):
    """Remove ``user`` and everything personal about them; see the module docstring."""
    report = ErasureReport()
    model = get_user_model()
    if user is None or user.pk is None or not model._default_manager.filter(pk=user.pk).exists():
        return report
    with transaction.atomic():
        for provider in personal_data.providers():
            report.per_provider[provider.key] = provider.erase(user)
        model._default_manager.filter(pk=user.pk).delete()
    report.user_deleted = True
    user.pk = None
    return report
