"""Tables in PDFs printed from the seeds: ruled cells become rows and columns again, so the
appendix tasks and the budget table read as they do from .docx and .txt.

The committed PDFs were printed by LibreOffice 7.4 (Writer, headless) from .docx files made by
build_docx(..., printable=True): ruled tables, columns sized to their text, landscape pages.
Where LibreOffice is installed the last test prints one afresh.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from treem.planimport.parsing import parse_file
from treem.planimport.parsing.pdf_tables import join_continued_rows
from treem.planimport.parsing.readers import read_file

from .docx_builder import build_docx
from .golden import FIXTURES, golden_tuples, load_golden, target_tuples

VARIANTS = FIXTURES / "variants"


def _check_budget_and_tasks(path: Path, name: str) -> None:
    result, golden = parse_file(path), load_golden(name)
    assert target_tuples(result, with_line=False) == golden_tuples(golden, with_line=False)
    assert [(t["number"], t["lead"]) for t in result["tasks"]] == [
        (row[0], row[1]) for row in golden["tasks"]
    ]
    if golden["budget"]:
        budget, expected = result["budget"], golden["budget"]
        assert budget["years"] == expected["years"]
        assert budget["money_unit"] == expected["money_unit"]
        assert [line["row"] for line in budget["lines"]] == expected["rows"]
        assert budget["declared_total"] == expected["declared_total"]
        assert sorted((p["row"], p["kind"]) for p in budget["problems"]) == sorted(
            tuple(p) for p in expected["problems"]
        )


def test_budget_table_of_a_printed_pdf_reads_like_the_text() -> None:
    path = VARIANTS / "soctrang_2021_tables_libreoffice.pdf"
    _check_budget_and_tasks(path, "soctrang_2021")
    budget = parse_file(path)["budget"]
    first = budget["lines"][0]
    assert first["amounts"]["2026"] == 137_600 and first["kind"] == "subtotal"
    assert first["agency"] == "Trung tâm Bảo trợ xã hội tỉnh"
    assert budget["lines"][-1]["kind"] == "total"
    # Row 1.2 was cut by the page break; its two halves are one row again.
    assert budget["lines"][2]["text"].endswith("lang thang (mỗi năm 20 trẻ)")
    assert budget["lines"][2]["agency"] == "Địa phương"


def test_task_table_of_a_printed_pdf_keeps_lead_and_coordinating_columns() -> None:
    path = VARIANTS / "khanhhoa_2025_tables_libreoffice.pdf"
    _check_budget_and_tasks(path, "khanhhoa_2025")
    tasks = parse_file(path)["tasks"]
    assert tasks[0]["coordinating"][-1] == "UBND cấp huyện, cấp xã"
    assert tasks[0]["text"].endswith("kế hoạch phát triển kinh tế - xã hội của ngành, địa phương.")


def test_pdf_text_outside_tables_is_left_as_pypdf_reads_it() -> None:
    text = read_file(VARIANTS / "soctrang_2021_tables_libreoffice.pdf")
    assert "Chỉ tiêu 9: Giảm 20% số trẻ em bị xâm hại" in " ".join(text.split())
    assert sum(1 for line in text.split("\n") if "\t" in line) == 14


def test_a_row_cut_by_a_page_break_is_joined_cell_by_cell() -> None:
    text = "1\tHỗ trợ trẻ em lang\t2.000\tĐịa\n\n\x01\tthang\t\tphương\nSau bảng"
    assert join_continued_rows(text) == "1\tHỗ trợ trẻ em lang thang\t2.000\tĐịa phương\nSau bảng"


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_a_pdf_printed_now_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    assert SOFFICE is not None
    text = (FIXTURES / "seeds" / "soctrang_2021.txt").read_text(encoding="utf-8")
    source = build_docx(text, tmp_path / "soctrang_2021.docx", printable=True)
    subprocess.run(
        [SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    _check_budget_and_tasks(tmp_path / "soctrang_2021.pdf", "soctrang_2021")
