"""The 14 groups of children in special circumstances (Luật Trẻ em 2016, Điều 10) and their
sub-groups. The sub-groups follow Nghị định 56/2017/NĐ-CP; they are reference data seeded into
the database, so a later decree can change them without a code change."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    letter: str
    name: str
    subgroups: tuple[tuple[str, str], ...] = ()


GROUPS: tuple[Group, ...] = (
    Group(
        "a",
        "Trẻ em mồ côi cả cha và mẹ",
        (
            ("a1", "Cả cha và mẹ đều chết"),
            ("a2", "Cha hoặc mẹ chết, người còn lại mất tích"),
            ("a3", "Cả cha và mẹ đều mất tích"),
            (
                "a4",
                "Cha hoặc mẹ chết hoặc mất tích, người còn lại đang chấp hành án phạt tù "
                "hoặc biện pháp xử lý hành chính",
            ),
        ),
    ),
    Group("b", "Trẻ em bị bỏ rơi"),
    Group("c", "Trẻ em không nơi nương tựa"),
    Group(
        "d",
        "Trẻ em khuyết tật",
        (
            ("d1", "Khuyết tật đặc biệt nặng"),
            ("d2", "Khuyết tật nặng"),
            ("d3", "Khuyết tật nhẹ"),
        ),
    ),
    Group("đ", "Trẻ em nhiễm HIV/AIDS"),
    Group("e", "Trẻ em vi phạm pháp luật"),
    Group("g", "Trẻ em nghiện ma túy"),
    Group("h", "Trẻ em phải bỏ học kiếm sống chưa hoàn thành phổ cập giáo dục THCS"),
    Group("i", "Trẻ em bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực"),
    Group("k", "Trẻ em bị bóc lột"),
    Group("l", "Trẻ em bị xâm hại tình dục"),
    Group("m", "Trẻ em bị mua bán"),
    Group(
        "n",
        "Trẻ em mắc bệnh hiểm nghèo hoặc bệnh phải điều trị dài ngày thuộc hộ nghèo hoặc hộ "
        "cận nghèo",
    ),
    Group(
        "o",
        "Trẻ em di cư, trẻ em lánh nạn, tị nạn chưa xác định được cha mẹ hoặc không có người "
        "chăm sóc",
    ),
)

LETTERS: tuple[str, ...] = tuple(group.letter for group in GROUPS)
NAMES: dict[str, str] = {group.letter: group.name for group in GROUPS}
CHOICES: list[tuple[str, str]] = [(g.letter, f"{g.letter}) {g.name}") for g in GROUPS]


def parse_letters(text: str) -> tuple[list[str], list[str]]:
    """Split a cell like 'a; d, đ' into known group letters and the parts not understood.
    'dd' and 'd-' are common ways of typing 'đ' on keyboards without Vietnamese input."""
    known: list[str] = []
    unknown: list[str] = []
    for raw in text.replace(",", ";").replace("/", ";").split(";"):
        part = raw.strip().rstrip(")").strip().lower()
        if not part:
            continue
        letter = "đ" if part in ("dd", "d-", "đ") else part
        if letter not in LETTERS:
            unknown.append(raw.strip())
        elif letter not in known:
            known.append(letter)
    return known, unknown
