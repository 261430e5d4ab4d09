"""Matching a spreadsheet's header row to the template's columns, tolerating case, accents,
spacing, punctuation and the variants communes actually use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from treem.core.errors import Invalid
from treem.core.text import fold

# field -> (template header, other spellings)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": (
        "Họ và tên",
        ("Họ tên", "Họ và tên trẻ", "Họ tên trẻ", "Họ và tên trẻ em", "Tên trẻ", "Tên"),
    ),
    "birth_date": (
        "Ngày sinh",
        ("Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "NS", "Ngày/tháng/năm sinh", "Sinh ngày"),
    ),
    "sex": ("Giới tính", ("Giới", "Nam/Nữ", "GT", "Nam nữ")),
    "personal_id": (
        "Số định danh cá nhân",
        (
            "Số định danh",
            "Mã định danh",
            "Mã số định danh",
            "Số ĐDCN",
            "ĐDCN",
            "Số CCCD",
            "CCCD",
            "Số định danh cá nhân của trẻ",
        ),
    ),
    "ethnicity": ("Dân tộc", ("DT", "Dân tộc của trẻ")),
    "commune_code": (
        "Mã xã",
        ("Mã xã/phường", "Mã xã phường", "Mã đơn vị hành chính", "Mã ĐVHC", "Mã xã, phường"),
    ),
    "commune_name": (
        "Xã/Phường",
        ("Xã", "Phường", "Xã/phường/thị trấn", "Tên xã", "Xã, phường", "Xã/Phường/Đặc khu"),
    ),
    "province_name": (
        "Tỉnh/Thành phố",
        ("Tỉnh", "Tỉnh/TP", "Tỉnh, thành phố", "Thành phố", "Tỉnh/thành"),
    ),
    "village": (
        "Thôn/Tổ dân phố",
        (
            "Thôn",
            "Tổ dân phố",
            "Thôn/Tổ",
            "Thôn, tổ dân phố",
            "Ấp",
            "Bản",
            "Thôn/xóm",
            "Thôn/bản",
            "Khu phố",
        ),
    ),
    "address": ("Địa chỉ", ("Nơi ở hiện tại", "Địa chỉ thường trú", "Nơi cư trú")),
    "father": ("Họ tên cha", ("Họ và tên cha", "Tên cha", "Cha", "Họ tên bố", "Bố")),
    "mother": ("Họ tên mẹ", ("Họ và tên mẹ", "Tên mẹ", "Mẹ")),
    "carer": (
        "Người chăm sóc",
        ("Họ tên người chăm sóc", "Người giám hộ", "Người nuôi dưỡng", "Người chăm sóc chính"),
    ),
    "phone": ("Số điện thoại", ("Điện thoại", "SĐT", "ĐT", "Số ĐT", "Điện thoại liên hệ")),
    "groups": (
        "Hoàn cảnh đặc biệt",
        (
            "Nhóm hoàn cảnh đặc biệt",
            "HCĐB",
            "TE có HCĐB",
            "Trẻ em có hoàn cảnh đặc biệt",
            "Nhóm HCĐB",
        ),
    ),
    "birth_registered": (
        "Đăng ký khai sinh",
        ("Đã đăng ký khai sinh", "ĐKKS", "Khai sinh", "Đã ĐKKS"),
    ),
    "insurance": ("Thẻ BHYT", ("Số thẻ BHYT", "BHYT", "Mã thẻ BHYT", "Mã số BHYT")),
}
REQUIRED = ("full_name", "birth_date", "sex")
TEMPLATE_HEADERS = [header for header, _ in COLUMNS.values() if header != "Địa chỉ"]


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(str(text or "")))


_LOOKUP: dict[str, str] = {
    header_key(spelling): name
    for name, (header, variants) in COLUMNS.items()
    for spelling in (header, *variants)
}


@dataclass
class HeaderMap:
    """Column positions by field, and what was left unused (shown to the user)."""

    positions: dict[str, int]
    headers: list[str]
    ignored: list[str] = field(default_factory=list)

    def label(self, name: str) -> str:
        return self.headers[self.positions[name]]


def map_headers(row: list[str], *, commune_given: bool) -> HeaderMap:
    headers = [str(cell or "").strip() for cell in row]
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        name = _LOOKUP.get(header_key(header))
        if name is None or name in positions:
            if header:
                ignored.append(header)
            continue
        positions[name] = index
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in positions]
    has_commune = "commune_code" in positions or (
        "commune_name" in positions and "province_name" in positions
    )
    if not has_commune and not commune_given:
        missing.append("Mã xã (hoặc Xã/Phường và Tỉnh/Thành phố)")
    if missing:
        raise Invalid(
            f"Tệp thiếu cột bắt buộc: {', '.join(missing)}. Dòng tiêu đề đọc được: "
            f"{', '.join(h for h in headers if h) or '(trống)'}. Hãy dùng tệp mẫu và giữ "
            "nguyên dòng tiêu đề ở dòng đầu tiên.",
            code="missing_columns",
            details={"missing": missing},
        )
    return HeaderMap(positions=positions, headers=headers, ignored=ignored)
