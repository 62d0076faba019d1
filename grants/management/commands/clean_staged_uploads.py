"""Delete files kept between two tries of a form that nobody came back for.

    manage.py clean_staged_uploads            # daily, from cron or a scheduled job

Covers the initiators' and officials' kept uploads (``staging/``) and the import previews
(``import-staging/``). Their tokens expire after a day, so older files can never be used again;
each new upload already cleans its own user's folder, this catches the users who never return."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from grants.importing import STAGING_FOLDER as IMPORT_STAGING_FOLDER
from grants.uploads import MAX_AGE_SECONDS, remove_expired, staging_root


class Command(BaseCommand):
    help = "Verwijder bewaarde uploads die ouder zijn dan een dag (niet meer te gebruiken)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=MAX_AGE_SECONDS / 3600,
            help="Alleen bestanden ouder dan dit aantal uren (standaard: 24, de geldigheid).",
        )

    def handle(self, *args, older_than_hours, **options):
        seconds = older_than_hours * 3600
        folders = [staging_root(), Path(settings.PRIVATE_MEDIA_ROOT) / IMPORT_STAGING_FOLDER]
        total = 0
        for folder in folders:
            removed = remove_expired(folder, older_than=seconds)
            total += removed
            self.stdout.write(f"{folder}: {removed} verwijderd")
        self.stdout.write(self.style.SUCCESS(f"Klaar: {total} bestand(en) verwijderd."))
