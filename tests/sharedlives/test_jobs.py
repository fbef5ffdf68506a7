"""Periodic jobs on Django's tasks framework: each has one run queued, at its next time in UK time, and each
run queues the next, so the weekly digest and the daily overdue count carry on across restarts (RPT-4)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sharedlives.dates import today
from sharedlives.jobs import daily_at, periodic_jobs, schedule_periodic_jobs, weekly_at
from tests.carers.factories import approved_household
from tests.jobs import run_queued_jobs
from tests.placements.factories import started_placement

LONDON = ZoneInfo("Europe/London")


def test_weekly_and_daily_times_are_uk_times_across_the_clock_change():
    monday_7 = weekly_at(0, 7)
    # Sunday 25 October 2026 is the day British Summer Time ends; Monday 07:00 is then 07:00 GMT.
    assert monday_7(datetime(2026, 10, 25, 12, tzinfo=LONDON)) == datetime(2026, 10, 26, 7, tzinfo=LONDON)
    # At Monday 07:00 exactly, the next run is a week later (never twice at once).
    assert monday_7(datetime(2026, 10, 26, 7, tzinfo=LONDON)) == datetime(2026, 11, 2, 7, tzinfo=LONDON)
    six = daily_at(6)
    # 05:30 BST on 29 March 2026 (the clocks went forward that night): 06:00 BST the same day.
    assert six(datetime(2026, 3, 29, 5, 30, tzinfo=LONDON)) == datetime(2026, 3, 29, 6, tzinfo=LONDON)
    assert six(datetime(2026, 3, 29, 6, 0, tzinfo=LONDON)) == datetime(2026, 3, 30, 6, tzinfo=LONDON)


def test_each_periodic_job_is_queued_once_however_often_asked(db):
    first = schedule_periodic_jobs()
    assert sorted(job.task.name for job, _ in first) == [
        "refresh_compliance_picture_nightly",
        "send_weekly_digests",
        "take_overdue_snapshot",
    ]
    assert schedule_periodic_jobs() == []  # a second worker starting, or a job finishing early
    assert DBTaskResult.objects.filter(status="READY").count() == len(periodic_jobs()) == 3


def test_the_digest_job_sends_then_queues_next_weeks_run(officer):
    # A placement started two months ago, with no contact since: the officer has work to hear about (REV-2).
    started_placement(
        household=approved_household(officer=officer), starts_on=today().replace(day=1) - timedelta(days=40)
    )
    schedule_periodic_jobs()
    digest = DBTaskResult.objects.get(task_path="reviews.tasks.send_weekly_digests")
    digest.run_after = timezone.now()  # its time has come
    digest.save()
    assert run_queued_jobs() == 1
    digest.refresh_from_db()
    assert digest.status == "SUCCESSFUL" and digest.return_value == 1 and len(mail.outbox) == 1
    following = DBTaskResult.objects.get(task_path="reviews.tasks.send_weekly_digests", status="READY")
    assert timezone.localtime(following.run_after).weekday() == 0  # next Monday
    assert timezone.localtime(following.run_after).hour == 7
