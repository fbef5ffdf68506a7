"""The reviews app's jobs: each officer's weekly digest, the daily count of what is overdue (RPT-4), and keeping
the compliance picture up to date (reviews/picture.py): after each change, every night, and when the worker starts.

Both are idempotent (a digest once per officer per week, a count once per day), run by the background worker on
the timetable registered in ReviewsConfig.ready(), and queue their own next run when they finish.
"""

from django.conf import settings
from django.tasks import task

from reviews import picture, services
from sharedlives.dates import today
from sharedlives.jobs import schedule_periodic_jobs


@task()
def send_weekly_digests() -> int:
    try:
        return services.send_digests(on=today(), base_url=settings.SITE_URL)
    finally:
        schedule_periodic_jobs()


@task()
def take_overdue_snapshot() -> int:
    try:
        return services.take_overdue_snapshot(today()).overdue
    finally:
        schedule_periodic_jobs()


@task()
def refresh_compliance_picture() -> int:
    """Recompute the households whose records changed (queued when the change commits)."""
    return picture.refresh(today())


@task()
def refresh_compliance_picture_nightly() -> int:
    """Recompute every household for the new day: what is overdue moves with the date."""
    try:
        return picture.refresh(today())
    finally:
        schedule_periodic_jobs()
