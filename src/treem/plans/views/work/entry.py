"""Figures entry: one unit and one period, a grid of the indicators the user may enter.

"Lưu nháp" saves every changed row through `measurement_save`, all or nothing: if one row is
refused, nothing is saved and each refused row shows its message. "Gửi duyệt" does the same,
then submits every draft of the grid. Approved rows and figures computed from the registry
are read-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from treem.core.errors import TreemError
from treem.geo.models import Unit
from treem.org import scope
from treem.org.models import User
from treem.plans import access
from treem.plans.domain.measures import SHORT_LABELS, format_value
from treem.plans.domain.periods import Period, PeriodError
from treem.plans.forms import EntryRowForm, PeriodUnitForm, unit_key
from treem.plans.models import Indicator, Measurement, MeasurementState
from treem.plans.selectors import measurements as selectors
from treem.plans.services.measurements import measurement_save, measurement_submit
from treem.plans.views.work.common import STATE_BADGES, found, mark_invalid
from treem.web.shortcuts import acting_user, bootstrap

CELL = "form-control form-control-sm"
PAGE_LEVEL = {"unit", "period"}  # errors about the whole grid, not one row


class _Rollback(Exception):
    """Raised inside the transaction to undo a partly saved grid."""


@dataclass
class GridRow:
    indicator: Indicator
    computed: bool
    figure: Measurement | None
    form: EntryRowForm | None = None
    returned: selectors.Returned | None = None

    @property
    def badge(self) -> tuple[str, str] | None:
        return STATE_BADGES.get(self.figure.state) if self.figure else None  # type: ignore[call-overload]

    @property
    def value(self) -> str:
        if self.figure is None or self.figure.value is None:
            return ""
        return format_value(self.figure.value, self.indicator.unit)

    @property
    def numerator_text(self) -> str:
        return _plain(self.figure.numerator) if self.figure else ""

    @property
    def denominator_text(self) -> str:
        return _plain(self.figure.denominator) if self.figure else ""

    @property
    def unit_label(self) -> str:
        return SHORT_LABELS.get(self.indicator.unit, "") or "số lượng"


def _plain(number: Decimal | None) -> str:
    """A stored number as the user would type it: '1250', '97,5'."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text.replace(".", ",")


def _same(text: str, stored: Decimal | None) -> bool:
    if not text:
        return stored is None
    try:
        return stored is not None and Decimal(text) == stored
    except InvalidOperation:
        return False


def _choose(request: HttpRequest, user: User) -> tuple[PeriodUnitForm, Period | None, Unit | None]:
    """The period and unit asked for in the query string (defaults: this year, the user's
    own unit)."""
    code = request.GET.get("period") or str(timezone.localdate().year)
    period: Period | None = None
    error = ""
    try:
        period = Period.parse(code)
    except PeriodError as exc:
        error = str(exc)
    units = selectors.entry_units(user, period)
    own = [m.unit for m in scope.active_memberships(user) if m.role in access.ENTRY_ROLES]
    default = next((u for u in own if u in units), units[0] if units else None)
    unit: Unit | None = None
    wanted = request.GET.get("unit") or (unit_key(default) if default else "")
    if wanted:
        version, _, unit_code = wanted.partition(":")
        unit = found(lambda: selectors.entry_unit_get(user, version, unit_code))
        if unit not in units:
            units = [*units, unit]
    form = bootstrap(
        PeriodUnitForm({"period": period.code if period else code, "unit": wanted}, units=units)
    )
    form.is_valid()
    if error:
        form.add_error("period", error)
    return form, period, unit


def _rows(request: HttpRequest, user: User, unit: Unit, period: Period) -> list[GridRow]:
    figures = selectors.figures_at(user, unit, period)
    rows = []
    for item in selectors.entry_indicators(user, unit):
        figure = figures.get(item.indicator.pk)
        row = GridRow(item.indicator, item.computed, figure)
        prefix = f"i{item.indicator.pk}"
        posted = request.method == "POST" and f"{prefix}-numerator" in request.POST
        locked = figure is not None and figure.state == MeasurementState.APPROVED
        if not item.computed and (posted or not locked):
            initial = {
                "numerator": _plain(figure.numerator),
                "denominator": _plain(figure.denominator),
                "evidence": figure.evidence,
                "notes": figure.notes,
            } if figure else {}  # fmt: skip
            data = request.POST if posted else None
            row.form = bootstrap(EntryRowForm(data, prefix=prefix, initial=initial))
            _label(row.form, item.indicator)
        rows.append(row)
    reasons = selectors.return_reasons(r.figure for r in rows if r.figure)
    for row in rows:
        if row.figure is not None:
            row.returned = reasons.get(row.figure.pk)
    return rows


