"""Bench accounts: verified initiators and officials, all with the password in BENCH_PASSWORD.

    python -m bench.load.seed     (with the bench's DJANGO_SETTINGS_MODULE and DATABASE_URL)

Initiators: bench-initiator-<n>@example.nl; officials: bench-official-<n> (group "Ambtenaren").
Safe to run again."""

import json
import os

import django


def main():
    django.setup()

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from allauth.account.models import EmailAddress

    from grants.permissions import OFFICIALS_GROUP

    User = get_user_model()
    password = os.environ["BENCH_PASSWORD"]
    officials = Group.objects.get(name=OFFICIALS_GROUP)
    for n in range(int(os.environ.get("BENCH_INITIATORS", "40"))):
        email = f"bench-initiator-{n}@example.nl"
        user, created = User.objects.get_or_create(
            username=f"bench-initiator-{n}", defaults={"email": email, "first_name": "Bench"}
        )
        if created:
            user.set_password(password)
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    for n in range(int(os.environ.get("BENCH_OFFICIALS", "4"))):
        user, created = User.objects.get_or_create(
            username=f"bench-official-{n}",
            defaults={"email": f"bench-official-{n}@example.nl", "first_name": "Ambtenaar"},
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(officials)
    print(
        json.dumps(
            {
                "accounts": User.objects.filter(username__startswith="bench-").count(),
                "paths": public_paths(),
            }
        )
    )


def public_paths():
    """Where the anonymous visitors go: the live pages of the demo site, by type."""
    from wagtail.models import Page

    from home.models import HomePage
    from knowledge.models import ArticlePage, EventIndexPage, KnowledgeIndexPage

    def urls(model, limit=1):
        pages = model.objects.live().public().order_by("path")[:limit]
        return [page.get_url() for page in pages if page.get_url()]

    return {
        "application": application_spec(),
        "home": urls(HomePage)[0],
        "events": urls(EventIndexPage)[0],
        "knowledge": urls(KnowledgeIndexPage)[0],
        "articles": urls(ArticlePage, limit=5),
        "pages": len(Page.objects.live()),
    }


def application_spec():
    """A scheme that is open now, with a village and category it covers, and an amount in range."""
    from decimal import Decimal

    from grants.models import Category, FundingScheme, Village

    scheme = next(s for s in FundingScheme.objects.order_by("pk") if s.is_open())
    village = scheme.villages.first() or Village.objects.order_by("pk").first()
    category = scheme.categories.first() or Category.objects.order_by("pk").first()
    amount = max(scheme.min_amount, min(Decimal("1500"), scheme.max_amount))
    return {
        "scheme": scheme.pk,
        "village": village.pk,
        "category": category.pk,
        "amount": str(amount),
    }


if __name__ == "__main__":
    main()
