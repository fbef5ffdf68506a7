"""Email each Shared Lives officer their overdue and due-soon list: once a week, safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand

from reviews import services
from sharedlives.dates import today


class Command(BaseCommand):
    help = "Send each officer this week's digest of their overdue and due-soon work (once per officer per week)."

    def handle(self, *args, **options):
        sent = services.send_digests(on=today(), base_url=settings.SITE_URL)
        self.stdout.write(f"{sent} digest{'' if sent == 1 else 's'} sent.")
