"""`progress` (batched plan resolution, figures and verdicts kept between calls) gives exactly
what the straightforward computation gives: one governing plan and one `effective_targets`
per unit, figures summed from the measurement rows, every cell judged afresh. And a change
of a measurement, a target or a plan shows at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from treem.geo.models import Level, Unit, Version
from treem.plans.domain.comparators import describe
from treem.plans.domain.progress import Point, Status, Verdict, judge
from treem.plans.models import Indicator, Measurement, Plan, PlanStatus, Target
from treem.plans.selectors.plans import effective_targets, governing_plan
from treem.plans.selectors.progress import milestone, progress, thresholds
from treem.plans.selectors.rollup import _rollup_group
from treem.plans.services.plans import (
    national_plan_seed,
    plan_activate,
    plan_create,
    target_set,
)
from treem.plans.tests.factories import approved, communes_of, indicator, province_plan, unit

pytestmark = pytest.mark.django_db

CODES = ["16", "13", "5a", "8a", "14"]
YEAR = 2025


def straightforward(
    indicators: Sequence[Indicator], units: Sequence[Unit], year: int
) -> dict[tuple[int, str], tuple[Any, ...]]:
    """The cells as the code before the fast path computed them, unit by unit."""
    by_id = {i.pk: i for i in indicators}
    plans = {u.path: governing_plan(u, year) for u in units}
    start = min([p.first_year - 1 for p in plans.values() if p] or [year - 5])
    years = [str(y) for y in range(start, year + 1)]
    groups: dict[tuple[str, int], list[Unit]] = defaultdict(list)
    for u in units:
        groups[(u.version, len(u.path))].append(u)
    figures: dict[Any, Any] = {}
    for (version, length), group in groups.items():
        figures.update(_rollup_group(by_id, group, version, length, years, ("approved",)))
    cells = {}
    for u in units:
        plan = plans[u.path]
        targets = effective_targets(plan) if plan else {}
        for i in indicators:
            history = [
                Point(int(y), f.value)
                for y in years
                if (f := figures.get((i.pk, u.path, y))) is not None and f.value is not None
            ]
            figure = figures.get((i.pk, u.path, str(year)))
            chosen = milestone(targets, i, year)
            latest = history[-1] if history else None
            if chosen is None:
                reason = (
                    "Chưa có chỉ tiêu kế hoạch cho chỉ tiêu này." if latest else "Chưa có số liệu."
                )
                verdict, text, target, inherited = Verdict(Status.NO_DATA, reason), "", None, None
            else:
                t = chosen.target
                previous = next((p for p in history if latest and p.year == latest.year - 1), None)
                verdict = judge(
                    comparator=t.comparator,
                    target=t.value,
                    target_year=t.year,
                    unit=t.unit,
                    baseline=history[0] if history else None,
                    latest=latest,
                    previous=previous,
                    high=t.value_high,
                    direction=i.direction,
                    thresholds=thresholds(),
                )
                text = f"{describe(t.comparator, t.value, t.unit, t.value_high)} ({t.year})"
                target, inherited = t.pk, chosen.inherited_from
            cells[(i.pk, u.path)] = (
                figure,
                target,
                text,
                verdict,
                plan.pk if plan else None,
                inherited.pk if inherited else None,
                history,
            )
    return cells


def fast(indicators: Sequence[Indicator], units: Sequence[Unit]) -> dict[Any, tuple[Any, ...]]:
    return {
        key: (
            c.figure,
            c.target.pk if c.target else None,
            c.target_text,
            c.verdict,
            c.plan.pk if c.plan else None,
            c.inherited_from.pk if c.inherited_from else None,
            c.history,
        )
        for key, c in progress(indicators=indicators, units=units, year=YEAR).items()
    }


def nation_and_provinces() -> list[Unit]:
    nation = Unit.objects.get(version=Version.CURRENT, level=Level.NATION)
    provinces = Unit.objects.filter(version=Version.CURRENT, level=Level.PROVINCE)
    return [nation, *provinces.order_by("code")]


def province_and_communes() -> list[Unit]:
    return [unit("56"), *communes_of("56", 6)]


def legacy_commune(province: str) -> Unit:
    return Unit.objects.filter(
        version=Version.LEGACY, level=Level.COMMUNE, path__startswith=f"l/{province}/"
    ).order_by("path")[0]


@pytest.fixture
def plans_and_figures() -> dict[str, Any]:
    """The national plan; Khánh Hòa's plan (under it by enclosure) with its own 16 and 13
    targets; a commune plan implementing Khánh Hòa's; a closed plan that must not count;
    figures of two years, legacy and current communes, a province's own figure, a draft."""
    national = national_plan_seed(actor=None)
    khanh_hoa = province_plan(
        unit("56"), {"16": [(2025, ">=", "95"), (2030, ">=", "98")], "13": [(2030, "<=", "2")]}
    )
    first, second, third = communes_of("56", 3)
    own = plan_create(
        actor=None,
        unit=first,
        number="12/KH-UBND",
        title="Kế hoạch của xã",
        first_year=2024,
        last_year=2026,
        parent=khanh_hoa,
    )
    target_set(
        actor=None,
        plan=own,
        indicator=indicator("5a"),
        year=2026,
        comparator=">=",
        value=Decimal(99),
    )
    plan_activate(actor=None, plan=own)
    closed = province_plan(unit("01"), {"16": [(2025, ">=", "10")]})
    Plan.objects.filter(pk=closed.pk).update(status=PlanStatus.CLOSED)
    for i, where in enumerate([first, second, third, *communes_of("01", 2)]):
        approved("16", where, "2025", 90 + i, 100)
        approved("13", where, "2025", i)
        approved("5a", where, "2025", 80 + i, 100)
    approved("16", legacy_commune("56"), "2024", 88, 100)
    approved("16", legacy_commune("01"), "2024", 70, 100)
    approved("13", unit("56", Version.LEGACY), "2024", 40)
    return {"national": national, "khanh_hoa": khanh_hoa, "own": own, "first": first}


