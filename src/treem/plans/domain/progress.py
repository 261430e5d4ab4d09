"""The progress status of a target, with the reason in words a leader can check.

Rule (thresholds from settings, see `Thresholds`):
- no value for the target's indicator yet → no data;
- the latest value meets the target → achieved (after the milestone year the target is
  judged on its own: met → achieved, else off track);
- before the milestone, the value expected by now is read off the straight line from the
  baseline to the target; at least as good as expected → on track; short of it by no more
  than `at_risk_share` of the whole planned change → at risk; further behind → off track;
- "reduce by x % a year": the latest yearly change against x (at least x → on track, a
  smaller fall → at risk, a rise → off track); "maintain": not worse than the baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from treem.plans.domain.comparators import Comparator, meets, wants_higher
from treem.plans.domain.measures import format_value


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("Đạt")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    OFF_TRACK = "off_track", _("Chậm tiến độ")
    NO_DATA = "no_data", _("Chưa có số liệu")


COLOURS = {
    Status.ACHIEVED: "success",
    Status.ON_TRACK: "primary",
    Status.AT_RISK: "warning",
    Status.OFF_TRACK: "danger",
    Status.NO_DATA: "secondary",
}


@dataclass(frozen=True)
class Thresholds:
    at_risk_share: Decimal = Decimal("0.10")


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal


@dataclass(frozen=True)
class Verdict:
    status: Status
    reason: str
    expected: Decimal | None = None

    @property
    def colour(self) -> str:
        return COLOURS[self.status]


def judge(
    *,
    comparator: str,
    target: Decimal | None,
    target_year: int,
    unit: str,
    baseline: Point | None,
    latest: Point | None,
    previous: Point | None = None,
    high: Decimal | None = None,
    direction: str = "up",
    thresholds: Thresholds = Thresholds(),
) -> Verdict:
    if latest is None:
        return Verdict(Status.NO_DATA, "Chưa có số liệu được phê duyệt cho chỉ tiêu này.")
    shown = format_value(latest.value, unit)
    if comparator == Comparator.REDUCE_BY:
        return _judge_reduction(target, latest, previous, high)
    if comparator == Comparator.MAINTAIN:
        return _judge_maintain(target, latest, baseline, unit, lower_is_better=direction == "down")
    assert target is not None
    goal = format_value(target, unit)
    if meets(latest.value, comparator, target):
        return Verdict(Status.ACHIEVED, f"Năm {latest.year}: {shown}, đã đạt mục tiêu {goal}.")
    if latest.year >= target_year:
        return Verdict(
            Status.OFF_TRACK,
            f"Năm {latest.year}: {shown}, không đạt mục tiêu {goal} năm {target_year}.",
        )
    higher = wants_higher(comparator)
    if baseline is None or baseline.year >= latest.year or higher is None:
        return Verdict(
            Status.AT_RISK,
            f"Năm {latest.year}: {shown}, chưa đạt {goal} (năm {target_year}); "
            "chưa có số liệu gốc để tính lộ trình.",
        )
    span = Decimal(target_year - baseline.year)
    expected = (
        baseline.value + (target - baseline.value) * Decimal(latest.year - baseline.year) / span
    )
    gap = (expected - latest.value) if higher else (latest.value - expected)
    planned = abs(target - baseline.value)
    line = (
        f"Năm {latest.year}: {shown}; theo lộ trình từ {format_value(baseline.value, unit)} "
        f"(năm {baseline.year}) đến {goal} (năm {target_year}) cần đạt "
        f"{format_value(expected.quantize(Decimal('0.01')), unit)}"
    )
    if gap <= 0:
        return Verdict(Status.ON_TRACK, line + ": đúng tiến độ.", expected)
    if planned and gap <= planned * thresholds.at_risk_share:
        share = int(thresholds.at_risk_share * 100)
        return Verdict(
            Status.AT_RISK, line + f": chậm không quá {share}% mức cần thay đổi.", expected
        )
    return Verdict(Status.OFF_TRACK, line + ": chậm tiến độ.", expected)


def _judge_reduction(
    target: Decimal | None, latest: Point, previous: Point | None, high: Decimal | None
) -> Verdict:
    wanted = target or Decimal(0)
    if previous is None or previous.value == 0:
        return Verdict(
            Status.AT_RISK,
            f"Cần số liệu năm {latest.year - 1} để tính mức giảm năm {latest.year}.",
        )
    change = (previous.value - latest.value) / previous.value * 100
    text = (
        f"Năm {latest.year}: {format_value(latest.value, 'count')}, năm {previous.year}: "
        f"{format_value(previous.value, 'count')} → giảm "
        f"{format_value(change.quantize(Decimal('0.1')), 'count')}% "
        f"(mục tiêu giảm {format_value(wanted, 'count')}%/năm)"
    )
    if change >= wanted:
        return Verdict(Status.ON_TRACK, text + ": đạt mức giảm.")
    if change > 0:
        return Verdict(Status.AT_RISK, text + ": có giảm nhưng chưa đủ.")
    return Verdict(Status.OFF_TRACK, text + ": không giảm.")


def _judge_maintain(
    target: Decimal | None,
    latest: Point,
    baseline: Point | None,
    unit: str,
    *,
    lower_is_better: bool = False,
) -> Verdict:
    reference = target if target is not None else (baseline.value if baseline else None)
    shown = format_value(latest.value, unit)
    if reference is None:
        return Verdict(Status.ON_TRACK, f"Năm {latest.year}: {shown}; chưa có mức gốc để so sánh.")
    if (latest.value <= reference) if lower_is_better else (latest.value >= reference):
        return Verdict(
            Status.ACHIEVED,
            f"Năm {latest.year}: {shown}, duy trì được mức {format_value(reference, unit)}.",
        )
    return Verdict(
        Status.OFF_TRACK,
        f"Năm {latest.year}: {shown}, thấp hơn mức cần duy trì {format_value(reference, unit)}.",
    )
