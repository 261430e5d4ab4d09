from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from treem.core.audit import audit_read, audit_write
from treem.core.jobs import job_handler, job_start
from treem.core.models import AuditEvent, Job
from treem.core.text import fold, nfc, title_vi

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_audit_write_refuses_to_run_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError, match="outside a transaction"):
        audit_write(actor=None, action="x")


def test_audit_row_rolls_back_with_the_change() -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError), transaction.atomic():
        audit_write(actor=None, action="test.change")
        raise ValueError("change failed")
    assert AuditEvent.objects.count() == before


def test_sensitive_read_is_recorded_with_actor(cast) -> None:
    event = audit_read(actor=cast.officer_a, action="registry.child.view", reason="kiểm tra")
    assert event.kind == AuditEvent.Kind.READ and event.actor_label == "canbo.a"


def test_fold_makes_accent_free_search_keys() -> None:
    assert fold("Phường  Đống Đa") == "phuong dong da"
    assert fold("NGUYỄN Thị Ánh") == "nguyen thi anh"


def test_nfc_joins_decomposed_vietnamese() -> None:
    decomposed = "Nguye\u0302\u0303n"
    assert nfc(decomposed) == "Nguyễn"


def test_title_case_for_names() -> None:
    assert title_vi("nguyễn  văn AN") == "Nguyễn Văn An"


@job_handler("test.count")
def _count(job: Job, progress: Any) -> dict[str, Any]:
    progress.total(3)
    for i in range(1, 4):
        progress.step(i, f"bước {i}")
    return {"counted": job.params["n"]}


@job_handler("test.fail")
def _fail(job: Job, progress: Any) -> dict[str, Any]:
    raise RuntimeError("boom")


def test_job_runs_and_records_result(cast, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=cast.national_admin, kind="test.count", title="Đếm", params={"n": 3})
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"counted": 3} and job.percent == 100


def test_failed_job_keeps_the_error(cast, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=cast.national_admin, kind="test.fail", title="Hỏng")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "boom" in job.error


@pytest.mark.django_db(transaction=True)
def test_database_worker_runs_a_queued_job(settings) -> None:
    # Transactional tests start from an empty database (no demo cast): the system starts it.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    job = job_start(actor=None, kind="test.count", title="Đếm", params={"n": 7})
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    call_command("db_worker", "--batch", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result == {"counted": 7}
