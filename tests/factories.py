"""Factories shared by every app's tests."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from security.policy import requires_second_factor

# The authenticator-app secret of every test user who enters the admin (base32, 20 bytes).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=TOTP_SECRET, offset=0):
    """The code an authenticator app shows now (``offset`` steps of 30 seconds later)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def give_second_factor(user, secret=TOTP_SECRET):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("wachtwoord-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        """``verified_email=True``: allauth lets the account log in (e-mail confirmed)."""
        if create and extracted:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        # True, False, or None: "if the account enters the admin", decided once the groups of
        # subclasses are in (_after_postgeneration).
        return extracted

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        wanted = (results or {}).get("second_factor")
        if not create or wanted is False:
            return
        fresh = type(instance)._default_manager.get(pk=instance.pk)  # no cached permissions
        if wanted or requires_second_factor(fresh):
            give_second_factor(instance)


class EditorFactory(UserFactory):
    """Communications staff: may use the Wagtail admin and edit pages, nothing else."""

    is_staff = False

    @factory.post_generation
    def editor_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name="Editors")[0])


class SecondFactorTestUtils:
    """Mixed in before Wagtail's WagtailPageTestCase: the superusers its helpers make enter the
    admin with two factors, as every admin user must (security.policy)."""

    def create_test_user(self):
        return give_second_factor(super().create_test_user())

    @staticmethod
    def create_superuser(*args, **kwargs):
        from wagtail.test.utils import WagtailTestUtils

        return give_second_factor(WagtailTestUtils.create_superuser(*args, **kwargs))
