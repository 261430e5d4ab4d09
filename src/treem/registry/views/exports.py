"""Downloads: a filtered list as CSV/XLSX, one child's full record as DOCX/PDF. Every download
of personal data is audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from treem.core.audit import audit_read
from treem.org import scope
from treem.registry import access, selectors
from treem.registry.exports import lists, record
from treem.registry.models import Child
from treem.registry.views.children import filtered_children

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def list_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if fmt not in ("csv", "xlsx") or not scope.has_role(request.user, access.READ_ROLES):
        raise Http404("Không có định dạng này.")
    _form, children = filtered_children(request)
    ids = [c.pk for c in children] if isinstance(children, list) else None
    qs = selectors.children_visible_to(request.user)
    qs = qs.filter(pk__in=ids) if ids is not None else children
    today = timezone.localdate()
    audit_read(
        actor=request.user,
        action="registry.child.export",
        details={"format": fmt, "filters": request.GET.dict()},
    )
    name = f"danh-sach-tre-em-{today:%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(qs, today), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    buffer = io.BytesIO()
    lists.write_xlsx(qs, buffer, on=today)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=name, content_type=XLSX)


def _csv_stream(qs: QuerySet[Child], today: dt.date) -> Iterator[str]:
    """Yield the CSV in pieces so a large list never sits in memory."""

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(lists.LIST_COLUMNS)
    for count, row in enumerate(lists.iter_list_rows(qs, on=today), start=1):
        writer.writerow(row)
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@login_required
def record_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    if fmt not in ("docx", "pdf"):
        raise Http404("Không có định dạng này.")
    child = selectors.child_get(request.user, pk, audit=False)
    audit_read(
        actor=request.user,
        action="registry.child.record_export",
        obj=child,
        unit=child.unit,
        details={"format": fmt},
    )
    requested_by = getattr(request.user, "full_name", "") or request.user.get_username()
    if fmt == "docx":
        data, content_type = record.record_docx(child, requested_by=requested_by), DOCX
    else:
        data, content_type = record.record_pdf(child, requested_by=requested_by), "application/pdf"
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"ho-so-tre-em-{child.pk}.{fmt}",
        content_type=content_type,
    )
