"""The analytics API: DHIS2-style table of approved figures, JSON and CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest

from treem.geo.models import Level, Succession, Unit, Version
from treem.plans.models import Indicator
from treem.plans.services.measurements import (
    measurement_approve,
    measurement_save,
    measurement_submit,
)
from treem.plans.tests.api_helpers import ANALYTICS, client_for, draft, error_of
from treem.plans.tests.factories import approved, communes_of, unit

pytestmark = pytest.mark.django_db


def _rows(response: Any) -> dict[tuple[str, str, str], list[str]]:
    assert response.status_code == 200, response.json()
    return {(r[0], r[1], r[2]): r[3:] for r in response.json()["rows"]}


def test_a_province_ratio_is_the_sum_of_its_communes_parts(cast: Any) -> None:
    first, second, third = communes_of("56", 3)
    approved("16", first, "2025", 90, 100)
    approved("16", second, "2025", 10, 20)
    approved("16", third, "2025", 33, 40)
    draft("16", where=unit("22453"), numerator=1, denominator=100)  # not approved: left out
    response = client_for(cast.specialist).get(
        ANALYTICS, {"dx": "16", "pe": "2025", "ou": "56;CHILDREN-56"}
    )
    rows = _rows(response)
    communes = [v for (dx, pe, ou), v in rows.items() if ou != "56"]
    assert len(communes) == 3
    numerator = sum(Decimal(v[1]) for v in communes)
    denominator = sum(Decimal(v[2]) for v in communes)
    value, num, den = rows[("16", "2025", "56")]
    assert (Decimal(num), Decimal(den)) == (numerator, denominator) == (133, 160)
    assert Decimal(value) == (numerator / denominator * 100).quantize(Decimal("0.01"))
    assert value == "83.12"  # not the average of 90, 50 and 82.5


def test_the_answer_has_dhis2_headers_and_metadata(cast: Any) -> None:
    (first,) = communes_of("56", 1)
    approved("13", first, "2025S2", 4)
    body = (
        client_for(cast.specialist)
        .get(ANALYTICS, {"dx": "13;16", "pe": "2025S2;2025", "ou": "56"})
        .json()
    )
    assert [h["name"] for h in body["headers"]] == [
        "dx", "pe", "ou", "value", "numerator", "denominator",
    ]  # fmt: skip
    assert body["rows"] == [["13", "2025S2", "56", "4", "4", ""]]
    meta = body["metaData"]
    assert meta["items"]["56"]["name"] == "Tỉnh Khánh Hòa"
    assert meta["items"]["2025S2"]["name"] == "6 tháng cuối năm 2025"
    assert meta["items"]["13"]["name"] == "Số cuộc tảo hôn"
    assert meta["dimensions"] == {"dx": ["13", "16"], "pe": ["2025S2", "2025"], "ou": ["56"]}
    assert body["height"] == 1 and body["width"] == 6


def test_level_keyword_lists_the_communes_inside_the_named_unit(cast: Any) -> None:
    (first,) = communes_of("56", 1)
    approved("5a", first, "2025", 95, 100)
    body = (
        client_for(cast.specialist)
        .get(ANALYTICS, {"dx": "5a", "pe": "2025", "ou": "56;LEVEL-commune"})
        .json()
    )
    ous = body["metaData"]["dimensions"]["ou"]
    expected = Unit.objects.filter(version="current", level="commune", province_code="56")
    assert set(ous) == set(expected.values_list("code", flat=True))
    assert "56" not in ous  # the named unit is the boundary, as in DHIS2
    assert [r[2] for r in body["rows"]] == [first.code]


def test_user_orgunit_and_the_dhis2_dimension_form(cast: Any) -> None:
    approved("16", unit("22366"), "2025", 1, 2)
    client = client_for(cast.officer_a)
    own = client.get(ANALYTICS, {"dx": "16", "pe": "2025", "ou": "USER_ORGUNIT"})
    assert list(_rows(own)) == [("16", "2025", "22366")]
    dimension = client.get(f"{ANALYTICS}?dimension=dx:16&dimension=pe:2025&dimension=ou:22366")
    assert _rows(dimension) == _rows(own)


def test_former_units_are_carried_into_todays_through_the_crosswalk(cast: Any) -> None:
    merged = (
        Succession.objects.filter(
            partly=False, predecessor__level=Level.COMMUNE, successor__code="22366"
        )
        .select_related("predecessor")
        .first()
    )
    assert merged is not None
    approved("14", merged.predecessor, "2024", 45, 50)
    client = client_for(cast.specialist)
    today = _rows(client.get(ANALYTICS, {"dx": "14", "pe": "2024", "ou": "22366;56"}))
    assert today[("14", "2024", "22366")][0] == "90"
    assert today[("14", "2024", "56")][2] == "50"
    # And asked in the former structure by its own code.
    legacy = client.get(
        ANALYTICS,
        {"dx": "14", "pe": "2024", "ou": merged.predecessor.code, "version": "legacy"},
    )
    assert _rows(legacy)[("14", "2024", merged.predecessor.code)][0] == "90"


def test_csv_has_names_beside_codes_and_neutralises_formulas(cast: Any) -> None:
    province = unit("56")
    Indicator.objects.create(  # a province's own item whose name would run as a formula
        code="KH1",
        number=99,
        name="Chỉ tiêu riêng",
        short_name='=HYPERLINK("http://x")',
        group=2,
        unit="count",
        direction="down",
        source="entered",
        province_code="56",
    )
    row = measurement_save(
        actor=None,
        indicator=Indicator.objects.get(code="KH1"),
        unit=province,
        period="2025",
        numerator=7,
    )
    measurement_approve(actor=None, measurement=measurement_submit(actor=None, measurement=row))
    approved("16", communes_of("56", 1)[0], "2025", 9, 10)
    response = client_for(cast.specialist).get(
        ANALYTICS, {"dx": "KH1;16", "pe": "2025", "ou": "56", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[0] == CSV_HEADER
    assert lines[1] == ["KH1", "'=HYPERLINK(\"http://x\")", "2025", "Năm 2025", "56",
                        "Tỉnh Khánh Hòa", "7", "7", ""]  # fmt: skip
    assert lines[2][:2] == ["16", "Trẻ 5 tuổi đi học mẫu giáo"] and lines[2][6:] == [
        "90",
        "9",
        "10",
    ]


CSV_HEADER = ["dx", "dxname", "pe", "pename", "ou", "ouname", "value", "numerator", "denominator"]


@pytest.mark.parametrize(
    ("params", "field", "fragment"),
    [
        ({"dx": "16;99z", "pe": "2025", "ou": "56"}, "dx", "'99z'"),
        ({"pe": "2025", "ou": "56"}, "dx", "Thiếu tham số dx"),
        ({"dx": "16", "pe": "2025;25", "ou": "56"}, "pe", "Kỳ '25' không hợp lệ"),
        ({"dx": "16", "pe": "1990", "ou": "56"}, "pe", "ngoài khoảng"),
        ({"dx": "16", "pe": "2025", "ou": "56;77777"}, "ou", "mã '77777'"),
        ({"dx": "16", "pe": "2025", "ou": "LEVEL-huyen"}, "ou", "cấp 'huyen'"),
        ({"dx": "16", "pe": "2025", "ou": "CHILDREN-22366"}, "ou", "cấp thấp nhất"),
        ({"dx": "16", "pe": "2025", "ou": "56", "version": "x"}, "version", "version='x'"),
        ({"dimension": "xx:1", "dx": "16", "pe": "2025", "ou": "56"}, "dimension", "dimension="),
    ],
)
def test_bad_parameters_are_400s_naming_the_parameter(
    cast: Any, params: dict, field: str, fragment: str
) -> None:
    response = client_for(cast.specialist).get(ANALYTICS, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    error = error_of(response)
    assert field in error["details"] and fragment in error["message"], error


def test_a_legacy_code_asked_as_current_points_to_version_legacy(cast: Any) -> None:
    legacy_only = (
        Unit.objects.filter(version=Version.LEGACY, level=Level.PROVINCE)
        .exclude(code__in=Unit.objects.filter(version=Version.CURRENT).values("code"))
        .first()
    )
    assert legacy_only is not None
    response = client_for(cast.national_admin).get(
        ANALYTICS, {"dx": "16", "pe": "2024", "ou": legacy_only.code}
    )
    assert response.status_code == 400
    assert "version=legacy" in error_of(response)["message"]


def test_errors_stay_json_when_csv_was_asked(cast: Any) -> None:
    response = client_for(cast.officer_a).get(
        ANALYTICS, {"dx": "16", "pe": "2025", "ou": "56", "format": "csv"}
    )
    assert response.status_code == 404
    assert "Tỉnh Khánh Hòa" in error_of(response)["message"]


def test_one_roll_up_whatever_the_number_of_units(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    for commune in communes_of("56", 20):
        approved("16", commune, "2025", 9, 10)
        approved("5a", commune, "2025", 9, 10)
    client = client_for(cast.specialist)
    params = {"dx": "16;5a;13", "pe": "2024;2025", "ou": "56;CHILDREN-56"}
    with django_assert_max_num_queries(8):
        response = client.get(ANALYTICS, params)
    assert len(response.json()["rows"]) == 2 * 21


def test_oversized_requests_are_refused_with_the_limit(cast: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("treem.plans.selectors.analytics.MAX_CELLS", 2)
    response = client_for(cast.specialist).get(
        ANALYTICS, {"dx": "16;5a", "pe": "2024;2025", "ou": "56"}
    )
    assert response.status_code == 400
    assert "Yêu cầu 4 ô số liệu, quá giới hạn 2; bớt chỉ tiêu, kỳ" in error_of(response)["message"]
