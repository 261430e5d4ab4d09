"""Importing a DHIS2 `dataValueSets` payload as figures (origin "imported", state draft).

All or nothing: a value that cannot be read or saved (unknown org unit, malformed period, not
a number, no right to enter it, an approved figure in the way …) stops the whole import and
every problem is reported. Values that are simply not treem's — a data element no indicator
is mapped to, a figure treem computes itself — are ignored and listed, as DHIS2 does.
Each figure is written through `measurement_save`, so the rules are those of manual entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from treem.core.errors import TreemError
from treem.geo.models import Unit, Version
from treem.plans.domain.measures import format_value
from treem.plans.domain.periods import Period, PeriodError
from treem.plans.models import Dhis2Element, Indicator, Measurement, Origin
from treem.plans.selectors.dhis2 import (
    ElementRole,
    OrgUnitResolver,
    element_index,
    version_of,
)
from treem.plans.services.measurements import measurement_save

MAX_VALUES = 50_000
EVIDENCE = "Nhập từ DHIS2 (dataValueSets)"


@dataclass
class Conflict:
    object: str
    value: str
    indexes: list[int]
    blocking: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"object": self.object, "value": self.value, "indexes": self.indexes}


@dataclass
class ImportSummary:
    total: int = 0
    imported: int = 0
    updated: int = 0
    ignored: int = 0
    dry_run: bool = False
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def status(self) -> str:
        if any(c.blocking for c in self.conflicts):
            return "ERROR"
        return "WARNING" if self.conflicts else "SUCCESS"

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "dryRun": self.dry_run,
            "importCount": {
                "imported": self.imported,
                "updated": self.updated,
                "ignored": self.ignored,
                "deleted": 0,
            },
            "conflicts": [c.as_dict() for c in self.conflicts],
        }


@dataclass
class _Figure:
    element: Dhis2Element
    indicator: Indicator
    unit: Unit
    period: Period
    org_unit: str
    parts: dict[str, tuple[int, Any]] = field(default_factory=dict)  # part -> (index, value)
    comments: list[str] = field(default_factory=list)

    @property
    def indexes(self) -> list[int]:
        return sorted(index for index, _ in self.parts.values())

    @property
    def where(self) -> str:
        codes = [self.element.numerator, self.element.denominator]
        names = " và ".join(f"'{c}'" for c in codes if c)
        return (
            f"Data element {names}, org unit '{self.org_unit}', kỳ '{self.period.code}' "
            f"(chỉ tiêu {self.indicator.code}, {self.unit.full_name})"
        )


def _where(value: dict[str, Any]) -> str:
    return (
        f"Data element '{value.get('dataElement', '')}', org unit '{value.get('orgUnit', '')}', "
        f"kỳ '{value.get('period', '')}'"
    )


def _match(roles: list[ElementRole], combo: str) -> ElementRole | None:
    """The part a value carries: same combo, or any when either side names none."""
    exact = [r for r in roles if r.element.category_option_combo == combo]
    loose = [r for r in roles if not combo or not r.element.category_option_combo]
    found = exact or loose
    return found[0] if len(found) == 1 else None


def data_values_import(
    *,
    actor: Any,
    values: list[dict[str, Any]],
    period: str = "",
    org_unit: str = "",
    dry_run: bool = False,
) -> ImportSummary:
    """`values`: DHIS2 data values; `period`/`org_unit`: the payload's defaults for values
    that leave them out."""
    summary = ImportSummary(total=len(values), dry_run=dry_run)
    if len(values) > MAX_VALUES:
        summary.conflicts.append(
            Conflict(
                "dataValues",
                f"Tệp có {format_value(Decimal(len(values)), 'count')} giá trị, quá giới hạn "
                f"{format_value(Decimal(MAX_VALUES), 'count')} một lần nhập; chia nhỏ theo kỳ "
                "hoặc theo tỉnh.",
                [],
            )
        )
        summary.ignored = len(values)
        return summary
    values = [
        {"period": period, "orgUnit": org_unit, **{k: v for k, v in value.items() if v != ""}}
        for value in values
    ]
    figures = _read(values, summary)
    if summary.status == "ERROR":
        summary.ignored = summary.total
        return summary
    _write(actor, figures, summary)
    if summary.status == "ERROR":
        summary.imported = summary.updated = 0
        summary.ignored = summary.total
    return summary


def _read(values: list[dict[str, Any]], summary: ImportSummary) -> list[_Figure]:
    """Group the values into figures; record every problem found without writing."""
    elements = element_index()
    resolver = OrgUnitResolver(str(v.get("orgUnit", "")) for v in values)
    figures: dict[tuple[int, int, str], _Figure] = {}
    for index, value in enumerate(values):
        where = _where(value)
        code = str(value.get("dataElement", "")).strip()
        if not code:
            summary.conflicts.append(
                Conflict("dataElement", f"{where}: thiếu dataElement.", [index])
            )
            continue
        roles = elements.get(code)
        if not roles:
            summary.conflicts.append(
                Conflict(
                    code,
                    f"{where}: data element này không gắn với chỉ tiêu nào của treem; bỏ qua.",
                    [index],
                    blocking=False,
                )
            )
            summary.ignored += 1
            continue
        combo = str(value.get("categoryOptionCombo", "")).strip()
        role = _match(roles, combo)
        if role is None:
            summary.conflicts.append(
                Conflict(
                    code,
                    f"{where}: category option combo '{combo}' không khớp mã đã gán cho chỉ tiêu "
                    f"{roles[0].element.indicator.code}; bỏ qua.",
                    [index],
                    blocking=False,
                )
            )
            summary.ignored += 1
            continue
        try:
            when = Period.parse(str(value.get("period", "")))
        except PeriodError as exc:
            summary.conflicts.append(
                Conflict(str(value.get("period", "")), f"{where}: {exc}", [index])
            )
            continue
        ou = str(value.get("orgUnit", "")).strip()
        unit = resolver.unit(ou, when)
        if unit is None:
            structure = "trước 01/7/2025" if version_of(when) == Version.LEGACY else "hiện hành"
            summary.conflicts.append(
                Conflict(
                    ou or "orgUnit",
                    f"{where}: không có đơn vị hành chính hay org unit đã gán mã '{ou}' "
                    f"(cơ cấu {structure} của kỳ {when.code}).",
                    [index],
                )
            )
            continue
        indicator = role.element.indicator
        if indicator.computation.startswith("registry.") and unit.version == Version.CURRENT:
            summary.conflicts.append(
                Conflict(
                    code,
                    f"{where}: chỉ tiêu {indicator.code} được treem tính tự động từ cơ sở dữ liệu "
                    "trẻ em cho đơn vị hiện hành; bỏ qua.",
                    [index],
                    blocking=False,
                )
            )
            summary.ignored += 1
            continue
        key = (indicator.pk, unit.pk, when.code)
        figure = figures.setdefault(key, _Figure(role.element, indicator, unit, when, ou))
        if role.part in figure.parts:
            first = figure.parts[role.part][0]
            summary.conflicts.append(
                Conflict(code, f"{where}: giá trị trùng với giá trị thứ {first + 1}.", [index])
            )
            continue
        figure.parts[role.part] = (index, value.get("value"))
        if comment := str(value.get("comment", "")).strip():
            figure.comments.append(comment)
    return list(figures.values())


def _write(actor: Any, figures: list[_Figure], summary: ImportSummary) -> None:
    with transaction.atomic():
        existing = set(
            Measurement.objects.filter(
                indicator_id__in={f.indicator.pk for f in figures},
                unit_id__in={f.unit.pk for f in figures},
                period__in={f.period.code for f in figures},
            ).values_list("indicator_id", "unit_id", "period")
        )
        for figure in figures:
            numerator = figure.parts.get("numerator", (0, None))[1]
            denominator = figure.parts.get("denominator", (0, None))[1]
            try:
                measurement_save(
                    actor=actor,
                    indicator=figure.indicator,
                    unit=figure.unit,
                    period=figure.period.code,
                    numerator=numerator,
                    denominator=denominator,
                    evidence=EVIDENCE,
                    notes=" ".join(figure.comments),
                    origin=Origin.IMPORTED,
                )
            except TreemError as exc:
                summary.conflicts.append(
                    Conflict(
                        figure.element.numerator,
                        f"{figure.where}: {exc.message}",
                        figure.indexes,
                    )
                )
                continue
            key = (figure.indicator.pk, figure.unit.pk, figure.period.code)
            counted = len(figure.parts)
            if key in existing:
                summary.updated += counted
            else:
                summary.imported += counted
        if summary.status == "ERROR" or summary.dry_run:
            transaction.set_rollback(True)
