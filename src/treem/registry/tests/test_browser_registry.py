"""Browser journeys of the child registry: a commune officer registers and follows a child, a
village collaborator's proposal is accepted, and another commune's officer is kept out.

Screenshots of the main pages (1280 px wide) go to `<tmp>/registry-shots/` for a person to
look at; they are not kept in the repository.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from treem.org.demo import DEMO_PASSWORD, load_demo
from treem.registry.domain import idnumber
from treem.registry.models import Child, Proposal
from treem.registry.tests.factories import COMMUNE_B, make_child

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "registry-shots"
BORN = dt.date(2017, 3, 15)


def _shot(page: Any, name: str) -> Path:
    """A full-page PNG of what the person sees, outside the repository."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def _sign_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def _open_children(page: Any) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Trẻ em").click()
    page.wait_for_url(re.compile(r"/tre-em/$"))


def _see_alert(page: Any, kind: str, text: str) -> None:
    """Wait until an alert of this kind says `text`. A form post reloads the page, and until
    it does the previous page's alert is still on screen, so a single read would race."""
    expect(page.locator(f".alert-{kind}", has_text=text).first).to_be_visible(timeout=15_000)


def _neighbours() -> None:
    """Other children of commune A (so the list and search have something to sift), and a
    namesake in commune B whom commune A's officer must never find."""
    make_child(name="Trần Thị Bình", born=dt.date(2016, 5, 2))
    make_child(name="Lê Văn Cường", sex="M", born=dt.date(2015, 11, 20))
    make_child(name="Nguyễn Thị Ánh", born=dt.date(2019, 1, 8))
    make_child(code=COMMUNE_B, name="Nguyễn Văn An", sex="M", born=dt.date(2014, 7, 1))


def test_officer_registers_a_child_and_follows_the_record(live_server: Any, page: Any) -> None:
    load_demo()
    _neighbours()
    base = live_server.url
    _sign_in(page, base, "canbo.a")
    _open_children(page)
    _shot(page, "child-list")
    page.get_by_role("link", name="Đăng ký trẻ").click()
    page.wait_for_url(re.compile(r"/tre-em/dang-ky/$"))

    # First a birth date in the future: the form comes back with a Vietnamese message.
    page.locator("#id_full_name").fill("nguyễn văn  an")
    page.locator("#id_sex").select_option("M")
    future = timezone.localdate() + dt.timedelta(days=30)
    page.locator("#id_birth_date").fill(future.isoformat())
    page.get_by_role("button", name="Lưu").click()
    _see_alert(page, "danger", "ở tương lai")
    _shot(page, "child-form-error")

    # Then an ID number whose 4th digit says "girl" for a boy.
    page.locator("#id_birth_date").fill(BORN.isoformat())
    page.locator("#id_personal_id").fill(idnumber.make("056", "F", BORN.year, 4321))
    page.get_by_role("button", name="Lưu").click()
    _see_alert(page, "danger", "giới tính")
    assert not Child.objects.filter(name_key="nguyen van an", unit__code="22366").exists()

    page.locator("#id_personal_id").fill(idnumber.make("056", "M", BORN.year, 4321))
    page.get_by_label("Họ tên mẹ").fill("Phạm Thị Thu")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r"/tre-em/\d+/$"))
    _see_alert(page, "success", "Đã đăng ký Nguyễn Văn An")
    assert page.locator("h1").inner_text() == "Nguyễn Văn An"
    history = page.locator(".timeline").inner_text()
    assert "Đăng ký hồ sơ" in history
    assert "Nguyễn Thị Lan" in history  # who did it, by name
    # Values read as on the form, not as stored codes.
    assert "Giới tính: Nam" in history and "Ngày sinh: 15/03/2017" in history
    assert "Dân tộc: Kinh" in history and "living" not in history

    # A special-circumstance episode, from the actions under the record.
    page.get_by_role("button", name="Ghi nhận hoàn cảnh đặc biệt").click()
    episode_form = page.locator("#a-ep")
    expect(episode_form).to_be_visible()  # the accordion has opened
    episode_form.locator("select[name='ep-group']").select_option("c")
    # Typed and sent with Enter, as officers do: a click on the button can land while the
    # accordion is still unfolding and go nowhere.
    source = episode_form.get_by_label("Nguồn thông tin")
    source.fill("Báo cáo của thôn")
    with page.expect_navigation():
        source.press("Enter")
    _see_alert(page, "success", "Đã ghi nhận hoàn cảnh đặc biệt")
    circumstances = page.locator(".card", has_text="Hoàn cảnh đặc biệt và nguy cơ")
    expect(circumstances).to_contain_text("Trẻ em không nơi nương tựa")
    expect(page.locator(".timeline")).to_contain_text("Ghi nhận hoàn cảnh đặc biệt")
    _shot(page, "child-detail")

    # The list finds him first by his name typed without accents; near names may follow (the
    # search tolerates typos), other names and commune B's namesake never do.
    _open_children(page)
    page.get_by_placeholder("Họ tên hoặc số định danh").fill("nguyen van an")
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_url(re.compile(r"[?&]q=nguyen"))
    rows = page.locator("table tbody tr").all_inner_texts()
    assert rows and rows[0].startswith("Nguyễn Văn An\t15/03/2017"), rows
    assert not any("Bình" in row or "Cường" in row or "2014" in row for row in rows), rows
    _shot(page, "child-list-search")


