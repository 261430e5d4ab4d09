"""The plans API: the catalogue, plans, and targets with inheritance."""

from __future__ import annotations

from typing import Any

import pytest

from treem.core.models import AuditEvent
from treem.plans.models import Plan, PlanStatus, Target
from treem.plans.selectors.plans import national_plan
from treem.plans.tests.api_helpers import (
    INDICATORS,
    PLANS,
    client_for,
    commune_plan,
    error_of,
    own_target,
)
from treem.plans.tests.factories import province_plan, unit

pytestmark = pytest.mark.django_db


# --- catalogue --------------------------------------------------------------------------------


def test_indicators_filter_by_group_sector_and_source(cast: Any) -> None:
    client = client_for(cast.officer_a)
    everything = client.get(INDICATORS, {"page_size": 100}).json()
    assert everything["count"] == 35
    codes = [row["code"] for row in client.get(INDICATORS, {"group": 2}).json()["results"]]
    assert {"8a", "8b", "9", "13", "14"} <= set(codes) and "16" not in codes
    education = client.get(INDICATORS, {"sector": "gd_dt", "page_size": 100}).json()["results"]
    assert education and all(row["lead_sector"] == "gd_dt" for row in education)
    registry = client.get(INDICATORS, {"source": "registry"}).json()["results"]
    assert {row["code"] for row in registry} == {"8a", "8b", "14"}


def test_an_indicator_is_found_by_its_code(cast: Any) -> None:
    body = client_for(cast.officer_a).get(f"{INDICATORS}3a/").json()
    assert body["unit"] == "per_1000" and body["unit_label"] == "‰" and body["is_ratio"]
    assert body["dhis2"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [({"group": 9}, "group"), ({"sector": "y-te"}, "sector"), ({"source": "excel"}, "source")],
)
def test_a_bad_catalogue_filter_is_a_400_naming_it(cast: Any, params: dict, field: str) -> None:
    response = client_for(cast.officer_a).get(INDICATORS, params)
    assert response.status_code == 400
    error = error_of(response)
    assert field in error["details"] and f"Tham số {field}=" in error["message"]


def test_an_unknown_indicator_is_a_404_in_vietnamese(cast: Any) -> None:
    response = client_for(cast.officer_a).get(f"{INDICATORS}99z/")
    assert response.status_code == 404
    assert "Không có chỉ tiêu mã '99z'" in error_of(response)["message"]


