"""A province's own indicators: added and retired by its specialists, through the service."""

from __future__ import annotations

from typing import Any

import pytest

from treem.core.errors import Forbidden, Invalid
from treem.core.models import AuditEvent
from treem.plans.models import Indicator
from treem.plans.selectors.plans import indicators_visible_to
from treem.plans.services.catalogue import indicator_create, indicator_deactivate
from treem.plans.tests.factories import indicator, unit

pytestmark = pytest.mark.django_db

DROWNING = {
    "code": "KH-25",
    "name": "Tỷ lệ trẻ em từ 6 đến 15 tuổi biết bơi an toàn",
    "short_name": "Trẻ biết bơi an toàn",
    "group": 2,
    "unit": "percent",
    "direction": "up",
    "numerator": "Số trẻ 6–15 tuổi biết bơi an toàn",
    "denominator": "Tổng số trẻ 6–15 tuổi",
    "lead_sector": "van_hoa",
}


def _create(actor: Any, **changes: Any) -> Indicator:
    return indicator_create(actor=actor, province=unit("56"), **{**DROWNING, **changes})


def _count() -> tuple[int, int]:
    return Indicator.objects.count(), AuditEvent.objects.filter(kind="write").count()


def test_a_specialist_adds_a_province_indicator_with_an_audit_row(cast: Any) -> None:
    item = _create(cast.specialist)
    assert (item.province_code, item.source, item.active) == ("56", "entered", True)
    assert item.sort_order > indicator("24").sort_order
    event = AuditEvent.objects.get(action="plans.indicator.create", object_id=str(item.pk))
    assert event.actor == cast.specialist and event.province_code == "56"
    assert item in indicators_visible_to(cast.officer_a)
    assert item not in indicators_visible_to(cast.other_province_admin)


def test_a_numbered_code_keeps_number_and_part(cast: Any) -> None:
    item = _create(cast.specialist, code="25b")
    assert (item.number, item.part) == (25, "b")


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        (
            {"code": "8a"},
            "Mã chỉ tiêu '8a' đã được dùng cho chỉ tiêu của danh mục quốc gia",
            "code",
        ),
        ({"code": "8A"}, "đã được dùng", "code"),
        ({"code": "KH 25!"}, "không hợp lệ", "code"),
        ({"denominator": ""}, "là tỷ lệ nên cần ghi mẫu số", "denominator"),
        ({"unit": "count"}, "tính bằng số lượng nên không có mẫu số", "denominator"),
        ({"short_name": " "}, "Thiếu tên ngắn", "short_name"),
        ({"unit": "bogus"}, "Đơn vị tính 'bogus' không hợp lệ", "unit"),
    ],
)
def test_bad_input_is_refused_with_its_message(
    cast: Any, changes: dict[str, Any], message: str, field: str
) -> None:
    before = _count()
    with pytest.raises(Invalid, match=message) as info:
        _create(cast.specialist, **changes)
    assert field in info.value.details
    assert _count() == before


def test_a_code_already_used_by_the_province_gets_a_clear_message(cast: Any) -> None:
    _create(cast.specialist)
    with pytest.raises(Invalid, match=r"KH-25.*của tỉnh mã 56.*Chọn mã khác") as info:
        _create(cast.specialist, name="Khác", short_name="Khác")
    assert info.value.code == "duplicate"


@pytest.mark.parametrize("who", ["officer_a", "reporter", "leader", "other_province_admin"])
def test_only_a_specialist_of_the_province_adds(cast: Any, who: str) -> None:
    before = _count()
    with pytest.raises(Forbidden, match="Chỉ chuyên viên cấp tỉnh"):
        _create(getattr(cast, who))
    assert _count() == before


def test_a_province_item_is_retired_and_national_ones_are_not(cast: Any) -> None:
    item = _create(cast.specialist)
    with pytest.raises(Forbidden):
        indicator_deactivate(actor=cast.officer_a, indicator=item)
    indicator_deactivate(actor=cast.specialist, indicator=item, reason="Gộp vào chỉ tiêu 11a")
    assert item not in indicators_visible_to(cast.specialist)
    event = AuditEvent.objects.get(action="plans.indicator.deactivate", object_id=str(item.pk))
    assert event.reason == "Gộp vào chỉ tiêu 11a"
    with pytest.raises(Invalid, match="đã ngừng dùng"):
        indicator_deactivate(actor=cast.specialist, indicator=item)
    with pytest.raises(Invalid, match="danh mục quốc gia"):
        indicator_deactivate(actor=cast.specialist, indicator=indicator("5a"))
    assert indicator("5a").active
