"""Payment schedules under real conditions: two people at once, a job that dies, a worker in another process.

FEE-8: one payment per household per day, whatever the timing. AUD-2: status changes only from the state the
person acting saw.
"""

import os
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from funding import schedules, tasks
from funding.example_card import publish_example_cards
from funding.models import PaymentLine, PaymentSchedule, ScheduleStatus
from sharedlives import roles
from sharedlives.errors import RuleViolation
from tests.factories import UserFactory
from tests.jobs import run_queued_jobs
from tests.placements.factories import started_placement

ROOT = Path(__file__).resolve().parents[2]
SEPTEMBER = (date(2026, 9, 1), date(2026, 9, 30))


def _cards():
    return publish_example_cards(drafted_by=UserFactory(role=roles.FINANCE_ADMIN), published_by=UserFactory())


@pytest.fixture
def priced(db, finance_admin):
    """The example cards, and a live-in placement new to Shared Lives from Monday 7 September 2026."""
    _cards()
    return started_placement(starts_on=date(2026, 9, 7))


def _database_url(db: dict) -> str:
    """The test database as a URL, for a process of its own."""
    socket = db["OPTIONS"].get("host") or (db["HOST"] if db["HOST"].startswith("/") else "")
    if socket:
        return f"postgresql://{db['USER']}:{db['PASSWORD']}@/{db['NAME']}?host={socket}"
    return f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_overlapping_schedules_are_refused_by_the_database_itself__FEE_8(priced, finance_admin):
    """The exclusion constraint holds whatever writes the row (a script, the admin, a bug in a service)."""
    schedules.start_schedule(period_start=date(2026, 9, 1), period_end=date(2026, 9, 30), by=finance_admin)
    overlapping = PaymentSchedule(
        period_start=date(2026, 9, 30), period_end=date(2026, 10, 29), generated_by=finance_admin
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        overlapping.save()
    # A set-aside schedule does not count: its period can be generated again.
    PaymentSchedule.objects.update(status=ScheduleStatus.FAILED)
    overlapping.save()


@pytest.mark.django_db(transaction=True)
def test_two_admins_generating_overlapping_periods_at_once_get_one_schedule__FEE_8(finance_admin):
    """Real threads, separate connections, released together: one schedule, one clear refusal, never a 500."""
    second = UserFactory(username="frank", role=roles.FINANCE_ADMIN)
    periods = [(date(2026, 9, 1), date(2026, 9, 30)), (date(2026, 9, 15), date(2026, 10, 14))]
    barrier = threading.Barrier(2)
    outcomes = []

    def generate(by, period):
        try:
            barrier.wait()
            tasks.request_schedule(period_start=period[0], period_end=period[1], by=by)
            outcomes.append("made")
        except RuleViolation as refusal:
            outcomes.append(refusal.rule)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=generate, args=args) for args in zip([finance_admin, second], periods, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["FEE-8", "made"]
    assert PaymentSchedule.objects.exclude(status=ScheduleStatus.FAILED).count() == 1
    assert DBTaskResult.objects.count() == 1  # only the schedule that was made queued a job


def test_set_aside_while_generating_stays_set_aside_when_the_job_finishes__FEE_8(priced, finance_admin):
    schedule = tasks.request_schedule(period_start=SEPTEMBER[0], period_end=SEPTEMBER[1], by=finance_admin)
    schedules.discard_draft(schedule, by=finance_admin, seen_status=ScheduleStatus.GENERATING)
    assert run_queued_jobs() == 1  # the job runs after the button was pressed
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.FAILED and "Set aside by Fiona Grant" in schedule.failure
    assert not PaymentLine.objects.exists()  # nothing is paid from a schedule set aside


def test_a_job_that_dies_is_seen_and_the_schedule_generated_again__FEE_8(priced, finance_admin):
    schedule = tasks.request_schedule(period_start=SEPTEMBER[0], period_end=SEPTEMBER[1], by=finance_admin)
    job = DBTaskResult.objects.get()
    job.claim("a-worker-that-then-died")  # the worker took it, then the machine restarted
    assert not tasks.job_state(schedule).stalled
    # Eleven minutes later (the default limit is ten) nothing has been heard from it.
    later = timezone.now() + timedelta(minutes=11)
    state = tasks.job_state(schedule, now=later)
    assert state.stalled and "no sign of life for 11 minutes" in state.text
    with pytest.raises(RuleViolation, match="still being generated"):
        tasks.generate_again(schedule, by=finance_admin, seen_attempt=1)  # not stalled yet, by the real clock
    PaymentSchedule.objects.filter(pk=schedule.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=11))
    again = tasks.generate_again(schedule, by=finance_admin, seen_attempt=1)
    assert again.attempt == 2 and again.job_id != str(job.pk)
    with pytest.raises(RuleViolation, match="changed while you were looking"):
        tasks.generate_again(schedule, by=finance_admin, seen_attempt=1)  # a second press of the same button
    # The old job wakes up after all: its attempt is no longer the schedule's, so it writes nothing.
    assert tasks.fill_payment_schedule.call(schedule.pk, finance_admin.pk, 1).startswith("abandoned")
    assert not PaymentLine.objects.exists()
    assert run_queued_jobs() == 1
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.DRAFT and schedule.attempt == 2
    lines = PaymentLine.objects.filter(schedule=schedule)
    # Paid once: 7 to 30 September at the initial fee, one line per element (care, board, rent).
    assert lines.count() == 3 and lines.filter(placement=priced).count() == 3


def test_a_stale_attempt_cannot_write_its_lines_over_a_newer_one__FEE_8(priced, finance_admin):
    schedule = schedules.start_schedule(period_start=SEPTEMBER[0], period_end=SEPTEMBER[1], by=finance_admin)
    stale = PaymentSchedule.objects.get(pk=schedule.pk)
    PaymentSchedule.objects.filter(pk=schedule.pk).update(attempt=2)  # generated again meanwhile
    result = schedules.fill_schedule(stale, by=finance_admin)
    assert result.status == ScheduleStatus.GENERATING and result.attempt == 2
    assert not PaymentLine.objects.exists()


def test_the_create_form_shows_a_schedule_still_being_generated(finance_client, priced, finance_admin):
    schedule = tasks.request_schedule(period_start=SEPTEMBER[0], period_end=SEPTEMBER[1], by=finance_admin)
    page = finance_client.get("/schedules/new/").content.decode()
    assert "Still being generated: 1 September 2026 to 30 September 2026" in page
    assert f"/schedules/{schedule.pk}/" in page


@pytest.mark.django_db(transaction=True)
def test_a_queued_schedule_is_filled_by_a_worker_in_another_process(finance_admin):
    """The job is a row in PostgreSQL: the web process that queued it can restart; a worker process fills it."""
    _cards()
    started_placement(starts_on=date(2026, 9, 7))
    schedule = tasks.request_schedule(period_start=SEPTEMBER[0], period_end=SEPTEMBER[1], by=finance_admin)
    env = os.environ | {
        "DATABASE_URL": _database_url(connection.settings_dict),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    env.pop("TEST_DATABASE_NAME", None)
    worker = subprocess.run(
        [sys.executable, "manage.py", "run_worker", "--batch", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.DRAFT and schedule.lines.count() == 3
    assert schedule.history.first().history_user == finance_admin
