"""A reminder a week before each event, to everyone registered (not the waiting list).

    manage.py send_event_reminders             # daily, through run_daily (DAILY_COMMANDS)
    manage.py send_event_reminders --dry-run   # who would get one, nothing sent

Never twice for the same registration and event date: each reminder is recorded on the
registration (``reminder_sent_for``) before it is sent, with a conditional update, so two runs at
once cannot both send it; a mail that fails gives its record back, for the next run. When the
event's date changes, a reminder for the new date is due. A day missed (the timer did not run)
is caught up as long as the event has not begun.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from knowledge import notifications
from knowledge.models import EventPage


class Command(BaseCommand):
    help = "Stuur de herinnering een week voor een bijeenkomst aan iedereen die is aangemeld."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Alleen tonen, niets sturen.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        sent = failed = 0
        events = EventPage.objects.live().filter(
            date__gt=today, date__lte=today + datetime.timedelta(days=EventPage.REMINDER_DAYS)
        )
        for event in events.order_by("date", "start_time", "pk"):
            for registration in event.registrations_due_for_reminder(today):
                if dry_run:
                    self.stdout.write(
                        f"Zou herinneren: {event.title} (aanmelding {registration.pk})"
                    )
                    continue
                previous = (registration.reminder_sent_for, registration.reminder_sent_at)
                if not registration.claim_reminder(event.date):
                    continue
                try:
                    notifications.send_registrant_email(registration.pk, "reminder")
                except Exception as error:  # noqa: BLE001 - one failing mail must not stop the rest
                    registration.release_reminder(*previous)
                    self.stderr.write(
                        f"{event.title}: herinnering {registration.pk} mislukt ({error})"
                    )
                    failed += 1
                    continue
                sent += 1
        self.stdout.write(f"Herinneringen verstuurd: {sent}")
        if failed:
            raise CommandError(f"Herinneringen mislukt: {failed}; de volgende keer opnieuw")
