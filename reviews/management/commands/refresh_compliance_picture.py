"""Recompute the compliance picture now (reviews/picture.py), as the worker does after each change, at midnight
and when it starts: after restoring a backup, loading data with SQL, or to serve a load test without a worker."""

from django.core.management.base import BaseCommand

from reviews import picture
from sharedlives.dates import today


class Command(BaseCommand):
    help = "Recompute the compliance picture of every household that needs it, for today."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Every household, not only those that need it.")

    def handle(self, *args, **options):
        on = today()
        households = None
        if options["all"]:
            households = list(picture.queries.active_households().values_list("pk", flat=True))
        count = picture.refresh(on, household_ids=households)
        self.stdout.write(f"Compliance picture recomputed for {count} households, for {on:%-d %B %Y}.")
