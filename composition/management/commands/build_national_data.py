"""Build national-scale data (the whole UK Shared Lives sector) into an empty database, for load tests.

Build it into a database of its own (docs/benchmarks.md, "National-scale data and load test"), never a scheme's:
its staff share one well-known password.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from composition import national


class Command(BaseCommand):
    help = "Build national-scale data (6,000 households, 9,400 placements, a million contacts) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="A fraction of the national size, e.g. 0.002.")
        parser.add_argument("--force", action="store_true", help="Build even though the database holds households.")
        parser.add_argument("--ids-file", default=str(national.IDS_FILE),
                            help="Where to write the ids scripts/loadtest.py visits.")

    def handle(self, *args, scale=1.0, force=False, ids_file="", **options):
        if not 0 < scale <= 1:
            raise CommandError("--scale is a fraction of the national size, above 0 and at most 1.")
        self.stdout.write(f"Building national-scale data at scale {scale:g} (today for the data: "
                          f"{national.TODAY:%-d %B %Y})")
        started = time.perf_counter()
        try:
            ids = national.build(scale=scale, force=force, say=self.stdout.write, ids_file=ids_file)
        except national.Refused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(f"National data built in {time.perf_counter() - started:.0f} s."))
        staff = ", ".join(f"national-{kind}-1 … national-{kind}-{count}" for kind, count in ids["staff"].items())
        self.stdout.write(f"Staff: {staff}")
        self.stdout.write(f"Every one signs in with the password: {national.PASSWORD}")
