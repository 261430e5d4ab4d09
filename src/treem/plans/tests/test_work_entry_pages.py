"""The figures entry grid and the approval queue: all-or-nothing saves, each refused row with
its message, locked approved rows, approving, returning and reopening."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from treem.core.models import AuditEvent
from treem.plans.models import Measurement, MeasurementState
from treem.plans.tests.factories import indicator
from treem.plans.tests.work_helpers import COMMUNE_A, LEGACY_IN_A, figure, login, text

pytestmark = pytest.mark.django_db
State = MeasurementState


def _url(period: str = "2026", unit: str = "current:56") -> str:
    return f"{reverse('plans:entry')}?period={period}&unit={unit}"


def _row(code: str, num: str = "", den: str = "", evidence: str = "", notes: str = "") -> dict:
    prefix = f"i{indicator(code).pk}"
    return {
        f"{prefix}-numerator": num,
        f"{prefix}-denominator": den,
        f"{prefix}-evidence": evidence,
        f"{prefix}-notes": notes,
    }


def _writes() -> tuple[int, int]:
    return Measurement.objects.count(), AuditEvent.objects.filter(kind="write").count()


def test_a_reporter_sees_only_the_health_indicators(cast: Any) -> None:
    response = login(cast.reporter).get(reverse("plans:entry"))  # defaults: this year, province
    body = response.content.decode()
    assert response.status_code == 200 and "Tỉnh Khánh Hòa" in body
    for code in ("1", "5a", "11a"):
        assert f'name="i{indicator(code).pk}-numerator"' in body, code
    for code in ("7", "16", "13"):  # education, education, ethnic affairs
        assert f'data-indicator="{code}"' not in body, code
    assert 'data-indicator="8a"' in body and "tính tự động" in body
    assert f'name="i{indicator("8a").pk}-numerator"' not in body  # computed: read-only


def test_saving_the_grid_is_all_or_nothing(cast: Any) -> None:
    client = login(cast.reporter)
    before = _writes()
    data = {**_row("5a", "950", "1.000"), **_row("5b", "120", "100"), "save": "1"}
    response = client.post(_url(), data)
    assert response.status_code == 200 and _writes() == before
    errors = response.context["rows"]
    bad = next(r for r in errors if r.indicator.code == "5b")
    assert "tử số 120 lớn hơn mẫu số 100" in bad.form.errors["numerator"][0]
    good = next(r for r in errors if r.indicator.code == "5a")
    assert not good.form.errors and good.figure is None
    body = response.content.decode()
    assert 'value="950"' in body  # what was typed stays on the page
    assert "is-invalid" in body and 'data-testid="row-error"' in body
    data[f"i{indicator('5b').pk}-numerator"] = "95"
    response = client.post(_url(), data)
    assert response.status_code == 302
    rows = {m.indicator.code: m for m in Measurement.objects.all()}
    assert rows["5a"].value == Decimal("95.00") and rows["5a"].denominator == Decimal(1000)
    assert rows["5a"].agency is not None and rows["5a"].agency.kind == "y_te"
    assert {m.state for m in rows.values()} == {State.DRAFT}


def test_negative_and_non_numbers_are_refused_per_row(cast: Any) -> None:
    client = login(cast.specialist)
    response = client.post(_url(), {**_row("13", "-3"), **_row("16", "abc", "10"), "save": "1"})
    rows = {r.indicator.code: r for r in response.context["rows"]}
    assert "số liệu không được âm (-3)" in rows["13"].form.errors["numerator"][0]
    assert "Tử số 'abc' không phải là số" in rows["16"].form.errors["numerator"][0]
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("period", "where", "message"),
    [
        ("2026", f"legacy:{LEGACY_IN_A}", "chỉ tồn tại trước 01/7/2025, không có trong kỳ 2026"),
        ("2024", f"current:{COMMUNE_A}", "chỉ tồn tại từ 01/7/2025, không có trong kỳ 2024"),
    ],
)
def test_a_unit_that_did_not_exist_in_the_period_is_refused(
    cast: Any, period: str, where: str, message: str
) -> None:
    client = login(cast.officer_a)
    page = text(client.get(_url(period, where)).content.decode())
    assert "không tồn tại trong kỳ" in page  # warned before typing
    response = client.post(_url(period, where), {**_row("16", "45", "50"), "save": "1"})
    assert message in " ".join(response.context["page_errors"])
    assert "Chưa lưu số liệu nào" in text(response.content.decode())
    assert not Measurement.objects.exists()


def test_history_goes_to_the_legacy_commune(cast: Any) -> None:
    client = login(cast.officer_a)
    url = _url("2024", f"legacy:{LEGACY_IN_A}")
    assert client.post(url, {**_row("16", "45", "50"), "save": "1"}).status_code == 302
    row = Measurement.objects.get()
    assert (row.unit.code, row.unit.version, row.period) == (LEGACY_IN_A, "legacy", "2024")


def test_save_then_submit_shows_the_states(cast: Any) -> None:
    client = login(cast.reporter)
    client.post(_url(), {**_row("5a", "950", "1000"), "save": "1"})
    page = text(client.get(_url()).content.decode())
    assert "nháp" in page and "95%" in page
    response = client.post(_url(), {**_row("5a", "950", "1000"), "submit": "1"})
    assert response.status_code == 302
    row = Measurement.objects.get()
    assert row.state == State.SUBMITTED and row.entered_by == cast.reporter
    assert "đã gửi" in text(client.get(_url()).content.decode())


def test_an_approved_row_is_locked(cast: Any) -> None:
    row = figure("5a", "56", 950, 1000, actor=cast.reporter, state="approved", approver=cast.leader)
    client = login(cast.reporter)
    body = client.get(_url()).content.decode()
    assert f'name="i{indicator("5a").pk}-numerator"' not in body
    assert "đã duyệt" in text(body) and "đã khóa" in text(body)
    # A page opened before the approval still posts the row: the service refuses it.
    before = _writes()
    response = client.post(_url(), {**_row("5a", "960", "1000"), "save": "1"})
    bad = next(r for r in response.context["rows"] if r.indicator.code == "5a")
    assert "đã được phê duyệt nên bị khóa" in bad.form.non_field_errors()[0]
    assert _writes() == before
    row.refresh_from_db()
    assert row.numerator == Decimal(950)


def test_a_returned_figure_shows_the_reason_to_its_author(cast: Any) -> None:
    row = figure("5a", "56", 950, 1000, actor=cast.reporter, state="submitted")
    client = login(cast.specialist)
    url = reverse("plans:measurement_return", args=[row.pk])
    response = client.post(url, {f"r{row.pk}-reason": " "})
    assert response.status_code == 200
    assert "Ghi lý do trả lại" in text(response.content.decode())
    row.refresh_from_db()
    assert row.state == State.SUBMITTED
    client.post(url, {f"r{row.pk}-reason": "Thiếu căn cứ số liệu"})
    row.refresh_from_db()
    assert row.state == State.DRAFT
    page = text(login(cast.reporter).get(_url()).content.decode())
    assert "Bị trả lại: Thiếu căn cứ số liệu" in page


def test_the_queue_lists_submitted_figures_and_approves(cast: Any) -> None:
    mine = figure(actor=cast.officer_a, state="submitted")
    other = figure("16", "22453", 30, 40, actor=cast.officer_b, state="submitted")
    client = login(cast.chairman_a)
    page = text(client.get(reverse("plans:approvals")).content.decode())
    assert "Phường Nha Trang" in page and "Xã Cam Lâm" not in page and "90%" in page
    assert client.post(reverse("plans:measurement_approve", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.state == State.APPROVED and mine.approved_by == cast.chairman_a
    response = client.post(reverse("plans:measurement_approve", args=[other.pk]))
    assert response.status_code == 404


def test_the_author_cannot_approve_their_own_figure(cast: Any) -> None:
    row = figure("13", "56", 12, None, actor=cast.specialist, state="submitted")
    client = login(cast.specialist)
    page = text(client.get(reverse("plans:approvals")).content.decode())
    assert "Bạn đã nhập số liệu này" in page
    response = client.post(reverse("plans:measurement_approve", args=[row.pk]), follow=True)
    assert "Người nhập số liệu không tự phê duyệt" in text(response.content.decode())
    row.refresh_from_db()
    assert row.state == State.SUBMITTED


def test_reopen_only_from_a_level_above_and_with_a_reason(cast: Any) -> None:
    row = figure(actor=cast.officer_a, state="approved", approver=cast.chairman_a)
    url = reverse("plans:measurement_reopen", args=[row.pk])
    chairman = login(cast.chairman_a)
    assert "cấp trên mở khóa" in text(chairman.get(reverse("plans:approvals")).content.decode())
    response = chairman.post(url, {f"o{row.pk}-reason": "Sai"}, follow=True)
    assert "Chỉ lãnh đạo hoặc chuyên viên cấp trên" in text(response.content.decode())
    row.refresh_from_db()
    assert row.state == State.APPROVED
    specialist = login(cast.specialist)
    response = specialist.post(url, {f"o{row.pk}-reason": ""})
    assert response.status_code == 200 and "Ghi lý do mở khóa" in text(response.content.decode())
    row.refresh_from_db()
    assert row.state == State.APPROVED
    specialist.post(url, {f"o{row.pk}-reason": "Điều chỉnh theo số liệu thống kê"})
    row.refresh_from_db()
    assert row.state == State.DRAFT
    event = AuditEvent.objects.get(action="plans.measurement.reopen")
    assert event.reason == "Điều chỉnh theo số liệu thống kê"


def test_approval_queue_queries_do_not_grow_with_rows(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    for code in ("1", "2", "5a", "5b", "6", "15"):
        figure(code, "56", 10, 20, actor=cast.reporter, state="submitted")
        figure(
            code,
            COMMUNE_A,
            10,
            20,
            actor=cast.officer_a,
            state="approved",
            approver=cast.chairman_a,
        )
    client = login(cast.specialist)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("plans:approvals"))
    assert len(response.context["queue"]) == 6 and len(response.context["approved"]) == 6
