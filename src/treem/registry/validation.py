"""Field rules of the child record, shared by forms, the API and the importer.

Each `clean_*` takes what a person typed and returns the value treem stores, or raises
`FieldProblem` with a message that says what is wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from treem.core.text import fold, nfc, title_vi
from treem.registry.domain import ethnicities, idnumber
from treem.registry.models.child import CHILD_AGE_LIMIT


@dataclass
class FieldProblem(Exception):
    field: str
    message: str
    fix: str = ""
    is_error: bool = True

    def __str__(self) -> str:
        return f"{self.message} {self.fix}".strip()


_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")
_PHONE = re.compile(r"^0\d{9,10}$")
_INSURANCE = re.compile(r"^(?:[A-Z]{2}\d{13}|\d{10})$")


def clean_name(raw: str, field: str = "full_name", *, required: bool = True) -> str:
    name = title_vi(raw or "")
    if not name:
        if required:
            raise FieldProblem(field, "Chưa có họ và tên.", "Ghi đầy đủ họ, chữ đệm và tên.")
        return ""
    if len(name) > 120:
        raise FieldProblem(field, "Họ và tên dài quá 120 ký tự.", "Kiểm tra lại ô này.")
    if not _NAME_CHARS.match(name):
        raise FieldProblem(
            field,
            f"Họ và tên '{name}' có chữ số hoặc ký hiệu.",
            "Chỉ ghi chữ cái, dấu cách, dấu nháy hoặc gạch nối.",
        )
    return name


def name_key(name: str) -> str:
    return fold(name)


def check_birth_date(value: dt.date, today: dt.date, *, new_record: bool) -> None:
    if value > today:
        raise FieldProblem(
            "birth_date",
            f"Ngày sinh {value:%d/%m/%Y} ở tương lai.",
            "Kiểm tra lại ngày, tháng, năm sinh.",
        )
    if new_record and _age(value, today) >= CHILD_AGE_LIMIT:
        raise FieldProblem(
            "birth_date",
            f"Người sinh ngày {value:%d/%m/%Y} đã đủ {CHILD_AGE_LIMIT} tuổi, không còn là trẻ em.",
            "Kiểm tra lại năm sinh; chỉ đăng ký trẻ dưới 16 tuổi.",
        )


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def clean_personal_id(
    raw: str, *, sex: str | None, birth_date: dt.date | None
) -> tuple[str | None, list[FieldProblem]]:
    """The cleaned number and warnings; an error raises."""
    number = idnumber.clean(raw or "")
    if not number:
        return None, []
    warnings: list[FieldProblem] = []
    for problem in idnumber.check(number, sex=sex, birth_date=birth_date):
        item = FieldProblem(
            "personal_id", problem.message, "Đối chiếu với giấy khai sinh.", problem.is_error
        )
        if problem.is_error:
            raise item
        warnings.append(item)
    return number, warnings


def clean_phone(raw: str, field: str = "contact_phone") -> str:
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if not digits:
        return ""
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif len(digits) in (9, 10) and digits[0] in "35789" and not digits.startswith("0"):
        digits = "0" + digits  # Excel drops the leading zero of numbers stored as numbers
    if not _PHONE.match(digits):
        raise FieldProblem(
            field,
            f"Số điện thoại '{raw}' không đúng dạng.",
            "Ghi 10 chữ số bắt đầu bằng 0 (ví dụ 0912345678) hoặc dạng +84.",
        )
    return digits


def clean_insurance(raw: str) -> str:
    value = re.sub(r"\s", "", raw or "").upper()
    if value and not _INSURANCE.match(value):
        raise FieldProblem(
            "health_insurance_no",
            f"Số thẻ BHYT '{raw}' không đúng dạng.",
            "Ghi mã 15 ký tự trên thẻ (2 chữ cái và 13 chữ số, ví dụ TE1560123456789) hoặc "
            "mã số BHXH 10 chữ số.",
        )
    return value


def clean_ethnicity(raw: str) -> str:
    if not (raw or "").strip():
        return ethnicities.KINH
    code = ethnicities.ethnicity_code(raw)
    if code is None:
        raise FieldProblem(
            "ethnicity",
            f"Không nhận ra dân tộc '{raw}'.",
            "Ghi tên một trong 54 dân tộc (ví dụ Kinh, Tày, Ê-đê, Khơ-me) hoặc mã 01–54.",
        )
    return code


def clean_text(raw: str, limit: int, field: str) -> str:
    value = nfc(raw or "")
    if len(value) > limit:
        raise FieldProblem(field, f"Nội dung dài quá {limit} ký tự.", "Rút gọn nội dung.")
    return value
