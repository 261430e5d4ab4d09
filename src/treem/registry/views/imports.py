"""Uploading a spreadsheet: it is saved under var/, imported by the background worker with
progress, and the error report can be downloaded by the person who ran it."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from treem.core.jobs import job_start
from treem.org import scope
from treem.registry import access, selectors
from treem.registry.forms import ImportForm
from treem.registry.importing.headers import TEMPLATE_HEADERS
from treem.registry.jobs import IMPORT_JOB
from treem.registry.views.common import home_commune
from treem.web.shortcuts import bootstrap

ALLOWED = {".csv", ".xlsx"}


def uploads_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports" / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def import_upload(request: HttpRequest) -> HttpResponseBase:
    if not scope.has_role(request.user, access.WRITE_ROLES):
        raise Http404("Trang dành cho cán bộ quản lý dữ liệu trẻ em.")
    form = bootstrap(ImportForm(request.POST or None, request.FILES or None))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ALLOWED:
            form.add_error("file", "Chỉ nhận tệp .csv hoặc .xlsx (lưu từ Excel).")
        elif upload.size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
            form.add_error(
                "file",
                f"Tệp lớn {upload.size / 1024 / 1024:.0f} MB, quá giới hạn {limit} MB. Hãy "
                "chia thành nhiều tệp nhỏ hơn, hoặc nhờ quản trị nhập bằng lệnh "
                "`treem registry import`.",
            )
        else:
            # A generated name: the person's file name never becomes a path on the server.
            path = uploads_dir() / f"{uuid.uuid4().hex}{suffix}"
            with path.open("wb") as handle:
                for block in upload.chunks():
                    handle.write(block)
            commune = home_commune(request)
            job = job_start(
                actor=request.user,
                kind=IMPORT_JOB,
                title=f"Nhập danh sách trẻ em: {upload.name}",
                params={
                    "path": str(path),
                    "source_name": upload.name[:200],
                    "dry_run": form.cleaned_data["dry_run"],
                    "legacy_codes": form.cleaned_data["legacy_codes"],
                    "commune_id": commune.pk if commune else None,
                },
            )
            return redirect("core:job_detail", job.pk)
    runs = selectors.import_runs_visible_to(request.user)[:20]
    return render(
        request,
        "registry/import.html",
        {"form": form, "runs": runs, "headers": TEMPLATE_HEADERS},
    )


@login_required
def import_run(request: HttpRequest, pk: str) -> HttpResponseBase:
    run = selectors.import_run_get(request.user, pk)
    return render(request, "registry/import_run.html", {"run": run})


@login_required
def import_report(request: HttpRequest, pk: str) -> HttpResponseBase:
    run = selectors.import_run_get(request.user, pk)
    path = Path(run.error_report)
    if not run.error_report or not path.exists():
        raise Http404("Không có báo cáo lỗi cho lần nhập này.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"bao-cao-loi-{Path(run.source_name).stem}.csv",
        content_type="text/csv; charset=utf-8",
    )


def template_csv(request: HttpRequest) -> HttpResponseBase:
    """The empty template with one example row (public: it holds no personal data)."""
    path = Path(__file__).resolve().parent.parent / "static" / "registry" / "mau-nhap-tre-em.csv"
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
