"""The reviews app's periodic jobs: each officer's weekly digest and the daily count of what is overdue (RPT-4).

Both are idempotent (a digest once per officer per week, a count once per day), run by the background worker on
the timetable registered in ReviewsConfig.ready(), and queue their own next run when they finish.
"""

from django.conf import settings
from django.tasks import task

from reviews import services
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
