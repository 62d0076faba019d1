"""Who needs two factors, and whether they have set them up.

Everyone who may enter the Wagtail admin: officials (group "Ambtenaren") see residents' IBANs,
addresses and phone numbers; administrators can grant themselves anything; editors read the
contact form's submissions and the event registrations (names, e-mail addresses, phone
numbers). Initiators only see their own data: for them it is optional."""

from allauth.mfa.models import Authenticator

ADMIN_PERMISSIONS = ("wagtailadmin.access_admin", "grants.handle_application")


def requires_second_factor(user):
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(user.has_perm(p) for p in ADMIN_PERMISSIONS)


def has_second_factor(user):
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
