"""DHIS2 dataValueSets: export of approved figures, all-or-nothing import, round trip."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from treem.geo.models import Level, Succession
from treem.plans.models import Measurement, MeasurementState
from treem.plans.services.dhis2 import dhis2_element_set, dhis2_org_unit_set
from treem.plans.services.measurements import measurement_approve, measurement_submit
from treem.plans.tests.api_helpers import DATA_VALUE_SETS, client_for, commune_a, draft, error_of
from treem.plans.tests.factories import approved, communes_of, indicator, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(db: Any) -> None:
    dhis2_element_set(actor=None, indicator=indicator("16"), numerator="KG5_N", denominator="KG5_D")
    dhis2_element_set(actor=None, indicator=indicator("13"), numerator="CHILD_MARRIAGE")
    dhis2_element_set(
        actor=None,
        indicator=indicator("14"),
        numerator="BR5_N",
        denominator="BR5_D",
        category_option_combo="HllvX50cXC0",
    )


def _export(client: Any, **params: Any) -> list[dict[str, str]]:
    response = client.get(DATA_VALUE_SETS, params)
    assert response.status_code == 200, response.json()
    return response.json()["dataValues"]


def test_export_sends_approved_ratios_as_two_values_and_counts_as_one(
    cast: Any, mapped: None
) -> None:
    first, second = communes_of("56")
    approved("16", first, "2025", 45, 50)
    approved("13", second, "2025", 3)
    draft("16", where=second)  # not approved: not sent
    approved("5a", first, "2025", 9, 10)  # no data element: not sent
    dhis2_org_unit_set(actor=None, unit=second, org_unit="OU_CAMLAM")
    values = _export(client_for(cast.specialist), period="2025", orgUnit="56", children="true")
    assert values == [
        {"dataElement": "KG5_N", "period": "2025", "orgUnit": first.code, "value": "45"},
        {"dataElement": "KG5_D", "period": "2025", "orgUnit": first.code, "value": "50"},
        {"dataElement": "CHILD_MARRIAGE", "period": "2025", "orgUnit": "OU_CAMLAM", "value": "3"},
    ]
    # Without children only the unit's own figures go out.
    assert _export(client_for(cast.specialist), period="2025", orgUnit="56") == []


def test_export_parameters_are_checked(cast: Any, mapped: None) -> None:
    client = client_for(cast.specialist)
    missing = client.get(DATA_VALUE_SETS, {"orgUnit": "56"})
    assert missing.status_code == 400 and "period" in error_of(missing)["details"]
    bad = client.get(DATA_VALUE_SETS, {"orgUnit": "56", "period": "2025-01"})
    assert bad.status_code == 400 and "Kỳ '2025-01' không hợp lệ" in error_of(bad)["message"]
    unknown = client.get(DATA_VALUE_SETS, {"orgUnit": "XYZ", "period": "2025"})
    assert unknown.status_code == 400 and "orgUnit" in error_of(unknown)["details"]
    hidden = client_for(cast.officer_b).get(DATA_VALUE_SETS, {"orgUnit": "22366", "period": "2025"})
    assert hidden.status_code == 404


def test_export_queries_do_not_grow_with_figures(
    cast: Any, mapped: None, django_assert_max_num_queries: Any
) -> None:
    for commune in communes_of("56", 15):
        approved("16", commune, "2025", 9, 10)
        dhis2_org_unit_set(actor=None, unit=commune, org_unit=f"OU{commune.code}")
    client = client_for(cast.specialist)
    with django_assert_max_num_queries(6):
        values = _export(client, period="2025", orgUnit="56", children="true")
    assert len(values) == 30


def _value(element: str, org_unit: str, value: Any, period: str = "2026") -> dict[str, Any]:
    return {"dataElement": element, "period": period, "orgUnit": org_unit, "value": str(value)}


def test_import_writes_draft_imported_figures_and_counts_values(cast: Any, mapped: None) -> None:
    client = client_for(cast.specialist)
    payload = {
        "dataValues": [
            _value("KG5_N", "22366", 40),
            _value("KG5_D", "22366", 50) | {"comment": "Sở GD&ĐT"},
            _value("CHILD_MARRIAGE", "22366", 2),
        ]
    }
    response = client.post(DATA_VALUE_SETS, payload, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "SUCCESS" and body["conflicts"] == []
    assert body["importCount"] == {"imported": 3, "updated": 0, "ignored": 0, "deleted": 0}
    row = Measurement.objects.get(indicator=indicator("16"), period="2026")
    assert (row.numerator, row.denominator, row.value) == (Decimal(40), Decimal(50), Decimal(80))
    assert (row.origin, row.state, row.notes) == ("imported", "draft", "Sở GD&ĐT")
    again = client.post(DATA_VALUE_SETS, payload, format="json").json()
    assert again["importCount"] == {"imported": 0, "updated": 3, "ignored": 0, "deleted": 0}


def test_values_that_are_not_treems_are_ignored_and_listed(cast: Any, mapped: None) -> None:
    payload = {
        "period": "2026",
        "orgUnit": "22366",
        "dataValues": [
            {"dataElement": "CHILD_MARRIAGE", "value": "1"},
            {"dataElement": "OTHER_PROGRAMME", "value": "12"},
            {"dataElement": "BR5_N", "value": "9", "categoryOptionCombo": "HllvX50cXC0"},
            {"dataElement": "BR5_D", "value": "10", "categoryOptionCombo": "HllvX50cXC0"},
        ],
    }
    body = client_for(cast.specialist).post(DATA_VALUE_SETS, payload, format="json").json()
    assert body["status"] == "WARNING"
    assert body["importCount"] == {"imported": 1, "updated": 0, "ignored": 3, "deleted": 0}
    messages = [c["value"] for c in body["conflicts"]]
    assert "'OTHER_PROGRAMME'" in messages[0] and "không gắn với chỉ tiêu nào" in messages[0]
    assert "tính tự động" in messages[1]  # 14 is computed for today's communes
    assert Measurement.objects.filter(period="2026").count() == 1


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (_value("KG5_N", "22366", "abc"), "không phải là số"),
        (_value("KG5_N", "99999", 4), "không có đơn vị hành chính hay org unit"),
        (_value("KG5_N", "22366", 4, period="2026Q1"), "Kỳ '2026Q1' không hợp lệ"),
        (_value("KG5_N", "22366", 60), "lớn hơn mẫu số"),
    ],
)
def test_one_bad_value_stops_the_whole_import(
    cast: Any, mapped: None, value: dict, fragment: str
) -> None:
    payload = {
        "dataValues": [
            _value("CHILD_MARRIAGE", "22453", 2),
            _value("KG5_D", "22366", 50),
            value,
        ]
    }
    response = client_for(cast.specialist).post(DATA_VALUE_SETS, payload, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "ERROR"
    assert body["importCount"] == {"imported": 0, "updated": 0, "ignored": 3, "deleted": 0}
    conflict = next(c for c in body["conflicts"] if fragment in c["value"])
    assert "Data element 'KG5_N'" in conflict["value"] and "kỳ '" in conflict["value"]
    assert "Không nhập giá trị nào" in body["error"]["message"]
    assert not Measurement.objects.exists()


def test_import_follows_the_entry_rules_of_each_user(cast: Any, mapped: None) -> None:
    row = draft("16", where=commune_a(), period="2026", numerator=1, denominator=2)
    measurement_approve(actor=None, measurement=measurement_submit(actor=None, measurement=row))
    payload = {"dataValues": [_value("KG5_N", "22366", 4), _value("KG5_D", "22366", 5)]}
    locked = client_for(cast.specialist).post(DATA_VALUE_SETS, payload, format="json").json()
    assert locked["status"] == "ERROR" and "đã được phê duyệt" in locked["conflicts"][0]["value"]
    payload = {"dataValues": [_value("CHILD_MARRIAGE", "22366", 4)]}
    outsider = client_for(cast.officer_b).post(DATA_VALUE_SETS, payload, format="json").json()
    assert outsider["status"] == "ERROR"
    assert "không có quyền nhập số liệu chỉ tiêu 13" in outsider["conflicts"][0]["value"]
    assert not Measurement.objects.filter(indicator=indicator("13")).exists()


def test_a_dry_run_checks_without_writing(cast: Any, mapped: None) -> None:
    payload = {"dataValues": [_value("CHILD_MARRIAGE", "22366", 4)]}
    response = client_for(cast.specialist).post(
        f"{DATA_VALUE_SETS}?dryRun=true", payload, format="json"
    )
    body = response.json()
    assert body["status"] == "SUCCESS" and body["dryRun"] is True
    assert body["importCount"]["imported"] == 1
    assert not Measurement.objects.exists()


def test_a_malformed_payload_is_a_400(cast: Any) -> None:
    response = client_for(cast.specialist).post(
        DATA_VALUE_SETS, {"dataValues": [{"value": "1"}]}, format="json"
    )
    assert response.status_code == 400 and "dataValues" in error_of(response)["details"]


def test_round_trip_into_another_period_gives_the_same_figures(cast: Any, mapped: None) -> None:
    communes = communes_of("56", 4)
    for index, commune in enumerate(communes):
        approved("16", commune, "2025", 40 + index, 50)
        approved("13", commune, "2025", index)
    dhis2_org_unit_set(actor=None, unit=communes[0], org_unit="OU_FIRST")
    client = client_for(cast.specialist)
    exported = _export(client, period="2025", orgUnit="56", children="true")
    assert len(exported) == 12
    moved = [{**value, "period": "2026"} for value in exported]
    body = client.post(DATA_VALUE_SETS, {"dataValues": moved}, format="json").json()
    assert body["status"] == "SUCCESS"
    assert body["importCount"]["imported"] == 12

    def figures(period: str) -> dict[tuple[str, str], tuple[Any, ...]]:
        return {
            (m.indicator.code, m.unit.code): (m.numerator, m.denominator, m.value)
            for m in Measurement.objects.filter(period=period).select_related("indicator", "unit")
        }

    assert figures("2026") == figures("2025")
    for row in Measurement.objects.filter(period="2026"):
        measurement_approve(actor=None, measurement=measurement_submit(actor=None, measurement=row))
    again = _export(client, period="2026", orgUnit="56", children="true")
    assert again == moved
    assert Measurement.objects.filter(period="2026", state=MeasurementState.APPROVED).count() == 8
    assert unit("56").code == "56"


def test_an_oversized_payload_is_refused_whole(cast: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("treem.plans.services.dhis2_import.MAX_VALUES", 1)
    payload = {"dataValues": [_value("CHILD_MARRIAGE", "22366", 1)] * 2}
    response = client_for(cast.specialist).post(DATA_VALUE_SETS, payload, format="json")
    assert response.status_code == 409
    assert "Tệp có 2 giá trị, quá giới hạn 1" in response.json()["conflicts"][0]["value"]


def test_figures_of_former_units_go_by_the_codes_of_their_time(cast: Any, mapped: None) -> None:
    merged = (
        Succession.objects.filter(
            partly=False, predecessor__level=Level.COMMUNE, successor__code="22366"
        )
        .select_related("predecessor")
        .first()
    )
    assert merged is not None
    old = merged.predecessor
    approved("14", old, "2024", 45, 50)  # history of a registry-derived indicator: entered
    client = client_for(cast.specialist)
    exported = _export(client, period="2024", orgUnit="56", children="true")
    assert [(v["orgUnit"], v["value"]) for v in exported] == [(old.code, "45"), (old.code, "50")]
    moved = [{**value, "period": "2023"} for value in exported]
    body = client.post(DATA_VALUE_SETS, {"dataValues": moved}, format="json").json()
    assert body["status"] == "SUCCESS", body
    row = Measurement.objects.get(period="2023")
    assert row.unit_id == old.pk and row.value == Decimal(90)
