"""The plans working pages: plans, targets, the catalogue; every page kept in its scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from treem.core.models import AuditEvent
from treem.plans.models import (
    BudgetLine,
    Indicator,
    Plan,
    PlanStatus,
    PlanTask,
    Responsibility,
    Target,
)
from treem.plans.services.plans import plan_reference_add, target_set
from treem.plans.tests.factories import indicator, province_plan, unit
from treem.plans.tests.work_helpers import (
    COMMUNE_A,
    commune_plan,
    field_error,
    figure,
    login,
    province_indicator,
    text,
)
from treem.web.testing.access import AccessCase, AccessTestMixin

pytestmark = pytest.mark.django_db
ANY = None  # pages open to every user who follows plans: no outsider


def _plan() -> dict[str, Any]:
    return {"pk": commune_plan().pk}


def _target() -> dict[str, Any]:
    plan = commune_plan()
    target = target_set(
        actor=None, plan=plan, indicator=indicator("16"), year=2030, comparator=">=", value=99
    )
    return {"pk": plan.pk, "target_pk": target.pk}


def _own_indicator() -> dict[str, Any]:
    return {"pk": province_indicator().pk}


def _submitted() -> dict[str, Any]:
    return {"pk": figure(state="submitted").pk}


def _approved() -> dict[str, Any]:
    return {"pk": figure(state="approved").pk}


TARGET = {"target-indicator": "", "target-year": "2030", "target-comparator": ">="}
ENTRY = {"period": "2026", "unit": f"current:{COMMUNE_A}"}


class TestWorkPagesAccess(AccessTestMixin):
    cases = [
        AccessCase("plan_list", "plans:plan_list", owner="canbo.a", outsider=ANY),
        AccessCase("plan_detail", "plans:plan_detail", _plan, "canbo.a", "canbo.b"),
        AccessCase("plan_update", "plans:plan_update", _plan, "canbo.a", "canbo.b"),
        AccessCase("plan_create", "plans:plan_create", owner="canbo.a", outsider="ctv.a"),
        AccessCase(
            "plan_activate", "plans:plan_activate", _plan, "canbo.a", "canbo.b",
            method="post", ok_status=(302,),
        ),
        AccessCase(
            "reference_add", "plans:plan_reference_add", _plan, "canbo.a", "canbo.b",
            method="post", data={"ref-number": "28-CT/TW"}, ok_status=(302,),
        ),
        AccessCase(
            "target_set", "plans:target_set", _plan, "canbo.a", "canbo.b", method="post",
            data={**TARGET, "target-indicator": "1", "target-value": "70"}, ok_status=(200, 302),
        ),
        AccessCase(
            "target_remove", "plans:target_remove", _target, "canbo.a", "canbo.b",
            method="post", ok_status=(302,),
        ),
        AccessCase("catalogue", "plans:catalogue", owner="canbo.a", outsider=ANY),
        AccessCase(
            "indicator_create", "plans:indicator_create", owner="chuyenvien", outsider="canbo.a"
        ),
        AccessCase(
            "indicator_deactivate", "plans:indicator_deactivate", _own_indicator, "chuyenvien",
            "quantri.hanoi", method="post", ok_status=(302,),
        ),
        AccessCase("entry", "plans:entry", owner="canbo.a", outsider="canbo.b", data=ENTRY),
        AccessCase("approvals", "plans:approvals", owner="chutich.a", outsider="canbo.b"),
        AccessCase(
            "approve", "plans:measurement_approve", _submitted, "chutich.a", "canbo.b",
            method="post", ok_status=(302,),
        ),
        AccessCase(
            "return", "plans:measurement_return", _submitted, "chutich.a", "canbo.b",
            method="post", data={"r0-reason": "x"}, ok_status=(200, 302),
        ),
        AccessCase(
            "reopen", "plans:measurement_reopen", _approved, "chuyenvien", "canbo.b",
            method="post", ok_status=(200, 302),
        ),
    ]  # fmt: skip


def test_a_collaborator_has_no_plan_pages(cast: Any) -> None:
    client = login(cast.collaborator_a)
    for name in ("plans:plan_list", "plans:catalogue", "plans:entry", "plans:approvals"):
        assert client.get(reverse(name)).status_code == 404, name


def test_the_list_shows_the_plans_of_the_area_and_above(cast: Any) -> None:
    mine, other = commune_plan(), commune_plan("22453")
    province = province_plan(unit("56"))
    body = login(cast.officer_a).get(reverse("plans:plan_list")).content.decode()
    for plan in (mine, province):
        assert reverse("plans:plan_detail", args=[plan.pk]) in body
    assert reverse("plans:plan_detail", args=[other.pk]) not in body
    page = text(body)
    assert "23/QĐ-TTg" in page and "Phường Nha Trang" in page and "2026–2030" in page
    assert "Dự thảo" in page and "Đang thực hiện" in page


def test_an_officer_creates_the_commune_plan(cast: Any) -> None:
    province = province_plan(unit("56"))
    response = login(cast.officer_a).post(
        reverse("plans:plan_create"),
        {
            "unit": unit(COMMUNE_A).pk,
            "number": "15/KH-UBND",
            "title": "Kế hoạch vì trẻ em phường Nha Trang",
            "first_year": 2026,
            "last_year": 2030,
            "parent": province.pk,
        },
    )
    plan = Plan.objects.get(number="15/KH-UBND")
    assert response.status_code == 302 and response["Location"].endswith(f"/{plan.pk}/")
    assert plan.unit == unit(COMMUNE_A) and plan.parent == province and plan.status == "draft"
    assert AuditEvent.objects.filter(action="plans.plan.create", object_id=str(plan.pk)).exists()


def test_a_plan_ending_before_it_starts_is_refused_on_the_right_field(cast: Any) -> None:
    data = {"unit": unit(COMMUNE_A).pk, "number": "1/KH", "title": "Kế hoạch", "first_year": 2030}
    response = login(cast.officer_a).post(reverse("plans:plan_create"), {**data, "last_year": 2026})
    assert response.status_code == 200 and not Plan.objects.filter(number="1/KH").exists()
    errors = response.context["form"].errors
    assert "năm kết thúc 2026 trước năm bắt đầu 2030" in errors["last_year"][0]
    plan = commune_plan()
    response = login(cast.officer_a).post(
        reverse("plans:plan_update", args=[plan.pk]),
        {"number": plan.number, "title": plan.title, "first_year": 2030, "last_year": 2026},
    )
    assert "năm kết thúc 2026" in response.context["form"].errors["last_year"][0]
    plan.refresh_from_db()
    assert (plan.first_year, plan.last_year) == (2026, 2030)


def test_narrowing_the_period_keeps_targets_consistent(cast: Any) -> None:
    plan = commune_plan()
    target_set(
        actor=None, plan=plan, indicator=indicator("16"), year=2030, comparator=">=", value=99
    )
    response = login(cast.officer_a).post(
        reverse("plans:plan_update", args=[plan.pk]),
        {"number": plan.number, "title": plan.title, "first_year": 2026, "last_year": 2028},
    )
    assert "chỉ tiêu cho năm 2030 nằm ngoài giai đoạn 2026–2028" in text(response.content.decode())
    plan.refresh_from_db()
    assert plan.last_year == 2030


def test_the_detail_shows_own_and_inherited_targets_references_and_parts(cast: Any) -> None:
    province = province_plan(unit("56"), {"3a": [(2025, "<", "8")]})
    plan_reference_add(actor=None, plan=province, number="23/QĐ-TTg", title="Chương trình")
    resp = Responsibility.objects.create(plan=province, agency_name="Sở Y tế")
    resp.indicators.add(indicator("5a"), indicator("11a"))
    PlanTask.objects.create(plan=province, order=1, text="Truyền thông về quyền trẻ em")
    BudgetLine.objects.create(plan=province, label="Ngân sách tỉnh", year=2026, amount=1250000000)
    response = login(cast.officer_a).get(reverse("plans:plan_detail", args=[province.pk]))
    page = text(response.content.decode())
    assert "Chỉ tiêu theo năm" in page and "< 8‰" in page
    assert "≥ 100% kế thừa từ 23/QĐ-TTg" in page  # birth registration 2030, from the nation
    assert "23/QĐ-TTg" in page and "Sở Y tế : 5a, 11a" in page
    assert "Truyền thông về quyền trẻ em" in page and "1.250.000.000" in page
    assert "Đặt chỉ tiêu" not in page  # the officer reads the province plan, does not edit


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target-comparator": ""}, "comparator", "Chỉ tiêu 16 năm 2030: thiếu phép so sánh"),
        ({"target-year": "2024"}, "year", "năm 2024 nằm ngoài giai đoạn kế hoạch 2026–2030"),
        ({"target-value": "-5"}, "value", "giá trị mục tiêu không được âm"),
        ({"target-value": ""}, "value", "thiếu giá trị mục tiêu"),
        ({"target-value_high": "90"}, "value_high", "cận trên 90 nhỏ hơn giá trị 99"),
        ({"target-value": "chín"}, "value", "không phải là số"),
    ],
)
def test_bad_targets_show_the_message_on_the_field(
    cast: Any, changes: dict[str, str], field: str, message: str
) -> None:
    plan = commune_plan()
    before = (Target.objects.count(), AuditEvent.objects.count())
    data = {**TARGET, "target-indicator": indicator("16").pk, "target-value": "99", **changes}
    response = login(cast.officer_a).post(reverse("plans:target_set", args=[plan.pk]), data)
    assert response.status_code == 200
    assert message in field_error(response.content.decode(), field)
    assert (Target.objects.count(), AuditEvent.objects.count()) == before


def test_a_target_is_set_in_vietnamese_numbers_and_removed(cast: Any) -> None:
    plan = commune_plan()
    client = login(cast.officer_a)
    data = {**TARGET, "target-indicator": indicator("3a").pk, "target-comparator": "<"}
    response = client.post(
        reverse("plans:target_set", args=[plan.pk]), {**data, "target-value": "8,5"}
    )
    assert response.status_code == 302
    target = Target.objects.get(plan=plan)
    assert (target.value, target.unit) == (Decimal("8.5"), "per_1000")
    page = text(client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode())
    assert "< 8,5‰" in page
    remove = reverse("plans:target_remove", args=[plan.pk, target.pk])
    assert client.post(remove).status_code == 302 and not Target.objects.filter(plan=plan).exists()
    assert AuditEvent.objects.filter(action="plans.target.remove").exists()


def test_a_plan_is_activated_and_a_reference_added(cast: Any) -> None:
    plan = commune_plan()
    client = login(cast.officer_a)
    client.post(reverse("plans:plan_activate", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    response = client.post(reverse("plans:plan_reference_add", args=[plan.pk]), {"ref-title": "x"})
    assert response.status_code == 200 and response.context["reference_form"].errors["number"]
    client.post(
        reverse("plans:plan_reference_add", args=[plan.pk]),
        {"ref-number": "204/KH-UBND", "ref-issuer": "UBND tỉnh Khánh Hòa"},
    )
    assert plan.references.get().issuer == "UBND tỉnh Khánh Hòa"


def test_the_catalogue_groups_indicators_with_their_definitions(cast: Any) -> None:
    page = text(login(cast.officer_a).get(reverse("plans:catalogue")).content.decode())
    assert "Mục tiêu 1: Chăm sóc sức khỏe" in page and "Mục tiêu 4: Quyền tham gia" in page
    assert "Tử số: Số xã, phường, đặc khu được công nhận" in page
    assert "0101" in page and "tính tự động" in page and "Y tế" in page
    assert "Thêm chỉ tiêu riêng" not in page


def test_a_specialist_adds_and_retires_a_province_indicator(cast: Any) -> None:
    client = login(cast.specialist)
    data = {
        "province": unit("56").pk,
        "code": "KH-25",
        "name": "Tỷ lệ trẻ em biết bơi",
        "short_name": "Trẻ biết bơi",
        "group": 2,
        "unit": "percent",
        "direction": "up",
        "numerator": "Số trẻ biết bơi",
        "denominator": "",
        "lead_sector": "van_hoa",
    }
    response = client.post(reverse("plans:indicator_create"), data)
    assert "cần ghi mẫu số" in response.context["form"].errors["denominator"][0]
    data["denominator"] = "Tổng số trẻ"
    assert client.post(reverse("plans:indicator_create"), data).status_code == 302
    response = client.post(reverse("plans:indicator_create"), data)
    assert "đã được dùng" in response.context["form"].errors["code"][0]
    item = Indicator.objects.get(code="KH-25")
    assert "chỉ tiêu riêng của tỉnh" in text(
        client.get(reverse("plans:catalogue")).content.decode()
    )
    client.post(reverse("plans:indicator_deactivate", args=[item.pk]))
    item.refresh_from_db()
    assert not item.active
    national = reverse("plans:indicator_deactivate", args=[indicator("5a").pk])
    assert client.post(national).status_code == 404


def test_plan_list_queries_do_not_grow_with_plans(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(15):
        commune_plan()
    client = login(cast.specialist)
    with django_assert_max_num_queries(12):
        client.get(reverse("plans:plan_list"))
