"""The per-province summary behind national and provincial roll-ups: always the same figures
as summing the measurement rows, whoever writes them and however."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection

from treem.geo.models import Level, Unit, Version
from treem.plans.computed.rollup_cache import drop_triggers
from treem.plans.models import Measurement, RollupSummary
from treem.plans.selectors.rollup import _rollup_group, rollup, rollup_one
from treem.plans.services.measurements import measurement_save
from treem.plans.tests.factories import approved, communes_of, indicator, unit

pytestmark = pytest.mark.django_db


def nation() -> Unit:
    return Unit.objects.get(version=Version.CURRENT, level=Level.NATION)


def legacy_communes(province: str, count: int = 2) -> list[Unit]:
    return list(
        Unit.objects.filter(
            version=Version.LEGACY, level=Level.COMMUNE, path__startswith=f"l/{province}/"
        ).order_by("path")[:count]
    )


def test_summary_gives_what_summing_the_rows_gives() -> None:
    for i, where in enumerate([*communes_of("56", 3), *communes_of("01", 2)]):
        approved("16", where, "2025", 10 + i, 20 + i)
        approved("13", where, "2025", i)
    for i, where in enumerate(legacy_communes("56") + legacy_communes("58")):
        approved("16", where, "2024", 5 + i, 9 + i)
    # A province's own figure wins over its communes'.
    approved("16", unit("56", Version.LEGACY), "2024", 700, 1000)
    measurement_save(
        actor=None,
        indicator=indicator("16"),
        unit=communes_of("01", 3)[2],
        period="2025",
        numerator=1,
        denominator=2,
    )  # a draft: left out
    indicators = {i.pk: i for i in [indicator("16"), indicator("13")]}
    provinces = list(Unit.objects.filter(level=Level.PROVINCE).order_by("path"))
    for version in Version.values:
        targets = [u for u in provinces if u.version == version]
        if version == Version.CURRENT:
            targets.append(nation())
        summed = rollup(indicators=list(indicators.values()), units=targets, periods=PERIODS)
        direct = {}
        for length in {len(u.path) for u in targets}:
            group = [u for u in targets if len(u.path) == length]
            direct.update(_rollup_group(indicators, group, version, length, PERIODS, ("approved",)))
        assert summed == direct
        assert summed  # the comparison is not between two empty answers


PERIODS = ["2024", "2025"]


def test_every_kind_of_write_shows_at_once() -> None:
    (first, second) = communes_of("56")
    approved("16", first, "2025", 9, 10)
    approved("16", second, "2025", 1, 10)
    province = unit("56")
    assert rollup_one(indicator("16"), province, "2025").value == Decimal("50.00")  # type: ignore[union-attr]
    # Any writer, even a plain UPDATE that no service sees.
    Measurement.objects.filter(unit=second, period="2025").update(numerator=5)
    assert rollup_one(indicator("16"), province, "2025").value == Decimal("70.00")  # type: ignore[union-attr]
    Measurement.objects.filter(unit=second, period="2025").update(state="submitted")
    assert rollup_one(indicator("16"), province, "2025").value == Decimal("90.00")  # type: ignore[union-attr]
    Measurement.objects.filter(unit=first, period="2025").delete()
    assert rollup_one(indicator("16"), province, "2025") is None
    assert rollup_one(indicator("16"), nation(), "2025") is None


def test_a_unit_that_moves_carries_its_figures_along() -> None:
    (old,) = legacy_communes("56", 1)
    approved("16", old, "2024", 3, 4)
    assert rollup_one(indicator("16"), unit("56"), "2024").denominator == Decimal(4)  # type: ignore[union-attr]
    elsewhere = communes_of("01", 1)[0]
    Unit.objects.filter(pk=old.pk).update(counterpart_path=elsewhere.path)
    assert rollup_one(indicator("16"), unit("56"), "2024") is None
    assert rollup_one(indicator("16"), unit("01"), "2024").denominator == Decimal(4)  # type: ignore[union-attr]


def test_a_split_unit_is_reported_as_unassigned_to_each_province() -> None:
    (old, other) = legacy_communes("56", 2)
    approved("16", old, "2024", 3, 4)
    approved("16", other, "2024", 1, 2)
    Unit.objects.filter(pk=old.pk).update(counterpart_path="c/")  # split across provinces
    figure = rollup_one(indicator("16"), unit("56"), "2024")
    assert figure is not None and figure.denominator == Decimal(2) and figure.unassigned == 1
    assert rollup_one(indicator("16"), nation(), "2024").denominator == Decimal(6)  # type: ignore[union-attr]


def test_lost_triggers_are_put_back_and_the_sums_rebuilt() -> None:
    (first,) = communes_of("56", 1)
    approved("16", first, "2025", 1, 4)
    assert rollup_one(indicator("16"), unit("56"), "2025").value == Decimal("25.00")  # type: ignore[union-attr]
    drop_triggers(SimpleNamespace(connection=connection))  # as rebuilding a table on SQLite does
    Measurement.objects.filter(unit=first).update(numerator=3)  # unseen by any trigger
    assert rollup_one(indicator("16"), unit("56"), "2025").value == Decimal("75.00")  # type: ignore[union-attr]
    Measurement.objects.filter(unit=first).update(numerator=2)  # seen again
    assert rollup_one(indicator("16"), unit("56"), "2025").value == Decimal("50.00")  # type: ignore[union-attr]
    assert RollupSummary.objects.filter(row_count__lt=0).count() == 0
