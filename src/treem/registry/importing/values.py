"""Reading the values people type into spreadsheets: dates in every common form, sex, yes/no."""

from __future__ import annotations

import datetime as dt
import re

from treem.core.text import fold
from treem.registry.validation import FieldProblem

_DMY = re.compile(r"^(\d{1,2})[/\-.\s](\d{1,2})[/\-.\s](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_FIX = "Ghi ngày theo dạng ngày/tháng/năm, ví dụ 05/09/2018."


def parse_date(value: object, field: str, today: dt.date) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float):
        return _excel_serial(float(value), field, str(value))
    text = str(value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) == 5:
        return _excel_serial(float(text), field, text)
    match = _DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year <= today.year % 100 else 1900
        if month > 12 and day <= 12:
            raise FieldProblem(
                field,
                f"Ngày '{text}' có tháng {month}: có lẽ tệp ghi theo dạng tháng/ngày/năm.",
                DATE_FIX,
            )
        return _make(year, month, day, field, text)
    match = _YMD.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        return _make(year, month, day, field, text)
    raise FieldProblem(field, f"Không đọc được ngày '{text}'.", DATE_FIX)


def _make(year: int, month: int, day: int, field: str, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldProblem(field, f"Ngày '{text}' không có thật trên lịch.", DATE_FIX) from None


def _excel_serial(serial: float, field: str, text: str) -> dt.date:
    if not 1 <= serial < 100000:
        raise FieldProblem(field, f"Không đọc được ngày '{text}'.", DATE_FIX)
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


_SEX = {
    "nam": "M", "m": "M", "male": "M", "trai": "M", "be trai": "M", "1": "M",
    "nu": "F", "f": "F", "female": "F", "gai": "F", "be gai": "F", "2": "F",
}  # fmt: skip


def parse_sex(value: object) -> str:
    text = fold(str(value or ""))
    sex = _SEX.get(text)
    if sex is None:
        raise FieldProblem(
            "sex",
            f"Không nhận ra giới tính '{value}'." if text else "Chưa ghi giới tính.",
            "Ghi 'Nam' hoặc 'Nữ'.",
        )
    return sex


_YES = {"co", "x", "1", "roi", "da", "da dang ky", "yes", "y", "true", "co dang ky"}
_NO = {"khong", "0", "chua", "chua dang ky", "no", "n", "false", "k"}


def parse_yes_no(value: object, field: str) -> bool | None:
    text = fold(str(value or ""))
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise FieldProblem(field, f"Không hiểu giá trị '{value}'.", "Ghi 'Có' hoặc 'Không'.")
