"""Ways plans of this family word a target, one clause each: the value, comparator, unit and
year read, or an "unrecognised target text at line N" warning, never a made-up target."""

from __future__ import annotations

import pytest

from treem.planimport.parsing import parse_text

HEAD = "KẾ HOẠCH\nCông tác trẻ em giai đoạn 2021 - 2025\nI. MỤC TIÊU\n"
TAIL = "\nII. TỔ CHỨC THỰC HIỆN\n"
BIRTHS = "tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh"


def _read(line: str) -> tuple[list[tuple[object, ...]], list[str]]:
    result = parse_text(HEAD + line + TAIL)
    targets = [(t["year"], t["comparator"], t["value"], t["unit"]) for t in result["targets"]]
    return targets, [w["message"] for w in result["warnings"]]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"- Chỉ tiêu 14: Tăng {BIRTHS} lên 99% vào năm 2025.", (2025, ">=", 99, "%")),
        (f"- Chỉ tiêu 14: Nâng {BIRTHS} lên mức 99% vào năm 2025.", (2025, ">=", 99, "%")),
        (f"- Chỉ tiêu 14: {BIRTHS.capitalize()} tăng lên 99% năm 2025.", (2025, ">=", 99, "%")),
        (f"- Chỉ tiêu 14: Tăng {BIRTHS} lên trên 95% vào năm 2025.", (2025, ">", 95, "%")),
        ("- Chỉ tiêu 14: Hơn 95% trẻ em được đăng ký khai sinh năm 2025.", (2025, ">", 95, "%")),
        (
            f"1. Chỉ tiêu 14: {BIRTHS.capitalize()} đạt 99 phần trăm năm 2025.",
            (2025, ">=", 99, "%"),
        ),
        ("- Chỉ tiêu 6: Tỷ lệ lây truyền HIV từ mẹ sang con ≤ 2% năm 2025.", (2025, "<=", 2, "%")),
        ("- Chỉ tiêu 6: Tỷ lệ lây truyền HIV từ mẹ sang con < 2% năm 2025.", (2025, "<", 2, "%")),
        ("- Chỉ tiêu 6: Tỷ lệ lây truyền HIV từ mẹ sang con >= 2% năm 2025.", (2025, ">=", 2, "%")),
        (
            "- Chỉ tiêu 3: Tỷ suất tử vong trẻ em dưới 1 tuổi dưới 10 trẻ/1.000 trẻ đẻ sống "
            "vào năm 2025.",
            (2025, "<", 10, "per_1000"),
        ),
        (
            "- Chỉ tiêu 3: Tỷ suất tử vong trẻ em dưới 1 tuổi giảm còn 10 phần nghìn năm 2025.",
            (2025, "<=", 10, "per_1000"),
        ),
        (
            "- Chỉ tiêu 11: Tỷ suất trẻ em tử vong do tai nạn thương tích giảm xuống còn 140 "
            "trẻ/100.000 trẻ em vào năm 2025.",
            (2025, "<=", 140, "per_100000"),
        ),
        (
            "- Chỉ tiêu 13: Số cuộc tảo hôn giảm 3%/năm giai đoạn 2021 - 2025.",
            (2025, "reduce_by", 3, "%"),
        ),
    ],
)
def test_one_target_is_read(line: str, expected: tuple[object, ...]) -> None:
    targets, _ = _read(line)
    assert targets == [expected]


@pytest.mark.parametrize(
    "line",
    [
        f"- Chỉ tiêu 14: {BIRTHS.capitalize()} tăng từ 95% năm 2020 lên 99% năm 2025.",
        f"- Chỉ tiêu 14: Tăng {BIRTHS} từ 95% lên 99% vào năm 2025.",
    ],
)
def test_the_baseline_of_an_increase_is_no_target(line: str) -> None:
    targets, _ = _read(line)
    assert targets == [(2025, ">=", 99, "%")]


def test_the_baseline_of_a_decrease_is_no_target() -> None:
    targets, _ = _read(
        "- Chỉ tiêu 3: Tỷ suất tử vong trẻ em dưới 1 tuổi giảm từ 12‰ (năm 2020) xuống dưới "
        "10‰ vào năm 2025."
    )
    assert targets == [(2025, "<", 10, "per_1000")]


@pytest.mark.parametrize(
    "line",
    [
        f"- Chỉ tiêu 14: {BIRTHS.capitalize()} tăng 5% so với năm 2020.",
        "- Chỉ tiêu 21: Tăng thêm 5 điểm vui chơi dành cho trẻ em vào năm 2025.",
    ],
)
def test_an_increase_by_an_amount_is_reported_not_guessed(line: str) -> None:
    targets, warnings = _read(line)
    assert targets == []
    assert any(m.startswith("unrecognised target text at line 4") for m in warnings)
