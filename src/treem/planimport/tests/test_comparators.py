"""One small document per comparator and unit form."""

from __future__ import annotations

from typing import Any

import pytest

from treem.planimport.parsing import parse_text


def only_targets(body: str) -> list[tuple[Any, ...]]:
    text = f"KẾ HOẠCH\nThí điểm giai đoạn 2021 - 2030\n\nI. MỤC TIÊU\n{body}\n"
    result = parse_text(text)
    return [
        (t["indicator"], t["part"], t["year"], t["comparator"], t["value"], t["unit"])
        for t in result["targets"]
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "- Chỉ tiêu 2: Tỷ lệ trẻ em đến 8 tuổi được tiếp cận dịch vụ đạt 90% vào năm 2025.",
            (2, None, 2025, ">=", 90, "%"),
        ),
        (
            "- Chỉ tiêu 2: Phấn đấu 91% trẻ em đến 8 tuổi được tiếp cận dịch vụ vào năm 2025.",
            (2, None, 2025, ">=", 91, "%"),
        ),
        (
            "- Chỉ tiêu 7: Duy trì 100% cơ sở giáo dục có công trình vệ sinh vào năm 2030.",
            (7, None, 2030, ">=", 100, "%"),
        ),
        (
            "- Chỉ tiêu 16: Tỷ lệ huy động trẻ em 5 tuổi đi học mẫu giáo trên 99% năm 2025.",
            (16, None, 2025, ">", 99, "%"),
        ),
        (
            "- Chỉ tiêu 14: Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh 98% trở lên năm 2025.",
            (14, None, 2025, ">=", 98, "%"),
        ),
        (
            "- Chỉ tiêu 6: Tỷ lệ lây truyền HIV từ mẹ sang con dưới 2% vào năm 2030.",
            (6, None, 2030, "<", 2, "%"),
        ),
        (
            "- Chỉ tiêu 10: Giảm tỷ lệ lao động trẻ em xuống 4,5% vào năm 2030.",
            (10, None, 2030, "<=", 4.5, "%"),
        ),
        (
            "- Chỉ tiêu 6: Tỷ lệ lây truyền HIV từ mẹ sang con là 1,5% vào năm 2030.",
            (6, None, 2030, "=", 1.5, "%"),
        ),
        (
            "- Chỉ tiêu 18: Tỷ lệ trẻ em bỏ học cấp trung học cơ sở không quá 0,2% năm 2030.",
            (18, "b", 2030, "<=", 0.2, "%"),
        ),
    ],
)
def test_each_comparator_phrase(body: str, expected: tuple[Any, ...]) -> None:
    assert only_targets(body) == [expected]


def test_reduce_by_range_keeps_both_bounds() -> None:
    text = (
        "KẾ HOẠCH\nThí điểm giai đoạn 2021 - 2030\n- Chỉ tiêu 13: Giảm số cuộc tảo hôn từ 2 "
        "đến 3% hằng năm giai đoạn 2025 - 2030."
    )
    [target] = parse_text(text)["targets"]
    assert (target["comparator"], target["value"], target["range"]) == ("reduce_by", 2, [2, 3])
    assert (target["year"], target["period_start"], target["per_year"]) == (2030, 2025, True)


def test_reduce_by_each_year() -> None:
    assert only_targets("- Chỉ tiêu 9: Mỗi năm giảm 5% số trẻ em bị xâm hại đến năm 2030.") == [
        (9, None, 2030, "reduce_by", 5, "%")
    ]


def test_maintain_without_number_has_null_value() -> None:
    targets = only_targets(
        "- Chỉ tiêu 7: 100% cơ sở giáo dục có công trình vệ sinh vào năm 2025 và duy trì đến "
        "năm 2030."
    )
    assert targets == [(7, None, 2025, ">=", 100, "%"), (7, None, 2030, "maintain", None, "%")]


@pytest.mark.parametrize(
    ("body", "unit", "value"),
    [
        (
            "- Chỉ tiêu 3: Tỷ suất tử vong trẻ sơ sinh dưới 9,5 trên 1.000 trẻ đẻ sống năm 2025.",
            "per_1000",
            9.5,
        ),
        ("- Chỉ tiêu 3: Tỷ suất tử vong trẻ sơ sinh dưới 9,5‰ năm 2025.", "per_1000", 9.5),
        (
            "- Chỉ tiêu 3: Tỷ suất tử vong trẻ sơ sinh dưới 9,5/1.000 trẻ đẻ sống năm 2025.",
            "per_1000",
            9.5,
        ),
        (
            "- Chỉ tiêu 11: Giảm tỷ suất trẻ em bị tử vong do tai nạn thương tích xuống 8/100.000 "
            "trẻ em năm 2025.",
            "per_100000",
            8,
        ),
        (
            "- Chỉ tiêu 11: Giảm tỷ suất trẻ em tử vong do tai nạn thương tích xuống dưới 8 trên "
            "100.000 trẻ em năm 2025.",
            "per_100000",
            8,
        ),
        (
            "- Chỉ tiêu 21: Phấn đấu có 40 xã có điểm vui chơi dành cho trẻ em vào năm 2025.",
            "count",
            40,
        ),
    ],
)
def test_each_unit_form(body: str, unit: str, value: float) -> None:
    [target] = only_targets(body)
    assert (target[5], target[4], target[2]) == (unit, value, 2025)


def test_year_before_value_binds_forward() -> None:
    assert only_targets(
        "- Chỉ tiêu 1: Đến năm 2025 đạt 70% xã đạt tiêu chuẩn phù hợp với trẻ em, đến năm "
        "2030 đạt 80%."
    ) == [(1, None, 2025, ">=", 70, "%"), (1, None, 2030, ">=", 80, "%")]


def test_ages_and_vaccine_counts_are_not_targets() -> None:
    targets = only_targets(
        "- Chỉ tiêu 5: Tỷ lệ trẻ em dưới 1 tuổi được tiêm đủ 8 loại vắc xin đạt 97% năm 2025."
    )
    assert targets == [(5, "a", 2025, ">=", 97, "%")]


def test_unknown_phrasing_is_reported_not_dropped() -> None:
    result = parse_text(
        "KẾ HOẠCH\nThí điểm\n- Chỉ tiêu 19: Tăng 5% số trường học có dịch vụ hỗ trợ tâm lý.\n"
        "- Chỉ tiêu 12: Bảo đảm trẻ em gặp thiên tai được hỗ trợ kịp thời.\n"
    )
    assert result["targets"] == []
    lines = {w["line"] for w in result["warnings"] if "unrecognised target text" in w["message"]}
    assert lines == {3, 4}


def test_number_mismatch_with_catalogue_is_flagged() -> None:
    result = parse_text(
        "KẾ HOẠCH\nThí điểm\n- Chỉ tiêu 16: Tỷ lệ trẻ em được đăng ký khai sinh đạt 99% năm 2025."
    )
    [target] = result["targets"]
    assert target["catalogue"]["mismatch"] is True
    assert target["catalogue"]["text_match"] == 14
    assert any(w["kind"] == "catalogue_mismatch" for w in result["warnings"])
