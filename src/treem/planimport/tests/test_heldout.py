"""Plans written for testing only, in the family's style with other wording and numbers.

They measure generalisation: the parser must get ≥ 95 % of targets exactly right and invent
none, and find every responsibility line and reporting deadline.
"""

from __future__ import annotations

import pytest

from treem.planimport.parsing import parse_file

from .golden import (
    FIXTURES,
    assignment_keys,
    load_golden,
    reporting_keys,
    target_accuracy,
)

HELD_OUT = {
    "vanquan_2022": "heldout/vanquan_2022.txt",
    "thanhhoa_ward_2023": "heldout/thanhhoa_ward_2023.md",
    "tanlap_commune_2024": "heldout/tanlap_commune_2024.txt",
}


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_targets_at_least_95_percent_and_none_invented(name: str) -> None:
    result, golden = parse_file(FIXTURES / HELD_OUT[name]), load_golden(name)
    accuracy, invented = target_accuracy(result, golden)
    assert accuracy >= 0.95
    assert invented == 0


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_responsibilities_and_deadlines_all_found(name: str) -> None:
    result, golden = parse_file(FIXTURES / HELD_OUT[name]), load_golden(name)
    assert assignment_keys(result["assignments"], with_role=True) == assignment_keys(
        golden["assignments"], with_role=True
    )
    assert reporting_keys(result["reporting"]) == reporting_keys(golden["reporting"])
    assert all(r["to"] for r in result["reporting"])


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_metadata(name: str) -> None:
    result, golden = parse_file(FIXTURES / HELD_OUT[name]), load_golden(name)
    for key in ("number", "issued_on", "issuer", "title"):
        assert result["document"][key] == golden["document"][key], key
    assert [(i["number"], i["issued_on"]) for i in result["document"]["implements"]] == [
        (i["number"], i["issued_on"]) for i in golden["document"]["implements"]
    ]


def test_markdown_plan_tables_budget_and_unlabelled_targets() -> None:
    result = parse_file(FIXTURES / HELD_OUT["thanhhoa_ward_2023"])
    golden = load_golden("thanhhoa_ward_2023")
    budget = result["budget"]
    assert budget["money_unit"] == "triệu đồng"
    assert budget["has_total_column"] is True
    assert sorted((p["row"], p["kind"]) for p in budget["problems"]) == sorted(
        tuple(p) for p in golden["budget"]["problems"]
    )
    assert [(t["number"], t["lead"], t["line"]) for t in result["tasks"]] == [
        tuple(row) for row in golden["tasks"]
    ]
    assert result["tasks"][1]["coordinating"] == [
        "Phòng Giáo dục và Đào tạo",
        "Phòng Văn hóa và Thông tin",
    ]
    by_text = [t for t in result["targets"] if t["indicator_source"] == "text"]
    assert {t["indicator"] for t in by_text} == {14, 3, 18, 16}


def test_commune_plan_with_other_wording_numbering_and_budget_markers() -> None:
    """Numbered "1. Chỉ tiêu 14:" lines, "nâng … lên", "tăng từ … lên", "hơn", "≤", "phần
    trăm", "trẻ/1.000", commune officers as leads, and a budget with its unit-in-charge column."""
    result = parse_file(FIXTURES / HELD_OUT["tanlap_commune_2024"])
    golden = load_golden("tanlap_commune_2024")["budget"]
    budget = result["budget"]
    assert budget["money_unit"] == golden["money_unit"]
    assert [line["row"] for line in budget["lines"]] == golden["rows"]
    assert [line["kind"] for line in budget["lines"]] == golden["kinds"]
    assert [line["agency"] for line in budget["lines"]] == golden["agencies"]
    assert sorted((p["row"], p["kind"]) for p in budget["problems"]) == sorted(
        tuple(p) for p in golden["problems"]
    )
    reduction = next(t for t in result["targets"] if t["indicator"] == 10)
    assert reduction["year_inferred"] is True  # "so với năm 2023" is the baseline's year


def test_all_held_out_plans_together_reach_95_percent() -> None:
    hits = total = invented = 0
    for name, path in HELD_OUT.items():
        result, golden = parse_file(FIXTURES / path), load_golden(name)
        accuracy, extra = target_accuracy(result, golden)
        hits += round(accuracy * len(golden["targets"]))
        total += len(golden["targets"])
        invented += extra
    assert hits / total >= 0.95 and invented == 0
