from django.core.management.base import BaseCommand

from search.indexing import catch_up


class Command(BaseCommand):
    help = (
        "Replay search-index updates that failed while the search engine was unreachable "
        "(safe to run any time, e.g. from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="At most this many objects.")

    def handle(self, *args, limit=None, **options):
        verbose = options["verbosity"] > 1
        done, remaining = catch_up(limit=limit, stdout=self.stdout if verbose else None)
        self.stdout.write(f"{done} bijgewerkt, {remaining} nog in de wachtrij.")
        if remaining:
            self.stderr.write(
                "Nog niet alles is bijgewerkt: de zoekmachine is mogelijk nog onbereikbaar."
            )
