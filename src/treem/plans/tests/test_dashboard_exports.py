"""The dashboard's downloads: the table as XLSX (numbers as numbers, neutralised text, a
header naming unit, year and date) and the DOCX report (administrative layout, a summary,
a table and a chart per objective group)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from treem.plans.models import Indicator
from treem.plans.tests.test_dashboard import COMMUNE_A, figures, login

pytestmark = pytest.mark.django_db


def _download(client: Client, fmt: str, **params: Any) -> bytes:
    response = client.get(reverse("plans:dashboard_export", args=[fmt]), params)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_xlsx_has_a_header_numbers_as_numbers_and_neutralised_text(cast: Any) -> None:
    figures()
    Indicator.objects.create(
        code="56x",
        number=99,
        name='=HYPERLINK("http://x")',
        short_name='=HYPERLINK("http://x")',
        group=2,
        unit="count",
        direction="down",
        source="entered",
        province_code="56",
        sort_order=9999,
    )
    book = load_workbook(io.BytesIO(_download(login(cast.leader), "xlsx", nam=2025)))
    sheet = book["Bảng chỉ tiêu"]
    assert sheet["B2"].value == "Tỉnh Khánh Hòa" and sheet["B3"].value == 2025
    assert sheet["A4"].value == "Ngày xuất:" and sheet["B4"].is_date
    header = [c.value for c in sheet[7]]
    assert header[:5] == ["Mã", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Tỉnh Khánh Hòa"]
    col_a = header.index("Phường Nha Trang") + 1
    row_16 = next(r for r in sheet.iter_rows(min_row=8) if r[0].value == "16")
    assert row_16[4].value == 94.5 and row_16[col_a - 1].value == 90
    assert row_16[3].value == "≥ 95% (2025)"
    names = [r[1].value for r in sheet.iter_rows(min_row=8) if r[0].value == "56x"]
    assert names == ['\'=HYPERLINK("http://x")']
    details = book["Đánh giá chi tiết"]
    rows = [[c.value for c in r] for r in details.iter_rows(min_row=2)]
    a = next(r for r in rows if r[0] == "16" and r[3] == COMMUNE_A)
    assert a[4:8] == [2025, 90, 90, 100] and a[9] == "Chậm tiến độ" and "không đạt" in a[10]


def test_xlsx_follows_the_filters(cast: Any) -> None:
    book = load_workbook(io.BytesIO(_download(login(cast.leader), "xlsx", nhom=3)))
    sheet = book["Bảng chỉ tiêu"]
    codes = {r[0].value for r in sheet.iter_rows(min_row=9) if r[0].value}
    assert "16" in codes and "8a" not in codes
    assert sheet["B5"].value.startswith("Mục tiêu 3")


def test_docx_summary_in_administrative_style_with_a_chart_per_group(cast: Any) -> None:
    figures()
    doc = Document(io.BytesIO(_download(login(cast.leader), "docx", nam=2025)))
    header = doc.tables[0].rows[0].cells
    assert "ỦY BAN NHÂN DÂN" in header[0].text and "TỈNH KHÁNH HÒA" in header[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Khánh Hòa, ngày" in text and "BÁO CÁO" in text
    assert "Tình hình thực hiện các chỉ tiêu về trẻ em năm 2025" in text
    assert "1 chỉ tiêu chậm tiến độ" in text
    assert "Mục tiêu 1" in text and "Mục tiêu 4" in text
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "94,5%" in cells and "≥ 95% (2025)" in cells
    assert len(doc.inline_shapes) == 4  # one chart per objective group
    blobs = [r.target_part.blob for r in doc.part.rels.values() if "image" in r.reltype]
    image = Image.open(io.BytesIO(blobs[0]))
    assert image.format == "PNG" and image.width == 1600


def test_docx_of_a_commune_charts_its_own_statuses(cast: Any) -> None:
    doc = Document(io.BytesIO(_download(login(cast.officer_a), "docx")))
    assert "PHƯỜNG NHA TRANG" in doc.tables[0].rows[0].cells[0].text
    assert len(doc.inline_shapes) == 4


def test_unknown_export_format_is_404(cast: Any) -> None:
    response = login(cast.leader).get(reverse("plans:dashboard_export", args=["pdf"]))
    assert response.status_code == 404
