"""Browser journey: the health department's reporter enters a provincial figure, saves it as a
draft and sends it; the province specialist approves it. Screenshots of the plan page, the
entry grid and the approval queue go to var/screenshots/plans-work/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from treem.org.demo import DEMO_PASSWORD, load_demo
from treem.plans.models import Measurement, MeasurementState, PlanTask, Responsibility
from treem.plans.services.plans import plan_reference_add
from treem.plans.tests.factories import indicator, province_plan, unit
from treem.web.testing.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def test_a_reporter_enters_a_figure_and_the_specialist_approves_it(
    live_server: Any, page: Any
) -> None:
    load_demo()
    base = live_server.url
    _sign_in(page, base, "baocao.yte")
    page.goto(f"{base}/ke-hoach/nhap-so-lieu/?period=2026S1")
    page.get_by_label("Đơn vị", exact=True).select_option(label="Tỉnh Khánh Hòa")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("h2").first).to_contain_text("Tỉnh Khánh Hòa — 6 tháng đầu năm 2026")
    assert page.locator('tr[data-indicator="16"]').count() == 0  # education: not theirs

    page.get_by_label("Tử số — chỉ tiêu 5a").fill("9.500")
    page.get_by_label("Mẫu số — chỉ tiêu 5a").fill("10.000")
    page.get_by_label("Căn cứ số liệu — chỉ tiêu 5a").fill("Báo cáo tiêm chủng mở rộng")
    page.get_by_label("Tử số — chỉ tiêu 5b").fill("120")
    page.get_by_label("Mẫu số — chỉ tiêu 5b").fill("100")
    page.get_by_role("button", name="Lưu nháp").click()
    error = page.get_by_test_id("row-error")
    expect(error).to_contain_text("tử số 120 lớn hơn mẫu số 100")
    assert not Measurement.objects.exists()  # all or nothing
    screenshot(page, "plans-work/entry-error")

    page.get_by_label("Tử số — chỉ tiêu 5b").fill("")
    page.get_by_label("Mẫu số — chỉ tiêu 5b").fill("")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu nháp 1 số liệu")
    row = page.locator('tr[data-indicator="5a"]')
    expect(row).to_contain_text("nháp")
    expect(row).to_contain_text("95%")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi duyệt 1 số liệu")
    expect(page.locator('tr[data-indicator="5a"]')).to_contain_text("đã gửi")
    screenshot(page, "plans-work/entry-grid")

    _sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/ke-hoach/phe-duyet/")
    queue = page.get_by_test_id("queue")
    expect(queue).to_contain_text("Báo cáo tiêm chủng mở rộng")
    screenshot(page, "plans-work/approval-queue")
    page.get_by_role("button", name="Phê duyệt chỉ tiêu 5a của Tỉnh Khánh Hòa").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã phê duyệt số liệu chỉ tiêu 5a")
    figure = Measurement.objects.get()
    assert figure.state == MeasurementState.APPROVED and figure.period == "2026S1"
    assert figure.approved_by is not None and figure.approved_by.username == "chuyenvien"
    expect(page.get_by_test_id("approved")).to_contain_text("cấp trên mở khóa")
    screenshot(page, "plans-work/approved")

    _sign_in(page, base, "baocao.yte")
    page.goto(f"{base}/ke-hoach/nhap-so-lieu/?period=2026S1&unit=current:56")
    locked = page.locator('tr[data-indicator="5a"]')
    assert "đã duyệt" in locked.inner_text() and locked.locator("input").count() == 0


def test_the_plan_page_shows_own_and_inherited_targets(live_server: Any, page: Any) -> None:
    load_demo()
    plan = province_plan(unit("56"), {"3a": [(2025, "<", "8"), (2030, "<", "7")]})
    plan_reference_add(actor=None, plan=plan, number="23/QĐ-TTg", issuer="Thủ tướng Chính phủ")
    duty = Responsibility.objects.create(plan=plan, agency_name="Sở Y tế")
    duty.indicators.add(indicator("3a"), indicator("5a"))
    PlanTask.objects.create(
        plan=plan, order=1, text="Tuyên truyền về quyền trẻ em", lead_name="Sở Y tế"
    )
    _sign_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/ke-hoach/{plan.pk}/")
    table = page.get_by_test_id("targets")
    expect(table).to_contain_text("kế thừa từ 23/QĐ-TTg")
    page.get_by_label("So sánh").select_option(value="")
    page.get_by_label("Chỉ tiêu", exact=True).select_option(label="16. Trẻ 5 tuổi đi học mẫu giáo")
    page.get_by_label("Năm", exact=True).fill("2031")
    page.get_by_role("button", name="Lưu chỉ tiêu").click()
    expect(page.locator('[data-field="comparator"]')).to_contain_text("thiếu phép so sánh")
    screenshot(page, "plans-work/plan-detail")
    page.goto(f"{live_server.url}/ke-hoach/danh-muc/")
    expect(page.locator("h2").nth(1)).to_contain_text("Mục tiêu 2: Bảo vệ trẻ em")
    screenshot(page, "plans-work/catalogue")
