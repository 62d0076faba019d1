"""The account itself and what the login keeps: e-mail addresses (allauth), second factors
(allauth.mfa), sessions and the security log. Registered in ``SecurityConfig.ready``.

The security log keeps its events when the account is deleted, with the login replaced by
``[verwijderd account]``: the log must still show that (and when, and from which address)
someone logged in, failed or was refused, to recognise an attack afterwards, but it need no
longer say who. Failed logins typed with one of the person's addresses are scrubbed the same
way. The IP address stays for that purpose until the log's own term
(``RETENTION["SECURITY_LOG_MONTHS"]``), after which ``apply_retention`` destroys the events.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from core.form_submissions import addresses_of
from core.personal_data import DESTROY, Erasure, Export, Holding, RetentionItem, add_months

from .models import SecurityEvent

__all__ = ["REMOVED_LOGIN", "AccountPersonalData", "sessions_of"]

REMOVED_LOGIN = "[verwijderd account]"
KIND = "security.event"


def sessions_of(user):
    """The stored sessions logged in as ``user`` (the database session backend)."""
    pk = str(user.pk)
    return [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == pk
    ]


def _events_of(user, addresses=None):
    addresses = addresses if addresses is not None else addresses_of(user)
    logins = Q()
    for login in addresses | {user.get_username().lower()}:
        logins |= Q(login__iexact=login)
    return SecurityEvent.objects.filter(Q(user=user) | logins)


class AccountPersonalData:
    key = "security"

    def describe(self, user):
        holdings = [
            Holding(
                label=_("Uw account (e-mailadres, naam, wachtwoord)"),
                count=1,
                on_delete=_("Wordt verwijderd."),
            )
        ]
        factors = Authenticator.objects.filter(user=user).count()
        if factors:
            holdings.append(
                Holding(
                    label=_("Tweestapsverificatie"),
                    count=factors,
                    on_delete=_("Wordt verwijderd."),
                )
            )
        events = _events_of(user).count()
        if events:
            holdings.append(
                Holding(
                    label=_("Regels in het beveiligingslog (inloggen, mislukte pogingen)"),
                    count=events,
                    on_delete=_(
                        "Blijven bewaard zonder uw naam of e-mailadres, om misbruik te kunnen "
                        "herkennen; na %(months)s maanden verwijderd."
                    )
                    % {"months": settings.RETENTION["SECURITY_LOG_MONTHS"]},
                    kept=True,
                )
            )
        return holdings

    def export(self, user):
        return Export(
            data={
                "account": {
                    "gebruikersnaam": user.get_username(),
                    "email": user.email,
                    "voornaam": user.first_name,
                    "achternaam": user.last_name,
                    "aangemaakt_op": user.date_joined.isoformat(),
                    "laatst_ingelogd": user.last_login.isoformat() if user.last_login else None,
                    "emailadressen": [
                        {"email": e.email, "bevestigd": e.verified, "hoofdadres": e.primary}
                        for e in EmailAddress.objects.filter(user=user)
                    ],
                    "tweestapsverificatie": [
                        a.get_type_display() for a in Authenticator.objects.filter(user=user)
                    ],
                },
                "beveiligingslog": [
                    {
                        "tijdstip": e.created_at.isoformat(),
                        "gebeurtenis": e.get_kind_display(),
                        "ip_adres": e.ip_address,
                    }
                    for e in _events_of(user).order_by("created_at")
                ],
            }
        )

    def erase(self, user):
        """Everything of the login except the user row itself (``privacy.erase_account``
        deletes that last, once every app let go of it)."""
        addresses = addresses_of(user)
        anonymised = _events_of(user, addresses).update(user=None, login=REMOVED_LOGIN)
        # Wagtail's admin history names a user it created or edited by their name (its label).
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
        ).update(label=REMOVED_LOGIN)
        deleted, _counts = Session.objects.filter(pk__in=sessions_of(user)).delete()
        deleted += Authenticator.objects.filter(user=user).delete()[0]
        deleted += EmailAddress.objects.filter(user=user).delete()[0]
        return Erasure(deleted=deleted, anonymised=anonymised, files_removed=_remove_avatar(user))

    def due_for_retention(self, until):
        months = settings.RETENTION["SECURITY_LOG_MONTHS"]
        cut = add_months(until, -months)
        # One item per day of events: the log has many rows, officials need not see each.
        days = (
            SecurityEvent.objects.filter(created_at__date__lte=cut)
            .dates("created_at", "day")
            .order_by("created_at")
        )
        for day in days:
            yield RetentionItem(
                kind=KIND,
                label=_("Beveiligingslog van %(date)s") % {"date": day.strftime("%d-%m-%Y")},
                object_id=day.isoformat(),
                action=DESTROY,
                due=add_months(day, months),
                reason=_("%(n)s maanden (beveiligingslog)") % {"n": months},
            )

    def apply_retention(self, item):
        self.apply_retention_many([item])

    def apply_retention_many(self, items):
        days = [item.object_id for item in items]
        for day in days:
            SecurityEvent.objects.filter(created_at__date=day).delete()


def _remove_avatar(user):
    """The admin's profile photo (Wagtail's UserProfile, in the default storage): its row goes
    with the user, the file once the erasure is committed. Returns the number of files."""
    profile = UserProfile.objects.filter(user=user).first()
    if profile is None or not profile.avatar:
        return 0
    storage, name = profile.avatar.storage, profile.avatar.name
    transaction.on_commit(lambda: storage.delete(name))
    return 1
