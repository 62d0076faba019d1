"""Delete files kept between two tries of a form that nobody came back for.

    manage.py clean_staged_uploads            # daily, from cron or a scheduled job

Covers the initiators' and officials' kept uploads (``staging/``) and the import previews
(``import-staging/``). Their tokens expire after a day, so older files can never be used again;
each new upload already cleans its own user's folder, this catches the users who never return."""

from django.core.management.base import BaseCommand

from grants import importing
from grants.uploads import MAX_AGE_SECONDS, STAGING_FOLDER, remove_expired


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
        kept = remove_expired(STAGING_FOLDER, older_than=seconds)
        self.stdout.write(f"{STAGING_FOLDER}/ (privé-opslag): {kept} verwijderd")
        previews = importing.remove_expired(older_than=seconds)
        self.stdout.write(f"{importing.STAGING_FOLDER}/ (privé-opslag): {previews} verwijderd")
        total = kept + previews
        self.stdout.write(self.style.SUCCESS(f"Klaar: {total} bestand(en) verwijderd."))
