"""Naming patterns of the larger ethnic minorities, by ethnicity code (see `names`).
Hand-picked from common names in each group, for realistic demo data."""

from __future__ import annotations

from dataclasses import dataclass


# Data tables: keep several short entries per line.
# fmt: off
@dataclass(frozen=True)
class Style:
    """How one ethnic group writes names.

    kind: "kinh" family + middle + given (most groups, with their own family names);
    "hmong" family + A/Seo/Văn or Thị + given; "ede" Y/H' + given + family;
    "jarai" family + (H')given; "bana" A/Y + given; "koho" K'/Ka + given;
    "dieu" Điểu/Thị + given; "khmer" family + (Thị) + one- or two-syllable given.
    matrilineal: the child takes the mother's family name (Ê-đê, Gia-rai, Ra-glai).
    """

    kind: str
    families: tuple[str, ...] = ()
    male: tuple[str, ...] = ()
    female: tuple[str, ...] = ()
    matrilineal: bool = False
    # Share of children given a Kinh given name instead of one from `male`/`female`.
    kinh_given: float = 0.5


_TAY_NUNG = Style(
    "kinh",
    ("Hoàng", "Nông", "Lương", "Hà", "Vi", "Lục", "Ma", "Bế", "Đàm", "Triệu", "Hứa", "Nguyễn",
     "Lăng", "Chu", "Mã", "Lý", "Hoàng", "Nông", "Hoàng"),
    ("Chiến", "Dũng", "Cường", "Quý", "Pao", "Thào", "Sáng", "Lưu", "Khìn", "Phong"),
    ("Mỵ", "Dịu", "Thơm", "Lìu", "Nhất", "Sâm", "Vèn", "Pheo", "Hoa", "Thúy"),
    kinh_given=0.75,
)
_THAI = Style(
    "kinh",
    ("Lò", "Cầm", "Lường", "Quàng", "Vì", "Hà", "Tòng", "Lù", "Điêu", "Lộc", "Sầm", "Hoàng",
     "Lò", "Lò", "Cầm", "Lường", "Vi", "Lữ", "Mè", "Bạc"),
    ("Xuân", "Thắng", "Pâng", "Ín", "Thoong", "Phăn", "Khum", "Chiên", "Xôm", "Pọm", "Hặc",
     "Ban", "Tương", "Ơn"),
    ("Ban", "Ngoan", "Pâng", "Ín", "Xuân", "Phăn", "Khum", "Ơn", "Xiêng", "Hom", "Pọm", "Nhung",
     "Hương", "Lả"),
    kinh_given=0.5,
)
_MUONG = Style(
    "kinh",
    ("Bùi", "Đinh", "Quách", "Hà", "Xa", "Trương", "Bạch", "Hoàng", "Bùi", "Bùi", "Đinh"),
    kinh_given=1.0,
)
_DAO = Style(
    "kinh",
    ("Triệu", "Bàn", "Đặng", "Lý", "Phùng", "Chảo", "Tẩn", "Lò", "Hoàng", "Dương", "Triệu",
     "Bàn", "Đặng"),
    ("Phẩy", "Sinh", "Tả", "Quẩy", "Kiều", "Phin", "Vàng", "Chàn", "Lai", "Dụng", "Tiến",
     "Sơn", "Hiệp", "Mềnh", "Sành"),
    ("Mẩy", "Chài", "Nhất", "Diếc", "Xuân", "Lìu", "Chỉn", "Tá", "Lan", "Phượng", "Mai",
     "Sinh", "Dua", "Phấy"),
    kinh_given=0.4,
)
_HMONG = Style(
    "hmong",
    ("Giàng", "Vàng", "Lý", "Sùng", "Thào", "Hờ", "Mùa", "Lầu", "Hạng", "Vừ", "Ly", "Giàng",
     "Vàng", "Sùng", "Thào", "Lù", "Tráng", "Mua"),
    ("Páo", "Chứ", "Sình", "Dế", "Chá", "Pó", "Tủa", "Sử", "Lềnh", "Chư", "Dình", "Súa",
     "Phừ", "Vảng", "Tráng", "Chồ", "Nủ", "Dính", "Lử", "Sếnh", "Pháy", "Chinh"),
    ("Mỷ", "Mai", "Dợ", "Chu", "Sua", "Pàng", "Dua", "Lan", "Sinh", "Súa", "Mẩy", "Dở",
     "Chở", "Ly", "Mua", "Say", "Cở", "Xí", "Pà", "Dê", "Lía", "Dính"),
    kinh_given=0.1,
)
_HA_NHI = Style(
    "hmong",
    ("Lý", "Chu", "Pờ", "Lò", "Phu", "Ly", "Sừ", "Vàng", "Lý", "Chu"),
    ("Chu", "Gơ", "Xá", "Phì", "Pơ", "Lò", "Xe", "Ché", "Hừ", "Do"),
    ("Mỹ", "Xó", "Pà", "Dờ", "Chừ", "Gióng", "Xuân", "Lan", "Hù", "Mé"),
    kinh_given=0.1,
)
_EDE = Style(
    "ede",
    ("Niê", "Mlô", "Êban", "Ayun", "Byă", "Adrơng", "Ktla", "Hwing", "Knul", "Buôn Yă",
     "Kbuôr", "Êya", "Niê", "Mlô", "Ksơr", "Êung"),
    ("Bin", "Thu", "Ngông", "Jú", "Khoa", "Sơn", "Tlam", "Bhim", "Đhăm", "Jâo", "Phi", "Nam",
     "Kha", "Wơn", "Yơn", "Dhê", "Blik", "Krông", "Tuấn", "Bhiơ", "Sin"),
    ("Hen", "Nhi", "Duôn", "Bia", "Ler", "Ngơm", "Lim", "Mai", "Hiên", "Yăng", "Zuê", "Ju",
     "Loan", "Nga", "Blin", "Hra", "Bơ", "Ni", "Ngai", "Mưn", "Jen"),
    matrilineal=True,
    kinh_given=0.0,
)
_JARAI = Style(
    "jarai",
    ("Ksor", "Rơ Mah", "Siu", "Nay", "Rơ Lan", "Kpă", "Rơ Châm", "Puih", "Rah Lan", "Ksor",
     "Siu", "Rơ Mah"),
    ("Blek", "Thu", "Hiêng", "Tuấn", "Phước", "Đoan", "Hyuh", "Mlơ", "Dơk", "Breo", "Kuin",
     "Hnưr", "Phin", "Thắng", "Aleo", "Djuel"),
    ("Mai", "Ben", "Bé", "Nhi", "Hlên", "Nhung", "Lan", "Ploan", "Blưng", "Yuih", "Trang",
     "Hiên", "Djơi", "Nga", "Phiên", "Khuyên"),
    matrilineal=True,
    kinh_given=0.0,
)
_BANA = Style(
    "bana",
    male=("Hyun", "Thút", "Blưi", "Đin", "Nhưm", "Brớk", "Kheo", "Phang", "Bôn", "Lưu",
          "Tâm", "Hiếu", "Chuh", "Yăn", "Byơi", "Tơr"),
    female=("Blin", "Ngọc", "Hnhí", "Ngăn", "Nhơn", "Lia", "Sương", "Hoa", "Brưh", "Thanh",
            "Pơt", "Ly", "Nga", "Dung", "Mlăm"),
    kinh_given=0.0,
)
_KOHO = Style(
    "koho",
    male=("Brông", "Bốp", "Điệp", "Bin", "Sang", "Phúc", "Tiếp", "Hiêng", "Khim", "Đan",
          "Tơr", "Lơk", "Hoa", "Sới"),
    female=("Hoa", "Thương", "H'Ren", "Sang", "Liễu", "Lâm", "Bích", "Hiền", "Nhoan", "Yên",
            "Blúp", "H'Bin", "Điều", "Dung"),
    kinh_given=0.0,
)
_DIEU = Style(
    "dieu",
    male=("Xanh", "Lưm", "Bông", "Khải", "Bảo", "Sơn", "Nhật", "Brăn", "Lơi", "Thương",
          "Sang", "Kơ", "Hiệp", "Ngọc"),
    female=("Lan", "Hồng", "Thảo", "Bích", "Ngọc", "Sâm", "Thơm", "Drinh", "Byưh", "Nhi",
            "Huyền", "Dơn"),
    kinh_given=0.0,
)
_KHMER = Style(
    "khmer",
    ("Thạch", "Sơn", "Danh", "Kim", "Lâm", "Lý", "Trần", "Châu", "Thạch", "Thạch", "Sơn",
     "Danh", "Kiên", "Huỳnh", "Dương"),
    ("Sô Phanh", "Sa Rinh", "Chanh Đa", "Sóc", "Sa Ráth", "Phươl", "Pháp", "Ni", "Mạnh",
     "Chăn", "Vi Sal", "Sóc Kha", "Thươl", "Ret", "Sa Mết", "Ngọc Rưm", "Sa Vuth", "Út",
     "Tha", "Rinh"),
    ("Sa Ry", "Sóc Phia", "Sa Ra", "Thu", "Mỹ", "Kim Huôl", "Sa Rết", "Sa Phin", "Chanh Thi",
     "Sô Phia", "Mai", "Ry Na", "Đa Ni", "Sóc Thi", "Ngọc Hân", "Srây", "Sa Quênh", "Hồng"),
    kinh_given=0.3,
)
_CHAM = Style(
    "kinh",
    ("Đàng", "Thành", "Trượng", "Thiên", "Quảng", "Lưu", "Báo", "Hán", "Phú", "Tài", "Đàng",
     "Thông", "Châu", "Đàng"),
    kinh_given=1.0,
)
_RAGLAI = Style(
    "kinh",
    ("Chamaléa", "Pi Năng", "Katơr", "Mấu", "Bo Bo", "Cà Mau", "Pinăng", "Ma", "Tro",
     "Chamaléa", "Pi Năng", "Mang"),
    matrilineal=True,
    kinh_given=1.0,
)
_HOA = Style(
    "kinh",
    ("Lâm", "Trần", "Lý", "Hứa", "Quách", "Lưu", "Trương", "Mã", "Tăng", "Diệp", "Thái",
     "Hồng", "Lương", "Vương", "Hoàng", "Lâm", "Trần", "Lý"),
    kinh_given=1.0,
)
_TRUONG_SON = Style(
    "kinh",
    ("Hồ", "Đinh", "Alăng", "Bríu", "Zơ Râm", "Pơ Loong", "Clâu", "Ating", "Hồ", "Hồ",
     "Đinh", "Phạm", "Kăn", "Bh'riu", "Nguyễn", "Hồ Văn"),
    kinh_given=1.0,
)

