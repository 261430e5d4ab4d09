"""The 24 national child indicators (Quyết định 23/QĐ-TTg) as matching data.

Only what is needed to recognise an indicator in a plan is kept here: a description in the
national wording, and for indicators with sub-indicators the keywords that pick the part.
National target values are not here: targets are data read from each plan.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    keywords: tuple[str, ...]
    # Value-level qualifiers: the key suffix and the words that select it ("c" → "c_rural").
    qualifiers: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Indicator:
    number: int
    group: int
    text: str
    parts: tuple[Part, ...] = field(default_factory=tuple)


_AREA = (("rural", ("nông thôn",)), ("urban", ("thành thị", "đô thị")))

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        1, 1, "Tỷ lệ xã, phường, thị trấn đạt tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em"
    ),
    Indicator(
        2,
        1,
        "Tỷ lệ trẻ em đến 8 tuổi được tiếp cận các dịch vụ hỗ trợ chăm sóc phát triển toàn diện",
    ),
    Indicator(
        3,
        1,
        "Giảm tỷ suất tử vong trẻ sơ sinh, trẻ em dưới 1 tuổi, trẻ em dưới 5 tuổi "
        "trên 1.000 trẻ đẻ sống",
        (
            Part("a", "trẻ sơ sinh", ("sơ sinh",)),
            Part("b", "trẻ em dưới 1 tuổi", ("dưới 1 tuổi", "dưới 01 tuổi", "dưới một tuổi")),
            Part("c", "trẻ em dưới 5 tuổi", ("dưới 5 tuổi", "dưới 05 tuổi", "dưới năm tuổi")),
        ),
    ),
    Indicator(
        4,
        1,
        "Giảm tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể nhẹ cân, thể thấp còi, béo phì",
        (
            Part("a", "thể nhẹ cân (cân nặng theo tuổi)", ("cân nặng", "nhẹ cân")),
            Part("b", "thể thấp còi (chiều cao theo tuổi)", ("chiều cao", "thấp còi")),
            Part("c", "thừa cân, béo phì", ("béo phì", "thừa cân"), _AREA),
        ),
    ),
    Indicator(
        5,
        1,
        "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin",
        (
            Part("a", "trẻ em dưới 1 tuổi", ("dưới 1 tuổi", "dưới 01 tuổi", "8 loại", "08 loại")),
            Part("b", "trẻ em dưới 5 tuổi", ("dưới 5 tuổi", "dưới 05 tuổi")),
        ),
    ),
    Indicator(6, 1, "Tỷ lệ lây truyền HIV từ mẹ sang con"),
    Indicator(7, 1, "Tỷ lệ cơ sở giáo dục cho trẻ em có công trình vệ sinh"),
    Indicator(
        8,
        2,
        "Giảm tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em; trẻ em có hoàn "
        "cảnh đặc biệt được chăm sóc, trợ giúp",
        (
            Part(
                "b",
                "được chăm sóc, trợ giúp",
                ("được chăm sóc", "trợ giúp", "được hỗ trợ", "nuôi dưỡng"),
            ),
            Part("a", "trên tổng số trẻ em", ("tổng số trẻ em", "hoàn cảnh đặc biệt")),
        ),
    ),
    Indicator(9, 2, "Giảm tỷ lệ trẻ em bị xâm hại trên tổng số trẻ em"),
    Indicator(10, 2, "Giảm tỷ lệ lao động trẻ em và người chưa thành niên từ 5 đến 17 tuổi"),
    Indicator(
        11,
        2,
        "Giảm tỷ suất trẻ em bị tai nạn thương tích, tử vong do tai nạn thương tích "
        "trên 100.000 trẻ em",
        (
            Part("b", "tử vong do tai nạn thương tích", ("tử vong",)),
            Part("a", "bị tai nạn thương tích", ("tai nạn", "thương tích")),
        ),
    ),
    Indicator(12, 2, "Trẻ em bị ảnh hưởng bởi thiên tai, thảm họa được cứu trợ, hỗ trợ kịp thời"),
    Indicator(13, 2, "Giảm số cuộc tảo hôn, hôn nhân cận huyết thống"),
    Indicator(14, 2, "Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh"),
    Indicator(
        15,
        3,
        "Tỷ lệ trẻ em dưới 5 tuổi được phát triển phù hợp về sức khỏe, học tập, tâm lý xã hội",
    ),
    Indicator(16, 3, "Tỷ lệ huy động trẻ em 5 tuổi đi học mẫu giáo"),
    Indicator(
        17,
        3,
        "Tỷ lệ trẻ em hoàn thành cấp tiểu học; tỷ lệ trẻ em bỏ học bậc tiểu học",
        (
            Part("b", "bỏ học", ("bỏ học",)),
            Part("a", "hoàn thành", ("hoàn thành",)),
        ),
    ),
    Indicator(
        18,
        3,
        "Tỷ lệ trẻ em hoàn thành cấp trung học cơ sở; tỷ lệ trẻ em bỏ học cấp trung học cơ sở",
        (
            Part("b", "bỏ học", ("bỏ học",)),
            Part("a", "hoàn thành", ("hoàn thành",)),
        ),
    ),
    Indicator(19, 3, "Trường học có dịch vụ hỗ trợ tâm lý trẻ em, tư vấn học đường"),
    Indicator(
        20,
        3,
        "Trường học có cơ sở hạ tầng, tài liệu phù hợp với học sinh khuyết tật; trẻ "
        "em khuyết tật có nhu cầu học tập được tiếp cận giáo dục chuyên biệt, hòa "
        "nhập và phục hồi chức năng",
        (
            Part(
                "b",
                "trẻ em khuyết tật được tiếp cận giáo dục",
                ("trẻ em khuyết tật có nhu cầu", "tiếp cận giáo dục", "phục hồi"),
            ),
            Part(
                "a",
                "trường học có cơ sở hạ tầng phù hợp",
                ("trường học", "cơ sở hạ tầng", "cơ sở giáo dục"),
            ),
        ),
    ),
    Indicator(21, 3, "Tỷ lệ xã, phường, thị trấn có điểm văn hóa, vui chơi dành cho trẻ em"),
    Indicator(22, 4, "Trẻ em từ 7 tuổi trở lên được hỏi ý kiến về các vấn đề của trẻ em"),
    Indicator(23, 4, "Trẻ em được nâng cao nhận thức, năng lực về quyền tham gia của trẻ em"),
    Indicator(
        24,
        4,
        "Trẻ em từ 11 tuổi trở lên được tham gia vào các mô hình, hoạt động thúc đẩy "
        "quyền tham gia của trẻ em",
    ),
)

BY_NUMBER: dict[int, Indicator] = {ind.number: ind for ind in INDICATORS}

_STOP = frozenset(
    [
        "các",
        "của",
        "và",
        "được",
        "có",
        "về",
        "cho",
        "trong",
        "với",
        "trên",
        "dưới",
        "đến",
        "từ",
        "tỷ",
        "lệ",
        "suất",
        "trẻ",
        "em",
        "năm",
        "vào",
        "đạt",
        "phấn",
        "đấu",
        "giảm",
        "xuống",
        "còn",
        "là",
        "tăng",
        "duy",
        "trì",
        "kế",
        "hoạch",
        "chỉ",
        "tiêu",
        "số",
    ]
)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    return text.replace("oà", "òa").replace("oá", "óa").replace("uỷ", "ủy").replace("oạ", "ọa")


@lru_cache(maxsize=4096)
def _features(text: str) -> frozenset[str]:
    words = list(re.findall(r"[^\W\d_]+", _fold(text)))
    unigrams = {w for w in words if w not in _STOP}
    bigrams = {f"{a} {b}" for a, b in itertools.pairwise(words)}
    return frozenset(unigrams | bigrams)


def similarity(text: str, indicator: Indicator) -> float:
    """Share of the catalogue wording found in the text (0..1)."""
    mine = _features(text)
    theirs = _features(indicator.text)
    if not theirs:
        return 0.0
    return len(mine & theirs) / len(theirs)


def best_match(text: str) -> tuple[int, float]:
    """The catalogue indicator whose wording the text resembles most, and the score."""
    scored = [(similarity(text, ind), ind.number) for ind in INDICATORS]
    score, number = max(scored)
    return number, round(score, 3)


def pick_part(number: int, clause: str, position: int, clause_count: int) -> str | None:
    """The sub-indicator key for a clause of an indicator, or None for single indicators."""
    indicator = BY_NUMBER.get(number)
    if indicator is None or not indicator.parts:
        return None
    folded = _fold(clause)
    for part in indicator.parts:
        if any(_fold(keyword) in folded for keyword in part.keywords):
            return part.key
    ordered = sorted(part.key for part in indicator.parts)
    if clause_count == len(ordered) and position < len(ordered):
        return ordered[position]
    return None


def qualify_part(number: int, part: str | None, context: str) -> str | None:
    """Refine a part with a value-level qualifier ("c" + "đối với nông thôn" → "c_rural").

    The context is "text after the value | text before it"; the text after wins.
    """
    indicator = BY_NUMBER.get(number)
    if indicator is None or part is None:
        return part
    candidate = next((p for p in indicator.parts if p.key == part), None)
    if candidate is None or not candidate.qualifiers:
        return part
    for side in _fold(context).split(" | "):
        hits = [
            (side.find(_fold(word)), suffix)
            for suffix, words in candidate.qualifiers
            for word in words
            if _fold(word) in side
        ]
        if hits:
            return f"{part}_{min(hits)[1]}"
    return part


def part_label(number: int, part: str | None) -> str | None:
    indicator = BY_NUMBER.get(number)
    if indicator is None or part is None:
        return None
    base = part.split("_", 1)[0]
    for candidate in indicator.parts:
        if candidate.key == base:
            return candidate.label
    return None
