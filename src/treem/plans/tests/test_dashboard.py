"""The plans dashboard: the indicator × unit table, drill-down, filters, the tile map, the
indicator page, and who may open them (the exports' content: test_dashboard_exports.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from treem.geo.models import Level, Succession, Unit, Version
from treem.plans.models import Indicator
from treem.plans.tests.factories import approved, province_plan, unit
from treem.web.testing.access import AccessCase, AccessTestMixin

pytestmark = pytest.mark.django_db

DASHBOARD = "/ke-hoach/bang-dieu-khien/"
COMMUNE_A, COMMUNE_B = "22366", "22453"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def figures() -> None:
    """Khánh Hòa's plan wants ≥ 95% of five-year-olds in kindergarten by 2025: commune A
    misses (90%), commune B makes it (99%), the province (189/200 = 94,5%) misses."""
    province_plan(unit("56"), {"16": [(2025, ">=", "95"), (2030, ">=", "98")]})
    approved("16", unit(COMMUNE_A), "2025", 90, 100)
    approved("16", unit(COMMUNE_B), "2025", 99, 100)


def row_cells(body: str, code: str) -> list[tuple[str, str, str]]:
    """(colour, title, text) of each value cell in the indicator's row."""
    match = re.search(rf'<tr data-indicator="{re.escape(code)}">(.*?)</tr>', body, re.S)
    assert match, f"no row for {code}"
    found = re.findall(
        r'<td class="dash-cell cell-(\w+)[^"]*" title="([^"]*)"[^>]*>'
        r'<span class="visually-hidden">[^<]*</span><a [^>]*>(.*?)</a></td>',
        match.group(1),
    )
    return [(colour, title, re.sub(r"<[^>]+>", " ", text).strip()) for colour, title, text in found]


