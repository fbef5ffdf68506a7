"""The background worker: django-tasks-db's `db_worker`, after queueing the periodic jobs (sharedlives/jobs.py).

`make run` starts it beside the web server; in production run one or more of these beside gunicorn
(docs/deployment.md). Every option of `db_worker` works here too.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from sharedlives.jobs import queue_start_jobs, schedule_periodic_jobs


class Command(DatabaseWorkerCommand):
    help = "Run background jobs (payment schedules, digests, the overdue count), queueing periodic ones first."

    def handle(self, *args, **options):
        for job, when in schedule_periodic_jobs():
            self.stdout.write(f"Queued {job.description} for {when:%a %d %b %Y %H:%M}")
        for task in queue_start_jobs():
            self.stdout.write(f"Queued {task.name} to run now")
        super().handle(*args, **options)
