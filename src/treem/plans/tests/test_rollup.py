"""Roll-up across levels and across the 2025 reorganisation: sums, never averages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from treem.geo.models import Level, Succession, Unit, Version
from treem.plans.selectors.rollup import rollup, rollup_one
from treem.plans.tests.factories import approved, communes_of, indicator, unit

pytestmark = pytest.mark.django_db


def test_province_rate_is_the_ratio_of_summed_parts_not_an_average() -> None:
    first, second = communes_of("56")
    approved("16", first, "2026", 90, 100)  # 90%
    approved("16", second, "2026", 10, 20)  # 50%
    figure = rollup_one(indicator("16"), unit("56"), "2026")
    assert figure is not None
    assert (figure.numerator, figure.denominator) == (Decimal(100), Decimal(120))
    assert figure.value == Decimal("83.33")  # not (90 + 50) / 2 = 70
    assert figure.rows == 2 and figure.level == Level.COMMUNE


def test_counts_sum_and_the_nation_sees_every_province() -> None:
    approved("13", unit("56"), "2026", 12)
    approved("13", unit("01"), "2026", 30)
    nation = Unit.objects.get(level=Level.NATION)
    figure = rollup_one(indicator("13"), nation, "2026")
    assert figure is not None and figure.value == Decimal(42)


def test_the_level_closest_to_the_unit_wins_so_nothing_is_counted_twice() -> None:
    province = unit("56")
    (first, _) = communes_of("56")
    approved("5a", first, "2026", 50, 100)
    approved("5a", province, "2026", 970, 1000)
    figure = rollup_one(indicator("5a"), province, "2026")
    assert (
        figure is not None and figure.value == Decimal("97.00") and figure.level == Level.PROVINCE
    )


def test_legacy_commune_figures_roll_up_into_the_current_commune_they_merged_into() -> None:
    whole = (
        Succession.objects.filter(partly=False, predecessor__level=Level.COMMUNE)
        .select_related("predecessor", "successor")
        .first()
    )
    assert whole is not None
    old, new = whole.predecessor, whole.successor
    approved("14", old, "2024", 45, 50)
    assert rollup_one(indicator("14"), new, "2024").value == Decimal("90.00")  # type: ignore[union-attr]
    province = Unit.objects.get(version=Version.CURRENT, path=new.path[: len("c/00/")])
    assert rollup_one(indicator("14"), province, "2024").denominator == Decimal(50)  # type: ignore[union-attr]


def test_a_split_legacy_commune_is_not_shared_out_but_reported_as_unassigned() -> None:
    old = (
        Unit.objects.filter(version=Version.LEGACY, level=Level.COMMUNE, successions__partly=True)
        .filter(counterpart_path__regex=r"^c/[0-9]+/$")
        .first()
    )
    assert old is not None
    parts = [s.successor for s in Succession.objects.filter(predecessor=old)]
    assert len(parts) >= 2
    approved("16", old, "2024", 30, 40)
    result = rollup(indicators=[indicator("16")], units=parts, periods=["2024"])
    assert result == {}  # no part of the split commune gets a guessed share
    province = Unit.objects.get(version=Version.CURRENT, path=old.counterpart_path)
    figure = rollup_one(indicator("16"), province, "2024")
    assert figure is not None and figure.denominator == Decimal(40)


def test_figures_of_a_split_unit_are_flagged_beside_the_parts_own_figures() -> None:
    old = (
        Unit.objects.filter(version=Version.LEGACY, level=Level.COMMUNE, successions__partly=True)
        .filter(counterpart_path__regex=r"^c/[0-9]+/$")
        .first()
    )
    assert old is not None
    part = Succession.objects.filter(predecessor=old).first().successor  # type: ignore[union-attr]
    approved("16", old, "2025", 30, 40)
    approved("16", part, "2025", 5, 10)
    figure = rollup_one(indicator("16"), part, "2025")
    assert figure is not None and figure.denominator == Decimal(10) and figure.unassigned == 1


def test_legacy_hierarchy_sees_current_figures_through_the_crosswalk() -> None:
    legacy_province = unit("56", Version.LEGACY)
    commune = Unit.objects.filter(
        version=Version.CURRENT,
        level=Level.COMMUNE,
        counterpart_path__startswith=legacy_province.path,
    ).first()
    assert commune is not None
    approved("16", commune, "2025", 8, 10)
    figure = rollup_one(indicator("16"), legacy_province, "2025")
    assert figure is not None and figure.denominator == Decimal(10)


def test_unapproved_figures_stay_out_of_the_roll_up() -> None:
    from treem.plans.services.measurements import measurement_save

    (first, _) = communes_of("56")
    measurement_save(
        actor=None, indicator=indicator("16"), unit=first, period="2025", numerator=1, denominator=2
    )
    assert rollup_one(indicator("16"), first, "2025") is None
