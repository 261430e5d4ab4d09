"""The three real plans: every target, assignment, task, deadline and budget problem."""

from __future__ import annotations

from typing import Any

import pytest

from treem.planimport.parsing import parse_file

from .golden import (
    FIXTURES,
    assignment_keys,
    golden_tuples,
    load_golden,
    reporting_keys,
    target_tuples,
)

SEEDS = ["khanhhoa_2024", "soctrang_2021", "khanhhoa_2025"]


@pytest.fixture(scope="module", params=SEEDS)
def seed(request: pytest.FixtureRequest) -> tuple[dict[str, Any], dict[str, Any]]:
    name = request.param
    return parse_file(FIXTURES / "seeds" / f"{name}.txt"), load_golden(name)


def test_targets_match_golden_exactly(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, golden = seed
    assert target_tuples(result) == golden_tuples(golden)


def test_every_assignment_line_is_found(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, golden = seed
    assert assignment_keys(result["assignments"]) == assignment_keys(golden["assignments"])


def test_every_reporting_deadline_is_found(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, golden = seed
    assert reporting_keys(result["reporting"]) == reporting_keys(golden["reporting"])
    for expected in golden["reporting"]:
        match = next(
            r
            for r in result["reporting"]
            if (r["period"], r["due_day"], r["line"])
            == (expected["period"], expected["due_day"], expected["line"])
        )
        assert expected["to_contains"] in (match["to"] or "")


def test_document_metadata(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, golden = seed
    document, expected = result["document"], golden["document"]
    for key in ("number", "issued_on", "issuer"):
        assert document[key] == expected[key], key
    assert document["title"].casefold() == expected["title"].casefold()
    assert [(i["number"], i["issued_on"]) for i in document["implements"]] == [
        (i["number"], i["issued_on"]) for i in expected["implements"]
    ]


def test_tasks_from_appendix_table(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, golden = seed
    assert [(t["number"], t["lead"], t["line"]) for t in result["tasks"]] == [
        tuple(row) for row in golden["tasks"]
    ]
    by_number = {t["number"]: t for t in result["tasks"]}
    for number, checks in golden.get("task_checks", {}).items():
        task = by_number[number]
        for text in checks.get("text_contains", []):
            assert text in task["text"]
        for text in checks.get("text_not_contains", []):
            assert text not in task["text"]
        if "coordinating" in checks:
            assert task["coordinating"] == checks["coordinating"]


def test_budget_rows_and_problems(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, golden = seed
    if golden["budget"] is None:
        assert result["budget"] is None
        return
    budget, expected = result["budget"], golden["budget"]
    assert budget["money_unit"] == expected["money_unit"]
    assert budget["years"] == expected["years"]
    assert [line["row"] for line in budget["lines"]] == expected["rows"]
    assert budget["declared_total"] == expected["declared_total"]
    assert sorted((p["row"], p["kind"]) for p in budget["problems"]) == sorted(
        tuple(p) for p in expected["problems"]
    )
    assert all(p["message"] and p["line"] for p in budget["problems"])


def test_no_catalogue_mismatch_on_real_plans(seed: tuple[dict[str, Any], dict[str, Any]]) -> None:
    result, _ = seed
    assert not [w for w in result["warnings"] if w["kind"] == "catalogue_mismatch"]
    assert not [t for t in result["targets"] if t["catalogue"]["mismatch"]]


def test_soctrang_details() -> None:
    result = parse_file(FIXTURES / "seeds" / "soctrang_2021.txt")
    by_key = {(t["indicator"], t["value"], t["year"]): t for t in result["targets"]}
    child_marriage = by_key[(13, 2, 2030)]
    assert child_marriage["range"] == [2, 3]
    assert child_marriage["per_year"] is True
    assert child_marriage["period_start"] == 2025
    assert by_key[(9, 2, 2030)]["per_year"] is True
    assert by_key[(9, 20, 2030)]["per_year"] is False
    disaster = by_key[(12, 100, 2030)]
    assert disaster["year_inferred"] is True
    assert any(w["kind"] == "year_inferred" and w["line"] == 51 for w in result["warnings"])
    budget = result["budget"]
    assert budget["multiplier"] == 1000
    assert budget["text_total"]["amount"] == 2_292_000_000
    row_1 = next(line for line in budget["lines"] if line["row"] == "1")
    assert row_1["amounts"]["2026"] == 137_600
    assert row_1["unit"] == "Trung tâm Bảo trợ xã hội tỉnh"


def test_khanhhoa_2025_unreadable_number_is_reported() -> None:
    result = parse_file(FIXTURES / "seeds" / "khanhhoa_2025.txt")
    assert result["document"]["number"] is None
    assert any(w["kind"] == "unreadable_number" for w in result["warnings"])
