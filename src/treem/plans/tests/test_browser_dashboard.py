"""Browser journey: a provincial leader drills down the plans dashboard to a commune and opens
an indicator's trend chart."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from treem.org.demo import DEMO_PASSWORD, load_demo
from treem.web.testing.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def test_leader_drills_down_to_a_commune_and_sees_the_trend_chart(
    live_server: Any, page: Any
) -> None:
    load_demo()
    from treem.plans.tests.test_dashboard import COMMUNE_A, figures

    figures()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_in(page, live_server.url, "lanhdao")
    page.goto(f"{live_server.url}/ke-hoach/bang-dieu-khien/?nam=2025&chi-tieu=16")
    expect(page.get_by_test_id("dashboard-scope")).to_contain_text("Tỉnh Khánh Hòa")
    page.get_by_test_id("tile-map").wait_for()
    screenshot(page, "plans/dashboard-province")

    header = page.locator(f'th[data-unit="{COMMUNE_A}"] a')
    header.click()
    page.wait_for_url(f"**/bang-dieu-khien/?don-vi={COMMUNE_A}*")
    expect(page.get_by_test_id("dashboard-scope")).to_contain_text("Phường Nha Trang")
    cell = page.locator('tr[data-indicator="16"] td.dash-cell').first
    assert cell.locator("a").inner_text().strip() == "90%"
    assert "cell-danger" in (cell.get_attribute("class") or "")
    assert "không đạt mục tiêu 95% năm 2025" in (cell.get_attribute("title") or "")

    page.locator('tr[data-indicator="16"] th a').first.click()
    page.wait_for_url("**/ke-hoach/chi-tieu/16/**")
    assert page.locator("h1").inner_text().startswith("16.")
    chart = page.get_by_test_id("trend-chart")
    chart.locator("canvas").first.wait_for()
    assert chart.get_attribute("data-ready") == "1"
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200
    screenshot(page, "plans/indicator-commune")
    assert not [e for e in errors if "Content Security Policy" in e], errors
