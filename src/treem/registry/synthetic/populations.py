"""Who lives where, for synthetic children: ethnic mix by current province, the rates the
generator draws from, and each province's communes and hamlets. Communes come from the geo
reference CSV files (read with the csv module), so no database is needed.

The ethnic shares approximate the 2019 census shares of the pre-2025 provinces, weighted by
population into the 34 current provinces (e.g. Khánh Hòa = Khánh Hòa + Ninh Thuận). They are
rounded and meant to make demo data look realistic, not to be used as statistics.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import treem.geo
from treem.registry.domain.idnumber import LEGACY_PROVINCE_CODES

DATA_DIR = Path(treem.geo.__file__).parent / "data"

# Current province code -> (ethnicity code, percent) for the minorities; Kinh ("01") takes the
# remainder to 100.
# fmt: off
ETHNIC_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "01": (("06", 0.8), ("02", 0.2), ("04", 0.1), ("09", 0.1), ("07", 0.1), ("03", 0.1)),  # Hà Nội
    "04": (("02", 40), ("07", 31), ("08", 11), ("09", 10), ("15", 1), ("43", 0.5),
           ("04", 0.3)),  # Cao Bằng
    "08": (("02", 24), ("08", 18), ("09", 13), ("07", 5.5), ("15", 4), ("25", 1),
           ("18", 0.7), ("38", 0.8), ("46", 0.4), ("43", 0.2), ("51", 0.1), ("49", 0.1),
           ("40", 0.1), ("47", 0.1), ("04", 0.2)),  # Tuyên Quang + Hà Giang
    "11": (("03", 38), ("08", 35), ("29", 3), ("09", 1.1), ("35", 1), ("37", 0.9),
           ("33", 0.7), ("48", 0.3), ("50", 0.1), ("40", 0.2), ("04", 0.2)),  # Điện Biên
    "12": (("03", 33), ("08", 25), ("09", 13), ("35", 3.5), ("41", 2.3), ("25", 2.4),
           ("42", 1.3), ("45", 1.2), ("29", 1.2), ("33", 0.5), ("48", 0.1)),  # Lai Châu
    "14": (("03", 53), ("08", 16), ("06", 8), ("09", 2.5), ("34", 2.5), ("29", 1.3),
           ("33", 1), ("37", 0.5), ("39", 0.7), ("02", 0.3)),  # Sơn La
    "15": (("08", 18), ("02", 17), ("09", 12), ("03", 3.5), ("25", 2.2), ("07", 2),
           ("35", 0.8), ("40", 0.6), ("06", 0.6), ("38", 0.1), ("49", 0.1),
           ("04", 0.1)),  # Lào Cai + Yên Bái
    "19": (("02", 19), ("07", 6.5), ("09", 5.4), ("18", 3.2), ("15", 1.7), ("08", 1.9),
           ("04", 0.3), ("06", 0.3)),  # Thái Nguyên + Bắc Kạn
    "20": (("07", 41), ("02", 35), ("09", 3.5), ("15", 0.5), ("04", 0.3), ("08", 0.2)),
    "22": (("09", 5.6), ("02", 3.6), ("18", 1.6), ("15", 1.1), ("04", 0.5), ("07", 0.4)),
    "24": (("07", 2.6), ("02", 1.5), ("15", 1), ("18", 0.9), ("09", 0.9),
           ("04", 0.7)),  # Bắc Ninh + Bắc Giang
    "25": (("06", 21), ("03", 1), ("09", 1.2), ("18", 1.1), ("02", 0.8), ("08", 0.2),
           ("15", 0.3)),  # Phú Thọ + Vĩnh Phúc + Hòa Bình
    "31": (("04", 0.1), ("02", 0.05), ("06", 0.05)),
    "33": (("06", 0.05), ("02", 0.05), ("04", 0.05)),
    "37": (("06", 1.1), ("02", 0.05)),
    "38": (("06", 10.5), ("03", 6.4), ("08", 0.5), ("09", 0.2), ("29", 0.1), ("24", 0.1)),
    "40": (("03", 10.5), ("24", 2.2), ("29", 1.4), ("08", 1), ("53", 0.01)),  # Nghệ An
    "42": (("44", 0.05), ("37", 0.02)),
    "44": (("23", 4.9), ("31", 0.6), ("44", 0.25)),  # Quảng Trị + Quảng Bình
    "46": (("31", 1.8), ("26", 0.7), ("23", 0.2), ("04", 0.1)),
    "48": (("26", 2.7), ("14", 1.5), ("27", 0.9), ("30", 0.2), ("04", 0.1)),  # + Quảng Nam
    "51": (("14", 8.4), ("19", 6.6), ("13", 3.8), ("27", 2.6), ("30", 1.7), ("10", 1.5),
           ("52", 0.02), ("54", 0.03), ("06", 0.2), ("02", 0.2)),  # Quảng Ngãi + Kon Tum
    "52": (("10", 16.5), ("13", 6.8), ("02", 0.4), ("07", 0.4), ("19", 0.2), ("17", 0.1),
           ("06", 0.2), ("03", 0.2), ("09", 0.1)),  # Gia Lai + Bình Định
    "56": (("21", 5.9), ("17", 3.9), ("04", 0.5), ("16", 0.6), ("12", 0.2),
           ("36", 0.1)),  # Khánh Hòa + Ninh Thuận
    "66": (("12", 13.4), ("07", 2.7), ("02", 2.4), ("20", 1.6), ("08", 0.8), ("03", 0.7),
           ("09", 0.8), ("06", 0.6), ("10", 0.6), ("17", 0.8), ("13", 0.2),
           ("04", 0.1)),  # Đắk Lắk + Phú Yên
    "68": (("16", 5.2), ("20", 2.3), ("07", 2.1), ("02", 2), ("28", 1.4), ("17", 1.1),
           ("36", 0.8), ("04", 0.8), ("09", 1), ("08", 0.8), ("21", 0.6), ("03", 0.4),
           ("12", 0.1), ("06", 0.2)),  # Lâm Đồng + Đắk Nông + Bình Thuận
    "75": (("04", 3.6), ("22", 2.2), ("07", 1.6), ("02", 1), ("05", 0.6), ("32", 0.5),
           ("20", 0.2), ("06", 0.2), ("09", 0.1), ("03", 0.1), ("28", 0.1)),  # + Bình Phước
    "79": (("04", 2.6), ("05", 0.5), ("32", 0.1), ("02", 0.1), ("07", 0.1), ("06", 0.1),
           ("17", 0.1)),  # Hồ Chí Minh + Bình Dương + Bà Rịa - Vũng Tàu
    "80": (("05", 0.4), ("04", 0.2), ("17", 0.15)),  # Tây Ninh + Long An
    "82": (("04", 0.1), ("05", 0.05)),  # Đồng Tháp + Tiền Giang
    "86": (("05", 10.5), ("04", 0.3)),  # Vĩnh Long + Bến Tre + Trà Vinh
    "91": (("05", 8.2), ("04", 1.4), ("17", 0.3)),  # An Giang + Kiên Giang
    "92": (("05", 12.6), ("04", 2.8)),  # Cần Thơ + Sóc Trăng + Hậu Giang
    "96": (("05", 4.4), ("04", 1.7)),  # Cà Mau + Bạc Liêu
}
# fmt: on

# Region decides Hoàng/Huỳnh and Vũ/Võ, and hamlet naming ("Tổ dân phố" vs "Khu phố", "Ấp").
NORTH, CENTRAL, SOUTH = 0, 1, 2


def region(province: str) -> int:
    code = int(province)
    if code <= 38:
        return NORTH
    return CENTRAL if code <= 68 else SOUTH


# Northern upland provinces where hamlets are "Bản"; Central Highlands ones with "Buôn"/"Làng".
UPLAND_NORTH = frozenset({"04", "08", "11", "12", "14", "15", "20"})
HIGHLANDS = frozenset({"52", "66", "68"})

# Sex ratio at birth: about 111 boys per 100 girls.
MALE_SHARE = 111 / 211

# Special circumstances (group letter -> percent of all children). `YOUNG_EXCLUDED` groups do
# not occur before 10 (dropping out to work, law violations, drugs, labour exploitation).
CIRCUMSTANCE_RATE = 0.055
CIRCUMSTANCE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("d", 2.0), ("n", 0.6), ("c", 0.5), ("e", 0.4), ("h", 0.35), ("i", 0.35), ("a", 0.3),
    ("l", 0.3), ("k", 0.2), ("b", 0.15), ("o", 0.15), ("đ", 0.1), ("g", 0.05), ("m", 0.05),
)  # fmt: skip
YOUNG_EXCLUDED = frozenset({"h", "e", "g", "k"})
SECOND_GROUP_RATE = 0.03

# Birth registration: lower among minorities and for infants still within the 60-day window.
REGISTERED_KINH = 0.992
REGISTERED_MINORITY = 0.95
REGISTERED_INFANT = 0.70
INFANT_DAYS = 60
ID_RATE = 0.90  # registered children with an ID number
ID_OTHER_PROVINCE_RATE = 0.01
PHONE_RATE = 0.85
FATHER_UNKNOWN_RATE = 0.04
MOTHER_UNKNOWN_RATE = 0.004
CAREGIVER_RATE = 0.07  # grandparent or relative named although parents are known

# Mobile prefixes by network with rough market shares (Viettel, VinaPhone, MobiFone, others).
PHONE_PREFIXES: tuple[tuple[str, float], ...] = (
    ("086", 4), ("096", 8), ("097", 9), ("098", 9), ("032", 3), ("033", 3), ("034", 3),
    ("035", 3), ("036", 3), ("037", 3), ("038", 3), ("039", 3),
    ("088", 3), ("091", 6), ("094", 5), ("081", 2), ("082", 2), ("083", 2), ("084", 2),
    ("085", 2),
    ("089", 2), ("090", 5), ("093", 4), ("070", 2), ("076", 1), ("077", 1), ("078", 1),
    ("079", 1),
    ("092", 1), ("056", 0.5), ("058", 0.5), ("099", 0.3), ("059", 0.3), ("087", 0.5),
    ("055", 0.2), ("052", 0.2),
)  # fmt: skip

# Health-insurance card (thẻ BHYT): object code + benefit level. Under-6s get "TE1" free;
# older children are mostly covered at school ("HS4"), some through the household ("GD4"),
# poverty ("HN2", "CN3"), minority status in difficult areas ("DT2") or social protection
# ("BT2").
BHYT_UNDER6 = 0.92
BHYT_UNDER6_UNREGISTERED = 0.5
BHYT_OLDER: tuple[tuple[str, float], ...] = (
    ("HS4", 66), ("GD4", 10), ("HN2", 3), ("CN3", 3), ("", 18),
)  # fmt: skip
BHYT_OLDER_MINORITY: tuple[tuple[str, float], ...] = (
    ("DT2", 45), ("HS4", 30), ("HN2", 10), ("CN3", 3), ("", 12),
)  # fmt: skip
BHYT_PROTECTED = "BT2"

# fmt: off
# Hamlet names. Lowland villages take auspicious Sino-Vietnamese compounds; northern uplands
# use Tày-Thái place words (nà = rice field, nậm/huổi = stream, pá = forest...).
HAMLET_FIRST: tuple[str, ...] = (
    "Phú", "An", "Tân", "Đông", "Tây", "Nam", "Bắc", "Trung", "Vĩnh", "Hòa", "Phước", "Thạnh",
    "Mỹ", "Long", "Bình", "Xuân", "Hưng", "Thái", "Thượng", "Hạ", "Lộc", "Văn",
)
HAMLET_SECOND: tuple[str, ...] = (
    "Lộc", "Bình", "Hòa", "Thành", "Lợi", "Phú", "An", "Hưng", "Thịnh", "Tiến", "Mỹ", "Đông",
    "Tây", "Nam", "Bắc", "Trung", "Long", "Hải", "Sơn", "Thủy", "Xuân", "Điền",
)
UPLAND_FIRST: tuple[str, ...] = (
    "Nà", "Nậm", "Huổi", "Pá", "Phiêng", "Co", "Khe", "Lũng", "Pác", "Khuổi", "Bó", "Cốc",
)
UPLAND_SECOND: tuple[str, ...] = (
    "Pục", "Lèng", "Khoang", "Cang", "Luông", "Vai", "Mường", "Sáng", "Pàn", "Tỉnh", "Hẹ",
    "Lìu", "Mo", "Xa", "Chè", "Cạn",
)
HIGHLAND_NAMES: tuple[str, ...] = (
    "Ea Kmar", "Kô Siêr", "Ako Dhông", "Tơng Jú", "Cuôr Đăng", "Ea Bông", "Kram", "Dhă Prông",
    "Pơng Drang", "Ia Băng", "Đê Rơn", "Kép", "Ơi", "Bông Hanh", "Ia Mơ", "K'Long", "Đạ Tẻh",
    "Bu Prăng",
)
KHMER_HAMLETS: tuple[str, ...] = (
    "Sóc Ruộng", "Sóc Xoài", "Phum Thom", "Ô Rồm", "Trà Kha", "Sóc Ven", "Ba Se", "Ô Chum",
    "Kom Pong", "Sà Lôn",
)
# fmt: on


def hamlets(rng: random.Random, province: str, kind: str) -> tuple[str, ...]:
    """A plausible list of hamlets (thôn, tổ dân phố, ấp, bản, buôn) for one commune."""
    area = region(province)
    count = rng.randint(6, 18)
    if kind == "phuong":
        label = "Khu phố" if area == SOUTH else "Tổ dân phố"
        return tuple(f"{label} {i}" for i in range(1, count + 1))
    lowland = [f"{a} {b}" for a in HAMLET_FIRST for b in HAMLET_SECOND if a != b]
    if area == SOUTH:
        label, pool = "Ấp", lowland
        if province in ("86", "91", "92", "96"):  # Khmer areas: about a third are sóc names
            pool = lowland + list(KHMER_HAMLETS) * 20
    elif province in UPLAND_NORTH:
        label, pool = "Bản", [f"{a} {b}" for a in UPLAND_FIRST for b in UPLAND_SECOND]
    elif province in HIGHLANDS and rng.random() < 0.5:
        label, pool = ("Làng" if province == "52" else "Buôn"), list(HIGHLAND_NAMES)
    else:
        label = "Xóm" if province in ("40", "42") and rng.random() < 0.5 else "Thôn"
        pool = lowland
    if rng.random() < 0.45:  # many communes simply number their hamlets
        return tuple(f"{label} {i}" for i in range(1, count + 1))
    chosen: list[str] = []
    while len(chosen) < min(count, len(set(pool))):
        name = rng.choice(pool)
        if name not in chosen:
            chosen.append(name)
    return tuple(f"{label} {name}" for name in chosen)


class UnknownProvince(ValueError):
    """The code is not a current (post-2025) province code."""


@dataclass(frozen=True)
class ProvinceReference:
    """What the generator needs to know about one current province, per commune (same order)."""

    code: str
    name: str
    communes: tuple[str, ...]
    kinds: tuple[str, ...]  # xa | phuong | dac_khu
    legacy_provinces: tuple[str, ...]  # 3-digit ID prefix: the legacy province it mostly came from
    neighbours: tuple[int, ...]  # index of the nearest other commune
    other_legacy: tuple[str, ...]  # legacy provinces that did not go into this one


def _read(name: str) -> Iterator[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@cache
def provinces() -> dict[str, str]:
    """Current province code -> name, from the reference file."""
    return {
        row["code"]: row["name"]
        for row in _read("units.csv")
        if row["version"] == "current" and row["level"] == "province"
    }


@cache
def province_reference(province: str) -> ProvinceReference:
    if province not in provinces():
        raise UnknownProvince(province)
    communes: list[tuple[str, str, float | None, float | None]] = []
    district_province: dict[str, str] = {}
    for row in _read("units.csv"):
        if row["version"] == "current" and row["level"] == "commune":
            if row["parent_code"] == province:
                lat, lon = row["latitude"], row["longitude"]
                coords = (float(lat), float(lon)) if lat and lon else (None, None)
                communes.append((row["code"], row["kind"], *coords))
        elif row["version"] == "legacy" and row["level"] == "district":
            district_province[row["code"]] = row["parent_code"]
    communes.sort()
    codes = {code for code, *_ in communes}
    # Legacy communes (or island districts) each current commune came from.
    sources: dict[str, list[str]] = {}
    mine: set[str] = set()
    for row in _read("successions.csv"):
        if row["to_level"] == "commune" and row["to_code"] in codes:
            sources.setdefault(row["to_code"], []).append(row["from_level"][0] + row["from_code"])
        elif row["from_level"] == "province" and row["to_code"] == province:
            mine.add(row["from_code"])
    wanted = {source[1:] for found in sources.values() for source in found if source[0] == "c"}
    commune_district = {
        row["code"]: row["parent_code"]
        for row in _read("units.csv")
        if row["version"] == "legacy" and row["level"] == "commune" and row["code"] in wanted
    }
    fallback = province if province in mine else min(mine)
    legacy: list[str] = []
    for code, *_ in communes:
        counts: dict[str, int] = {}
        for source in sources.get(code, ()):
            district = commune_district.get(source[1:]) if source[0] == "c" else source[1:]
            if district in district_province:
                found = district_province[district]
                counts[found] = counts.get(found, 0) + 1
        # Most frequent source province; ties to the smaller code so the choice is stable.
        best = min(counts.items(), key=lambda item: (-item[1], item[0]))[0] if counts else fallback
        legacy.append(f"{int(best):03d}")
    mine3 = {f"{int(code):03d}" for code in mine}
    return ProvinceReference(
        code=province,
        name=provinces()[province],
        communes=tuple(code for code, *_ in communes),
        kinds=tuple(kind for _, kind, *_ in communes),
        legacy_provinces=tuple(legacy),
        neighbours=_nearest([(lat, lon) for _, _, lat, lon in communes]),
        other_legacy=tuple(sorted(LEGACY_PROVINCE_CODES - mine3)),
    )


def _nearest(points: Sequence[tuple[float | None, float | None]]) -> tuple[int, ...]:
    """Index of the nearest other point; the next commune by code when coordinates are missing."""
    result: list[int] = []
    count = len(points)
    for i, (lat, lon) in enumerate(points):
        best, best_distance = (i + 1) % count, math.inf
        if lat is not None and lon is not None:
            scale = math.cos(math.radians(lat))
            for j, (lat2, lon2) in enumerate(points):
                if j != i and lat2 is not None and lon2 is not None:
                    distance = (lat - lat2) ** 2 + ((lon - lon2) * scale) ** 2
                    if distance < best_distance:
                        best, best_distance = j, distance
        result.append(best)
    return tuple(result)
