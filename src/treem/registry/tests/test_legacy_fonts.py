"""Legacy Vietnamese fonts (TCVN3/ABC and VNI): tables, conversion and detection."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

from treem.registry.importing import legacy_fonts
from treem.registry.importing.legacy_fonts import TCVN3, VNI, convert, detect, detect_many, encode

NAMES = [
    "Nguyễn Thị Hương",
    "Trần Đức Thắng",
    "Lê Thị Thủy",
    "Phạm Quốc Bảo",
    "Huỳnh Ngọc Ánh",
    "Đặng Thị Yến",
    "Bùi Văn Lực",
    "Võ Thị Mỹ Hạnh",
    "Hồ Sỹ Tuấn",
    "Nguyễn Văn Đức",
    "Trương Thị Ngọc Diệp",
    "Đỗ Quang Vinh",
    "Ngô Thị Thu Trang",
    "Dương Minh Khôi",
    "Lý Gia Hân",
    "Vũ Hoàng Long",
    "Phan Thị Kiều Oanh",
    "Lương Thế Vinh",
    "Đinh Tiến Dũng",
    "Tạ Thị Ngọc Quỳnh",
    "Hoàng Thị Lan Anh",
    "Mai Xuân Trường",
    "Châu Thị Diễm My",
    "Ưng Hoàng Phúc",
    "Xã Cam Lâm",
    "Phường Nha Trang",
    "Khánh Hòa",
    "Đắk Lắk",
    "Thừa Thiên Huế",
    "Thôn Phú Hữu",
    "Huyện Cam Lâm",
    "Tỉnh Quảng Ngãi",
    "Thành phố Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu",
    "Cần Thơ",
    "Hà Nội",
    "Nghệ An",
    "Buôn Ma Thuột",
    "Ấp Bình Thạnh",
    "Ơn Thị Ước",
]

FOREIGN = [
    "José Müller",
    "François Dupont",
    "Søren Kierkegaard",
    "Zoë Saldaña",
    "Björn Borg",
    "Loïc",
    "Loïc Rémy",
    "Raphaël Varane",
    "João Falcão",
    "Gómez Núñez",
    "Noël Straße",
    "Åsa Jönsson",
    "Hélène Thérèse",
    "Mãe",
]

LOWER = "ăâêôơưđ" + "".join(
    unicodedata.normalize("NFC", v + t)
    for v in "aăâeêioôơuưy"
    for t in ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
)


def test_tables_cover_all_134_letters():
    letters = LOWER + LOWER.upper()
    assert len(set(letters)) == 134
    for encoding in (TCVN3, VNI):
        encoded = {encode(ch, encoding) for ch in LOWER}
        assert len(encoded) == 67, encoding  # no two lowercase letters share a code
        for ch in letters:
            assert convert(encode(ch, encoding), encoding).lower() == ch.lower()


def test_tcvn3_capitals_of_base_letters_have_their_own_codes():
    assert encode("ĂÂÊÔƠƯĐ", TCVN3) == "¡¢£¤¥¦§"
    assert encode("ăâêôơưđ", TCVN3) == "¨©ª«¬\xad®"
    assert encode("Ấ", TCVN3) == encode("ấ", TCVN3) == "Ê"  # .VnTimeH used the lowercase code


@pytest.mark.parametrize(
    ("legacy", "encoding", "unicode"),
    [
        ("NguyÔn V¨n §øc", TCVN3, "Nguyễn Văn Đức"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", TCVN3, "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", TCVN3, "Độc lập - Tự do - Hạnh phúc"),
        ("Tr\xadêng TiÓu häc", TCVN3, "Trường Tiểu học"),
        ("Nguyeãn Vaên Ñöùc", VNI, "Nguyễn Văn Đức"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNI, "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", VNI, "Độc lập - Tự do - Hạnh phúc"),
        ("Thaønh phoá Hoà Chí Minh", VNI, "Thành phố Hồ Chí Minh"),
        ("Tröôøng Tieåu hoïc", VNI, "Trường Tiểu học"),
    ],
)
def test_known_vectors(legacy, encoding, unicode):
    assert detect(legacy) == encoding
    assert convert(legacy, encoding) == unicode


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("name", NAMES)
def test_round_trip(name, encoding):
    legacy = encode(name, encoding)
    assert legacy != name
    assert detect(legacy) == encoding
    converted = convert(legacy, encoding)
    assert converted == name
    assert unicodedata.is_normalized("NFC", converted)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("name", ["NGUYỄN THỊ HƯƠNG", "HỒ SỸ TUẤN", "ĐẮK LẮK", "ẤP BÌNH THẠNH"])
def test_round_trip_all_capitals(name, encoding):
    legacy = encode(name, encoding)
    assert detect(legacy) == encoding
    assert convert(legacy, encoding) == name


def test_tcvn3_case_of_toned_capital_only_guessed_from_context():
    legacy = encode("Ánh", TCVN3)
    assert convert(legacy, TCVN3) == "ánh"  # nothing to tell a capital from a small letter
    assert convert(encode("học sinh Ánh", TCVN3), TCVN3) == "học sinh ánh"  # not title case


@pytest.mark.parametrize("name", NAMES)
def test_unicode_names_are_not_legacy(name):
    assert detect(name) is None
    assert detect(name.upper()) is None
    assert detect(unicodedata.normalize("NFD", name)) is None


@pytest.mark.parametrize(
    "text", [*FOREIGN, "Nguyen Van An", "", "12/05/2019", "Tran Thi B, 0912 345 678"]
)
def test_ascii_and_foreign_names_are_not_legacy(text):
    assert detect(text) is None


def test_detect_many_by_majority():
    tcvn3_rows = [encode(name, TCVN3) for name in NAMES[:10]]
    assert detect_many(tcvn3_rows) == TCVN3
    assert detect_many([encode(name, VNI) for name in NAMES[:10]]) == VNI
    assert detect_many(NAMES) is None
    assert detect_many(NAMES + FOREIGN + ["Nguyen Van An"] * 50) is None
    # A few legacy cells among many Unicode ones lose the vote.
    assert detect_many(NAMES * 3 + tcvn3_rows[:3]) is None
    # A handful of foreign names in a legacy file do not change the answer.
    assert detect_many(tcvn3_rows + FOREIGN[:3]) == TCVN3


def test_detect_many_needs_a_minimum():
    rows = [encode("Lê Văn", TCVN3)]
    assert detect_many(rows) is None
    assert detect_many(rows, min_count=1) == TCVN3
    assert detect_many(iter([])) is None


def test_convert_keeps_other_characters():
    assert convert("Lớp 5A, 12/05/2019 (x· Cam L©m)", TCVN3) == "Lớp 5A, 12/05/2019 (xã Cam Lâm)"
    assert convert("Nguyen Van An 123", VNI) == "Nguyen Van An 123"


def test_vni_modifier_in_other_case():
    assert convert("NGUYEãN", VNI) == "NGUYỄN"
    assert convert("ÑÖÙC", VNI) == "ĐỨC"


def test_encode_rejects_what_the_font_cannot_show():
    with pytest.raises(ValueError, match="cannot be written"):
        encode("Müller", TCVN3)
    with pytest.raises(ValueError, match="unknown"):
        encode("An", "vps")
    with pytest.raises(ValueError, match="unknown"):
        convert("An", "utf-8")


@pytest.mark.parametrize(
    "word",
    ["nguyễn", "Huỳnh", "khuya", "quốc", "giữa", "gì", "thuở", "khỏe", "xoong", "Đắk", "yến",
     "Quỳnh", "nghiêng", "chuyện", "oanh", "ươm", "ngoằn", "khuỷu", "tuấn", "lý"],
)  # fmt: skip
def test_syllables(word):
    assert legacy_fonts.is_syllable(word)


@pytest.mark.parametrize(
    "word", ["müller", "josộ", "nguyeón", "vaờn", "đat", "hoàngg", "lắng̀", "dỹc", "xyz"]
)
def test_not_syllables(word):
    assert not legacy_fonts.is_syllable(word)


def _reference_place_names() -> list[str]:
    path = Path(__file__).resolve().parents[2] / "geo" / "data" / "units.csv"
    with path.open(encoding="utf-8", newline="") as file:
        return sorted({row["name"] for row in csv.DictReader(file) if not row["name"].isascii()})


def test_reference_place_names():
    """Every administrative unit name: never taken for a legacy font as it is; encoded, always
    converted back (TCVN3 may lose the case of a capital with a tone) and recognised by file."""
    names = _reference_place_names()
    assert len(names) > 5000
    assert [name for name in names if detect(name) or detect(name.upper())] == []
    for encoding in (TCVN3, VNI):
        encoded = [encode(name, encoding) for name in names]
        for name, legacy in zip(names, encoded, strict=True):
            converted = convert(legacy, encoding)
            if encoding == TCVN3:
                assert converted.lower() == name.lower()
            else:
                assert converted == name
        for start in range(0, len(encoded) - 200, 997):
            assert detect_many(encoded[start : start + 200]) == encoding
            assert detect_many(names[start : start + 200]) is None
