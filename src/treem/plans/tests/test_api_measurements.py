"""The figures API: entry, the approval round, filters and the messages of refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from treem.geo.models import Level, Succession
from treem.plans.models import Measurement
from treem.plans.services.measurements import measurement_approve
from treem.plans.tests.api_helpers import (
    MEASUREMENTS,
    client_for,
    commune_b,
    draft,
    error_of,
    submitted,
)
from treem.plans.tests.factories import approved, communes_of

pytestmark = pytest.mark.django_db

FIGURE = {
    "indicator": "16",
    "unit": "22366",
    "period": "2025",
    "numerator": "45",
    "denominator": "50",
}


def test_an_officer_enters_then_corrects_a_figure(cast: Any) -> None:
    client = client_for(cast.officer_a)
    created = client.post(MEASUREMENTS, FIGURE, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["value"] == "90.00" and body["state"] == "draft" and body["origin"] == "entered"
    assert body["entered_by"] == "canbo.a" and body["unit_name"] == "Phường Nha Trang"
    changed = client.post(MEASUREMENTS, {**FIGURE, "numerator": "47,5"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["id"] == body["id"] and changed.json()["value"] == "95.00"


def test_the_approval_round_through_the_api(cast: Any) -> None:
    officer, chairman = client_for(cast.officer_a), client_for(cast.chairman_a)
    pk = officer.post(MEASUREMENTS, FIGURE, format="json").json()["id"]
    assert officer.post(f"{MEASUREMENTS}{pk}/submit/").json()["state"] == "submitted"
    returned = chairman.post(f"{MEASUREMENTS}{pk}/return/", {"reason": "Kiểm tra mẫu số"})
    assert returned.json()["state"] == "draft"
    officer.post(f"{MEASUREMENTS}{pk}/submit/")
    approved_ = chairman.post(f"{MEASUREMENTS}{pk}/approve/").json()
    assert approved_["state"] == "approved" and approved_["approved_by"] == "chutich.a"
    locked = officer.post(MEASUREMENTS, FIGURE, format="json")
    assert locked.status_code == 400 and error_of(locked)["code"] == "locked"
    reopened = client_for(cast.specialist).post(
        f"{MEASUREMENTS}{pk}/reopen/", {"reason": "Sở Giáo dục điều chỉnh"}
    )
    assert reopened.status_code == 200 and reopened.json()["state"] == "draft"


def test_who_may_not_act_on_a_figure_they_see_is_told_why(cast: Any) -> None:
    row = submitted()
    # The officer who can read the figure may not approve it: 403 with the reason.
    response = client_for(cast.officer_a).post(f"{MEASUREMENTS}{row.pk}/approve/")
    assert response.status_code == 403
    assert "không có quyền phê duyệt" in error_of(response)["message"]
    # The commune chairman may approve, but not reopen an approved figure of his commune.
    measurement_approve(actor=None, measurement=row)
    response = client_for(cast.chairman_a).post(f"{MEASUREMENTS}{row.pk}/reopen/", {"reason": "x"})
    assert response.status_code == 403 and "cấp trên" in error_of(response)["message"]


def test_whoever_entered_a_figure_does_not_approve_it(cast: Any) -> None:
    specialist = client_for(cast.specialist)
    pk = specialist.post(MEASUREMENTS, FIGURE, format="json").json()["id"]
    specialist.post(f"{MEASUREMENTS}{pk}/submit/")
    response = specialist.post(f"{MEASUREMENTS}{pk}/approve/")
    assert response.status_code == 403
    assert "không tự phê duyệt" in error_of(response)["message"]


def test_a_health_reporter_enters_health_figures_only(cast: Any) -> None:
    client = client_for(cast.reporter)
    health = client.post(
        MEASUREMENTS,
        {"indicator": "5a", "unit": "56", "period": "2025", "numerator": 970, "denominator": 1000},
        format="json",
    )
    assert health.status_code == 201
    assert health.json()["agency_name"] == "Sở Y tế tỉnh Khánh Hòa"
    education = client.post(MEASUREMENTS, FIGURE, format="json")
    assert education.status_code == 403
    assert "không có quyền nhập số liệu chỉ tiêu 16" in error_of(education)["message"]


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"indicator": "99z"}, "indicator", "Không có chỉ tiêu mã '99z'"),
        ({"period": "2025Q1"}, "period", "Kỳ '2025Q1' không hợp lệ"),
        ({"unit": "99999"}, "unit", "Không có đơn vị hành chính mã '99999'"),
        ({"numerator": "abc"}, "numerator", "không phải là số"),
        ({"numerator": "60"}, "numerator", "lớn hơn mẫu số"),
        ({"denominator": ""}, "denominator", "cần mẫu số"),
        ({"indicator": "14"}, "indicator", "tính tự động"),
        ({"version": "old"}, "version", "Tham số version='old'"),
    ],
)
def test_bad_figures_are_400s_naming_the_field(
    cast: Any, changes: dict, field: str, fragment: str
) -> None:
    response = client_for(cast.officer_a).post(MEASUREMENTS, {**FIGURE, **changes}, format="json")
    assert response.status_code == 400, response.json()
    error = error_of(response)
    assert fragment in error["message"] and field in error["details"], error
    assert not Measurement.objects.exists()


def test_history_is_entered_against_the_former_commune_by_default(cast: Any) -> None:
    merged = (
        Succession.objects.filter(
            partly=False, predecessor__level=Level.COMMUNE, successor__code="22366"
        )
        .select_related("predecessor")
        .first()
    )
    assert merged is not None
    old = merged.predecessor
    response = client_for(cast.officer_a).post(
        MEASUREMENTS, {**FIGURE, "unit": old.code, "period": "2024"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["unit_version"] == "legacy"
    # The officer of today's commune finds it under that commune.
    listed = client_for(cast.officer_a).get(MEASUREMENTS, {"unit": "22366", "period": "2024"})
    assert [r["unit"] for r in listed.json()["results"]] == [old.code]


def test_filters_by_indicator_unit_period_and_state(cast: Any) -> None:
    first, second = communes_of("56")
    approved("16", first, "2025", 9, 10)
    approved("16", second, "2026", 9, 10)
    draft("13", where=commune_b(), numerator=3, denominator=None)
    client = client_for(cast.specialist)

    def units(**params: Any) -> list[str]:
        response = client.get(MEASUREMENTS, params)
        assert response.status_code == 200, response.json()
        return [row["unit"] for row in response.json()["results"]]

    assert units(indicator="13") == [commune_b().code]
    assert units(unit=commune_b().code) == [commune_b().code]
    assert units(state="approved", period="2025") == [first.code]
    assert units(period="2025;2026", indicator="16") == [first.code, second.code]
    assert client.get(MEASUREMENTS, {"state": "done"}).status_code == 400
    assert client.get(MEASUREMENTS, {"period": "25"}).status_code == 400
    assert client.get(MEASUREMENTS, {"indicator": "x"}).status_code == 400


def test_list_queries_do_not_grow_with_figures(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    for commune in communes_of("56", 12):
        approved("16", commune, "2025", Decimal(9), Decimal(10))
    client = client_for(cast.specialist)
    with django_assert_max_num_queries(4):
        response = client.get(MEASUREMENTS, {"unit": "56"})
    assert response.json()["count"] == 12
