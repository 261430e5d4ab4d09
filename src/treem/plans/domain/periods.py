"""Reporting periods, coded as DHIS2 does: '2025' for a year, '2025S1'/'2025S2' for halves.

A period code is the key; its dates are derived, never stored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_CODE = re.compile(r"^(\d{4})(?:S([12]))?$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    half: int | None = None  # None: the whole year

    @classmethod
    def parse(cls, code: str) -> Period:
        match = _CODE.match(code.strip().upper())
        if match is None:
            raise PeriodError(
                f"Kỳ '{code}' không hợp lệ: dùng năm (2025) hoặc nửa năm (2025S1, 2025S2)."
            )
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            raise PeriodError(f"Năm {year} nằm ngoài khoảng 2000–2100.")
        half = int(match.group(2)) if match.group(2) else None
        return cls(year, half)

    @property
    def code(self) -> str:
        return f"{self.year}S{self.half}" if self.half else str(self.year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        if self.half == 1:
            return f"6 tháng đầu năm {self.year}"
        if self.half == 2:
            return f"6 tháng cuối năm {self.year}"
        return f"Năm {self.year}"

    def __str__(self) -> str:
        return self.code


def period_of(day: dt.date, *, half: bool = False) -> Period:
    if not half:
        return Period(day.year)
    return Period(day.year, 1 if day.month <= 6 else 2)


def years(first: int, last: int) -> list[Period]:
    return [Period(y) for y in range(first, last + 1)]
