"""The DHIS2 code mapping (services and endpoints) and the OpenAPI schema of the plans API."""

from __future__ import annotations

from typing import Any

import pytest

from treem.core.errors import Forbidden, Invalid
from treem.core.models import AuditEvent
from treem.plans.models import Dhis2Element, Dhis2OrgUnit
from treem.plans.services.dhis2 import dhis2_element_set, dhis2_org_unit_set
from treem.plans.tests.api_helpers import INDICATORS, ORG_UNITS, client_for, commune_a, error_of
from treem.plans.tests.factories import indicator, unit

pytestmark = pytest.mark.django_db


def test_a_national_administrator_maps_an_indicator_and_it_is_audited(cast: Any) -> None:
    row = dhis2_element_set(
        actor=cast.national_admin, indicator=indicator("16"), numerator="N16", denominator="D16"
    )
    assert row is not None and (row.numerator, row.denominator) == ("N16", "D16")
    assert AuditEvent.objects.filter(action="plans.dhis2.element.create").exists()
    assert (
        dhis2_element_set(actor=cast.national_admin, indicator=indicator("16"), numerator="")
        is None
    )
    assert not Dhis2Element.objects.exists()
    assert AuditEvent.objects.filter(action="plans.dhis2.element.remove").exists()


@pytest.mark.parametrize("who", ["specialist", "officer_a", "province_admin", "reporter"])
def test_only_national_staff_map_the_national_catalogue(cast: Any, who: str) -> None:
    with pytest.raises(Forbidden):
        dhis2_element_set(actor=getattr(cast, who), indicator=indicator("13"), numerator="X")


@pytest.mark.parametrize(
    ("code", "numerator", "denominator", "fragment"),
    [
        ("16", "N16", "", "cần data element cho mẫu số"),
        ("13", "N13", "D13", "không có mẫu số"),
        ("16", "SAME", "SAME", "hai data element khác nhau"),
        ("16", "N 16", "D16", "khoảng trắng"),
    ],
)
def test_element_mapping_rules(code: str, numerator: str, denominator: str, fragment: str) -> None:
    with pytest.raises(Invalid, match=fragment):
        dhis2_element_set(
            actor=None, indicator=indicator(code), numerator=numerator, denominator=denominator
        )


def test_a_data_element_carries_one_figure_only() -> None:
    dhis2_element_set(actor=None, indicator=indicator("13"), numerator="SHARED")
    with pytest.raises(Invalid, match="đã dùng cho chỉ tiêu 13"):
        dhis2_element_set(
            actor=None, indicator=indicator("16"), numerator="X16", denominator="SHARED"
        )
    # Another category option combo of the same element is another figure.
    dhis2_element_set(
        actor=None,
        indicator=indicator("16"),
        numerator="SHARED",
        denominator="D16",
        category_option_combo="FEMALE",
    )


def test_a_province_specialist_maps_the_org_units_of_the_province(cast: Any) -> None:
    row = dhis2_org_unit_set(actor=cast.specialist, unit=commune_a(), org_unit="DiszpKrYNg8")
    assert row is not None and row.org_unit == "DiszpKrYNg8"
    with pytest.raises(Forbidden):
        dhis2_org_unit_set(actor=cast.specialist, unit=unit("01"), org_unit="Hn01")
    with pytest.raises(Forbidden):
        dhis2_org_unit_set(actor=cast.officer_a, unit=commune_a(), org_unit="Other")
    # Back to the unit's own code: the row goes.
    assert dhis2_org_unit_set(actor=cast.specialist, unit=commune_a(), org_unit="") is None
    assert not Dhis2OrgUnit.objects.exists()


def test_an_org_unit_code_names_one_unit() -> None:
    dhis2_org_unit_set(actor=None, unit=commune_a(), org_unit="OU_A")
    with pytest.raises(Invalid, match="đã gán cho Phường Nha Trang"):
        dhis2_org_unit_set(actor=None, unit=unit("22453"), org_unit="OU_A")
    with pytest.raises(Invalid, match="trùng mã của"):
        dhis2_org_unit_set(actor=None, unit=unit("22453"), org_unit="22366")


def test_mapping_endpoints(cast: Any) -> None:
    admin = client_for(cast.national_admin)
    response = admin.put(f"{INDICATORS}13/dhis2/", {"numerator": "CHILD_MARRIAGE"}, format="json")
    assert response.status_code == 200
    assert response.json()["dhis2"]["numerator"] == "CHILD_MARRIAGE"
    refused = client_for(cast.specialist).put(
        f"{INDICATORS}13/dhis2/", {"numerator": "X"}, format="json"
    )
    assert refused.status_code == 403 and "quốc gia" in error_of(refused)["message"]
    specialist = client_for(cast.specialist)
    posted = specialist.post(ORG_UNITS, {"unit": "22366", "org_unit": "OU_NT"}, format="json")
    assert posted.status_code == 200 and posted.json()["org_unit"] == "OU_NT"
    assert [row["unit"] for row in specialist.get(ORG_UNITS).json()["results"]] == ["22366"]
    assert client_for(cast.other_province_admin).get(ORG_UNITS).json()["count"] == 0
    hidden = client_for(cast.other_province_admin).post(
        ORG_UNITS, {"unit": "22366", "org_unit": "X"}, format="json"
    )
    assert hidden.status_code == 404


def test_schema_is_valid_and_lists_the_plans_endpoints() -> None:
    from drf_spectacular.drainage import GENERATOR_STATS, reset_generator_stats
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    reset_generator_stats()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    paths = schema["paths"]
    for path, methods in {
        "/api/v1/indicators/": {"get"},
        "/api/v1/indicators/{code}/": {"get"},
        "/api/v1/indicators/{code}/dhis2/": {"put"},
        "/api/v1/plans/": {"get", "post"},
        "/api/v1/plans/{id}/": {"get", "patch"},
        "/api/v1/plans/{id}/targets/": {"get", "post"},
        "/api/v1/plans/{id}/targets/{target_id}/": {"delete"},
        "/api/v1/measurements/": {"get", "post"},
        "/api/v1/measurements/{id}/": {"get"},
        "/api/v1/measurements/{id}/submit/": {"post"},
        "/api/v1/measurements/{id}/approve/": {"post"},
        "/api/v1/measurements/{id}/return/": {"post"},
        "/api/v1/measurements/{id}/reopen/": {"post"},
        "/api/v1/analytics/": {"get"},
        "/api/v1/dhis2/dataValueSets/": {"get", "post"},
        "/api/v1/dhis2/orgUnits/": {"get", "post"},
    }.items():
        assert set(paths[path]) == methods, path
    analytics = {p["name"] for p in paths["/api/v1/analytics/"]["get"]["parameters"]}
    assert {"dx", "pe", "ou", "format"} <= analytics
