"""Plans and targets through their services: the national seed, inheritance, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from treem.core.errors import Forbidden, Invalid
from treem.core.models import AuditEvent
from treem.geo.models import Level, Unit
from treem.plans.models import Indicator, Plan, Target
from treem.plans.selectors.plans import effective_targets, governing_plan, national_plan
from treem.plans.services.plans import plan_create, target_set
from treem.plans.tests.factories import indicator, province_plan, unit

pytestmark = pytest.mark.django_db


def test_the_catalogue_holds_the_24_indicators_as_35_measurable_items() -> None:
    national = Indicator.objects.filter(province_code="")
    assert national.count() == 35
    assert sorted({i.number for i in national}) == list(range(1, 25))
    assert {i.code for i in national.filter(number=4)} == {"4a", "4b", "4c", "4d"}
    assert set(national.exclude(computation="").values_list("code", flat=True)) == {
        "8a",
        "8b",
        "9",
        "14",
    }


def test_the_national_plan_is_seeded_with_2025_and_2030_targets() -> None:
    plan = national_plan()
    assert plan is not None and plan.number == "23/QĐ-TTg"
    target = Target.objects.get(plan=plan, indicator__code="14", year=2030)
    assert (target.comparator, target.value) == (">=", Decimal(100))
    marriage = Target.objects.get(plan=plan, indicator__code="13", year=2026)
    assert (marriage.comparator, marriage.value, marriage.value_high) == ("reduce_by", 2, 3)


def test_a_province_inherits_the_national_targets_it_does_not_set() -> None:
    plan = province_plan(unit("56"), {"3a": [(2025, "<", "8")]})
    targets = effective_targets(plan)
    own = targets[(indicator("3a").pk, 2025)]
    inherited = targets[(indicator("14").pk, 2030)]
    assert own.inherited_from is None and own.target.value == Decimal(8)
    assert inherited.inherited_from is not None and inherited.inherited_from.number == "23/QĐ-TTg"


def test_a_commune_without_a_plan_follows_its_province() -> None:
    plan = province_plan(unit("56"))
    commune = Unit.objects.filter(province_code="56", level=Level.COMMUNE).first()
    assert commune is not None and governing_plan(commune, 2026) == plan


def test_target_bad_input_is_refused_with_a_message_and_nothing_written(cast) -> None:  # type: ignore[no-untyped-def]
    plan = province_plan(unit("56"))
    before = Target.objects.count()
    with pytest.raises(Invalid, match="thiếu phép so sánh"):
        target_set(
            actor=cast.specialist,
            plan=plan,
            indicator=indicator("1"),
            year=2026,
            comparator="",
            value=Decimal(70),
        )
    with pytest.raises(Invalid, match="ngoài giai đoạn kế hoạch 2021–2030"):
        target_set(
            actor=cast.specialist,
            plan=plan,
            indicator=indicator("1"),
            year=2035,
            comparator=">=",
            value=Decimal(70),
        )
    with pytest.raises(Invalid, match="thiếu giá trị"):
        target_set(
            actor=cast.specialist,
            plan=plan,
            indicator=indicator("1"),
            year=2026,
            comparator=">=",
            value=None,
        )
    with pytest.raises(Invalid, match="không được âm"):
        target_set(
            actor=cast.specialist,
            plan=plan,
            indicator=indicator("1"),
            year=2026,
            comparator=">=",
            value=Decimal(-1),
        )
    assert Target.objects.count() == before


def test_only_the_area_specialist_sets_targets_and_each_change_is_audited(cast) -> None:  # type: ignore[no-untyped-def]
    plan = province_plan(unit("56"))
    with pytest.raises(Forbidden):
        target_set(
            actor=cast.other_province_admin,
            plan=plan,
            indicator=indicator("1"),
            year=2026,
            comparator=">=",
            value=Decimal(70),
        )
    target_set(
        actor=cast.specialist,
        plan=plan,
        indicator=indicator("1"),
        year=2026,
        comparator=">=",
        value=Decimal(70),
    )
    event = AuditEvent.objects.filter(action="plans.target.create").latest("pk")
    assert event.actor == cast.specialist and event.changes["indicator"] == "1"


def test_a_plan_period_must_run_forward_and_a_parent_must_contain_the_unit() -> None:
    with pytest.raises(Invalid, match="năm kết thúc 2020 trước năm bắt đầu 2025"):
        plan_create(
            actor=None, unit=unit("56"), number="1/KH", title="x", first_year=2025, last_year=2020
        )
    hanoi_plan = province_plan(unit("01"))
    with pytest.raises(Invalid, match="không phải của địa bàn"):
        plan_create(
            actor=None,
            unit=unit("56"),
            number="2/KH",
            title="x",
            first_year=2025,
            last_year=2030,
            parent=hanoi_plan,
        )
    assert not Plan.objects.filter(number__in=["1/KH", "2/KH"]).exists()


def test_a_plan_that_sets_an_indicator_replaces_all_its_inherited_years() -> None:
    plan = province_plan(unit("56"), {"13": [(2030, "<=", "20")]})
    years = sorted(y for (ind, y) in effective_targets(plan) if ind == indicator("13").pk)
    assert years == [2030]  # not mixed with the national plan's yearly "reduce by" targets
