"""Exports: lists (CSV, XLSX) are formula-safe, round-trip and stream in few queries; the
full record opens as DOCX and PDF with its Vietnamese text intact."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from treem.geo.models import Level, Unit
from treem.registry.domain import idnumber
from treem.registry.exports import lists, record
from treem.registry.importing.headers import map_headers
from treem.registry.models import Caregiver, Child
from treem.registry.services import episodes
from treem.registry.services.children import child_register, child_update

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Hương"


@pytest.fixture
def commune() -> Unit:
    return Unit.objects.get(version="current", code="22366")


def register(
    commune: Unit, *, caregivers: list[dict[str, str]] | None = None, **data: Any
) -> Child:
    values: dict[str, Any] = {
        "full_name": NAME,
        "sex": "F",
        "birth_date": dt.date(2018, 9, 5),
    }
    values.update(data)
    return child_register(
        actor=None,
        unit=commune,
        data=values,
        caregivers=caregivers if caregivers is not None else [],
    )


@pytest.fixture
def full_child(commune: Unit) -> Child:
    """A child with every kind of data the lists and the record show."""
    village = Unit.objects.filter(parent=commune, level=Level.VILLAGE).order_by("name").first()
    child = child_register(
        actor=None,
        unit=commune,
        village=village,
        data={
            "full_name": NAME,
            "sex": "F",
            "birth_date": dt.date(2018, 9, 5),
            "personal_id": idnumber.make("056", "F", 2018, 123456),
            "address": "Số 12 đường Trần Phú",
            "contact_phone": "0912345678",
            "birth_registered": True,
            "health_insurance_no": "TE1790123456789",
        },
        caregivers=[
            {"relation": "father", "full_name": "Nguyễn Văn Bình"},
            {"relation": "mother", "full_name": "Lê Thị Cúc"},
            {"relation": "grandparent", "full_name": "Lê Văn Dũng", "phone": "0987654321"},
        ],
    )
    episodes.episode_open(
        actor=None, child=child, group="d", subgroup="d2", started_on=dt.date(2020, 1, 2)
    )
    episodes.episode_open(actor=None, child=child, group="a", started_on=dt.date(2021, 3, 4))
    closed = episodes.episode_open(
        actor=None, child=child, group="h", started_on=dt.date(2022, 5, 6)
    )
    episodes.episode_close(actor=None, episode=closed, ended_on=dt.date(2023, 5, 6))
    episodes.support_add(
        actor=None,
        child=child,
        kind="allowance",
        given_on=dt.date(2024, 1, 15),
        provider="Ủy ban nhân dân phường",
        amount=Decimal(1500000),
    )
    episodes.risk_flag_add(actor=None, child=child, kind="dropout", started_on=dt.date(2024, 2, 1))
    child_update(actor=None, child=child, data={"school_name": "Trường Tiểu học Lộc Thọ"})
    return child


def children(*ids: int) -> Any:
    return Child.objects.filter(pk__in=ids).order_by("pk")


def today() -> dt.date:
    return timezone.localdate()


# --- lists ----------------------------------------------------------------------------------


def test_csv_neutralises_formulas(commune: Unit) -> None:
    child = register(commune, address="=1+2")
    # Names are validated on entry; a caregiver row from older data may still hold anything.
    Caregiver.objects.create(child=child, relation="carer", full_name="@SUM(A1)", name_key="x")
    stream = io.StringIO()
    assert lists.write_csv(children(child.pk), stream, on=today()) == 1
    header, row = list(csv.reader(io.StringIO(stream.getvalue())))
    assert header == list(lists.LIST_COLUMNS)
    cells = dict(zip(header, row, strict=True))
    assert cells["Địa chỉ"] == "'=1+2"
    assert cells["Người chăm sóc"] == "'@SUM(A1)"
    assert cells["Họ và tên"] == NAME


def test_xlsx_has_bold_header_real_dates_and_no_formulas(commune: Unit) -> None:
    from openpyxl import load_workbook

    child = register(commune, address="=1+2")
    Caregiver.objects.create(child=child, relation="carer", full_name="-2+3", name_key="x")
    buffer = io.BytesIO()
    assert lists.write_xlsx(children(child.pk), buffer, on=today()) == 1

    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # nothing stored as a formula

    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == list(lists.LIST_COLUMNS)
    assert all(cell.font.b for cell in rows[0])
    assert sheet.freeze_panes == "A2"
    assert len(rows) == 2
    cells = dict(zip(lists.LIST_COLUMNS, rows[1], strict=True))
    born = cells["Ngày sinh"]
    assert isinstance(born.value, dt.datetime)
    assert born.value.date() == dt.date(2018, 9, 5)
    assert born.number_format == "dd/mm/yyyy"
    assert cells["Địa chỉ"].value == "'=1+2"
    assert cells["Địa chỉ"].data_type == "s"
    assert cells["Người chăm sóc"].value == "'-2+3"
    assert sheet.column_dimensions["B"].width > 20


def test_list_values_round_trip(full_child: Child, commune: Unit) -> None:
    (row,) = lists.iter_list_rows(children(full_child.pk), on=today())
    cells = dict(zip(lists.LIST_COLUMNS, row, strict=True))
    assert cells == {
        "Mã hồ sơ": str(full_child.pk),
        "Họ và tên": NAME,
        "Ngày sinh": "05/09/2018",
        "Giới tính": "Nữ",
        "Số định danh cá nhân": idnumber.make("056", "F", 2018, 123456),
        "Dân tộc": "Kinh",
        "Xã/Phường": commune.full_name,
        "Thôn/Tổ dân phố": full_child.village.full_name if full_child.village else "",
        "Địa chỉ": "Số 12 đường Trần Phú",
        "Họ tên cha": "Nguyễn Văn Bình",
        "Họ tên mẹ": "Lê Thị Cúc",
        "Người chăm sóc": "Lê Văn Dũng",
        "Số điện thoại": "0912345678",
        "Hoàn cảnh đặc biệt": "a;d",  # the closed episode (h) is left out
        "Đăng ký khai sinh": "Có",
        "Thẻ BHYT": "TE1790123456789",
        "Tình trạng": "Đang sinh sống tại địa phương",
    }
    # On a date when only the first episode was open, only its letter is listed.
    (past,) = lists.iter_list_rows(children(full_child.pk), on=dt.date(2020, 6, 1))
    assert past[lists.LIST_COLUMNS.index("Hoàn cảnh đặc biệt")] == "d"
    # The XLSX holds the same values, and the import reads the header back.
    from openpyxl import load_workbook

    buffer = io.BytesIO()
    lists.write_xlsx(children(full_child.pk), buffer, on=today())
    sheet = load_workbook(buffer).active
    assert sheet is not None
    xlsx_row = [cell.value for cell in next(sheet.iter_rows(min_row=2))]
    xlsx_row[2] = xlsx_row[2].strftime("%d/%m/%Y")
    assert [value or "" for value in xlsx_row] == row
    mapped = map_headers(list(lists.LIST_COLUMNS), commune_given=True)
    assert {"full_name", "birth_date", "sex", "father", "mother", "carer", "groups"} <= set(
        mapped.positions
    )


def test_list_export_needs_few_queries(commune: Unit, django_assert_max_num_queries: Any) -> None:
    ids = []
    for number in range(50):
        child = register(
            commune,
            full_name=f"Trần Văn {chr(65 + number % 26)}{'ab'[number // 26]}",
            sex="M",
            caregivers=[
                {"relation": "father", "full_name": "Trần Văn Cường"},
                {"relation": "mother", "full_name": "Phạm Thị Dung"},
            ],
        )
        episodes.episode_open(actor=None, child=child, group="b", started_on=dt.date(2019, 1, 1))
        ids.append(child.pk)
    with django_assert_max_num_queries(3):
        rows = list(lists.iter_list_rows(children(*ids), on=today()))
    assert len(rows) == 50
    assert all(row[lists.LIST_COLUMNS.index("Hoàn cảnh đặc biệt")] == "b" for row in rows)
    with django_assert_max_num_queries(3):
        assert lists.write_xlsx(children(*ids), io.BytesIO(), on=today()) == 50


# --- full record ----------------------------------------------------------------------------

TITLES = [
    "Thông tin cá nhân",
    "Nơi cư trú",
    "Khai sinh, bảo hiểm y tế",
    "Khuyết tật, học tập",
    "Gia đình và người chăm sóc",
    "Hoàn cảnh đặc biệt",
    "Dấu hiệu nguy cơ",
    "Hỗ trợ đã nhận",
    "Lịch sử thay đổi",
]


def test_record_sections_hold_everything(full_child: Child) -> None:
    sections = dict(record.record_sections(full_child))
    assert list(sections) == TITLES
    personal = dict(sections["Thông tin cá nhân"])
    assert personal["Họ và tên"] == NAME
    assert personal["Giới tính"] == "Nữ"
    assert personal["Ngày sinh"] == "05/09/2018"
    assert dict(sections["Khai sinh, bảo hiểm y tế"])["Đã đăng ký khai sinh"] == "Có"
    assert dict(sections["Khuyết tật, học tập"])["Trường"] == "Trường Tiểu học Lộc Thọ"
    family = dict(sections["Gia đình và người chăm sóc"])
    assert family["Cha"] == "Nguyễn Văn Bình"
    assert family["Ông/bà"] == "Lê Văn Dũng; số điện thoại 0987654321"
    circumstances = dict(sections["Hoàn cảnh đặc biệt"])
    assert "Từ 02/01/2020 đến nay" in circumstances["d) Trẻ em khuyết tật"]
    assert "nhóm nhỏ d2) Khuyết tật nặng" in circumstances["d) Trẻ em khuyết tật"]
    assert circumstances["h) " + record.circumstances.NAMES["h"]].startswith(
        "Từ 06/05/2022 đến 06/05/2023"
    )
    assert "1.500.000 đ" in dict(sections["Hỗ trợ đã nhận"])["15/01/2024"]
    history = [value for _, value in sections["Lịch sử thay đổi"]]
    assert history[0].startswith("Đăng ký hồ sơ (hệ thống)")
    assert history[-1] == "Cập nhật thông tin (hệ thống); thông tin thay đổi: trường"
    residence = sections["Nơi cư trú"]
    assert residence[-1][0] == "Từ 05/09/2018 đến nay"


def test_money_is_written_vietnamese_style() -> None:
    assert record.money(Decimal(1500000)) == "1.500.000 đ"
    assert record.money(0) == "0 đ"
    assert record.money(None) == "—"


def test_record_docx_opens_with_name_and_sections(full_child: Child) -> None:
    from docx import Document

    doc = Document(io.BytesIO(record.record_docx(full_child, requested_by="Lê Thị Cúc (mẹ)")))
    texts = [paragraph.text for paragraph in doc.paragraphs]
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    everything = "\n".join(texts + cells)
    assert NAME in everything
    assert "PHIẾU THÔNG TIN HỒ SƠ TRẺ EM" in texts
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in everything
    assert "Độc lập - Tự do - Hạnh phúc" in everything
    assert "Lê Thị Cúc (mẹ)" in everything
    for title in TITLES:
        assert title in texts
    page = doc.sections[0]
    margins = (page.top_margin, page.bottom_margin, page.left_margin, page.right_margin)
    assert [round(margin.cm, 2) for margin in margins if margin is not None] == [2, 2, 3, 1.5]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert "chỉ cung cấp cho người có quyền" in page.footer.paragraphs[0].text


def test_record_pdf_holds_vietnamese_text(full_child: Child) -> None:
    from pypdf import PdfReader

    data = record.record_pdf(full_child, requested_by="Lê Thị Cúc (mẹ)")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))
    assert "Nguyễn" in text
    assert NAME in text
    assert "PHIẾU THÔNG TIN HỒ SƠ TRẺ EM" in text
    assert "Hoàn cảnh đặc biệt" in text
    assert "1.500.000 đ" in text
