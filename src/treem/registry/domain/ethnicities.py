"""The 54 ethnic groups of Viet Nam with the statistics office's codes (Danh mục các dân tộc
Việt Nam, Quyết định 121-TCTK/PPCĐ), plus the spellings people actually type."""

from __future__ import annotations

from functools import cache

from treem.core.text import fold

# (code, official name, other spellings seen in commune spreadsheets)
ETHNICITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("01", "Kinh", ("Việt",)),
    ("02", "Tày", ()),
    ("03", "Thái", ()),
    ("04", "Hoa", ("Hán",)),
    ("05", "Khơ-me", ("Khmer", "Khơ me", "Khơme", "Miên")),
    ("06", "Mường", ()),
    ("07", "Nùng", ()),
    ("08", "Hmông", ("H'Mông", "H Mông", "Mông", "Mèo")),
    ("09", "Dao", ("Dao đỏ", "Dao tiền")),
    ("10", "Gia-rai", ("Gia Rai", "Jrai", "Giarai")),
    ("11", "Ngái", ()),
    ("12", "Ê-đê", ("Ê Đê", "Ede", "Rhade")),
    ("13", "Ba-na", ("Ba Na", "Bahnar")),
    ("14", "Xơ-đăng", ("Xơ Đăng", "Sedang")),
    ("15", "Sán Chay", ("Cao Lan", "Sán Chỉ")),
    ("16", "Cơ-ho", ("Cơ Ho", "Koho", "K'Ho")),
    ("17", "Chăm", ("Chàm", "Cham")),
    ("18", "Sán Dìu", ()),
    ("19", "Hrê", ("H'rê", "Hre")),
    ("20", "Mnông", ("M'Nông", "Mơ Nông")),
    ("21", "Ra-glai", ("Raglai", "Ra Glai")),
    ("22", "Xtiêng", ("X'tiêng", "Stiêng")),
    ("23", "Bru-Vân Kiều", ("Bru Vân Kiều", "Vân Kiều", "Bru")),
    ("24", "Thổ", ()),
    ("25", "Giáy", ()),
    ("26", "Cơ-tu", ("Cơ Tu", "Katu")),
    ("27", "Gié-Triêng", ("Gié Triêng", "Giẻ Triêng")),
    ("28", "Mạ", ()),
    ("29", "Khơ-mú", ("Khơ Mú", "Khmu")),
    ("30", "Co", ("Cor",)),
    ("31", "Tà-ôi", ("Tà Ôi", "Pa Cô", "Ta Oi")),
    ("32", "Chơ-ro", ("Chơ Ro", "Chơro")),
    ("33", "Kháng", ()),
    ("34", "Xinh-mun", ("Xinh Mun",)),
    ("35", "Hà Nhì", ()),
    ("36", "Chu-ru", ("Chu Ru", "Churu")),
    ("37", "Lào", ()),
    ("38", "La Chí", ()),
    ("39", "La Ha", ()),
    ("40", "Phù Lá", ()),
    ("41", "La Hủ", ()),
    ("42", "Lự", ()),
    ("43", "Lô Lô", ()),
    ("44", "Chứt", ()),
    ("45", "Mảng", ()),
    ("46", "Pà Thẻn", ("Pà Then",)),
    ("47", "Cơ Lao", ()),
    ("48", "Cống", ()),
    ("49", "Bố Y", ()),
    ("50", "Si La", ()),
    ("51", "Pu Péo", ()),
    ("52", "Brâu", ()),
    ("53", "Ơ Đu", ()),
    ("54", "Rơ-măm", ("Rơ Măm",)),
)

KINH = "01"
NAMES: dict[str, str] = {code: name for code, name, _ in ETHNICITIES}
CHOICES: list[tuple[str, str]] = [(code, name) for code, name, _ in ETHNICITIES]


def _key(text: str) -> str:
    return fold(text).replace("-", " ").replace("'", "").replace(" ", "")


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, name, aliases in ETHNICITIES:
        index[code] = code
        index[str(int(code))] = code
        for spelling in (name, *aliases):
            index[_key(spelling)] = code
    return index


def ethnicity_code(text: str) -> str | None:
    """The code for a typed name or code ('Khmer', 'khơ me', '5', '05'), or None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    prefixed = fold(cleaned)
    if prefixed.startswith("dan toc "):
        cleaned = cleaned[len("dân tộc ") :]
    return _index().get(cleaned if cleaned.isdigit() else _key(cleaned))
