"""The seeds re-wrapped at 80 columns, saved as .docx with real tables, and printed to PDF."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from treem.planimport.parsing import parse_file, parse_text

from .docx_builder import build_docx
from .golden import (
    FIXTURES,
    golden_tuples,
    load_golden,
    reporting_keys,
    target_tuples,
)

SEEDS = ["khanhhoa_2024", "soctrang_2021", "khanhhoa_2025"]


def rewrap(text: str, width: int = 80) -> str:
    """Hard-wrap every prose line at `width` columns; table rows stay whole."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width=width, break_long_words=False))
    return "\n".join(out)


def without_lines(items: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return [item[:-1] for item in items]


def periods(result: dict[str, object]) -> set[tuple[object, ...]]:
    return {key[:3] for key in reporting_keys(result["reporting"])}  # type: ignore[arg-type]


@pytest.mark.parametrize("name", SEEDS)
def test_rewrapped_at_80_columns_gives_same_extraction(name: str) -> None:
    text = (FIXTURES / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
    wrapped = rewrap(text)
    assert max(len(line) for line in wrapped.split("\n") if "\t" not in line) <= 80
    original, result = parse_text(text), parse_text(wrapped)
    golden = load_golden(name)
    assert target_tuples(result, with_line=False) == golden_tuples(golden, with_line=False)
    assert [(a["agency"], a["indicators"]) for a in result["assignments"]] == [
        (a["agency"], a["indicators"]) for a in original["assignments"]
    ]
    assert periods(result) == periods(original)
    assert len(result["tasks"]) == len(original["tasks"])
    assert result["document"]["title"] == original["document"]["title"]


@pytest.mark.parametrize("name", SEEDS)
def test_docx_with_real_tables_gives_same_extraction(name: str, tmp_path: Path) -> None:
    text = (FIXTURES / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
    path = build_docx(text, tmp_path / f"{name}.docx")
    result, golden = parse_file(path), load_golden(name)
    assert target_tuples(result, with_line=False) == golden_tuples(golden, with_line=False)
    assert sorted((a["agency"], tuple(a["indicators"])) for a in result["assignments"]) == sorted(
        (a["agency"], tuple(a["indicators"])) for a in golden["assignments"]
    )
    assert periods(result) == {
        (r["period"], r["due_day"], r["due_month"]) for r in golden["reporting"]
    }
    assert [(t["number"], t["lead"]) for t in result["tasks"]] == [
        (row[0], row[1]) for row in golden["tasks"]
    ]
    if golden["budget"]:
        assert sorted((p["row"], p["kind"]) for p in result["budget"]["problems"]) == sorted(
            tuple(p) for p in golden["budget"]["problems"]
        )
    assert result["source"]["type"] == "docx"


def test_libreoffice_pdf_gives_same_targets_and_deadlines() -> None:
    path = FIXTURES / "variants" / "soctrang_2021_libreoffice.pdf"
    result, golden = parse_file(path), load_golden("soctrang_2021")
    assert target_tuples(result, with_line=False) == golden_tuples(golden, with_line=False)
    assert sorted((a["agency"], tuple(a["indicators"])) for a in result["assignments"]) == sorted(
        (a["agency"], tuple(a["indicators"])) for a in golden["assignments"]
    )
    assert periods(result) == {
        (r["period"], r["due_day"], r["due_month"]) for r in golden["reporting"]
    }
    assert result["document"]["title"] == golden["document"]["title"]


def test_target_lines_point_at_the_normalised_text() -> None:
    text = (FIXTURES / "seeds" / "soctrang_2021.txt").read_text(encoding="utf-8")
    result = parse_text(rewrap(text))
    from treem.planimport.parsing.normalise import normalise_text

    lines = normalise_text(rewrap(text)).lines
    for target in result["targets"]:
        assert "Chỉ tiêu" in lines[target["line"] - 1]
