"""Reads of administrative units. Units are reference data that every signed-in user may
read; what a user may *change* (villages) is decided by `treem.org.scope`."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from treem.core.errors import NotFound
from treem.core.text import fold
from treem.geo.models import LEVEL_DEPTH, REORGANISATION_DATE, Level, Succession, Unit, Version

CANDIDATES = 1000  # more matches than this means the query is too short to rank usefully


class LegacyUnit(NotFound):
    """A code that names a unit of the legacy structure where a current one was expected."""

    code = "legacy_unit"

    def __init__(self, unit: Unit, successors: list[Unit]) -> None:
        names = ", ".join(f"{s.full_name} (mã {s.code})" for s in successors) or "không rõ"
        super().__init__(
            f"Mã {unit.code} là {unit.full_name} trước ngày 01/7/2025, nay không còn. "
            f"Đơn vị kế thừa: {names}.",
            details={"successors": [s.code for s in successors]},
        )
        self.unit = unit
        self.successors = successors


def version_on(day: dt.date | None) -> Version:
    return Version.LEGACY if day is not None and day < REORGANISATION_DATE else Version.CURRENT


def units() -> QuerySet[Unit]:
    return Unit.objects.select_related("parent")


def unit_get(code: str, *, on: dt.date | None = None, version: Version | None = None) -> Unit:
    """The unit with this code on date `on` (today's structure by default).

    A code unknown in the current structure but known in the legacy one raises `LegacyUnit`,
    whose message names the successors."""
    version = version or version_on(on)
    code = code.strip()
    unit = units().filter(version=version, code=code).first()
    if unit is not None:
        return unit
    if version == Version.CURRENT:
        legacy = units().filter(version=Version.LEGACY, code=code).first()
        if legacy is not None:
            raise LegacyUnit(legacy, unit_successors(legacy))
    when = "trước 01/7/2025" if version == Version.LEGACY else "hiện hành"
    raise NotFound(
        f"Không có đơn vị hành chính mã '{code}' ({when}). Kiểm tra lại mã (xã/phường 5 chữ số, "
        "tỉnh/thành phố 2 chữ số) hoặc tìm theo tên.",
        details={"code": code},
    )


def unit_search(
    query: str,
    *,
    version: Version = Version.CURRENT,
    level: str | None = None,
    within: Unit | None = None,
    limit: int = 20,
) -> list[Unit]:
    """Accent-insensitive search on names: 'dong da' finds 'Phường Đống Đa'. Every word of the
    query must appear; units whose name starts with the query come first."""
    words = fold(query).split()
    if not words:
        return []
    qs = units().filter(version=version)
    for word in words:
        qs = qs.filter(search_key__contains=word)
    if level:
        qs = qs.filter(level=level)
    if within is not None:
        qs = qs.filter(path__prefix=within.path)
    # Rank light tuples, then load only the winners: building model objects for every
    # candidate cost more than the query itself.
    candidates = list(qs.values_list("id", "level", "search_key")[:CANDIDATES])
    folded = " ".join(words)

    def rank(row: tuple[int, str, str]) -> tuple[int, int, int, str]:
        _, level, key = row
        # Keys are folded full names ("phuong nha trang"): the name is the end of the key.
        if key.endswith(" " + folded) or key == folded:
            closeness = 0
        elif f" {folded}" in key:
            closeness = 1
        else:
            closeness = 2
        return (closeness, LEVEL_DEPTH[Level(level)], len(key), key)

    best = [row[0] for row in sorted(candidates, key=rank)[:limit]]
    by_id = units().in_bulk(best)
    return [by_id[pk] for pk in best]


def unit_subtree(unit: Unit, *, include_self: bool = True) -> QuerySet[Unit]:
    qs = Unit.objects.filter(path__prefix=unit.path)
    return qs if include_self else qs.exclude(pk=unit.pk)


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(parent=unit).order_by("name")


def ancestor_paths(path: str) -> list[str]:
    """'c/01/00004/' -> ['c/', 'c/01/'] (nearest last)."""
    parts = path.rstrip("/").split("/")
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]


def unit_ancestors(unit: Unit) -> list[Unit]:
    """From the top (nation or legacy province) down to the unit's parent, in one query."""
    return list(Unit.objects.filter(path__in=ancestor_paths(unit.path)).order_by("path"))


def unit_successions(unit: Unit) -> list[Succession]:
    """How a legacy unit passed to current units (with the `partly` flag)."""
    return list(
        Succession.objects.filter(predecessor=unit)
        .select_related("successor__parent")
        .order_by("successor__code")
    )


def unit_successors(unit: Unit) -> list[Unit]:
    """Current units that took over (part of) a legacy unit."""
    return [s.successor for s in unit_successions(unit)]


def unit_predecessors(unit: Unit) -> list[Succession]:
    return list(
        Succession.objects.filter(successor=unit)
        .select_related("predecessor__parent")
        .order_by("predecessor__code")
    )


def provinces(version: Version = Version.CURRENT) -> QuerySet[Unit]:
    return Unit.objects.filter(version=version, level=Level.PROVINCE).order_by("name")