KINH = Style("kinh", kinh_given=1.0)
# Ethnicity code -> naming pattern. Groups not listed use the Tày/Nùng pattern (Kinh-style
# names with northern minority family names), a fair default for the small northern groups.
STYLES: dict[str, Style] = {
    "01": KINH, "02": _TAY_NUNG, "03": _THAI, "04": _HOA, "05": _KHMER, "06": _MUONG,
    "07": _TAY_NUNG, "08": _HMONG, "09": _DAO, "10": _JARAI, "12": _EDE, "13": _BANA,
    "14": _BANA, "16": _KOHO, "17": _CHAM, "19": _TRUONG_SON, "20": _DIEU, "21": _RAGLAI,
    "22": _DIEU, "23": _TRUONG_SON, "24": _MUONG, "26": _TRUONG_SON, "27": _BANA, "28": _DIEU,
    "29": _THAI, "30": _TRUONG_SON, "31": _TRUONG_SON, "32": _DIEU, "33": _THAI, "34": _THAI,
    "35": _HA_NHI, "36": _KOHO, "37": _THAI, "38": _DAO, "39": _THAI, "40": _DAO,
    "41": _HA_NHI, "42": _THAI, "43": _HA_NHI, "44": _MUONG, "45": _THAI, "46": _DAO,
    "48": _THAI, "50": _THAI, "52": _BANA, "54": _JARAI,
}
DEFAULT_STYLE = _TAY_NUNG
# fmt: on
