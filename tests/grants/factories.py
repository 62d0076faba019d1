"""Factories for the grants domain. An ApplicationFactory builds a complete draft that can be
submitted; use ``workflow.perform`` (never ``state=...``) to move it along in tests of behaviour."""

import datetime
from decimal import Decimal

from django.utils import timezone

import factory

from grants.models import (
    Application,
    BudgetLine,
    Category,
    FundingScheme,
    OrganisationType,
    Village,
)
from tests.factories import UserFactory


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kern {n}")
    slug = factory.Sequence(lambda n: f"kern-{n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Categorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")


class FundingSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingScheme

    name = factory.Sequence(lambda n: f"Dorpsinitiatieven {n}")
    slug = factory.Sequence(lambda n: f"dorpsinitiatieven-{n}")
    description = "Geld voor initiatieven van bewoners."
    yearly_budget = Decimal("50000")
    min_amount = Decimal("250")
    max_amount = Decimal("10000")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=300))
    decision_term_weeks = 8


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    scheme = factory.SubFactory(FundingSchemeFactory)
    village = factory.SubFactory(VillageFactory)
    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Buurtmoestuin {n}")
    summary = "Een moestuin waar jong en oud samen groente kweken."
    plan_what = "We leggen twaalf bakken aan en organiseren elke zaterdag een tuinochtend."
    plan_for_whom = "Bewoners van de kern, vooral ouderen en kinderen."
    plan_when = "Van maart tot en met oktober."
    plan_with_whom = "Dorpsbelang en de basisschool."
    principles = factory.LazyFunction(lambda: ["ecosystem", "collaboration"])
    organisation_type = OrganisationType.INFORMAL
    organisation_name = "Tuinploeg"
    contact_name = factory.Faker("name", locale="nl_NL")
    contact_email = factory.LazyAttribute(lambda a: a.owner.email)
    iban = "NL91ABNA0417164300"
    iban_holder = "Tuinploeg"
    privacy_consent = True
    public_consent = True

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        """``budget=[(kind, description, amount), ...]``; by default € 1.500 costs, € 300 own."""
        if not create:
            return
        lines = (
            extracted
            if extracted is not None
            else [
                (BudgetLine.Kind.COST, "Hout en aarde", Decimal("1500")),
                (BudgetLine.Kind.OWN_CONTRIBUTION, "Bijdrage leden", Decimal("300")),
            ]
        )
        for i, (kind, description, amount) in enumerate(lines):
            BudgetLine.objects.create(
                application=self, kind=kind, description=description, amount=amount, sort_order=i
            )
        self.recalculate_requested_amount()


OFFICIALS_GROUP = "Ambtenaren"


class OfficialFactory(UserFactory):
    """A municipal official: member of the "Ambtenaren" group (created by a data migration)."""

    username = factory.Sequence(lambda n: f"ambtenaar{n}")

    @factory.post_generation
    def officials_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(officials_group())


def officials_group():
    """The group the data migration created; rebuilt the same way after a transactional test
    flushed the database."""
    from django.apps import apps as global_apps
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=OFFICIALS_GROUP).first()
    if group is None:
        from importlib import import_module

        migration = import_module("grants.migrations.0003_officials_group")
        migration.create_group(global_apps, None)
        group = Group.objects.get(name=OFFICIALS_GROUP)
    return group


def official():
    return OfficialFactory()


# The transitions that lead from a draft to each state, with who takes them.
PATH_TO_STATE = {
    "draft": [],
    "submitted": ["submit"],
    "in_dialogue": ["submit", "start_dialogue"],
    "approved": ["submit", "start_dialogue", "approve"],
    "reported": ["submit", "start_dialogue", "approve", "submit_report"],
    "closed": ["submit", "start_dialogue", "approve", "submit_report", "accept_report"],
    "rejected": ["submit", "reject"],
    "withdrawn": ["submit", "withdraw"],
}


def application_in_state(state, official_user=None, **kwargs):
    """A complete application moved to ``state`` through ``workflow.perform`` (logged, valid)."""
    from grants import workflow

    application = ApplicationFactory(**kwargs)
    official_user = official_user or OfficialFactory()
    for name in PATH_TO_STATE[str(state)]:
        if name == "submit_report":
            complete_report(application)
        is_official_step = workflow.TRANSITIONS[name].is_official
        user = official_user if is_official_step else application.owner
        extra = {"reason": "Past niet binnen de regeling."} if name == "reject" else {}
        workflow.perform(application, name, user, **extra)
    return application


ROLES = ("owner", "other_initiator", "anonymous", "editor", "official")


def user_for_role(role, application):
    """The user playing ``role`` towards ``application``."""
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import EditorFactory

    if role == "owner":
        return application.owner
    if role == "other_initiator":
        return UserFactory()
    if role == "anonymous":
        return AnonymousUser()
    if role == "editor":
        return EditorFactory()
    if role == "official":
        return OfficialFactory()
    raise ValueError(role)


def complete_report(application, **kwargs):
    from grants.models import Report

    defaults = {"story": "Het was een mooi project.", "people_reached": 40}
    defaults.update(kwargs)
    report, _created = Report.objects.update_or_create(application=application, defaults=defaults)
    return report


# --- without money: a project to show, a help question ------------------------------------------


def initiative(kind="hulp", **kwargs):
    """A complete, unsent project to show (``kind="tonen"``) or help question (``"hulp"``):
    no scheme, no budget, no bank account."""
    from grants.states import HelpKind

    owner = kwargs.pop("owner", None) or UserFactory()
    values = {
        "owner": owner,
        "kind": kind,
        "scheme": None,
        "village": kwargs.pop("village", None) or VillageFactory(),
        "category": CategoryFactory() if kind == "tonen" else None,
        "title": "Repaircafé in het dorpshuis",
        "summary": "Elke maand repareren vrijwilligers spullen van buren.",
        "contact_name": "Fenna de Boer",
        "contact_email": owner.email,
        "privacy_consent": True,
        "public_consent": kind == "tonen",
    }
    if kind == "hulp":
        values.update(
            help_kind=HelpKind.ROOM, help_question="Is er een zaal voor 30 mensen op zaterdag?"
        )
    values.update(kwargs)
    return Application.objects.create(**values)


INITIATIVE_PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "in_dialogue": ["submit", "start_dialogue"],
    "approved": ["submit", "approve"],
    "closed": ["submit", "approve", "close"],
    "rejected": ["submit", "reject"],
    "withdrawn": ["submit", "withdraw"],
}


def initiative_in_state(kind, state, official_user=None, **kwargs):
    """An ``initiative`` moved to ``state`` through ``workflow.perform``."""
    from grants import workflow

    application = initiative(kind, **kwargs)
    official_user = official_user or OfficialFactory()
    for name in INITIATIVE_PATHS[str(state)]:
        user = official_user if workflow.TRANSITIONS[name].is_official else application.owner
        extra = {"reason": "Dit kunnen we niet bieden."} if name == "reject" else {}
        workflow.perform(application, name, user, **extra)
    return application