def test_the_catalogue_needs_as_few_queries_whatever_its_size(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(cast.officer_a)
    with django_assert_max_num_queries(3):
        assert client.get(INDICATORS, {"page_size": 100}).status_code == 200


# --- plans ------------------------------------------------------------------------------------


def test_a_specialist_creates_a_province_plan_then_activates_it(cast: Any) -> None:
    client = client_for(cast.specialist)
    parent = national_plan()
    assert parent is not None
    response = client.post(
        PLANS,
        {
            "unit": "56",
            "number": "204/KH-UBND",
            "title": "Kế hoạch thực hiện Chương trình hành động vì trẻ em tỉnh Khánh Hòa",
            "first_year": 2021,
            "last_year": 2030,
            "issued_on": "2021-09-15",
            "parent": parent.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == PlanStatus.DRAFT and body["unit_name"] == "Tỉnh Khánh Hòa"
    assert body["parent_number"] == parent.number
    patched = client.patch(f"{PLANS}{body['id']}/", {"status": "active"}, format="json")
    assert patched.status_code == 200 and patched.json()["status"] == "active"
    assert AuditEvent.objects.filter(action="plans.plan.update", object_id=str(body["id"])).exists()


def test_plan_errors_name_the_field_in_vietnamese(cast: Any) -> None:
    client = client_for(cast.specialist)
    base = {"unit": "56", "number": "1/KH", "title": "Kế hoạch", "first_year": 2030}
    backwards = client.post(PLANS, {**base, "last_year": 2021}, format="json")
    assert backwards.status_code == 400
    assert "năm kết thúc 2021 trước năm bắt đầu 2030" in error_of(backwards)["message"]
    unknown = client.post(PLANS, {**base, "unit": "99999", "last_year": 2030}, format="json")
    assert unknown.status_code == 400 and "unit" in error_of(unknown)["details"]
    parent = client.post(PLANS, {**base, "last_year": 2030, "parent": 999999}, format="json")
    assert parent.status_code == 400 and "parent" in error_of(parent)["details"]
    assert not Plan.objects.filter(number="1/KH").exists()


def test_a_chairman_reading_his_commune_is_told_why_he_cannot_plan(cast: Any) -> None:
    response = client_for(cast.chairman_a).post(
        PLANS,
        {
            "unit": "22366",
            "number": "1/KH",
            "title": "Kế hoạch",
            "first_year": 2026,
            "last_year": 2030,
        },
        format="json",
    )
    assert response.status_code == 403
    assert "Bạn không có quyền quản lý kế hoạch" in error_of(response)["message"]


def test_plans_filter_by_unit_status_and_year(cast: Any) -> None:
    commune_plan()
    client = client_for(cast.officer_a)
    own = client.get(PLANS, {"unit": "22366"}).json()["results"]
    assert [p["unit"] for p in own] == ["22366"]
    assert client.get(PLANS, {"status": "closed"}).json()["count"] == 0
    assert client.get(PLANS, {"year": 2019}).json()["count"] == 0
    assert client.get(PLANS, {"year": "năm"}).status_code == 400
    assert client.get(PLANS, {"status": "open"}).status_code == 400


def test_plan_list_queries_do_not_grow_with_plans(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        commune_plan()
    client = client_for(cast.officer_a)
    with django_assert_max_num_queries(4):
        assert client.get(PLANS).json()["count"] == 6


# --- targets ----------------------------------------------------------------------------------


def test_targets_include_inherited_ones_with_their_source(cast: Any) -> None:
    province = province_plan(unit("56"), {"16": [(2030, ">=", "99.3")]})
    plan = commune_plan()
    own_target(plan, "16", 2030, ">=", "99.5")
    rows = client_for(cast.officer_a).get(f"{PLANS}{plan.pk}/targets/", {"page_size": 500})
    assert rows.status_code == 200
    by_key = {(r["indicator"], r["year"]): r for r in rows.json()["results"]}
    assert by_key[("16", 2030)]["inherited_from"] is None
    assert by_key[("16", 2030)]["description"] == "≥ 99,5%"
    # Indicator 14 comes from the national plan (the province sets only 16).
    assert by_key[("14", 2030)]["inherited_from"]["number"] == "23/QĐ-TTg"
    assert province.pk not in {
        (r["inherited_from"] or {}).get("id") for r in by_key.values() if r["indicator"] == "16"
    }


def test_a_commune_officer_sets_and_removes_a_target_of_the_commune_plan(cast: Any) -> None:
    plan = commune_plan()
    client = client_for(cast.officer_a)
    url = f"{PLANS}{plan.pk}/targets/"
    response = client.post(
        url, {"indicator": "16", "year": 2026, "comparator": ">=", "value": "97"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["inherited_from"] is None and body["value"] == "97.000"
    assert client.delete(f"{url}{body['id']}/").status_code == 204
    assert not Target.objects.filter(pk=body["id"]).exists()


def test_an_inherited_target_is_not_removed_through_the_commune_plan(cast: Any) -> None:
    plan = commune_plan()
    national = national_plan()
    assert national is not None
    inherited = national.targets.first()
    assert inherited is not None
    response = client_for(cast.officer_a).delete(f"{PLANS}{plan.pk}/targets/{inherited.pk}/")
    assert response.status_code == 404
    assert Target.objects.filter(pk=inherited.pk).exists()


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"indicator": "99z", "year": 2026, "comparator": ">="}, "Không có chỉ tiêu mã '99z'"),
        ({"indicator": "16", "year": 2040, "comparator": ">=", "value": "9"}, "ngoài giai đoạn"),
        ({"indicator": "16", "year": 2026, "comparator": ">="}, "thiếu giá trị mục tiêu"),
        ({"indicator": "16", "year": 2026, "comparator": "~", "value": "9"}, "không hợp lệ"),
    ],
)
def test_a_bad_target_is_a_400_in_vietnamese(cast: Any, body: dict, fragment: str) -> None:
    plan = commune_plan()
    response = client_for(cast.officer_a).post(f"{PLANS}{plan.pk}/targets/", body, format="json")
    assert response.status_code == 400
    assert fragment in error_of(response)["message"]


def test_target_list_queries_are_bounded(cast: Any, django_assert_max_num_queries: Any) -> None:
    plan = commune_plan()
    for year in range(2025, 2031):
        own_target(plan, "16", year, ">=", "95")
    client = client_for(cast.officer_a)
    with django_assert_max_num_queries(8):
        assert client.get(f"{PLANS}{plan.pk}/targets/").status_code == 200
