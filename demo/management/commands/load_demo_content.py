"""Load the Dutch demo site: pages, knowledge bank, events, funding schemes and applications.

Safe to run again: every part looks up what it made before instead of making it twice."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import grants as grants_demo
from demo import home as home_demo
from demo import knowledge as knowledge_demo
from grants.notifications import muted as notifications_muted


class Command(BaseCommand):
    help = "Laad Nederlandse demo-inhoud (idempotent) en werk de zoekindex bij."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-index", action="store_true", help="Sla het bijwerken van de zoekindex over."
        )

    def handle(self, *args, skip_index=False, **options):
        # Demo applications move through the real workflow, but their e-mails would go nowhere.
        with notifications_muted(), transaction.atomic():
            home_page = home_demo.load(self)
            knowledge_demo.load(self, home_page)
            grants_demo.load(self, home_page)
            home_demo.load_navigation(self, home_page)
            credentials = home_demo.ensure_demo_users(self)
        if not skip_index:
            self.stdout.write("Zoekindex bijwerken…")
            call_command("update_index", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-inhoud geladen."))
        for role, (username, password) in credentials.items():
            self.stdout.write(f"  {role}: {username} / {password}  (alleen voor lokaal gebruik)")
