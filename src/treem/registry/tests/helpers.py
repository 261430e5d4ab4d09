"""Building small import files for tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from treem.registry.domain import idnumber

HEADER = [
    "Họ và tên", "Ngày sinh", "Giới tính", "Số định danh cá nhân", "Dân tộc", "Mã xã",
    "Thôn/Tổ dân phố", "Họ tên cha", "Họ tên mẹ", "Người chăm sóc", "Số điện thoại",
    "Hoàn cảnh đặc biệt", "Đăng ký khai sinh", "Thẻ BHYT",
]  # fmt: skip
COMMUNE_A = "22366"
COMMUNE_B = "22453"


def row(
    name: str = "Nguyễn Thị Hương",
    born: str = "05/09/2018",
    sex: str = "Nữ",
    pid: str | None = None,
    commune: str = COMMUNE_A,
    **extra: str,
) -> dict[str, str]:
    values = {
        "Họ và tên": name,
        "Ngày sinh": born,
        "Giới tính": sex,
        "Số định danh cá nhân": pid or "",
        "Dân tộc": "Kinh",
        "Mã xã": commune,
        "Thôn/Tổ dân phố": "",
        "Họ tên cha": "",
        "Họ tên mẹ": "",
        "Người chăm sóc": "",
        "Số điện thoại": "",
        "Hoàn cảnh đặc biệt": "",
        "Đăng ký khai sinh": "Có",
        "Thẻ BHYT": "",
    }
    values.update(extra)
    return values


def sample_rows(count: int, commune: str = COMMUNE_A) -> list[dict[str, str]]:
    """`count` distinct children with valid ID numbers."""
    given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Linh", "Minh", "Ngọc"]
    rows = []
    for i in range(count):
        sex = "Nam" if i % 2 else "Nữ"
        year = 2012 + i % 12
        born = f"{1 + i % 28:02d}/{1 + i % 12:02d}/{year}"
        pid = idnumber.make("056", "M" if sex == "Nam" else "F", year, 100000 + i)
        name = f"Trần {'Văn' if sex == 'Nam' else 'Thị'} {given[i % 10]} {chr(65 + i // 10 % 26)}"
        rows.append(row(name=name, born=born, sex=sex, pid=pid, commune=commune))
    return rows


def write_csv(
    path: Path, rows: list[dict[str, Any]], *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Path:
    buffer = io.StringIO()
    header = list(rows[0]) if rows else HEADER
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    text = buffer.getvalue()
    if encoding == "cp1258":
        text = cp1258_safe(text)
    path.write_bytes(text.encode(encoding))
    return path


def cp1258_safe(text: str) -> str:
    """Windows-1258 has single bytes for some accented letters and combining tone marks for
    the rest: decompose only the letters it cannot hold, as Windows does."""
    import unicodedata

    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
            out.append(char)
        except UnicodeEncodeError:
            out.append(_cp1258_char(char))
    return "".join(out)


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


def _cp1258_char(char: str) -> str:
    import unicodedata

    letter, *marks = unicodedata.normalize("NFD", char)
    for attached in ["", *marks]:
        rest = list(marks)
        if attached:
            rest.remove(attached)
        candidate = unicodedata.normalize("NFC", letter + attached) + "".join(rest)
        try:
            candidate.encode("cp1258")
            return candidate
        except UnicodeEncodeError:
            continue
    raise ValueError(f"cannot write {char!r} in Windows-1258")
