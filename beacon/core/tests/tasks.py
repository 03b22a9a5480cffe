"""Running the production task backend's queue inside a test (django_tasks_db + its db_worker)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_database_tasks(rounds: int = 20) -> None:
    """What `manage.py db_worker` does for each ready task (claim, run, record the result), minus its
    connection recycling, which would close the test's transaction on PostgreSQL."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    for _round in range(rounds):
        ready = DBTaskResult.objects.ready().first()
        if ready is None:
            return
        ready.claim("test")
        worker.run_task(ready)
