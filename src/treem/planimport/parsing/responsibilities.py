"""Which agency leads which indicators ("Hướng dẫn, triển khai thực hiện các chỉ tiêu 7, 15 …").

The agency is the numbered heading the paragraph sits under in the organisation section
("4. Sở Giáo dục và Đào tạo"), or an agency named at the start of the sentence itself.
"""

from __future__ import annotations

import re
from typing import Any

from .sections import Section, section_matching, split_sentences

_MENTION = re.compile(
    r"chỉ\s+tiêu\s+(?:số\s+)?(?P<list>(?:(?:từ\s+)?\d{1,2}(?:\s*(?:,|;|và|-|đến|tới)\s*"
    r"(?:chỉ\s+tiêu\s+)?(?:số\s+)?(?=\d))?)+)",
    re.IGNORECASE,
)
_RANGE = re.compile(r"(\d{1,2})\s*(?:-|đến|tới)\s*(\d{1,2})")
_HEADING = re.compile(r"^(?:\d{1,2}|[a-zđ])[.)]\s+(?:Đề nghị\s+)?(?P<rest>.+)$")
_AGENCY_START = re.compile(
    r"^(?:Sở|Công an|Bộ|Ban|Phòng|Trung tâm|Tỉnh Đoàn|Tỉnh đoàn|Đoàn|Hội|Ủy ban|UBND|Ủy ban nhân"
    r"|Đài|Báo|Cục|Chi cục|Liên đoàn|Bảo hiểm|Tòa án|Viện|Văn phòng|Bộ Chỉ huy|Các sở|Mặt trận"
    r"|Huyện đoàn|Thành đoàn|Bệnh viện"
    # Commune level: officers and local units lead indicators too.
    r"|Công chức|Cán bộ|Trạm Y tế|Trường|Bộ phận|Người làm công tác)\b"
)
_AGENCY_END = re.compile(
    r"\s*(?::|\s+(?:chủ trì|phối hợp|hướng dẫn|tham mưu|có trách nhiệm|căn cứ|theo chức năng|trong"
    r" phạm vi|tham gia|đẩy mạnh|thực hiện|triển khai|xây dựng|tổng hợp|chỉ đạo|tăng cường"
    r"|là cơ quan|bố trí)\b)"
)
_LEAD = re.compile(r"chủ trì|hướng dẫn|triển khai|thực hiện|theo dõi|phụ trách", re.IGNORECASE)


def parse_indicator_list(text: str) -> list[int]:
    numbers: list[int] = []
    for piece in re.split(r"\s*(?:,|;|\bvà\b)\s*", text):
        piece = re.sub(r"(?:chỉ\s+tiêu|số|từ)\s*", "", piece, flags=re.IGNORECASE).strip()
        span = _RANGE.fullmatch(piece)
        if span:
            low, high = int(span.group(1)), int(span.group(2))
            if low < high <= 40:
                numbers.extend(range(low, high + 1))
            continue
        numbers.extend(int(n) for n in re.findall(r"\d{1,2}", piece))
    return [n for n in dict.fromkeys(numbers) if 1 <= n <= 40]


def agency_from_heading(text: str) -> str | None:
    cut = _AGENCY_END.search(text)
    agency = text[: cut.start()] if cut else text
    agency = re.sub(r"\s*\([^)]*\)\s*$", "", agency).strip(" .;,")
    if not agency or len(agency) > 120 or not _AGENCY_START.match(agency):
        return None
    return agency


def extract_assignments(
    lines: list[str], sections: list[Section], target_lines: set[int]
) -> list[dict[str, Any]]:
    """Agency → indicators lines; all mentions outside the targets themselves are read."""
    organisation = section_matching(sections, "TỔ CHỨC THỰC HIỆN", "TRÁCH NHIỆM")
    scope = organisation[0] if organisation else None
    assignments: list[dict[str, Any]] = []
    agency: str | None = None
    for line_no, line in enumerate(lines, start=1):
        if not line or "\t" in line or line_no in target_lines:
            continue
        inside = scope is None or scope.contains(line_no)
        heading = _HEADING.match(line)
        if heading and inside:
            found = agency_from_heading(heading.group("rest"))
            if found:
                agency = found
            elif not line[0].islower():
                agency = None
        if not inside or "chỉ tiêu" not in line.lower():
            continue
        for _, sentence in split_sentences(line):
            for match in _MENTION.finditer(sentence):
                indicators = parse_indicator_list(match.group("list"))
                if not indicators:
                    continue
                who = _sentence_agency(sentence, heading) or agency
                clause = sentence[: match.start()]
                immediate = re.split(r"[:;.]", clause)[-1]
                coordinate = re.match(r"\s*(?:\S+\s+)?phối hợp", immediate, re.IGNORECASE)
                role = "coordinate" if coordinate else "lead"
                if not _LEAD.search(clause) and role == "lead" and not who:
                    continue
                _merge(
                    assignments,
                    {
                        "agency": who,
                        "indicators": indicators,
                        "line": line_no,
                        "role": role,
                        "text": sentence.strip()[:300],
                    },
                )
    return assignments


def _sentence_agency(sentence: str, heading: re.Match[str] | None) -> str | None:
    text = sentence.strip()
    if heading:
        text = heading.group("rest")
    if not _AGENCY_START.match(text):
        return None
    return agency_from_heading(text)


def _merge(assignments: list[dict[str, Any]], new: dict[str, Any]) -> None:
    for existing in assignments:
        if (existing["line"], existing["agency"], existing["role"]) == (
            new["line"],
            new["agency"],
            new["role"],
        ):
            existing["indicators"] = list(dict.fromkeys(existing["indicators"] + new["indicators"]))
            return
    assignments.append(new)
