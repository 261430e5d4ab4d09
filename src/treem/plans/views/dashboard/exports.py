"""Downloads of the dashboard as shown (same unit, year and filters): XLSX and DOCX."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone

from treem.geo.models import Level
from treem.org.models import AgencyKind
from treem.plans.models import ObjectiveGroup
from treem.plans.selectors import dashboard as selectors
from treem.plans.views.dashboard import docx, xlsx
from treem.plans.views.dashboard.params import Query, read_query

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def filters_text(query: Query) -> str:
    parts = []
    if query.group:
        parts.append(str(ObjectiveGroup(query.group).label))
    if query.sector:
        parts.append(f"ngành chủ trì: {AgencyKind(query.sector).label}")
    return "; ".join(parts)


@login_required
def dashboard_export(request: HttpRequest, fmt: str) -> FileResponse:
    if fmt not in ("xlsx", "docx"):
        raise Http404("Không có định dạng tải về này.")
    query = read_query(request)
    indicators = selectors.filter_indicators(
        selectors.dashboard_indicators(request.user), group=query.group, sector=query.sector
    )
    grid = selectors.dashboard_grid(unit=query.unit, year=query.year, indicators=indicators)
    today = timezone.localdate()
    name = f"chi-tieu-tre-em-{query.unit.code.lower()}-{query.year}-{today:%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        buffer = io.BytesIO()
        xlsx.write_xlsx(grid, buffer, filters=filters_text(query), today=today)
        buffer.seek(0)
        return FileResponse(buffer, as_attachment=True, filename=name, content_type=XLSX)
    place = "Hà Nội" if query.unit.level == Level.NATION else query.unit.name
    data = docx.dashboard_docx(grid, filters=filters_text(query), today=today, place=place)
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=DOCX)
