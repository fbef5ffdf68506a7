"""Jobs that run on a timetable (the weekly digest, the daily overdue count), on Django's `django.tasks`.

django-tasks-db runs queued jobs but has no timetable of its own. Each app registers its periodic jobs here in
`AppConfig.ready()`; `schedule_periodic_jobs()` makes sure each has exactly one run queued, for its next time
(`run_after`). The worker command calls it when it starts, and each periodic job calls it when it finishes, so
the chain carries on across restarts. An advisory lock stops two workers starting at once from queueing twice.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sharedlives.db import advisory_lock

NextRun = Callable[[datetime], datetime]


@dataclass(frozen=True)
class PeriodicJob:
    task: Task
    next_run: NextRun  # given "now" (aware), the next time the job should run
    description: str


_periodic: dict[str, PeriodicJob] = {}


def register_periodic(task: Task, next_run: NextRun, description: str) -> None:
    _periodic[task.module_path] = PeriodicJob(task, next_run, description)


def periodic_jobs() -> list[PeriodicJob]:
    return list(_periodic.values())


_at_start: list[Task] = []


def register_at_start(task: Task) -> None:
    """A job the worker queues each time it starts (catching up on what happened while it was stopped)."""
    _at_start.append(task)


def queue_start_jobs() -> list[Task]:
    for task in _at_start:
        task.enqueue()
    return list(_at_start)


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def daily_at(hour: int) -> NextRun:
    """Every day at `hour` o'clock, UK time."""

    def next_run(now: datetime) -> datetime:
        local = timezone.localtime(now)
        candidate = _at(local.date(), hour)
        return candidate if candidate > now else _at(local.date() + timedelta(days=1), hour)

    return next_run


def weekly_at(weekday: int, hour: int) -> NextRun:
    """Every week on `weekday` (0 is Monday) at `hour` o'clock, UK time."""

    def next_run(now: datetime) -> datetime:
        local = timezone.localtime(now)
        day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
        candidate = _at(day, hour)
        return candidate if candidate > now else _at(day + timedelta(days=7), hour)

    return next_run


def schedule_periodic_jobs(now: datetime | None = None) -> list[tuple[PeriodicJob, datetime]]:
    """Queue the next run of every periodic job that has none queued. Safe to call any number of times."""
    now = now or timezone.now()
    queued = []
    with transaction.atomic():
        advisory_lock("sharedlives.periodic-jobs")
        waiting = set(
            DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path__in=list(_periodic)).values_list(
                "task_path", flat=True
            )
        )
        for path, job in _periodic.items():
            if path in waiting:
                continue
            when = job.next_run(now)
            job.task.using(run_after=when).enqueue()
            queued.append((job, when))
    return queued
