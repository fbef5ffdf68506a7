"""Load demo data for a local run: users per role, then each app's demo records. Idempotent.

Refuses to run with DEBUG off unless --i-know-this-is-not-production is given: demo logins share one
well-known password.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sharedlives import demo
from sharedlives.roles import sync_role_permissions


class Command(BaseCommand):
    help = "Create demo users (one per role) and demo records; running it again duplicates nothing."

    def add_arguments(self, parser):
        parser.add_argument("--i-know-this-is-not-production", action="store_true", dest="forced")

    def handle(self, *args, forced=False, **options):
        if not settings.DEBUG and not forced:
            raise CommandError("seed_demo makes logins with a shared password: it only runs with DEBUG on.")
        with transaction.atomic():
            sync_role_permissions()
            users = demo.ensure_demo_users()
            for _, builder in sorted(demo.DEMO_BUILDERS, key=lambda entry: entry[0]):
                summary = builder(users=users)
                if summary:
                    self.stdout.write(f"  {summary}")

        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000 as:"))
        for user in demo.DEMO_USERS:
            role = user.role or "Administrator (Django admin)"
            self.stdout.write(f"  {user.username:<10} {role:<22} password: {demo.DEMO_PASSWORD}")