def _label(form: EntryRowForm, indicator: Indicator) -> None:
    """Accessible names and sizes of a row's inputs ("Tử số — chỉ tiêu 5a")."""
    for name, field in form.fields.items():
        field.widget.attrs.update(
            {"aria-label": f"{field.label} — chỉ tiêu {indicator.code}", "class": CELL}
        )
        if name in ("evidence", "notes"):
            field.widget.attrs["placeholder"] = str(field.label)


def _changes(row: GridRow) -> dict[str, Any] | None:
    assert row.form is not None
    data = row.form.cleaned_data
    num, den = data["numerator"], data["denominator"]
    evidence, notes = data["evidence"].strip(), data["notes"].strip()
    figure = row.figure
    if figure is None:
        if not (num or den or evidence or notes):
            return None
    elif (
        _same(num, figure.numerator)
        and _same(den, figure.denominator)
        and evidence == figure.evidence
        and notes == figure.notes
    ):
        return None
    return {"numerator": num, "denominator": den or None, "evidence": evidence, "notes": notes}


def _row_error(row: GridRow, exc: TreemError, page_errors: list[str]) -> bool:
    """Place a refusal; True when it concerns the whole grid (stop trying other rows)."""
    details = getattr(exc, "details", {}) or {}
    if PAGE_LEVEL & set(details):
        page_errors.append(exc.message)
        return True
    assert row.form is not None
    fields = [name for name in details if name in row.form.fields]
    row.form.add_error(fields[0] if fields else None, exc.message)
    return False


def _save(user: User, unit: Unit, period: Period, rows: list[GridRow], submit: bool) -> Any:
    """(saved, submitted, page errors); on any error nothing is written."""
    page_errors: list[str] = []
    saved = submitted = 0
    editable = [r for r in rows if r.form is not None]
    try:
        with transaction.atomic():
            for row in editable:
                assert row.form is not None
                if not row.form.is_valid():
                    continue
                changes = _changes(row)
                if changes is None:
                    continue
                agency = selectors.reporter_agency(user, unit, row.indicator) or (
                    row.figure.agency if row.figure else None
                )
                try:
                    row.figure = measurement_save(
                        actor=user,
                        indicator=row.indicator,
                        unit=unit,
                        period=period.code,
                        agency=agency,
                        **changes,
                    )
                    saved += 1
                except TreemError as exc:
                    if _row_error(row, exc, page_errors):
                        break
            failed = bool(page_errors) or any(r.form and r.form.errors for r in editable)
            if submit and not failed:
                for row in editable:
                    if row.figure is None or row.figure.state != MeasurementState.DRAFT:
                        continue
                    try:
                        measurement_submit(actor=user, measurement=row.figure)
                        submitted += 1
                    except TreemError as exc:
                        _row_error(row, exc, page_errors)
                failed = bool(page_errors) or any(r.form and r.form.errors for r in editable)
            if failed:
                raise _Rollback
    except _Rollback:
        return 0, 0, page_errors
    return saved, submitted, page_errors


@login_required
def entry(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not scope.has_role(user, access.ENTRY_ROLES):
        raise Http404("Trang dành cho cán bộ nhập số liệu chỉ tiêu.")
    chooser, period, unit = _choose(request, user)
    rows: list[GridRow] = []
    page_errors: list[str] = []
    if period is not None and unit is not None:
        rows = _rows(request, user, unit, period)
        if request.method == "POST":
            submit = "submit" in request.POST
            saved, submitted, page_errors = _save(user, unit, period, rows, submit)
            failed = page_errors or any(r.form and r.form.errors for r in rows)
            if not failed:
                if submitted:
                    messages.success(request, f"Đã gửi duyệt {submitted} số liệu.")
                elif saved:
                    messages.success(request, f"Đã lưu nháp {saved} số liệu.")
                else:
                    messages.info(request, "Không có thay đổi nào để lưu hoặc gửi.")
                return redirect(request.get_full_path())
            # Nothing was written: show the stored states again, with the typed values.
            figures = selectors.figures_at(user, unit, period)
            for row in rows:
                row.figure = figures.get(row.indicator.pk)
                if row.form is not None:
                    mark_invalid(row.form)
    elif request.method == "POST":
        raise Http404("Chọn kỳ và đơn vị trước khi lưu.")
    exists = bool(period and unit and (unit.valid_on(period.start) or unit.valid_on(period.end)))
    editable = sum(1 for r in rows if r.form is not None)
    return render(
        request,
        "plans/work/entry.html",
        {
            "chooser": chooser,
            "period": period,
            "unit": unit,
            "rows": rows,
            "exists": exists,
            "editable": editable,
            "page_errors": page_errors,
            "bad_rows": [r.indicator.code for r in rows if r.form is not None and r.form.errors],
            "badges": STATE_BADGES,
        },
    )
