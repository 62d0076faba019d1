"""Apply the retention terms (README, "Bewaartermijnen").

manage.py apply_retention --dry-run     # what would be anonymised or deleted; changes nothing
manage.py apply_retention               # apply (idempotent: a second run does nothing)

Daily through ``manage.py run_daily`` (DAILY_COMMANDS), not a scheduler of its own.
"""

from django.core.management.base import BaseCommand

from ... import retention

ACTIONS = {"anonymise": "anonimiseren", "destroy": "verwijderen"}


class Command(BaseCommand):
    help = "Pas de bewaartermijnen toe: anonimiseer of verwijder wat over de termijn is."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Toon alleen wat er zou gebeuren; er verandert niets.",
        )

    def handle(self, *args, dry_run, **options):
        result = retention.run(
            dry_run=dry_run, progress=None if dry_run else lambda text: self.stdout.write(text)
        )
        prefix = "Zou " if dry_run else ""
        for item in result.applied:
            self.stdout.write(
                f"{prefix}{ACTIONS[item.action]}: {item.kind} {item.object_id} "
                f"{item.label} (termijn {item.due:%d-%m-%Y}: {item.reason})"
            )
        for item in result.warned:
            self.stdout.write(
                f"{prefix}waarschuwen: {item.kind} {item.object_id} {item.label} "
                f"(wordt verwijderd na {item.due:%d-%m-%Y})"
            )
        for item in result.waiting:
            self.stdout.write(f"Wacht op de waarschuwingstermijn: {item.kind} {item.object_id}")
        for item in result.held:
            self.stdout.write(f"Vastgehouden: {item.kind} {item.object_id} {item.label}")
        verb = "zou" if dry_run else "is"
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar: {len(result.applied)} {verb} toegepast, {len(result.warned)} "
                f"gewaarschuwd, {len(result.held)} vastgehouden, {len(result.waiting)} wachtend."
                + (" (proefdraai: niets gewijzigd)" if dry_run else "")
            )
        )
