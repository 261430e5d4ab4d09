"""The personal identification number (số định danh cá nhân): 12 digits PPP G YY RRRRRR.

PPP is the code of the province where the birth was registered (the 63 pre-2025 province codes,
zero-padded), G encodes century and sex, YY the last two digits of the birth year. There is no
check digit, so validation means checking the parts against each other and against the record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# The 63 province codes in use before the 2025 reorganisation (statistics-office codes).
LEGACY_PROVINCE_CODES: frozenset[str] = frozenset(
    f"{code:03d}"
    for code in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
    )
)
_DIGITS = re.compile(r"\d{12}")
_CENTURIES = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 2300}


@dataclass(frozen=True)
class IdProblem:
    """One disagreement. `part` names the piece of the number at fault so the message can say
    which digits to check."""

    part: str  # "format" | "province" | "sex" | "year"
    message: str
    is_error: bool = True


@dataclass(frozen=True)
class IdParts:
    province: str
    sex: str  # "M" | "F"
    birth_year: int
    serial: str


_SEPARATORS = re.compile(r"[\s.\-]")


def clean(raw: str) -> str:
    """Digits only: people type spaces, dots and dashes between groups."""
    raw = raw or ""
    return raw if raw.isdigit() else _SEPARATORS.sub("", raw)


def parse(number: str) -> IdParts | None:
    if not _DIGITS.fullmatch(number):
        return None
    gender_digit = int(number[3])
    century = _CENTURIES[gender_digit - gender_digit % 2]
    return IdParts(
        province=number[:3],
        sex="F" if gender_digit % 2 else "M",
        birth_year=century + int(number[4:6]),
        serial=number[6:],
    )


def check(
    number: str, *, sex: str | None = None, birth_date: dt.date | None = None
) -> list[IdProblem]:
    """Problems with `number` (already cleaned) for a child of this sex and date of birth.
    An unknown province prefix is only a warning: codes issued after 7/2025 are not known."""
    if _agrees(number, sex, birth_date):
        return []
    return _problems(number, sex, birth_date)


def _problems(number: str, sex: str | None, birth_date: dt.date | None) -> list[IdProblem]:
    parts = parse(number)
    if parts is None:
        return [
            IdProblem(
                "format",
                f"Số định danh cá nhân phải gồm đúng 12 chữ số; '{number}' có "
                f"{len(number)} ký tự{'' if number.isdigit() else ', có ký tự không phải số'}.",
            )
        ]
    problems: list[IdProblem] = []
    if parts.province not in LEGACY_PROVINCE_CODES:
        problems.append(
            IdProblem(
                "province",
                f"Ba số đầu '{parts.province}' không phải mã tỉnh nơi đăng ký khai sinh đã biết; "
                "hãy đối chiếu với thẻ căn cước hoặc giấy khai sinh.",
                is_error=False,
            )
        )
    if sex and sex != parts.sex:
        said = "nữ" if parts.sex == "F" else "nam"
        problems.append(
            IdProblem(
                "sex",
                f"Chữ số thứ 4 ('{number[3]}') của số định danh cho biết giới tính {said}, "
                f"khác với giới tính ghi trong hồ sơ. Kiểm tra lại giới tính hoặc số định danh.",
            )
        )
    if birth_date and birth_date.year != parts.birth_year:
        problems.append(
            IdProblem(
                "year",
                f"Chữ số thứ 4–6 ('{number[3:6]}') của số định danh cho biết năm sinh "
                f"{parts.birth_year}, khác với năm sinh {birth_date.year} trong hồ sơ. Kiểm "
                "tra lại ngày sinh hoặc số định danh.",
            )
        )
    return problems


def _agrees(number: str, sex: str | None, birth_date: dt.date | None) -> bool:
    """The common case, checked without building `IdParts`: 12 ASCII digits whose province,
    sex and year all agree. False means "look closer", not "wrong"."""
    if len(number) != 12 or not number.isdigit() or not number.isascii():
        return False
    if number[:3] not in LEGACY_PROVINCE_CODES:
        return False
    digit = ord(number[3]) - 48
    if sex and sex != ("F" if digit % 2 else "M"):
        return False
    year = _CENTURIES[digit - digit % 2] + int(number[4:6])
    return not birth_date or birth_date.year == year


def make(province: str, sex: str, birth_year: int, serial: int) -> str:
    """Build a number (for synthetic data and tests)."""
    century = birth_year // 100 * 100
    digit = {1900: 0, 2000: 2, 2100: 4}[century] + (1 if sex == "F" else 0)
    return f"{province}{digit}{birth_year % 100:02d}{serial:06d}"
