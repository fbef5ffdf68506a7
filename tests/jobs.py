"""Running queued background jobs inside a test, with the real worker's code (django-tasks-db's Worker.run_task).

The worker's own loop closes "old" database connections between jobs, which would end a test's transaction; so
this claims each ready job and hands it to `run_task`, exactly as the loop does, without the loop.
"""

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

_WORKER = Worker(
    queue_names=["default"],
    interval=0,
    batch=True,
    backend_name="default",
    startup_delay=False,
    max_tasks=None,
    worker_id="test-worker",
    excluded_queue_names=[],
)


def run_queued_jobs(*, include_future: bool = False) -> int:
    """Run every job that is ready (and, with include_future, those queued for later). Returns how many ran."""
    ran = 0
    while True:
        jobs = DBTaskResult.objects.filter(status="READY") if include_future else DBTaskResult.objects.ready()
        with transaction.atomic():  # as the worker does: take the job under a row lock, mark it running
            job = jobs.get_locked()
            if job is not None:
                job.claim(_WORKER.worker_id)
        if job is None:
            return ran
        _WORKER.run_task(job)
        ran += 1
