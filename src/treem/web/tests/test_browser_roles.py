"""Browser journeys: every demo role signs in and sees its home page (desktop and phone)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from treem.org.demo import ACCOUNTS, DEMO_PASSWORD, load_demo
from treem.org.roles import Role
from treem.web.testing.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def test_each_demo_role_signs_in_and_sees_its_home(live_server: Any, page: Any) -> None:
    load_demo()
    for account in ACCOUNTS:
        page.context.clear_cookies()
        _sign_in(page, live_server.url, account.username)
        badge = page.get_by_test_id("home-role")
        assert badge.inner_text() == Role(account.role).label
        screenshot(page, f"home-{account.username}")


def test_officer_finds_a_commune_without_accents_on_a_phone(
    live_server: Any, phone_page: Any
) -> None:
    load_demo()
    _sign_in(phone_page, live_server.url, "canbo.a")
    phone_page.goto(f"{live_server.url}/don-vi/?q=cam+lam&level=commune")
    phone_page.get_by_role("link", name="Xã Cam Lâm").click()
    expect(phone_page.locator("h1")).to_contain_text("Xã Cam Lâm")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page wider than the phone screen: {width}px"
    screenshot(phone_page, "phone-unit-detail")


def test_wrong_password_shows_vietnamese_message(live_server: Any, page: Any) -> None:
    load_demo()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo.a")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".alert-danger")).to_contain_text("không đúng")