def test_collaborator_proposes_an_edit_and_the_officer_accepts_it(
    live_server: Any, page: Any
) -> None:
    load_demo()
    child = make_child()
    base = live_server.url

    _sign_in(page, base, "ctv.a")
    _open_children(page)
    page.get_by_role("link", name="Nguyễn Thị Hương").click()
    page.get_by_role("link", name="Đề xuất sửa").click()
    expect(page.locator(".alert-info")).to_contain_text("cộng tác viên")
    page.locator("#id_school_level").select_option("primary")
    page.locator("#id_school_name").fill("Trường Tiểu học Lộc Thọ")
    page.get_by_role("button", name="Gửi đề xuất").click()
    _see_alert(page, "success", "Đã gửi đề xuất cập nhật")
    child.refresh_from_db()
    assert child.school_name == ""  # nothing changes before the officer decides
    proposal = Proposal.objects.get(child=child)
    assert set(proposal.data) == {"school_level", "school_name"}

    _sign_in(page, base, "canbo.a")
    _open_children(page)
    page.get_by_role("link", name="Đề xuất").click()
    row = page.locator("table tbody tr", has_text="Nguyễn Thị Hương")
    assert "Lê Thị Hoa" in row.inner_text()  # the collaborator
    row.get_by_role("link", name=f"#{proposal.pk}").click()
    page.wait_for_url(re.compile(rf"/de-xuat/{proposal.pk}/$"))
    table = page.locator("table")
    expect(table).to_contain_text("Trường Tiểu học Lộc Thọ")
    expect(table).to_contain_text("Tiểu học")
    _shot(page, "proposal-detail")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(re.compile(rf"/tre-em/{child.pk}/$"))
    _see_alert(page, "success", "Đã xác nhận đề xuất")
    info = page.locator(".card", has_text="Thông tin")
    expect(info.first).to_contain_text("Tiểu học, Trường Tiểu học Lộc Thọ")
    expect(page.locator(".timeline")).to_contain_text("Xác nhận đề xuất")


def test_officer_of_another_commune_gets_the_404_page(live_server: Any, page: Any) -> None:
    load_demo()
    child = make_child()
    _sign_in(page, live_server.url, "canbo.b")
    response = page.goto(f"{live_server.url}/tre-em/{child.pk}/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy"
    expect(page.locator("main")).to_contain_text("địa bàn của bạn")
    assert "Nguyễn Thị Hương" not in page.content()
    _shot(page, "child-404")
