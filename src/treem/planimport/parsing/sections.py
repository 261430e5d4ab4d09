"""Top-level sections of a plan (roman-numbered headings) and shared line helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN_HEADING = re.compile(r"^([IVXLC]{1,5})[.)]\s+(\S.*)$")
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)\b")


@dataclass(frozen=True)
class Section:
    title: str
    start: int  # 1-based line of the heading
    end: int  # 1-based last line (inclusive)

    def contains(self, line_no: int) -> bool:
        return self.start <= line_no <= self.end


def find_sections(lines: list[str]) -> list[Section]:
    """Roman-numbered headings written mostly in capitals, and appendices."""
    starts: list[tuple[int, str]] = []
    for index, line in enumerate(lines, start=1):
        if "\t" in line:
            continue
        match = _ROMAN_HEADING.match(line)
        if match and _mostly_upper(match.group(2)) and len(line) < 200:
            starts.append((index, match.group(2).strip()))
        elif _APPENDIX.match(line):
            starts.append((index, line.strip()))
    sections: list[Section] = []
    for position, (start, title) in enumerate(starts):
        end = starts[position + 1][0] - 1 if position + 1 < len(starts) else len(lines)
        sections.append(Section(title, start, end))
    return sections


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    return sum(ch.isupper() for ch in letters) >= 0.7 * len(letters)


def section_matching(sections: list[Section], *keywords: str) -> list[Section]:
    """Sections whose title contains one of the keywords (case-insensitive)."""
    found = []
    for section in sections:
        title = section.title.lower()
        if any(keyword.lower() in title for keyword in keywords):
            found.append(section)
    return found


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their offsets; a full stop followed by a capital ends a sentence."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in re.finditer(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ(])|(?<=\./\.)\s*", text):
        piece = text[start : match.start()]
        if piece.strip():
            pieces.append((start, piece))
        start = match.end()
    if text[start:].strip():
        pieces.append((start, text[start:]))
    return pieces
