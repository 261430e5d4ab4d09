"""Background job: reload the administrative-unit reference file."""

from __future__ import annotations

from typing import Any

from treem.core.jobs import Progress, job_handler
from treem.core.models import Job
from treem.geo import services


@job_handler("geo.load")
def load_units(job: Job, progress: Progress) -> dict[str, Any]:
    progress.total(1)
    progress.step(0, "Đang nạp tệp tham chiếu…")
    summary = services.geo_load_reference(actor=job.owner)
    return summary.as_dict()
