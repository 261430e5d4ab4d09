"""Background jobs of the registry: the web upload runs the same import as the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse

from treem.core.jobs import Progress, job_handler
from treem.core.models import Job
from treem.geo.models import Unit
from treem.registry.importing.pipeline import import_file

IMPORT_JOB = "registry.import"


@job_handler(IMPORT_JOB)
def run_import(job: Job, progress: Progress) -> dict[str, Any]:
    params = job.params
    commune = Unit.objects.get(pk=params["commune_id"]) if params.get("commune_id") else None
    path = Path(params["path"])
    progress.every = 1

    def report(done: int, total: int | None) -> None:
        if total:
            progress.total(total)
        progress.step(done)

    try:
        run = import_file(
            path,
            actor=job.owner,
            commune=commune,
            dry_run=params.get("dry_run", False),
            legacy_codes=params.get("legacy_codes", False),
            source_name=params.get("source_name"),
            progress=report,
        )
    finally:
        if not params.get("keep_file"):
            path.unlink(missing_ok=True)  # the upload held personal data: keep no copy
    return {
        "import_run": str(run.pk),
        **run.summary(),
        "link": reverse("registry:import_run", args=[run.pk]),
        "link_label": "Xem kết quả nhập",
    }
