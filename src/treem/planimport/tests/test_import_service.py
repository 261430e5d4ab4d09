"""Importing the three seed plans through the draft services: the plan and every part are
created as the parser read them, in one transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from treem.core.errors import Invalid
from treem.core.models import AuditEvent
from treem.plans.models import (
    BudgetLine,
    Plan,
    PlanDraft,
    PlanTask,
    ReportingRule,
    Responsibility,
    Target,
)
from treem.plans.selectors.plans import national_plan
from treem.plans.services.drafts import plan_draft_confirm

from .helpers import (
    KHANH_HOA_2024,
    KHANH_HOA_2025,
    SOC_TRANG,
    draft_from,
    expected_counts,
)

pytestmark = pytest.mark.django_db


def _counts(plan: Plan) -> dict[str, int]:
    return {
        "targets": plan.targets.count(),
        "assignments": plan.responsibilities.count(),
        "tasks": plan.tasks.count(),
        "reporting": plan.reporting.count(),
        "budget_lines": plan.budget_lines.count(),
    }


@pytest.mark.parametrize(
    ("path", "number"),
    [
        (SOC_TRANG, "125/KH-UBND"),
        (KHANH_HOA_2024, None),
        (KHANH_HOA_2025, "118/KH-UBND"),
    ],
    ids=["soctrang_2021", "khanhhoa_2024", "khanhhoa_2025"],
)
def test_each_seed_becomes_a_plan_with_the_parts_the_parser_read(
    cast: Any, path: Any, number: str | None
) -> None:
    draft = draft_from(path, cast.specialist, number)
    plan = plan_draft_confirm(actor=cast.specialist, draft=draft)
    assert _counts(plan) == expected_counts(path)
    draft.refresh_from_db()
    assert (draft.state, draft.plan) == (PlanDraft.State.CONFIRMED, plan)
    assert plan.source_sha256 == draft.sha256 and plan.created_by == cast.specialist


def test_soc_trang_numbers_match_the_document(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, "125/KH-UBND")
    plan = plan_draft_confirm(actor=cast.specialist, draft=draft, parent=national_plan())
    assert _counts(plan) == {
        "targets": 64,
        "assignments": 6,
        "tasks": 0,
        "reporting": 3,
        "budget_lines": 60,
    }
    assert (plan.first_year, plan.last_year, plan.status) == (2021, 2030, "draft")
    assert plan.parent == national_plan()
    reference = plan.references.get()
    assert (reference.number, reference.referenced_plan) == ("23/QĐ-TTg", national_plan())

    abuse = Target.objects.get(plan=plan, indicator__code="9", year=2030)
    assert (abuse.comparator, abuse.value, abuse.unit) == ("reduce_by", 2, "yearly_change")
    assert "Giảm 20%" in abuse.text and abuse.line == 45
    injuries = Target.objects.get(plan=plan, indicator__code="11a", year=2025)
    assert (injuries.comparator, injuries.value, injuries.unit) == ("<=", 140, "per_100000")
    deaths = Target.objects.get(plan=plan, indicator__code="11b", year=2030)
    assert (deaths.comparator, deaths.value, deaths.unit) == ("<=", 6, "per_100000")
    marriage = Target.objects.get(plan=plan, indicator__code="13", year=2030)
    assert (marriage.comparator, marriage.value, marriage.value_high) == ("reduce_by", 2, 3)
    urban = Target.objects.get(plan=plan, indicator__code="4d", year=2030)
    assert (urban.comparator, urban.value, urban.unit) == ("<", 10, "percent")
    newborn = Target.objects.get(plan=plan, indicator__code="3a", year=2025)
    assert (newborn.comparator, newborn.value, newborn.unit) == ("<", Decimal("9.5"), "per_1000")


def test_soc_trang_parts_keep_agencies_lines_and_money_in_dong(cast: Any) -> None:
    plan = plan_draft_confirm(
        actor=cast.specialist, draft=draft_from(SOC_TRANG, cast.specialist, "125/KH-UBND")
    )
    health = Responsibility.objects.get(plan=plan, agency_name="Sở Y tế")
    assert health.agency is not None and health.agency.name == "Sở Y tế tỉnh Khánh Hòa"
    assert sorted(health.indicators.values_list("code", flat=True)) == [
        "3a", "3b", "3c", "4a", "4b", "4c", "4d", "5a", "5b", "6",
    ]  # fmt: skip
    labour = Responsibility.objects.get(plan=plan, line=165)
    assert labour.agency is not None and "Lao động" in labour.agency.name
    police = Responsibility.objects.get(plan=plan, agency_name="Công an tỉnh")
    assert police.agency is not None and police.agency.name == "Công an tỉnh Khánh Hòa"
    assert list(police.indicators.values_list("code", flat=True)) == ["9"]

    rules = list(ReportingRule.objects.filter(plan=plan).order_by("period"))
    assert [(r.period, r.due_day, r.due_month) for r in rules] == [
        ("adhoc", None, None),
        ("annual", 15, 12),
        ("semiannual", 15, 6),
    ]
    assert rules[2].line == 243 and "Ủy ban nhân dân tỉnh" in rules[2].recipient

    training = BudgetLine.objects.get(plan=plan, label__startswith="1.3.", year=2022)
    assert training.amount == Decimal(60_000_000) and training.line == 277
    council = BudgetLine.objects.get(plan=plan, label__startswith="3. ")
    assert (council.year, council.amount) == (None, Decimal(867_000_000))
    total = BudgetLine.objects.get(plan=plan, label__icontains="Tổng cộng")
    assert (total.kind, total.year, total.amount) == ("total", None, Decimal(2_292_000_000))


def test_khanh_hoa_2025_tasks_carry_lead_and_coordinating_agencies(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2025, cast.specialist, "118/KH-UBND")
    plan = plan_draft_confirm(actor=cast.specialist, draft=draft)
    first = PlanTask.objects.filter(plan=plan).first()
    assert first is not None and first.order == 1 and first.line == 99
    assert first.lead_name == "Sở Y tế" and first.lead is not None
    assert first.coordinating == "Các sở, ban, ngành, đoàn thể liên quan; UBND cấp huyện, cấp xã"
    # An agency the province does not have stays a name without a link.
    statistics = PlanTask.objects.get(plan=plan, lead_name="Chi cục Thống kê tỉnh")
    assert statistics.lead is None
    # The document gives no period: the plan runs over the year it was issued.
    assert (plan.first_year, plan.last_year, plan.issued_on.isoformat()) == (
        2025,
        2025,
        "2025-04-24",
    )


def test_khanh_hoa_2024_needs_no_edit(cast: Any) -> None:
    plan = plan_draft_confirm(actor=cast.specialist, draft=draft_from(KHANH_HOA_2024))
    assert plan.number == "8916/KH-UBND" and plan.issuer == "Ủy ban nhân dân tỉnh Khánh Hòa"
    assert [r.number for r in plan.references.all()] == ["28-CT/TW", "204-KH/TU"]


def test_confirm_writes_audit_rows_for_each_part(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2024, cast.specialist)
    before = AuditEvent.objects.count()
    plan_draft_confirm(actor=cast.specialist, draft=draft, activate=True)
    actions = list(AuditEvent.objects.order_by("pk")[before:].values_list("action", flat=True))
    assert actions[0] == "plans.plan.create" and actions[-1] == "plans.draft.confirm"
    assert actions.count("plans.reference.add") == 2
    assert actions.count("plans.reporting.add") == 2
    assert "plans.plan.update" in actions  # activated


def test_confirm_is_all_or_nothing(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, "125/KH-UBND")
    # A reporting row the service refuses, after targets and responsibilities were written.
    broken = dict(draft.extraction)
    broken["reporting"] = [*broken["reporting"], {"period": "monthly", "line": 243, "to": "X"}]
    PlanDraft.objects.filter(pk=draft.pk).update(extraction=broken)
    draft.refresh_from_db()
    counts = (Plan.objects.count(), Target.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Invalid) as error:
        plan_draft_confirm(actor=cast.specialist, draft=draft)
    assert "Chế độ báo cáo (dòng 243)" in error.value.message
    assert "Chưa tạo gì" in error.value.message
    assert (Plan.objects.count(), Target.objects.count(), AuditEvent.objects.count()) == counts
    draft.refresh_from_db()
    assert draft.state == PlanDraft.State.REVIEW and draft.plan is None


def test_a_budget_in_an_unknown_money_unit_creates_nothing(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, "125/KH-UBND")
    broken = dict(draft.extraction)
    broken["budget"] = {**broken["budget"], "money_unit": "đô la", "multiplier": None}
    PlanDraft.objects.filter(pk=draft.pk).update(extraction=broken)
    draft.refresh_from_db()
    plans = Plan.objects.count()
    with pytest.raises(Invalid, match="không rõ đơn vị tiền «đô la»"):
        plan_draft_confirm(actor=cast.specialist, draft=draft)
    assert Plan.objects.count() == plans


def test_a_target_outside_the_period_is_named_with_its_line(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist, "125/KH-UBND")
    extraction = dict(draft.extraction)
    extraction["targets"][0] = {**extraction["targets"][0], "year": 2035}
    PlanDraft.objects.filter(pk=draft.pk).update(extraction=extraction)
    draft.refresh_from_db()
    with pytest.raises(Invalid, match=r"Dòng 27: mục tiêu chỉ tiêu 1 năm 2035 nằm ngoài"):
        plan_draft_confirm(actor=cast.specialist, draft=draft)
    assert not Plan.objects.filter(number="125/KH-UBND").exists()


def test_a_second_confirm_is_refused(cast: Any) -> None:
    draft = draft_from(KHANH_HOA_2024, cast.specialist)
    plan_draft_confirm(actor=cast.specialist, draft=draft)
    with pytest.raises(Invalid, match="đã được xác nhận thành kế hoạch 8916/KH-UBND"):
        plan_draft_confirm(actor=cast.specialist, draft=draft)
    # The same document read again cannot make a second plan with the same number either.
    again = draft_from(KHANH_HOA_2024, cast.specialist)
    with pytest.raises(Invalid, match="đã có kế hoạch số 8916/KH-UBND"):
        plan_draft_confirm(actor=cast.specialist, draft=again)
    assert Plan.objects.filter(number="8916/KH-UBND").count() == 1


def test_a_draft_without_a_number_cannot_be_confirmed(cast: Any) -> None:
    draft = draft_from(SOC_TRANG, cast.specialist)
    with pytest.raises(Invalid, match="chưa có số, ký hiệu"):
        plan_draft_confirm(actor=cast.specialist, draft=draft)