def test_fast_path_equals_the_straightforward_computation(plans_and_figures: Any) -> None:
    indicators = [indicator(c) for c in CODES]
    for units in (nation_and_provinces(), province_and_communes()):
        expected = straightforward(indicators, units, YEAR)
        assert fast(indicators, units) == expected
        assert fast(indicators, units) == expected  # the second call reuses kept verdicts
        statuses = {cell[3].status for cell in expected.values()}
        assert len(statuses) > 2  # the comparison is between interesting answers
        assert any(cell[5] for cell in expected.values())  # inherited targets too


def test_verdicts_are_reused_when_nothing_changed(plans_and_figures: Any) -> None:
    indicators = [indicator(c) for c in CODES]
    units = province_and_communes()
    before = progress(indicators=indicators, units=units, year=YEAR)
    again = progress(indicators=indicators, units=units, year=YEAR)
    key = (indicator("16").pk, unit("56").path)
    assert again[key].verdict is before[key].verdict
    assert again[key] is not before[key]  # fresh cells, with the caller's objects
    assert again[key].indicator is indicators[0]


def _changes(fixture: dict[str, Any]) -> list[Any]:
    first = fixture["first"]

    def measurement_updated() -> None:
        Measurement.objects.filter(unit=first, period="2025", indicator=indicator("16")).update(
            numerator=99
        )

    def measurement_unapproved() -> None:
        Measurement.objects.filter(unit=first, period="2025").update(state="submitted")

    def measurement_deleted() -> None:
        Measurement.objects.filter(unit=communes_of("56", 3)[1], period="2025").delete()

    def target_changed() -> None:
        Target.objects.filter(plan=fixture["khanh_hoa"], year=2025).update(value=Decimal(91))

    def target_added() -> None:
        target_set(
            actor=None,
            plan=fixture["khanh_hoa"],
            indicator=indicator("5a"),
            year=2025,
            comparator=">=",
            value=Decimal(81),
        )

    def target_removed() -> None:
        Target.objects.filter(plan=fixture["own"]).delete()

    def plan_closed() -> None:
        Plan.objects.filter(pk=fixture["khanh_hoa"].pk).update(status=PlanStatus.CLOSED)

    def plan_reopened() -> None:
        Plan.objects.filter(unit_path=unit("01").path).update(status=PlanStatus.ACTIVE)

    def plan_years_changed() -> None:
        Plan.objects.filter(pk=fixture["own"].pk).update(first_year=2026)

    return [
        measurement_updated,
        measurement_unapproved,
        measurement_deleted,
        target_changed,
        target_added,
        target_removed,
        plan_closed,
        plan_reopened,
        plan_years_changed,
    ]


def test_every_change_of_a_figure_target_or_plan_shows_at_once(plans_and_figures: Any) -> None:
    indicators = [indicator(c) for c in CODES]
    views = [nation_and_provinces(), province_and_communes()]
    for view in views:
        fast(indicators, view)  # kept
    for change in _changes(plans_and_figures):
        before = [straightforward(indicators, view, YEAR) for view in views]
        change()
        after = [straightforward(indicators, view, YEAR) for view in views]
        assert before != after, change.__name__  # each change matters to a view
        for view, expected in zip(views, after, strict=True):
            assert fast(indicators, view) == expected, change.__name__


def test_an_indicator_changing_direction_is_judged_again(plans_and_figures: Any) -> None:
    indicators = [indicator(c) for c in CODES]
    units = province_and_communes()
    fast(indicators, units)
    Indicator.objects.filter(code="13", province_code="").update(direction="up")
    fresh = [indicator(c) for c in CODES]
    assert fast(fresh, units) == straightforward(fresh, units, YEAR)


def test_plan_resolution_takes_the_same_queries_for_many_plans(plans_and_figures: Any) -> None:
    indicators = [indicator(c) for c in CODES]
    units = province_and_communes()
    with CaptureQueriesContext(connection) as few:
        progress(indicators=indicators, units=units, year=YEAR)
    for where in units[2:]:  # every other commune gets a plan of its own
        plan = plan_create(
            actor=None,
            unit=where,
            number=f"{where.code}/KH",
            title="Kế hoạch của xã",
            first_year=2025,
            last_year=2030,
            parent=plans_and_figures["khanh_hoa"],
        )
        target_set(
            actor=None,
            plan=plan,
            indicator=indicator("16"),
            year=2030,
            comparator=">=",
            value=Decimal(99),
        )
        plan_activate(actor=None, plan=plan)
    with CaptureQueriesContext(connection) as many:
        progress(indicators=indicators, units=units, year=YEAR)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert fast(indicators, units) == straightforward(indicators, units, YEAR)


def test_summary_of_several_states_equals_summing_the_rows(plans_and_figures: Any) -> None:
    from treem.plans.selectors.rollup import rollup

    Measurement.objects.filter(unit=plans_and_figures["first"]).update(state="submitted")
    indicators = [indicator(c) for c in CODES]
    by_id = {i.pk: i for i in indicators}
    states = ("approved", "submitted")
    units = nation_and_provinces()
    expected: dict[Any, Any] = {}
    for length in (2, 5):
        group = [u for u in units if len(u.path) == length]
        expected.update(
            _rollup_group(by_id, group, Version.CURRENT, length, ["2024", "2025"], states)
        )
    found = rollup(indicators=indicators, units=units, periods=["2024", "2025"], states=states)
    assert found == expected and found
