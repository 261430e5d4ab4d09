"""Long jobs: a `Job` row the UI polls, run by the django-tasks worker.

A handler is registered per job kind with `@job_handler("geo.load")`; it receives the job and
a `Progress` to report through. Services create jobs with `job_start` (permission checks are
the caller's: the service that offers the job decides who may start it).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from treem.core.audit import audit_write
from treem.core.errors import TreemError
from treem.core.models import Job

logger = logging.getLogger(__name__)

Handler = Callable[[Job, "Progress"], dict[str, Any]]
_HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


class Progress:
    """Writes progress to the job row at most every `every` steps, so polling stays cheap."""

    def __init__(self, job: Job, every: int = 200) -> None:
        self.job = job
        self.every = every

    def total(self, total: int | None) -> None:
        Job.objects.filter(pk=self.job.pk).update(progress_total=total)

    def step(self, done: int, message: str = "") -> None:
        if done % self.every == 0 or message:
            fields: dict[str, Any] = {"progress_done": done}
            if message:
                fields["message"] = message[:300]
            Job.objects.filter(pk=self.job.pk).update(**fields)


def job_start(*, actor: Any, kind: str, title: str, params: dict[str, Any] | None = None) -> Job:
    if kind not in _HANDLERS:
        raise TreemError(f"Không có loại công việc '{kind}'.")
    with transaction.atomic():
        job = Job(kind=kind, title=title, owner=actor, params=params or {})
        job.full_clean()
        job.save()
        audit_write(actor=actor, action="core.job.start", obj=job, changes={"kind": kind})
        # Enqueue only once the job row is committed, so the worker always finds it.
        transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))
    return job


@task()
def run_job(job_id: str) -> None:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    handler = _HANDLERS[job.kind]
    try:
        result = handler(job, Progress(job))
    except TreemError as exc:
        _finish(job, Job.Status.FAILED, error=exc.message)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.Status.FAILED, error=traceback.format_exc(limit=5))
    else:
        _finish(job, Job.Status.SUCCEEDED, result=result)


def _finish(job: Job, status: str, *, error: str = "", result: dict | None = None) -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error}
    if result is not None:
        fields["result"] = result
        total = Job.objects.values_list("progress_total", flat=True).get(pk=job.pk)
        if total:
            fields["progress_done"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
