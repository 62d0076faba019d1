"""Export applications (or their budget lines) to XLSX or CSV, for scheduled jobs.

    manage.py export_applications --scheme dorpsinitiatieven --year 2025 --format xlsx \
        --output /srv/exports/aanvragen-2025.xlsx

The same columns as the admin's export. The file is written next to ``--output`` under a
temporary name and renamed when complete, so a job never leaves half a file behind."""

import getpass
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from grants import exporting
from grants.models import Application, FundingScheme, State
from grants.overview import year_bounds
from security.log import Kind as SecurityEvent
from security.log import record as security_log


class Command(BaseCommand):
    help = "Exporteer aanvragen of hun begrotingsregels naar XLSX of CSV."

    def add_arguments(self, parser):
        parser.add_argument("--scheme", help="Regeling: slug, naam of nummer (standaard: alle).")
        parser.add_argument("--year", type=int, help="Jaar van indiening (standaard: alle).")
        parser.add_argument(
            "--format",
            choices=exporting.EXPORT_FORMATS,
            help="xlsx of csv (standaard: volgens de extensie van --output, anders xlsx).",
        )
        parser.add_argument(
            "--output", required=True, help="Pad van het bestand; '-' voor CSV naar stdout."
        )
        parser.add_argument(
            "--budget-lines",
            action="store_true",
            help="Exporteer de begrotingsregels in plaats van de aanvragen.",
        )
        parser.add_argument("--include-drafts", action="store_true", help="Neem ook concepten mee.")

    def handle(self, *args, **options):
        output = options["output"]
        fmt = options["format"] or (
            Path(output).suffix.lstrip(".").lower()
            if Path(output).suffix.lstrip(".").lower() in exporting.EXPORT_FORMATS
            else "xlsx"
        )
        if output == "-" and fmt != "csv":
            raise CommandError("Naar stdout kan alleen CSV (--format csv).")
        kind = "begrotingsregels" if options["budget_lines"] else "aanvragen"
        applications = Application.objects.all()
        if not options["include_drafts"]:
            applications = applications.exclude(state=State.DRAFT)
        if options["scheme"]:
            applications = applications.filter(scheme=self._scheme(options["scheme"]))
        if options["year"]:
            start, end = year_bounds(options["year"])
            applications = applications.filter(submitted_at__gte=start, submitted_at__lt=end)

        progress_out = self.stderr if output == "-" else self.stdout

        def progress(done, total):
            progress_out.write(f"{kind}: {done}/{total} regels")

        if output == "-":
            count = exporting.write_export(kind, fmt, applications, sys.stdout.buffer, progress)
            sys.stdout.buffer.flush()
        else:
            target = Path(output)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".part", dir=target.parent
            )
            try:
                with os.fdopen(handle, "wb") as stream:
                    count = exporting.write_export(kind, fmt, applications, stream, progress)
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        security_log(
            None,
            SecurityEvent.PERSONAL_DATA_EXPORTED,
            login=f"{getpass.getuser()} (manage.py export_applications)",
            detail=f"{kind}.{fmt}: {count} regels naar {output}; filter: {self._filters(options)}",
        )
        progress_out.write(
            self.style.SUCCESS(f"{count} regels geëxporteerd ({fmt}) naar {output}.")
        )

    @staticmethod
    def _filters(options):
        parts = [
            f"regeling {options['scheme']}" if options["scheme"] else "",
            f"jaar {options['year']}" if options["year"] else "",
            "met concepten" if options["include_drafts"] else "zonder concepten",
        ]
        return ", ".join(p for p in parts if p)

    def _scheme(self, value):
        query = Q(slug=value) | Q(name__iexact=value)
        if value.isdigit():
            query |= Q(pk=int(value))
        scheme = FundingScheme.objects.filter(query).first()
        if scheme is None:
            names = ", ".join(FundingScheme.objects.values_list("slug", flat=True))
            raise CommandError(f"Onbekende regeling “{value}”. Bekend: {names or 'geen'}.")
        return scheme
