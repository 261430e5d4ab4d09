"""Filtered lists of children as CSV or XLSX.

Rows are streamed from the database in chunks, with caregivers and episodes prefetched per
chunk, so a province-wide export runs in a handful of queries and bounded memory. The header
matches the import template, so an exported file can be corrected and imported again.

Every text cell goes through `neutralise`: names are validated, but addresses, village names
and old imported data are free text that Excel or LibreOffice could run as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import IO, Any, TextIO

from django.db.models import QuerySet

from treem.core.spreadsheet import neutralise
from treem.registry.domain import circumstances
from treem.registry.models import Child
from treem.registry.models.choices import Relation

LIST_COLUMNS: tuple[str, ...] = (
    "Mã hồ sơ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Dân tộc",
    "Xã/Phường",
    "Thôn/Tổ dân phố",
    "Địa chỉ",
    "Họ tên cha",
    "Họ tên mẹ",
    "Người chăm sóc",
    "Số điện thoại",
    "Hoàn cảnh đặc biệt",
    "Đăng ký khai sinh",
    "Thẻ BHYT",
    "Tình trạng",
)
# Column widths in characters, in LIST_COLUMNS order.
_WIDTHS = (10, 28, 12, 9, 20, 12, 28, 20, 36, 26, 26, 26, 14, 12, 10, 18, 34)
CHUNK_SIZE = 2000
DATE_FORMAT = "%d/%m/%Y"
XLSX_DATE_FORMAT = "dd/mm/yyyy"
SHEET_TITLE = "Danh sách trẻ em"

Cell = str | dt.date


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


def _open_groups(child: Child, on: dt.date) -> str:
    """Letters of the episodes open on `on`, in the law's order (a, b, c, d, đ, ...)."""
    letters = {
        episode.group
        for episode in child.circumstances.all()  # prefetched: filter in Python
        if episode.started_on <= on and (episode.ended_on is None or episode.ended_on >= on)
    }
    return ";".join(letter for letter in circumstances.LETTERS if letter in letters)


def _cells(child: Child, on: dt.date) -> list[Cell]:
    caregivers = sorted(child.caregivers.all(), key=lambda caregiver: caregiver.pk)

    def names(*relations: str, exclude: bool = False) -> str:
        return "; ".join(
            caregiver.full_name
            for caregiver in caregivers
            if (caregiver.relation in relations) != exclude
        )

    return [
        str(child.pk),
        child.full_name,
        child.birth_date,
        child.get_sex_display(),
        child.personal_id or "",
        child.get_ethnicity_display(),
        child.unit.full_name,
        child.village.full_name if child.village else "",
        child.address,
        names(Relation.FATHER),
        names(Relation.MOTHER),
        names(Relation.FATHER, Relation.MOTHER, exclude=True),
        child.contact_phone,
        _open_groups(child, on),
        _yes_no(child.birth_registered),
        child.health_insurance_no,
        child.get_life_status_display(),
    ]


def _values(qs: QuerySet[Child], on: dt.date) -> Iterator[list[Cell]]:
    # Plain lookups (not Prefetch objects) so a queryset that already prefetches them works.
    rows = qs.select_related("unit", "village").prefetch_related("caregivers", "circumstances")
    for child in rows.iterator(chunk_size=CHUNK_SIZE):
        yield _cells(child, on)


def _text(value: Cell) -> str:
    if isinstance(value, dt.date):
        return value.strftime(DATE_FORMAT)
    return str(neutralise(value))


def iter_list_rows(qs: QuerySet[Child], *, on: dt.date) -> Iterator[list[str]]:
    """One list of text cells per child (dates as dd/mm/yyyy), header not included."""
    for values in _values(qs, on):
        yield [_text(value) for value in values]


def write_csv(qs: QuerySet[Child], stream: TextIO, *, on: dt.date) -> int:
    """Header and one row per child; returns the number of children written."""
    writer = csv.writer(stream)
    writer.writerow(LIST_COLUMNS)
    count = 0
    for row in iter_list_rows(qs, on=on):
        writer.writerow(row)
        count += 1
    return count


def write_xlsx(qs: QuerySet[Child], path_or_stream: str | IO[bytes] | Any, *, on: dt.date) -> int:
    """An .xlsx workbook written row by row (openpyxl write-only mode); returns the count."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    # Column settings must precede the first row in write-only mode.
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, header, font=bold) for header in LIST_COLUMNS])
    count = 0
    for values in _values(qs, on):
        sheet.append([_xlsx_cell(sheet, value) for value in values])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(LIST_COLUMNS))}{count + 1}"
    book.save(path_or_stream)
    return count


def _xlsx_cell(sheet: Any, value: Cell, *, font: Any = None) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
    else:
        # Control characters make the file unreadable; drop them rather than fail the export.
        text = str(neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)))
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # always text: never stored as a formula
    if font is not None:
        cell.font = font
    return cell
