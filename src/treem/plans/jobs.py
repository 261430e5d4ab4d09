"""Background work: full recomputation as a job, and the quick refresh of changed communes."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django_tasks import task

from treem.core.jobs import Progress, job_handler
from treem.core.models import Job
from treem.plans.computed.refresh import indicators_recompute, refresh_pending
from treem.plans.domain.periods import Period

REFRESH_THROTTLE_SECONDS = 20


@job_handler("plans.recompute")
def recompute_job(job: Job, progress: Progress) -> dict[str, Any]:
    periods = [Period.parse(code) for code in job.params.get("periods", [])]
    progress.total(len(periods))
    results = []
    for done, period in enumerate(periods, start=1):
        results.append(indicators_recompute(actor=None, period=period).as_dict())
        progress.step(done, f"Đã tính kỳ {period.code}")
    return {"periods": results}


@task()
def refresh_changed() -> None:
    refresh_pending()


def schedule_refresh() -> bool:
    """Ask the worker to pick up registry changes; called on dashboard and API reads, at most
    once per throttle window per process, so figures are never more than about a minute old
    while someone is looking."""
    if not cache.add("treem.plans.refresh", 1, timeout=REFRESH_THROTTLE_SECONDS):
        return False
    refresh_changed.enqueue()
    return True