def column_codes(body: str) -> list[str]:
    head = body.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th scope="col" class="dash-col[^"]*" data-unit="([^"]+)"', head)


def test_urls() -> None:
    assert reverse("plans:dashboard") == DASHBOARD
    assert reverse("plans:indicator", args=["8a"]) == "/ke-hoach/chi-tieu/8a/"
    assert reverse("plans:dashboard_export", args=["xlsx"]) == DASHBOARD + "tai-ve.xlsx"


def test_leader_sees_the_province_then_its_communes_as_columns(cast: Any) -> None:
    body = login(cast.leader).get(DASHBOARD).content.decode()
    codes = column_codes(body)
    communes = Unit.objects.filter(version=Version.CURRENT, parent__code="56", level=Level.COMMUNE)
    assert codes[0] == "56"
    assert set(codes[1:]) == set(communes.values_list("code", flat=True))
    assert f'href="?don-vi={COMMUNE_A}&amp;nam=' in body  # a column name drills down


def test_cells_show_vietnamese_values_with_traffic_light_and_reason(cast: Any) -> None:
    figures()
    body = login(cast.leader).get(DASHBOARD, {"nam": 2025}).content.decode()
    cells = row_cells(body, "16")
    codes = column_codes(body)
    by_code = dict(zip(codes, cells, strict=True))
    province, a, b = by_code["56"], by_code[COMMUNE_A], by_code[COMMUNE_B]
    assert province[2] == "94,5%" and province[0] == "danger"
    assert a[2] == "90%" and a[0] == "danger"
    assert b[2] == "99%" and b[0] == "success"
    assert "không đạt mục tiêu 95% năm 2025" in a[1] and "Mục tiêu: ≥ 95% (2025)" in a[1]
    assert "Tử số / mẫu số: 99 / 100" in b[1]
    # A commune with no figure is grey with a dash.
    other = next(c for code, c in by_code.items() if code not in ("56", COMMUNE_A, COMMUNE_B))
    assert other[0] == "secondary" and other[2] == "—"
    # Rows link to the indicator's page.
    assert 'href="/ke-hoach/chi-tieu/16/?don-vi=56&amp;nam=2025"' in body


def test_a_cell_with_no_figure_for_the_year_shows_the_earlier_one_it_is_judged_on(
    cast: Any,
) -> None:
    province_plan(unit("56"), {"16": [(2025, ">=", "95")]})
    approved("16", _legacy_of(COMMUNE_A), "2024", 80, 100)  # before the 2025 merger
    body = login(cast.leader).get(DASHBOARD, {"nam": 2025}).content.decode()
    a = dict(zip(column_codes(body), row_cells(body, "16"), strict=True))[COMMUNE_A]
    assert a[2] == "80% năm 2024" and a[0] == "warning"
    assert "Năm 2024: 80%, chưa đạt 95% (năm 2025)" in a[1]


def test_the_summary_counts_statuses_of_the_units_own_column(cast: Any) -> None:
    figures()
    body = login(cast.leader).get(DASHBOARD, {"nam": 2025}).content.decode()
    summary = body.split('data-testid="summary"', 1)[1].split("</div>", 1)[0]
    assert 'data-status="off_track">Chậm tiến độ: 1<' in summary
    total = Indicator.objects.filter(active=True, province_code="").count()
    assert f'data-status="no_data">Chưa có số liệu: {total - 1}<' in summary


def test_drill_down_to_a_commune_shows_one_column_and_a_way_back(cast: Any) -> None:
    figures()
    body = login(cast.leader).get(DASHBOARD, {"don-vi": COMMUNE_A, "nam": 2025}).content.decode()
    assert column_codes(body) == [COMMUNE_A]
    assert row_cells(body, "16")[0][2] == "90%"
    assert 'href="/ke-hoach/bang-dieu-khien/?don-vi=56&amp;nam=2025"' in body  # breadcrumb
    assert 'data-testid="tile-map"' not in body


def test_the_nation_shows_every_province_for_a_national_user(cast: Any) -> None:
    body = login(cast.national_admin).get(DASHBOARD).content.decode()
    codes = column_codes(body)
    assert codes[0] == "VN" and len(codes) == 1 + 34 and "56" in codes


def test_commune_officer_sees_own_commune_only(cast: Any) -> None:
    client = login(cast.officer_a)
    assert column_codes(client.get(DASHBOARD).content.decode()) == [COMMUNE_A]
    assert client.get(DASHBOARD, {"don-vi": "56"}).status_code == 404
    assert client.get(DASHBOARD, {"don-vi": COMMUNE_B}).status_code == 404


def test_another_provinces_unit_and_unknown_codes_are_404(cast: Any) -> None:
    client = login(cast.leader)
    assert client.get(DASHBOARD, {"don-vi": "01"}).status_code == 404
    assert client.get(DASHBOARD, {"don-vi": "00004"}).status_code == 404  # Hà Nội commune
    assert client.get(DASHBOARD, {"don-vi": "VN"}).status_code == 404
    response = client.get(DASHBOARD, {"don-vi": "99999"})
    assert response.status_code == 404 and "Không có đơn vị hành chính" in response.content.decode()


def test_filters_by_objective_group_and_lead_sector(cast: Any) -> None:
    client = login(cast.leader)
    group = client.get(DASHBOARD, {"nhom": 2}).content.decode()
    assert 'data-indicator="8a"' in group and 'data-indicator="16"' not in group
    sector = client.get(DASHBOARD, {"nganh": "gd_dt"}).content.decode()
    assert 'data-indicator="16"' in sector and 'data-indicator="8a"' not in sector
    both = client.get(DASHBOARD, {"nhom": 2, "nganh": "gd_dt"}).content.decode()
    assert "Không có chỉ tiêu nào phù hợp bộ lọc." in both
    # Nonsense values are ignored, not errors.
    assert client.get(DASHBOARD, {"nhom": "x", "nganh": "y", "nam": "z"}).status_code == 200


def test_tile_map_colours_each_commune_and_links_down(cast: Any) -> None:
    figures()
    body = login(cast.leader).get(DASHBOARD, {"nam": 2025, "chi-tieu": "16"}).content.decode()
    tile_map = body.split('data-testid="tile-map"', 1)[1].split("</section>", 1)[0]
    tiles = re.findall(r'<a href="([^"]+)" data-unit="(\d+)" class="tile-link">', tile_map)
    assert len(tiles) == Unit.objects.filter(parent__code="56", level=Level.COMMUNE).count()
    colours = dict(
        re.findall(
            r'data-unit="(\d+)"[^>]*>\s*<title>[^<]*</title>\s*<rect class="tile tile-(\w+)"',
            tile_map,
        )
    )
    assert colours[COMMUNE_A] == "danger" and colours[COMMUNE_B] == "success"
    assert {code: href for href, code in tiles}[COMMUNE_A].endswith(
        f"don-vi={COMMUNE_A}&amp;nam=2025&amp;chi-tieu=16"
    )


def test_tile_map_of_the_nation_puts_the_north_at_the_top(cast: Any) -> None:
    body = login(cast.national_admin).get(DASHBOARD, {"chi-tieu": "8a"}).content.decode()
    rows = dict(
        re.findall(
            r'data-unit="(\d+)"[^>]*>\s*<title>[^<]*</title>\s*'
            r'<rect class="[^"]+" x="\d+" y="(\d+)"',
            body,
        )
    )
    assert len(rows) == 34
    assert (
        int(rows["04"]) < int(rows["01"]) < int(rows["56"]) < int(rows["96"])
    )  # Cao Bằng … Cà Mau


def test_the_map_can_show_an_indicator_filtered_out_of_the_table(cast: Any) -> None:
    figures()
    body = login(cast.leader).get(DASHBOARD, {"nhom": 2, "chi-tieu": "16"}).content.decode()
    assert 'data-testid="tile-map"' in body and 'data-indicator="16"' not in body
    unknown = login(cast.leader).get(DASHBOARD, {"chi-tieu": "nope"}).content.decode()
    assert 'data-testid="tile-map"' not in unknown


def test_viewing_the_dashboard_asks_for_a_refresh(cast: Any, monkeypatch: Any) -> None:
    calls: list[int] = []
    monkeypatch.setattr(
        "treem.plans.views.dashboard.pages.schedule_refresh", lambda: calls.append(1)
    )
    client = login(cast.leader)
    client.get(DASHBOARD)
    client.get(reverse("plans:indicator", args=["16"]))
    assert len(calls) == 2


def test_dashboard_queries_do_not_grow_with_cells(
    cast: Any, django_assert_max_num_queries: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The refresh runs inline in tests; on a slow machine its throttle window can lapse
    # between the two requests. It is counted by its own tests, not here.
    monkeypatch.setattr("treem.plans.views.dashboard.pages.schedule_refresh", lambda: None)
    figures()
    approved("5a", unit(COMMUNE_A), "2025", 97, 100)
    client = login(cast.leader)
    client.get(DASHBOARD)
    # 66 columns × 36 indicators and a tile map: a fixed handful of queries.
    with django_assert_max_num_queries(16):
        response = client.get(DASHBOARD, {"nam": 2025, "chi-tieu": "16"})
    assert response.status_code == 200


# --- indicator page -------------------------------------------------------------------------


def _legacy_of(code: str) -> Unit:
    succession = Succession.objects.filter(
        successor__version=Version.CURRENT, successor__code=code, partly=False
    ).select_related("predecessor")
    found = next(s.predecessor for s in succession if s.predecessor.level == Level.COMMUNE)
    return found


def test_indicator_page_shows_definition_trend_children_and_governing_target(cast: Any) -> None:
    figures()
    approved("16", _legacy_of(COMMUNE_A), "2023", 80, 100)
    body = (
        login(cast.leader)
        .get(reverse("plans:indicator", args=["16"]), {"don-vi": "56", "nam": 2025})
        .content.decode()
    )
    assert "16. Tỷ lệ huy động trẻ em 5 tuổi đi học mẫu giáo" in body
    indicator = Indicator.objects.get(code="16", province_code="")
    assert indicator.numerator in body and indicator.denominator in body
    assert "Giáo dục và Đào tạo" in body and "càng cao càng tốt".capitalize() in body
    data = re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', body)
    assert data is not None
    chart = json.loads(data.group(1))
    years = chart["years"]
    assert years[0] == 2020 and years[-1] == 2030
    assert chart["values"][years.index(2023)] == 80.0
    assert chart["values"][years.index(2025)] == 94.5
    assert [t[0] for t in chart["targets"]] == [2025, 2030] and chart["targets"][0][1] == 95.0
    assert 'id="trend-chart"' in body
    children = body.split('data-testid="children-table"', 1)[1].split("</table>", 1)[0]
    assert f'data-unit="{COMMUNE_A}"' in children and "Chậm tiến độ" in children
    assert "không đạt mục tiêu 95% năm 2025" in children
    target = body.split('data-testid="governing-target"', 1)[1].split("</section>", 1)[0]
    assert "≥ 95% (2025)" in target and "204/KH-UBND" in target
    assert 'data-testid="target-inherited"' not in target


def test_indicator_page_says_when_the_target_comes_from_the_plan_above(cast: Any) -> None:
    province_plan(unit("56"), {"16": [(2025, ">=", "95")]})
    body = (
        login(cast.officer_a)
        .get(reverse("plans:indicator", args=["5a"]), {"nam": 2025})
        .content.decode()
    )
    assert "Phường Nha Trang chưa có kế hoạch riêng" in body  # follows the province's plan
    assert 'data-testid="target-inherited"' in body and "23/QĐ-TTg" in body
    assert "children-table" not in body  # a commune has no units below


def test_indicator_page_404s(cast: Any) -> None:
    client = login(cast.leader)
    assert client.get(reverse("plans:indicator", args=["99z"])).status_code == 404
    response = client.get(reverse("plans:indicator", args=["16"]), {"don-vi": "01"})
    assert response.status_code == 404


def _province() -> dict[str, str]:
    return {"don-vi": "56"}


class TestDashboardPages(AccessTestMixin):
    cases = [
        AccessCase(
            "dashboard",
            "plans:dashboard",
            owner="lanhdao",
            outsider="quantri.hanoi",
            data=_province(),
        ),
        AccessCase(
            "dashboard_specialist",
            "plans:dashboard",
            owner="chuyenvien",
            outsider="canbo.a",
            data=_province(),
        ),
        AccessCase(
            "dashboard_commune",
            "plans:dashboard",
            owner="canbo.a",
            outsider="canbo.b",
            data={"don-vi": COMMUNE_A},
        ),
        AccessCase(
            "indicator",
            "plans:indicator",
            lambda: {"code": "16"},
            owner="lanhdao",
            outsider="quantri.hanoi",
            data=_province(),
        ),
        AccessCase(
            "export_xlsx",
            "plans:dashboard_export",
            lambda: {"fmt": "xlsx"},
            owner="lanhdao",
            outsider="quantri.hanoi",
            data=_province(),
        ),
        AccessCase(
            "export_docx",
            "plans:dashboard_export",
            lambda: {"fmt": "docx"},
            owner="lanhdao",
            outsider="canbo.b",
            data=_province(),
        ),
    ]
