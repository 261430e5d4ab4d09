"""Finding the current commune a row belongs to, from a code or from names, current or
legacy. A legacy commune split between several new ones is never guessed: the row is
flagged with the candidates for the officer to choose."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from treem.core.text import fold
from treem.geo.models import Level, Succession, Unit, Version
from treem.registry.validation import FieldProblem

_PREFIXES = re.compile(r"^(xa|phuong|thi tran|dac khu|tinh|thanh pho|tp\.?)\s+")


@dataclass(frozen=True)
class Commune:
    id: int
    code: str
    path: str
    province_code: str
    full_name: str


def place_key(name: str) -> str:
    """'Phường Nha Trang' and 'nha trang' give the same key; 'TP. Hồ Chí Minh' → 'ho chi minh'."""
    key = fold(name).replace("tp.", "thanh pho ").replace("  ", " ").strip()
    while True:
        stripped = _PREFIXES.sub("", key)
        if stripped == key:
            return key
        key = stripped


class CommuneResolver:
    """Loads the reference units once per import (a few thousand rows) and answers from memory."""

    def __init__(self, *, legacy_codes: bool = False) -> None:
        self.legacy_codes = legacy_codes

    @cached_property
    def _current(self) -> dict[str, Commune]:
        return {
            code: Commune(pk, code, path, province, full_name)
            for pk, code, path, province, full_name in Unit.objects.filter(
                version=Version.CURRENT, level=Level.COMMUNE
            ).values_list("pk", "code", "path", "province_code", "full_name")
        }

    @cached_property
    def _by_id(self) -> dict[int, Commune]:
        return {commune.id: commune for commune in self._current.values()}

    @cached_property
    def _legacy(self) -> dict[str, tuple[str, list[int]]]:
        """Legacy commune code -> (full name, ids of current successors)."""
        names = dict(
            Unit.objects.filter(version=Version.LEGACY, level=Level.COMMUNE).values_list(
                "code", "full_name"
            )
        )
        successors: dict[str, list[int]] = {code: [] for code in names}
        for code, successor in Succession.objects.filter(
            predecessor__version=Version.LEGACY, predecessor__level=Level.COMMUNE
        ).values_list("predecessor__code", "successor_id"):
            successors.setdefault(code, []).append(successor)
        return {code: (names.get(code, code), ids) for code, ids in successors.items()}

    @cached_property
    def _names(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(province key, commune key) -> [(version, code)] for current and legacy communes."""
        index: dict[tuple[str, str], list[tuple[str, str]]] = {}
        provinces = {
            (version, code): place_key(name)
            for version, code, name in Unit.objects.filter(level=Level.PROVINCE).values_list(
                "version", "code", "name"
            )
        }
        for version, code, name, province in Unit.objects.filter(level=Level.COMMUNE).values_list(
            "version", "code", "name", "province_code"
        ):
            key = (provinces.get((version, province), ""), place_key(name))
            index.setdefault(key, []).append((version, code))
        return index

    def preload(self, *, names: bool) -> None:
        """Load every table the lookups may need now, in the calling thread, so that the
        validating thread never queries the database (see `stream`)."""
        _ = self._current, self._by_id
        if self.legacy_codes or names:
            _ = self._legacy
        if names:
            _ = self._names

    def by_id(self, pk: int) -> Commune:
        return self._by_id[pk]

    def by_code(self, raw: str) -> tuple[Commune, str | None]:
        """The commune and, when mapped from a legacy code, a note saying so."""
        code = re.sub(r"\D", "", raw).zfill(5)
        if not self.legacy_codes:
            commune = self._current.get(code)
            if commune is None:
                raise FieldProblem(
                    "commune_code",
                    f"Không có xã/phường hiện hành mã '{raw}'.",
                    "Ghi mã xã 5 chữ số sau sắp xếp 01/7/2025 (xem trang Đơn vị hành chính), "
                    "hoặc chọn 'tệp dùng mã cũ' nếu tệp ghi mã trước 7/2025.",
                )
            return commune, None
        return self._from_legacy(code, raw)

    def _from_legacy(self, code: str, raw: str) -> tuple[Commune, str]:
        entry = self._legacy.get(code)
        if entry is None:
            raise FieldProblem(
                "commune_code",
                f"Không có xã/phường cũ (trước 7/2025) mã '{raw}'.",
                "Kiểm tra lại mã xã.",
            )
        name, successors = entry
        if len(successors) != 1:
            options = "; ".join(
                f"{self._by_id[pk].full_name} (mã {self._by_id[pk].code})" for pk in successors
            )
            raise FieldProblem(
                "commune_code",
                f"{name} (mã cũ {code}) đã được chia cho nhiều xã/phường mới: {options}.",
                "Ghi mã xã mới đúng với nơi trẻ đang ở.",
            )
        commune = self._by_id[successors[0]]
        return commune, f"{name} (mã cũ {code}) nay là {commune.full_name}."

    def by_name(self, commune: str, province: str) -> tuple[Commune, str | None]:
        found = self._names.get((place_key(province), place_key(commune)), [])
        current = [code for version, code in found if version == Version.CURRENT]
        if len(current) == 1:
            return self._current[current[0]], None
        legacy = [code for version, code in found if version == Version.LEGACY]
        if len(current) > 1 or len(legacy) > 1:
            raise FieldProblem(
                "commune_name",
                f"Có nhiều xã/phường tên '{commune}' ở {province}.",
                "Ghi thêm cột 'Mã xã' để phân biệt.",
            )
        if len(legacy) == 1:
            return self._from_legacy(legacy[0], commune)
        raise FieldProblem(
            "commune_name",
            f"Không tìm thấy xã/phường '{commune}' thuộc '{province}'.",
            "Kiểm tra chính tả tên xã và tỉnh (tên hiện hành hoặc trước 7/2025), hoặc ghi cột "
            "'Mã xã'.",
        )
