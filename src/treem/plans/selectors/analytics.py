"""Figures as a table of data (dx) × period (pe) × unit (ou), in the manner of DHIS2's
analytics API, from one roll-up of approved figures.

Units are named by code, and two DHIS2 keywords expand them: `LEVEL-<level>` (every unit of
that level inside the other units named, or inside the caller's area when none is named) and
`CHILDREN-<code>` (the units directly under one). `USER_ORGUNIT` is the caller's own units.
A unit the caller may not read is a 404; a malformed item is a 400 naming the parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from treem.core.errors import Invalid, NotFound
from treem.geo.models import Level, Unit, Version
from treem.org import scope
from treem.plans import access
from treem.plans.domain.measures import format_value
from treem.plans.domain.periods import Period, PeriodError
from treem.plans.models import Indicator
from treem.plans.selectors.dhis2 import plain
from treem.plans.selectors.plans import indicators_visible_to
from treem.plans.selectors.rollup import rollup

MAX_UNITS = 5_000
MAX_CELLS = 250_000
LEVELS = [Level.NATION, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]


def _count(number: int) -> str:
    return format_value(Decimal(number), "count")  # 250.000


def _bad(param: str, message: str) -> Invalid:
    return Invalid(message, details={param: message})


def items_of(raw: str | None, param: str) -> list[str]:
    """'8a;14;3a' → ['8a', '14', '3a'] without repeats; an empty parameter is a 400."""
    items = list(dict.fromkeys(i.strip() for i in (raw or "").split(";") if i.strip()))
    if not items:
        raise _bad(param, f"Thiếu tham số {param} (các mã cách nhau bởi dấu ;).")
    return items


def analytics_indicators(user: Any, codes: Sequence[str]) -> list[Indicator]:
    found = {i.code: i for i in indicators_visible_to(user).filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise _bad(
            "dx",
            f"Tham số dx: không có chỉ tiêu mã {', '.join(repr(c) for c in unknown)} trong danh "
            "mục (xem GET /api/v1/indicators/).",
        )
    return [found[c] for c in codes]


def analytics_periods(codes: Sequence[str]) -> list[Period]:
    periods: list[Period] = []
    for code in codes:
        try:
            periods.append(Period.parse(code))
        except PeriodError as exc:
            raise _bad("pe", f"Tham số pe: {exc}") from None
    return list(dict.fromkeys(periods))


def _units_by_code(codes: Sequence[str], version: str) -> dict[str, Unit]:
    found = {u.code: u for u in Unit.objects.filter(version=version, code__in=codes)}
    for code in codes:
        if code in found:
            continue
        legacy = None
        if version == Version.CURRENT:
            legacy = Unit.objects.filter(version=Version.LEGACY, code=code).first()
        if legacy is not None:
            raise _bad(
                "ou",
                f"Tham số ou: mã {code} là {legacy.full_name} trước ngày 01/7/2025; thêm "
                "version=legacy để hỏi theo cơ cấu cũ, hoặc dùng mã đơn vị kế thừa.",
            )
        structure = "cũ" if version == Version.LEGACY else "hiện hành"
        raise _bad(
            "ou",
            f"Tham số ou: không có đơn vị hành chính mã '{code}' trong cơ cấu {structure}.",
        )
    return found


def _readable(user: Any, unit: Unit) -> Unit:
    if not access.can_read(user, unit):
        raise NotFound(
            f"Không tìm thấy {unit.full_name} (mã {unit.code}) trong địa bàn của bạn.",
            details={"ou": unit.code},
        )
    return unit


def _level(item: str) -> str:
    name = item.split("-", 1)[1].lower()
    if name not in LEVELS:
        raise _bad("ou", f"Tham số ou: cấp '{name}' không hợp lệ; dùng LEVEL-{'/'.join(LEVELS)}.")
    return name


def analytics_units(user: Any, items: Sequence[str], version: str) -> list[Unit]:
    """The units the ou items name, in order, each readable by the caller."""
    levels = [_level(i) for i in items if i.upper().startswith("LEVEL-")]
    parents = [i.split("-", 1)[1] for i in items if i.upper().startswith("CHILDREN-")]
    plain_codes = [
        i
        for i in items
        if not i.upper().startswith(("LEVEL-", "CHILDREN-")) and i.upper() != "USER_ORGUNIT"
    ]
    by_code = _units_by_code([*plain_codes, *parents], version)
    named = [_readable(user, by_code[c]) for c in plain_codes]
    if any(i.upper() == "USER_ORGUNIT" for i in items):
        roots = scope.unit_paths(user, access.READ_ROLES)
        named += list(Unit.objects.filter(path__in=roots, version=version).order_by("path"))
    units: list[Unit] = []
    condition = Q()
    for code in parents:
        parent = _readable(user, by_code[code])
        if parent.level == Level.COMMUNE:
            raise _bad("ou", f"Tham số ou: {parent.full_name} là cấp thấp nhất có số liệu.")
        condition |= Q(parent=parent)
    if levels:
        boundaries = [u.path for u in named] or scope.unit_paths(user, access.READ_ROLES)
        inside = Q()
        for path in boundaries:
            inside |= Q(path__prefix=path) | Q(counterpart_path__prefix=path)
        condition |= Q(inside, level__in=levels)
    else:
        units += named
    if parents or levels:
        expanded = Unit.objects.filter(condition, version=version).exclude(level=Level.VILLAGE)
        units += [u for u in expanded.order_by("path")[: MAX_UNITS + 1] if access.can_read(user, u)]
    units = list({u.pk: u for u in units}.values())
    if not units:
        raise _bad("ou", "Tham số ou: không có đơn vị nào trong địa bàn của bạn khớp yêu cầu.")
    if len(units) > MAX_UNITS:
        raise _bad("ou", f"Tham số ou: quá {_count(MAX_UNITS)} đơn vị; thu hẹp phạm vi.")
    return units


DIMENSION_NAMES = {
    "dx": {"name": "Chỉ tiêu"},
    "pe": {"name": "Kỳ"},
    "ou": {"name": "Đơn vị hành chính"},
}
HEADERS = [
    ("dx", "Chỉ tiêu", "TEXT", "java.lang.String", True),
    ("pe", "Kỳ", "TEXT", "java.lang.String", True),
    ("ou", "Đơn vị hành chính", "TEXT", "java.lang.String", True),
    ("value", "Giá trị", "NUMBER", "java.lang.Double", False),
    ("numerator", "Tử số", "NUMBER", "java.lang.Double", False),
    ("denominator", "Mẫu số", "NUMBER", "java.lang.Double", False),
]


@dataclass
class Table:
    indicators: list[Indicator]
    periods: list[Period]
    units: list[Unit]
    rows: list[list[str]] = field(default_factory=list)
    unassigned: list[list[Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        dx = {
            i.code: {"name": i.short_name, "code": i.code, "unit": i.unit} for i in self.indicators
        }
        pe = {p.code: {"name": p.label} for p in self.periods}
        ou = {
            u.code: {"name": u.full_name, "code": u.code, "level": u.level, "version": u.version}
            for u in self.units
        }
        return {
            "headers": [
                {"name": n, "column": c, "valueType": v, "type": t, "hidden": False, "meta": m}
                for n, c, v, t, m in HEADERS
            ],
            "metaData": {
                # Flat, as DHIS2 has it; where a province code equals an indicator code (12, 14,
                # 15, 19, 22, 24) the indicator keeps the key: `dimensionItems` is unambiguous.
                "items": {**DIMENSION_NAMES, **pe, **ou, **dx},
                "dimensions": {"dx": list(dx), "pe": list(pe), "ou": list(ou)},
                "dimensionItems": {"dx": dx, "pe": pe, "ou": ou},
                "unassigned": self.unassigned,
            },
            "rows": self.rows,
            "height": len(self.rows),
            "width": len(HEADERS),
            "headerWidth": len(HEADERS),
        }


def _text(number: Decimal | None) -> str:
    return "" if number is None else plain(number)


def analytics_table(
    *, indicators: list[Indicator], periods: list[Period], units: list[Unit]
) -> Table:
    """Rows [dx, pe, ou, value, numerator, denominator] for the cells that have approved
    figures (ratios from summed parts), from one roll-up."""
    cells = len(indicators) * len(periods) * len(units)
    if cells > MAX_CELLS:
        raise Invalid(
            f"Yêu cầu {_count(cells)} ô số liệu, quá giới hạn {_count(MAX_CELLS)}; bớt chỉ "
            "tiêu, kỳ hoặc đơn vị.",
            details={"ou": "Thu hẹp yêu cầu."},
        )
    figures = rollup(indicators=indicators, units=units, periods=[p.code for p in periods])
    table = Table(indicators, periods, units)
    for indicator in indicators:
        for period in periods:
            for unit in units:
                figure = figures.get((indicator.pk, unit.path, period.code))
                if figure is None:
                    continue
                table.rows.append(
                    [
                        indicator.code,
                        period.code,
                        unit.code,
                        _text(figure.value),
                        _text(figure.numerator),
                        _text(figure.denominator),
                    ]
                )
                if figure.unassigned:
                    table.unassigned.append(
                        [indicator.code, period.code, unit.code, figure.unassigned]
                    )
    return table
