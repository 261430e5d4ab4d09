"""Browser journey of the plan import: a province specialist uploads the Sóc Trăng plan, checks
an item against its source line, fills in the missing number and confirms.

Screenshots (1280 px wide) go to `<tmp>/planimport-shots/` for a person to look at; they are
not kept in the repository.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from treem.org.demo import DEMO_PASSWORD, load_demo
from treem.plans.models import Plan

from .helpers import SOC_TRANG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "planimport-shots"


def _shot(page: Any, name: str, full_page: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def test_specialist_imports_a_plan_and_confirms_it(live_server: Any, page: Any) -> None:
    load_demo()
    base = live_server.url
    _sign_in(page, base, "chuyenvien")
    page.goto(f"{base}/nhap-ke-hoach/")
    page.get_by_role("link", name="Tải lên kế hoạch").click()
    page.get_by_label("Tệp kế hoạch").set_input_files(str(SOC_TRANG))
    _shot(page, "upload")
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(re.compile(r"/nhap-ke-hoach/[0-9a-f-]{36}/$"))
    assert page.locator(".alert-warning").first.is_visible()  # the number is missing
    _shot(page, "review")

    # An item's line link brings its source line into view in the source pane.
    page.locator('#chi-tieu a[data-line="49"]').first.click()
    line = page.locator("#L49")
    page.wait_for_function("document.querySelector('#L49').classList.contains('is-current')")
    expect(line).to_contain_text("140/100.000")
    # Smooth scrolling: wait until the line sits inside the visible part of the pane.
    page.wait_for_function(
        """() => {
          const pane = document.querySelector('[data-source-pane]').getBoundingClientRect();
          const box = document.querySelector('#L49').getBoundingClientRect();
          return box.top >= pane.top && box.bottom <= pane.bottom;
        }"""
    )
    _shot(page, "review-line-49", full_page=False)

    page.get_by_label("Số, ký hiệu").fill("125/KH-UBND")
    page.get_by_role("button", name="Lưu thông tin văn bản").click()
    page.wait_for_selector(".alert-success")
    page.get_by_role("link", name="Xác nhận tạo kế hoạch").first.click()
    page.wait_for_url(re.compile(r"/xac-nhan/$"))
    _shot(page, "confirm")
    page.get_by_role("button", name="Tạo kế hoạch").click()
    page.wait_for_load_state()
    plan = Plan.objects.get(number="125/KH-UBND")
    assert plan.targets.count() == 64 and plan.parent is not None
    _shot(page, "after-confirm")


def test_phone_layout_stacks_the_source_above_the_extraction(
    live_server: Any, phone_page: Any
) -> None:
    load_demo()
    from treem.plans.services.drafts import plan_draft_create

    from .helpers import province

    draft = plan_draft_create(
        actor=None, unit=province(), file_name=SOC_TRANG.name, data=SOC_TRANG.read_bytes()
    )
    _sign_in(phone_page, live_server.url, "chuyenvien")
    phone_page.goto(f"{live_server.url}/nhap-ke-hoach/{draft.pk}/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing forces the page wider than the phone
    _shot(phone_page, "review-phone", full_page=False)


def test_appendix_tasks_are_listed_with_their_agencies(live_server: Any, page: Any) -> None:
    load_demo()
    from treem.plans.services.drafts import plan_draft_create

    from .helpers import KHANH_HOA_2025, province

    draft = plan_draft_create(
        actor=None,
        unit=province(),
        file_name=KHANH_HOA_2025.name,
        data=KHANH_HOA_2025.read_bytes(),
    )
    _sign_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/nhap-ke-hoach/{draft.pk}/#nhiem-vu")
    rows = page.locator("#nhiem-vu tbody tr")
    assert rows.count() == 21  # 20 tasks and an empty row for adding one
    expect(rows.first).to_contain_text("Sở Y tế tỉnh Khánh Hòa")
    page.locator("#nhiem-vu").scroll_into_view_if_needed()
    _shot(page, "review-tasks", full_page=False)


def test_budget_row_is_edited_in_the_review_and_a_bad_amount_is_explained(
    live_server: Any, page: Any
) -> None:
    load_demo()
    from treem.plans.services.drafts import plan_draft_create
    from treem.web.testing.browser import screenshot

    from .helpers import province

    draft = plan_draft_create(
        actor=None, unit=province(), file_name=SOC_TRANG.name, data=SOC_TRANG.read_bytes()
    )
    _sign_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/nhap-ke-hoach/{draft.pk}/#kinh-phi")
    page.locator('input[name="b-1-y2022"]').fill("mười hai nghìn")
    page.get_by_role("button", name="Lưu bảng kinh phí").click()
    page.wait_for_load_state()
    expect(page.locator("#kinh-phi")).to_contain_text("không phải là số tiền")
    page.locator('input[name="b-1-y2022"]').fill("13.000")
    page.get_by_role("button", name="Lưu bảng kinh phí").click()
    page.wait_for_selector(".alert-success")
    draft.refresh_from_db()
    assert draft.extraction["budget"]["lines"][1]["amounts"]["2022"] == 13000
    page.locator("#kinh-phi").scroll_into_view_if_needed()
    screenshot(page, "planimport/review-budget")


def test_assignments_and_reporting_are_edited_in_the_review(live_server: Any, page: Any) -> None:
    load_demo()
    from treem.plans.services.drafts import plan_draft_create

    from .helpers import province

    draft = plan_draft_create(
        actor=None, unit=province(), file_name=SOC_TRANG.name, data=SOC_TRANG.read_bytes()
    )
    _sign_in(page, live_server.url, "chuyenvien")
    page.goto(f"{live_server.url}/nhap-ke-hoach/{draft.pk}/#phan-cong")
    page.locator('input[name="a-1-indicators"]').fill("14, abc")
    page.get_by_role("button", name="Lưu bảng phân công").click()
    page.wait_for_load_state()
    expect(page.locator("#phan-cong")).to_contain_text("«abc» không phải là số chỉ tiêu")
    page.locator('input[name="a-1-indicators"]').fill("14, 15")
    page.get_by_role("button", name="Lưu bảng phân công").click()
    page.wait_for_selector(".alert-success")
    expect(page.locator("#phan-cong tbody tr").nth(1)).to_contain_text("đã sửa")
    page.locator('input[name="r-0-due_day"]').fill("31")
    page.locator('input[name="r-0-due_month"]').fill("2")
    page.get_by_role("button", name="Lưu chế độ báo cáo").click()
    page.wait_for_load_state()
    expect(page.locator("#bao-cao")).to_contain_text("Ngày 31/2 không có thật")
    page.locator("#phan-cong").scroll_into_view_if_needed()
    _shot(page, "review-assignments-reporting", full_page=False)
    draft.refresh_from_db()
    assert draft.extraction["assignments"][1]["indicators"] == [14, 15]
    assert draft.extraction["reporting"][0]["due_month"] == 6
