"""Import applications from an XLSX or CSV file, for scheduled jobs.

    manage.py import_applications /srv/imports/partner.xlsx --user ambtenaar@gemeente.nl
    manage.py import_applications lijst.csv --user jdevries --dry-run

The same rules as the admin's import (see ``grants.importing``): all or nothing, in one
transaction. Exits with an error status (1) and a list of problems when anything is wrong;
then nothing is saved."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from grants import importing
from grants.models.application import is_official


class Command(BaseCommand):
    help = "Importeer aanvragen uit een XLSX- of CSV-bestand (alles of niets)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Het bestand (.xlsx of .csv).")
        parser.add_argument(
            "--user",
            required=True,
            help="Gebruikersnaam of e-mailadres van de ambtenaar die importeert (komt in de log).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Alleen controleren; niets opslaan."
        )

    def handle(self, *args, path, user, dry_run, **options):
        official = self._official(user)
        file_path = Path(path)
        try:
            size = file_path.stat().st_size
            limit = importing.max_upload_bytes()
            if size > limit:
                raise importing.ImportFileError(importing.too_large_message(size, limit))
            sheet = importing.read_bytes(file_path.read_bytes(), file_path.name)
        except OSError as exc:
            raise CommandError(f"Kan {path} niet openen: {exc.strerror}") from exc
        except importing.ImportFileError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError("Het bestand kan niet worden geïmporteerd.") from error

        self.stdout.write(f"{file_path.name}: {len(sheet)} regels gelezen.")

        def progress(done, total):
            self.stdout.write(f"{done}/{total} regels verwerkt")

        report = importing.import_applications(sheet, official, dry_run=dry_run, progress=progress)
        self.stdout.write(report.summary())
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError("Er is niets opgeslagen: het bestand bevat fouten.")
        if dry_run:
            self.stdout.write("Proefimport: er is niets opgeslagen.")
        else:
            self.stdout.write(self.style.SUCCESS("Import opgeslagen."))

    def _official(self, value):
        user = (
            get_user_model()
            ._default_manager.filter(Q(username=value) | Q(email__iexact=value))
            .first()
        )
        if user is None:
            raise CommandError(f"Geen gebruiker “{value}”.")
        if not is_official(user):
            raise CommandError(f"“{value}” is geen ambtenaar; alleen ambtenaren importeren.")
        return user
