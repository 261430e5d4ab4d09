"""Name tables for synthetic children: Kinh family-name frequencies, middle and given names, and
compact naming patterns for the larger ethnic minorities.

Frequencies are rounded published estimates (family names) or hand-picked weights (middle
names); they exist to make demo data look familiar, not to be quoted as statistics.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from treem.registry.synthetic.styles import KINH, Style

# Data tables: keep several short entries per line.
# fmt: off
# Kinh family names: share in percent by region (north, central, south). Hoàng/Huỳnh and Vũ/Võ
# are the same names split by regional pronunciation, so their split follows the region.
KINH_FAMILIES: tuple[tuple[str, float, float, float], ...] = (
    ("Nguyễn", 38.0, 38.0, 38.0), ("Trần", 11.0, 11.0, 11.0), ("Lê", 9.5, 9.5, 9.5),
    ("Phạm", 7.0, 7.0, 7.0), ("Hoàng", 5.0, 2.5, 1.0), ("Huỳnh", 0.1, 2.5, 4.0),
    ("Phan", 4.5, 4.5, 4.5), ("Vũ", 3.5, 1.0, 0.6), ("Võ", 0.4, 2.9, 3.3),
    ("Đặng", 2.1, 2.1, 2.1), ("Bùi", 2.0, 2.0, 2.0), ("Đỗ", 1.4, 1.4, 1.4),
    ("Hồ", 1.3, 1.3, 1.3), ("Ngô", 1.3, 1.3, 1.3), ("Dương", 1.0, 1.0, 1.0),
    ("Lý", 0.5, 0.5, 0.5), ("Đinh", 1.0, 0.8, 0.6), ("Mai", 0.7, 0.7, 0.7),
    ("Trịnh", 0.8, 0.5, 0.5), ("Đào", 0.8, 0.5, 0.5), ("Cao", 0.6, 0.6, 0.6),
    ("Lâm", 0.3, 0.4, 0.8), ("Tạ", 0.5, 0.3, 0.3), ("Hà", 0.6, 0.4, 0.3),
    ("Lương", 0.5, 0.4, 0.4), ("Tô", 0.4, 0.3, 0.4), ("Châu", 0.1, 0.3, 0.6),
    ("Quách", 0.3, 0.2, 0.4), ("Phùng", 0.4, 0.2, 0.2), ("Kiều", 0.3, 0.2, 0.2),
    ("Lưu", 0.4, 0.3, 0.4), ("Trương", 0.5, 0.6, 0.7), ("Thái", 0.2, 0.3, 0.3),
    ("Tăng", 0.1, 0.2, 0.3), ("Doãn", 0.2, 0.1, 0.1), ("Triệu", 0.3, 0.1, 0.2),
    ("La", 0.1, 0.1, 0.3), ("Văn", 0.1, 0.2, 0.2), ("Từ", 0.1, 0.2, 0.2),
    ("Khổng", 0.1, 0.1, 0.1), ("Nông", 0.2, 0.0, 0.0), ("Chu", 0.3, 0.1, 0.1),
    ("Lục", 0.1, 0.0, 0.0),
)

# Children now aged 0-15 were born 2010 or later: parents moved away from Văn/Thị.
CHILD_MIDDLE_MALE: tuple[tuple[str, float], ...] = (
    ("Văn", 12), ("Minh", 14), ("Gia", 10), ("Đức", 8), ("Quang", 6), ("Hoàng", 6),
    ("Bảo", 6), ("Anh", 5), ("Hữu", 4), ("Đăng", 4), ("Nhật", 4), ("Thành", 4), ("Tuấn", 3),
    ("Khánh", 3), ("Trung", 3), ("Thiên", 3), ("Duy", 3), ("Phúc", 2), ("Quốc", 3),
    ("Thanh", 2), ("Ngọc", 2), ("Xuân", 1), ("Hải", 2), ("Trọng", 2), ("Công", 2),
)
CHILD_MIDDLE_FEMALE: tuple[tuple[str, float], ...] = (
    ("Thị", 15), ("Ngọc", 12), ("Bảo", 8), ("Khánh", 6), ("Minh", 7), ("Thanh", 5),
    ("Gia", 5), ("Phương", 5), ("Thu", 4), ("Hà", 3), ("Quỳnh", 4), ("Tuệ", 3), ("Diệu", 3),
    ("Mai", 3), ("Hoài", 3), ("An", 3), ("Kim", 3), ("Thùy", 4), ("Anh", 3), ("Hồng", 2),
    ("Như", 2), ("Tường", 1), ("Yến", 1),
)
PARENT_MIDDLE_MALE: tuple[tuple[str, float], ...] = (
    ("Văn", 45), ("Đức", 6), ("Minh", 7), ("Quang", 5), ("Hữu", 5), ("Công", 4),
    ("Thanh", 5), ("Xuân", 3), ("Ngọc", 4), ("Đình", 4), ("Trọng", 3), ("Quốc", 4),
    ("Hoàng", 3), ("Mạnh", 2),
)
PARENT_MIDDLE_FEMALE: tuple[tuple[str, float], ...] = (
    ("Thị", 65), ("Ngọc", 6), ("Thanh", 5), ("Thu", 5), ("Kim", 4), ("Minh", 3),
    ("Hồng", 4), ("Phương", 3), ("Thúy", 2), ("Mỹ", 3),
)

CHILD_GIVEN_MALE: tuple[str, ...] = (
    "An", "Anh", "Bảo", "Bình", "Cường", "Duy", "Dũng", "Dương", "Đạt", "Đăng", "Đức", "Hải",
    "Hào", "Hiếu", "Hiển", "Hoàng", "Hòa", "Huy", "Hùng", "Hưng", "Khang", "Khánh", "Khải",
    "Khoa", "Khôi", "Kiên", "Lâm", "Long", "Lộc", "Luân", "Mạnh", "Minh", "Nam", "Nghĩa",
    "Nguyên", "Nhân", "Nhật", "Phát", "Phong", "Phúc", "Quân", "Quang", "Quốc", "Sơn", "Tài",
    "Tâm", "Thái", "Thắng", "Thành", "Thiện", "Thịnh", "Tiến", "Toàn", "Trí", "Trọng",
    "Trung", "Tú", "Tuấn", "Tùng", "Vinh", "Việt", "Vũ", "Vương", "Kiệt", "Hậu", "Hiệp",
    "Khiêm", "Ân", "Bách", "Chiến", "Công", "Danh", "Định", "Đông", "Hoan", "Lực", "Quý",
    "Sang", "Thuận", "Tín", "Triết", "Phú",
)
CHILD_GIVEN_FEMALE: tuple[str, ...] = (
    "An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Diệp", "Diệu", "Dung", "Duyên", "Giang", "Hà",
    "Hân", "Hạnh", "Hằng", "Hiền", "Hoa", "Hòa", "Huyền", "Hương", "Hường", "Khanh", "Khuê",
    "Lan", "Linh", "Loan", "Ly", "Mai", "My", "Mỹ", "Nga", "Ngân", "Ngọc", "Nhi", "Nhung",
    "Như", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thanh", "Thơ", "Thư", "Thủy",
    "Thùy", "Tiên", "Trang", "Trâm", "Trinh", "Tuyết", "Uyên", "Vân", "Vi", "Vy", "Xuân",
    "Yến", "Hồng", "Lam", "Liên", "Minh", "Nguyệt", "Nhàn", "Phượng", "Sương", "Thắm",
    "Thoa", "Thu", "Thúy", "Trúc", "Tú", "Diễm", "Đào", "Hảo", "Kim", "Khánh", "Hiên",
    "Lụa", "Ngà",
)
PARENT_GIVEN_MALE: tuple[str, ...] = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Hải", "Nam", "Sơn", "Thắng", "Cường", "Hưng", "Long",
    "Quang", "Bình", "Đức", "Thành", "Trung", "Hiếu", "Tùng", "Phong", "Tài", "Toàn",
    "Hoàng", "Huy", "Khánh", "Lâm", "Lợi", "Hòa", "Tâm", "Thanh", "Tiến", "Vinh", "Việt",
    "Mạnh", "Quý", "Hậu", "Phúc", "Thịnh", "Chiến", "Tú", "Kiên",
)
PARENT_GIVEN_FEMALE: tuple[str, ...] = (
    "Hương", "Lan", "Hoa", "Hằng", "Linh", "Trang", "Nga", "Thủy", "Huyền", "Hà", "Mai",
    "Phương", "Thảo", "Hạnh", "Thu", "Yến", "Dung", "Loan", "Nhung", "Hồng", "Ngọc", "Vân",
    "Oanh", "Thúy", "Tuyết", "Liên", "Hiền", "Thắm", "Lý", "Quyên", "Duyên", "Nhàn", "Hòa",
    "Xuân", "Diệu", "Trinh", "Thoa", "Phượng", "Nguyệt", "Bích",
)
# Grandparents, the usual caregivers when parents work away.
ELDER_GIVEN_MALE: tuple[str, ...] = (
    "Tư", "Năm", "Sáu", "Bảy", "Tám", "Lộc", "Phúc", "Thọ", "Khang", "Hòa", "Thuận", "Lành",
    "Sinh", "Thìn", "Sửu", "Ba", "Bình", "Đông",
)
ELDER_GIVEN_FEMALE: tuple[str, ...] = (
    "Lài", "Nở", "Đào", "Lành", "Thắm", "Tươi", "Hoa", "Lựu", "Mận", "Cúc", "Huệ", "Sen",
    "Tý", "Tư", "Năm", "Bảy", "Xuyến", "Gái",
)


# fmt: on


Picker = Callable[[], str]
Render = Callable[[str, bool], str]  # (family name, male) -> full name
_Weights = Sequence[tuple[str, float]]
# generation -> (female middles, male middles, female given names, male given names)
_GENERATIONS: dict[str, tuple[_Weights, _Weights, Sequence[str], Sequence[str]]] = {
    "child": (CHILD_MIDDLE_FEMALE, CHILD_MIDDLE_MALE, CHILD_GIVEN_FEMALE, CHILD_GIVEN_MALE),
    "parent": (PARENT_MIDDLE_FEMALE, PARENT_MIDDLE_MALE, PARENT_GIVEN_FEMALE, PARENT_GIVEN_MALE),
    "elder": ((("Thị", 1),), (("Văn", 1),), ELDER_GIVEN_FEMALE, ELDER_GIVEN_MALE),
}
# Minorities using Kinh-style names keep Văn/Thị more often than the Kinh majority.
_MINORITY_VAN_THI = {"child": 0.65, "parent": 0.85, "elder": 1.0}


def _cumulative(weights: Iterable[float]) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def _picker(rnd: Callable[[], float], items: Sequence[tuple[str, float]]) -> Picker:
    """Weighted choice with precomputed cumulative weights (cheaper than random.choices)."""
    values = [value for value, _ in items]
    if len(values) == 1:
        only = values[0]
        return lambda: only
    cumulative = _cumulative(weight for _, weight in items)
    total, hi = cumulative[-1], len(values) - 1
    return lambda: values[bisect(cumulative, rnd() * total, 0, hi)]


def _scaled(items: _Weights, share: float) -> list[tuple[str, float]]:
    total = sum(weight for _, weight in items)
    return [(value, weight * share / total) for value, weight in items]


def _even(values: Sequence[str], share: float = 1.0) -> list[tuple[str, float]]:
    return [(value, share / len(values)) for value in values] if values and share else []


@cache
def _kinh_table(generation: str, male: bool) -> tuple[list[str], list[float]]:
    """Every "middle given" pair with its cumulative probability, so a name is one draw."""
    female_middles, male_middles, female_givens, male_givens = _GENERATIONS[generation]
    middles, givens = (male_middles, male_givens) if male else (female_middles, female_givens)
    pairs = [
        (f"{middle} {given}", weight)
        for middle, weight in middles
        for given in givens
        if given != middle  # no "Quang Quang"
    ]
    return [pair for pair, _ in pairs], _cumulative(weight for _, weight in pairs)


class Namer:
    """Family-name draws and full-name rendering for one ethnic group's `Style`. The renderers
    are closures built once, because they run three or four times per generated child."""

    def __init__(self, style: Style, rng: random.Random, region: int) -> None:
        rnd = self.rnd = rng.random
        self.style = style
        self.matrilineal = style.matrilineal
        # Hmông (and similar) clans marry out: parents never share a family name.
        self.exogamous = style.kind == "hmong"
        if style is KINH:
            shares = [
                (name, (north, central, south)[region])
                for name, north, central, south in KINH_FAMILIES
            ]
        else:
            shares = _even(style.families) or [("", 1.0)]
        self.family = _picker(rnd, shares)
        # The same table for callers that inline the draw in a hot loop.
        self.family_table = ([name for name, _ in shares], _cumulative(w for _, w in shares))
        renders = [self._render(generation) for generation in ("child", "parent", "elder")]
        self.child, self.parent, self.elder = renders

    def _givens(self, generation: str) -> tuple[Picker, Picker]:
        """Given-name pickers (female, male): the group's own names mixed with Kinh ones."""
        kinh_share = self.style.kinh_given
        if not (self.style.female and self.style.male):
            kinh_share = 1.0
        _, _, kinh_female, kinh_male = _GENERATIONS[generation]
        return (
            _picker(
                self.rnd, _even(kinh_female, kinh_share) + _even(self.style.female, 1 - kinh_share)
            ),
            _picker(
                self.rnd, _even(kinh_male, kinh_share) + _even(self.style.male, 1 - kinh_share)
            ),
        )

    def _render(self, generation: str) -> Render:
        rnd, kind = self.rnd, self.style.kind
        if self.style is KINH:
            # One bisect over every "middle given" pair, inlined: this runs ~3 times per child.
            tables = tuple(
                (values, cum, cum[-1], len(values) - 1)
                for values, cum in (_kinh_table(generation, False), _kinh_table(generation, True))
            )

            def kinh(family: str, male: bool) -> str:
                values, cum, total, hi = tables[male]
                return f"{family} {values[bisect(cum, rnd() * total, 0, hi)]}"

            if generation != "child":
                return kinh
            # "Nguyễn Ngọc Bảo Anh": two middle names are fashionable for young children.
            extras = (
                [m for m, _ in CHILD_MIDDLE_FEMALE if m != "Thị"],
                [m for m, _ in CHILD_MIDDLE_MALE if m != "Văn"],
            )

            def kinh_child(family: str, male: bool) -> str:
                roll = rnd()
                if roll >= 0.1:
                    return kinh(family, male)
                extra = extras[male][int(roll * 10 * len(extras[male]))]
                full = kinh(family, male)
                if full.startswith(f"{family} {extra} "):
                    return full
                return f"{family} {extra}{full[len(family) :]}"

            return kinh_child
        given = self._givens(generation)
        if kind == "kinh":
            share = _MINORITY_VAN_THI[generation]
            female_m, male_m, _, _ = _GENERATIONS[generation]
            middle = (
                _picker(rnd, [("Thị", share), *_scaled(female_m, 1 - share)]),
                _picker(rnd, [("Văn", share), *_scaled(male_m, 1 - share)]),
            )

            def minority_kinh_style(family: str, male: bool) -> str:
                first, last = middle[male](), given[male]()
                if first == last:  # no "Hoàng Hoàng"
                    last = given[male]()
                return f"{family} {first} {last}"

            return minority_kinh_style
        if kind == "hmong":
            particle = _picker(rnd, [("A", 0.55), ("Văn", 0.3), ("Seo", 0.15)])
            return lambda family, male: (
                f"{family} {particle()} {given[1]()}" if male else f"{family} Thị {given[0]()}"
            )
        if kind == "khmer":
            return lambda family, male: (
                f"{family} {given[male]()}" if male or rnd() < 0.3 else f"{family} Thị {given[0]()}"
            )
        patterns = {  # (male, female) templates
            "ede": ("Y {g} {f}", "H'{g} {f}"),
            "jarai": ("{f} {g}", "{f} H'{g}"),
            "bana": ("A {g}", "Y {g}"),
            "koho": ("K'{g}", "Ka {g}"),
            "dieu": ("Điểu {g}", "Thị {g}"),
        }
        male_pattern, female_pattern = patterns[kind]
        return lambda family, male: (male_pattern if male else female_pattern).format(
            g=given[male](), f=family
        )
