from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from treem.org import services

pytestmark = pytest.mark.django_db
PASSWORD = "treem-demo-2025"


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("web:login"), {"username": username, "password": password})


@pytest.mark.parametrize(
    "username,badge",
    [
        ("ctv.a", "Cộng tác viên"),
        ("canbo.a", "Công chức"),
        ("chutich.a", "Chủ tịch"),
        ("baocao.yte", "Cán bộ báo cáo"),
        ("chuyenvien", "Chuyên viên"),
        ("giamsat", "giám sát"),
        ("lanhdao", "Lãnh đạo"),
        ("quantri.tinh", "Quản trị"),
    ],
)
def test_each_role_lands_on_its_home(username: str, badge: str) -> None:
    client = Client()
    assert _login(client, username).status_code == 302
    page = client.get(reverse("web:home")).content.decode()
    assert badge in page


def test_home_offers_what_the_role_does_and_reads_activity_in_words() -> None:
    leader = Client()
    _login(leader, "lanhdao")
    page = leader.get(reverse("web:home")).content.decode()
    assert "Bảng điều khiển chỉ tiêu" in page and reverse("plans:dashboard") in page
    assert "Nhập số liệu" not in page  # a leader reads, enters nothing
    assert "· Đăng nhập" in page and "auth.login" not in page
    officer = Client()
    _login(officer, "canbo.a")
    page = officer.get(reverse("web:home")).content.decode()
    assert "Sổ theo dõi trẻ em" in page and reverse("registry:child_list") in page


def test_wrong_password_message_is_vietnamese() -> None:
    page = _login(Client(), "canbo.a", "sai-mat-khau").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page


def test_repeated_failures_lock_the_login(settings) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "canbo.b", "sai-mat-khau")
    response = _login(client, "canbo.b")
    assert "tạm khóa" in response.content.decode()


def test_security_headers_are_sent() -> None:
    response = Client().get(reverse("web:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_login_form_needs_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    assert _login(client, "canbo.a").status_code == 403


def test_role_requiring_two_factor_must_enrol_then_verify(cast, settings) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # production keeps django-otp's back-off
    services.role_policy_set(actor=cast.national_admin, role="leader", require_two_factor=True)
    client = Client()
    _login(client, "lanhdao")
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:two_factor"))
    assert "Quét mã QR" in client.get(reverse("web:two_factor")).content.decode()
    device = TOTPDevice.objects.get(user=cast.leader)
    wrong = client.post(reverse("web:two_factor"), {"token": "000000", "next": "/"})
    assert "Mã không đúng" in wrong.content.decode()
    token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    assert client.post(reverse("web:two_factor"), {"token": token, "next": "/"}).status_code == 302
    assert client.get(reverse("web:home")).status_code == 200


def test_open_redirect_after_two_factor_is_refused(cast) -> None:
    from treem.web.views.auth import _safe_next

    class Req:
        POST: dict = {"next": "https://evil.example/"}
        GET: dict = {}

        def get_host(self) -> str:
            return "testserver"

        def is_secure(self) -> bool:
            return False

    assert _safe_next(Req()) == "/"  # type: ignore[arg-type]


def test_user_admin_page_creates_user_and_reports_bad_unit(cast) -> None:
    client = Client()
    client.force_login(cast.province_admin)
    form = {
        "username": "moi",
        "full_name": "Người Mới",
        "password": "mat-khau-rat-dai-123",
        "role": "commune_officer",
        "unit": "56",
    }
    page = client.post(reverse("org:user_create"), form).content.decode()
    assert "chỉ gán ở cấp xã" in page
    form["unit"] = "22453"
    assert client.post(reverse("org:user_create"), form).status_code == 302


def test_unknown_url_shows_generic_vietnamese_404(cast) -> None:
    client = Client()
    client.force_login(cast.officer_a)
    page = client.get("/khong-co-trang-nay/").content.decode()
    assert "Trang hoặc hồ sơ này không có" in page
    assert "resolve" not in page.lower()


def test_scoped_404_keeps_its_own_message(cast) -> None:
    client = Client()
    client.force_login(cast.officer_a)
    page = client.get(reverse("org:user_list")).content.decode()
    assert "Trang dành cho quản trị hệ thống" in page
