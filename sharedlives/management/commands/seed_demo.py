"""Load demo data for a local run: users per role, then each app's demo records. Idempotent.

Refuses to run with DEBUG off unless --i-know-this-is-not-production is given: demo logins share one
well-known password.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sharedlives import demo
from sharedlives.roles import sync_role_permissions

# Each domain app adds a builder "module:function" as its issue lands; each must be idempotent.
DEMO_BUILDERS: list[str] = []


class Command(BaseCommand):
    help = "Create demo users (one per role) and demo records; running it again duplicates nothing."

    def add_arguments(self, parser):
        parser.add_argument("--i-know-this-is-not-production", action="store_true", dest="forced")

    def handle(self, *args, forced=False, **options):
        if not settings.DEBUG and not forced:
            raise CommandError("seed_demo makes logins with a shared password: it only runs with DEBUG on.")
        from importlib import import_module

        with transaction.atomic():
            sync_role_permissions()
            users = demo.ensure_demo_users()
            for builder in DEMO_BUILDERS:
                module, function = builder.split(":")
                summary = getattr(import_module(module), function)(users=users)
                if summary:
                    self.stdout.write(f"  {summary}")

        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000 as:"))
        for user in demo.DEMO_USERS:
            role = user.role or "Administrator (Django admin)"
            self.stdout.write(f"  {user.username:<10} {role:<22} password: {demo.DEMO_PASSWORD}")
