"""Normalisation of what real files contain, and readable errors for unreadable files."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest

from treem.planimport.parsing import PlanParseError, parse_file, parse_text
from treem.planimport.parsing.normalise import clean_line, normalise_text
from treem.planimport.parsing.numbers import format_number, parse_number
from treem.planimport.parsing.readers import read_file

from .golden import FIXTURES


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("9,5", 9.5),
        ("2.292.000.000", 2_292_000_000),
        ("137.600", 137_600),
        ("0,05", 0.05),
        ("99.1", 99.1),
        ("100", 100),
    ],
)
def test_vietnamese_numbers(raw: str, value: float) -> None:
    assert parse_number(raw) == value


def test_format_number_uses_vietnamese_separators() -> None:
    assert (format_number(2_292_000), format_number(9.5)) == ("2.292.000", "9,5")


def test_typing_slips_are_fixed_in_context() -> None:
    assert clean_line("Phần đầu 100% trẻ em") == "Phấn đấu 100% trẻ em"
    assert clean_line("dưới 9,5 trên 1.000 trẻ để sống") == "dưới 9,5 trên 1.000 trẻ đẻ sống"
    assert clean_line("phần đầu của kế hoạch") == "phần đầu của kế hoạch"


def test_nfd_text_becomes_nfc() -> None:
    line = unicodedata.normalize("NFD", "Tỷ lệ trẻ em được đăng ký khai sinh")
    assert clean_line(line) == unicodedata.normalize("NFC", line)


def test_markdown_and_html_are_stripped() -> None:
    assert clean_line("## **I. MỤC TIÊU**") == "I. MỤC TIÊU"
    assert clean_line('1\t<ul style="x"> - Bảo đảm</ul>\tSở Y tế') == "1\t- Bảo đảm\tSở Y tế"
    assert clean_line("| 1 | Nội dung | 20 |") == "1\tNội dung\t20"
    assert clean_line("|---|---|---|") == ""


def test_wrapped_lines_are_joined_and_line_count_is_kept() -> None:
    raw = "- Chỉ tiêu 20: tỷ lệ trẻ em khuyết tật có\n\nnhu cầu học tập đạt 80%.\n\nII. NHIỆM VỤ"
    lines = normalise_text(raw).lines
    assert len(lines) == 5
    assert lines[0].endswith("có nhu cầu học tập đạt 80%.")
    assert lines[2] == "" and lines[4] == "II. NHIỆM VỤ"


def test_unsupported_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(PlanParseError, match="Không hỗ trợ định dạng"):
        read_file(path)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(b"")
    with pytest.raises(PlanParseError, match="rỗng"):
        read_file(path)


def test_corrupt_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(PlanParseError, match="không phải tệp Word hợp lệ"):
        read_file(path)


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(PlanParseError, match="không có lớp văn bản"):
        read_file(path)


def test_legacy_doc_gets_a_fix_it_message(tmp_path: Path) -> None:
    path = tmp_path / "plan.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old word")
    with pytest.raises(PlanParseError, match=r"lưu lại thành \.docx"):
        read_file(path)


def test_parse_text_refuses_empty_text() -> None:
    with pytest.raises(PlanParseError):
        parse_text("   \n ")


def test_output_is_json_serialisable() -> None:
    result = parse_file(FIXTURES / "seeds" / "soctrang_2021.txt")
    assert json.loads(json.dumps(result, ensure_ascii=False))["targets"]
