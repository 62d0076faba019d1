"""Load the Dutch demo site: pages, knowledge bank, events, funding schemes and applications.

Safe to run again: every part looks up what it made before instead of making it twice."""

import logging
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import grants as grants_demo
from demo import home as home_demo
from demo import knowledge as knowledge_demo
from demo import news as news_demo
from demo import second_factor
from grants.notifications import muted as notifications_muted

# Loading the demo runs some 300 tasks (search and reference index), each logged twice at INFO by
# django_tasks, and Wagtail logs every page action: 700 lines that buried the progress and the
# accounts. Below -v 2 these loggers show warnings and errors only, while the command runs.
CHATTY_LOGGERS = ("django_tasks", "wagtail")


@contextmanager
def warnings_only(logger_names):
    loggers = [logging.getLogger(name) for name in logger_names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Laad Nederlandse demo-inhoud (idempotent) en werk de zoekindex bij."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-index", action="store_true", help="Sla het bijwerken van de zoekindex over."
        )

    def handle(self, *args, skip_index=False, verbosity=1, **options):
        chatty = CHATTY_LOGGERS if verbosity < 2 else ()
        with warnings_only(chatty):
            credentials = self.load()
            if not skip_index:
                self.stdout.write("Zoekindex bijwerken…")
                # update_index prints a line per model (and dots) at -v 1: only asked for at -v 2.
                call_command("update_index", verbosity=max(verbosity - 1, 0), stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo-inhoud geladen."))
        self.stdout.write("Demo-accounts (alleen voor lokaal gebruik):")
        for role, (username, password) in credentials.items():
            self.stdout.write(f"  {role}: {username} / {password}")
        secret = second_factor.DEMO_TOTP_SECRET
        self.stdout.write(
            f"  Tweestapsverificatie voor beheerder en ambtenaar: geheime sleutel {secret}\n"
            f"    (zet die in een authenticator-app, of: oathtool --totp -b {secret})"
        )

    def load(self):
        # Demo applications move through the real workflow, but their e-mails would go nowhere.
        with notifications_muted(), transaction.atomic():
            home_page = home_demo.load(self)
            knowledge_demo.load(self, home_page)
            accounts = grants_demo.load(self, home_page)
            news_demo.load(self, home_page)
            home_demo.load_navigation(self, home_page)
            credentials = {**home_demo.ensure_demo_users(self), **accounts}
            second_factor.ensure(
                self, [home_demo.DEMO_ADMIN[0], grants_demo.USERS["official"].email]
            )
            return credentials
