"""The dashboard table as an Excel workbook: the indicator × unit values (numbers, coloured by
status) on the first sheet, one row per cell with the target and the reason on the second.
Every text goes through `neutralise` (province-added indicator names are free text)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from treem.core.spreadsheet import neutralise
from treem.plans.domain.progress import Status
from treem.plans.selectors.dashboard import Grid
from treem.plans.selectors.progress import Cell
from treem.plans.views.dashboard.viewmodels import unit_label

FILLS = {
    Status.ACHIEVED: "D1E7DD",
    Status.ON_TRACK: "CFE2FF",
    Status.AT_RISK: "FFF3CD",
    Status.OFF_TRACK: "F8D7DA",
    Status.NO_DATA: "E9ECEF",
}
NUMBER_FORMAT = "#,##0.##"
BOLD = Font(bold=True)
HEADER_ROW = 7


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _put(sheet: Worksheet, row: int, col: int, value: Any, **style: Any) -> None:
    cell = sheet.cell(row=row, column=col, value=neutralise(value))
    for name, setting in style.items():
        setattr(cell, name, setting)


def _head(sheet: Worksheet, grid: Grid, filters: str, today: dt.date) -> None:
    _put(
        sheet, 1, 1, "BẢNG THEO DÕI THỰC HIỆN CÁC CHỈ TIÊU VỀ TRẺ EM", font=Font(bold=True, size=14)
    )
    _put(sheet, 2, 1, "Đơn vị:", font=BOLD)
    _put(sheet, 2, 2, grid.unit.full_name)
    _put(sheet, 3, 1, "Năm:", font=BOLD)
    _put(sheet, 3, 2, grid.year, alignment=Alignment(horizontal="left"))
    _put(sheet, 4, 1, "Ngày xuất:", font=BOLD)
    _put(sheet, 4, 2, today, number_format="dd/mm/yyyy", alignment=Alignment(horizontal="left"))
    _put(sheet, 5, 1, "Bộ lọc:", font=BOLD)
    _put(sheet, 5, 2, filters or "Tất cả chỉ tiêu")


def _table(sheet: Worksheet, grid: Grid) -> None:
    headers = ["Mã", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", *(u.full_name for u in grid.columns)]
    for col, text in enumerate(headers, start=1):
        _put(sheet, HEADER_ROW, col, text, font=BOLD, alignment=Alignment(wrap_text=True))
    row_no = HEADER_ROW
    for section in grid.sections:
        row_no += 1
        _put(sheet, row_no, 1, section.label, font=BOLD)
        for row in section.rows:
            row_no += 1
            indicator = row.indicator
            _put(sheet, row_no, 1, indicator.code)
            _put(sheet, row_no, 2, indicator.short_name)
            _put(sheet, row_no, 3, unit_label(indicator))
            _put(sheet, row_no, 4, row.own.target_text)
            for offset, cell in enumerate(row.cells):
                value = cell.figure.value if cell.figure is not None else None
                fill = PatternFill("solid", fgColor=FILLS[cell.status])
                _put(
                    sheet,
                    row_no,
                    5 + offset,
                    _number(value),
                    fill=fill,
                    number_format=NUMBER_FORMAT,
                )
    widths = [7, 44, 12, 22] + [16] * len(grid.columns)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=5)


DETAIL_HEADERS = (
    "Mã",
    "Chỉ tiêu",
    "Đơn vị",
    "Mã đơn vị",
    "Năm số liệu",
    "Số liệu",
    "Tử số",
    "Mẫu số",
    "Mục tiêu",
    "Đánh giá",
    "Lý do",
)


def _detail_row(cell: Cell) -> list[Any]:
    figure = cell.figure
    latest = cell.history[-1] if cell.history else None
    return [
        cell.indicator.code,
        cell.indicator.short_name,
        cell.unit.full_name,
        cell.unit.code,
        latest.year if latest else None,
        _number(figure.value) if figure else None,
        _number(figure.numerator) if figure else None,
        _number(figure.denominator) if figure else None,
        cell.target_text,
        str(cell.status.label),
        cell.verdict.reason,
    ]


def _details(sheet: Worksheet, grid: Grid) -> None:
    for col, text in enumerate(DETAIL_HEADERS, start=1):
        _put(sheet, 1, col, text, font=BOLD)
    row_no = 1
    for row in grid.rows:
        for cell in row.cells:
            row_no += 1
            for col, value in enumerate(_detail_row(cell), start=1):
                _put(sheet, row_no, col, value)
            for col in (6, 7, 8):
                sheet.cell(row=row_no, column=col).number_format = NUMBER_FORMAT
            sheet.cell(row=row_no, column=10).fill = PatternFill(
                "solid", fgColor=FILLS[cell.status]
            )
    for index, width in enumerate((7, 40, 28, 10, 11, 12, 12, 12, 22, 20, 80), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def write_xlsx(grid: Grid, out: IO[bytes], *, filters: str, today: dt.date) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bảng chỉ tiêu"
    _head(sheet, grid, filters, today)
    _table(sheet, grid)
    _details(book.create_sheet("Đánh giá chi tiết"), grid)
    book.save(out)
