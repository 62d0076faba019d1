"""Two factors for the demo accounts that enter the admin (administrator and official).

Both get an authenticator-app (TOTP) secret that is fixed and printed by ``load_demo_content``,
so a newcomer can add it to an app or type ``oathtool --totp -b SECRET``. Local use only: a real
account sets up its own secret on the enrolment page."""

from django.contrib.auth import get_user_model

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

DEMO_TOTP_SECRET = "DORPSKRACHTDEMOTOTPGEHEIMLOKAAL2"  # noqa: S105 - printed on purpose


def ensure(command, usernames):
    """An active TOTP authenticator (and a verified e-mail address, so allauth lets them log in)
    for each of ``usernames``; leaves one that is already there alone."""
    for user in get_user_model().objects.filter(username__in=usernames).order_by("pk"):
        EmailAddress.objects.get_or_create(
            user=user,
            email__iexact=user.email,
            defaults={"email": user.email, "verified": True, "primary": True},
        )
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            if command is not None:
                command.stdout.write(f"  tweestapsverificatie (TOTP) voor {user.get_username()}")
