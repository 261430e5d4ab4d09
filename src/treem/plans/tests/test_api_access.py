"""Every plans endpoint: the owner is served, another commune gets 404, anonymous 401/403;
and an administrator of another province sees nothing of Khánh Hòa."""

from __future__ import annotations

from typing import Any

import pytest

from treem.org.models import User
from treem.plans.services.measurements import measurement_approve
from treem.plans.tests.api_helpers import (
    ANALYTICS,
    DATA_VALUE_SETS,
    MEASUREMENTS,
    PLANS,
    client_for,
    commune_plan,
    draft,
    own_target,
    submitted,
)
from treem.plans.tests.factories import indicator
from treem.web.testing.access import AccessCase, AccessTestMixin

ANY = None  # open to every signed-in user (empty outside their area): no outsider
OWNER, OUTSIDER = "canbo.a", "canbo.b"  # officers of communes A and B
CHAIRMAN, SPECIALIST = "chutich.a", "chuyenvien"


def _plan() -> dict:
    return {"pk": commune_plan().pk}


def _target() -> dict:
    plan = commune_plan()
    target = own_target(plan, "16", 2026, ">=", "95")
    return {"pk": plan.pk, "target_id": target.pk}


def _draft() -> dict:
    return {"pk": draft().pk}


def _submitted() -> dict:
    return {"pk": submitted().pk}


def _approved() -> dict:
    return {"pk": measurement_approve(actor=None, measurement=submitted()).pk}


def _api(name: str, url_name: str, **options: Any) -> AccessCase:
    options.setdefault("owner", OWNER)
    options.setdefault("outsider", OUTSIDER)
    return AccessCase(name, f"api:{url_name}", api=True, **options)


FIGURE = {"indicator": "16", "unit": "22366", "period": "2025", "numerator": "9"}


class TestPlansApi(AccessTestMixin):
    cases = [
        _api("indicator_list", "indicator-list", outsider=ANY),
        _api("indicator_detail", "indicator-detail", kwargs=lambda: {"code": "8a"}, outsider=ANY),
        _api("plan_list", "plan-list", outsider=ANY),
        _api("plan_list_unit", "plan-list", data={"unit": "22366"}, outsider=ANY),
        _api("plan_detail", "plan-detail", kwargs=_plan),
        _api("plan_targets", "plan-targets", kwargs=_plan),
        _api(
            "plan_create",
            "plan-list",
            method="post",
            data={
                "unit": "22366",
                "number": "20/KH-UBND",
                "title": "Kế hoạch",
                "first_year": 2026,
                "last_year": 2030,
            },
            ok_status=(201,),
        ),
        _api(
            "target_set",
            "plan-targets",
            kwargs=_plan,
            method="post",
            data={"indicator": "16", "year": 2026, "comparator": ">=", "value": "95"},
        ),
        _api(
            "target_remove",
            "plan-target-remove",
            kwargs=_target,
            method="delete",
            ok_status=(204,),
        ),
        _api("measurement_list", "measurement-list", outsider=ANY),
        _api("measurement_list_unit", "measurement-list", data={"unit": "22366"}),
        _api("measurement_detail", "measurement-detail", kwargs=_draft),
        _api(
            "measurement_create",
            "measurement-list",
            method="post",
            data={**FIGURE, "denominator": "10"},
            ok_status=(201,),
        ),
        _api("measurement_submit", "measurement-submit", kwargs=_draft, method="post"),
        _api(
            "measurement_approve",
            "measurement-approve",
            kwargs=_submitted,
            method="post",
            owner=CHAIRMAN,
        ),
        _api(
            "measurement_return",
            "measurement-return",
            kwargs=_submitted,
            method="post",
            owner=CHAIRMAN,
            data={"reason": "Mẫu số chưa đúng"},
        ),
        _api(
            "measurement_reopen",
            "measurement-reopen",
            kwargs=_approved,
            method="post",
            owner=SPECIALIST,
            data={"reason": "Sở Giáo dục sửa số liệu"},
        ),
        _api(
            "analytics_commune",
            "analytics",
            data={"dx": "16", "pe": "2025", "ou": "22366"},
        ),
        _api(
            "analytics_children",
            "analytics",
            data={"dx": "16", "pe": "2025", "ou": "CHILDREN-56"},
            owner=SPECIALIST,
        ),
        _api(
            "dhis2_export",
            "dhis2-data-value-sets",
            data={"period": "2025", "orgUnit": "22366"},
        ),
        _api("dhis2_org_units", "dhis2-org-units", outsider=ANY),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"{ANALYTICS}?dx=16&pe=2025&ou=56",
        f"{ANALYTICS}?dx=16&pe=2025&ou=LEVEL-commune;56",
        f"{DATA_VALUE_SETS}?period=2025&orgUnit=56&children=true",
        f"{MEASUREMENTS}?unit=56",
        f"{MEASUREMENTS}?unit=22366",
    ],
)
def test_an_administrator_of_another_province_gets_404_for_khanh_hoa(url: str) -> None:
    response = client_for(User.objects.get(username="quantri.hanoi")).get(url)
    assert response.status_code == 404
    assert "error" in response.json()


def test_another_province_sees_neither_the_plan_nor_the_figures(cast: Any) -> None:
    plan = commune_plan()
    row = draft()
    outsider = client_for(cast.other_province_admin)
    assert outsider.get(f"{PLANS}{plan.pk}/").status_code == 404
    assert outsider.get(f"{PLANS}{plan.pk}/targets/").status_code == 404
    assert outsider.get(f"{MEASUREMENTS}{row.pk}/").status_code == 404
    assert plan.pk not in [p["id"] for p in outsider.get(PLANS).json()["results"]]
    assert outsider.get(MEASUREMENTS).json()["count"] == 0


def test_the_province_reads_every_commune_but_a_commune_not_the_province(cast: Any) -> None:
    row = draft()
    specialist = client_for(cast.specialist)
    assert specialist.get(f"{MEASUREMENTS}{row.pk}/").status_code == 200
    officer = client_for(cast.officer_a)
    assert officer.get(f"{ANALYTICS}?dx=16&pe=2025&ou=56").status_code == 404
    # Plans above the commune are read (the province's and the nation's), not written.
    national = [p for p in officer.get(PLANS).json()["results"] if p["unit"] == "VN"]
    assert national
    response = officer.patch(f"{PLANS}{national[0]['id']}/", {"title": "X"}, format="json")
    assert response.status_code == 403
    assert "quyền quản lý kế hoạch" in response.json()["error"]["message"]


def test_an_indicator_is_the_same_for_everyone(cast: Any) -> None:
    assert indicator("16").code == "16"
    for user in (cast.officer_a, cast.reporter, cast.other_province_admin):
        assert client_for(user).get("/api/v1/indicators/16/").status_code == 200
