"""Normalise the text of a plan: Unicode, stray markup, typing slips and hard line wraps.

The normalised text keeps exactly one line per source line, so a line number means the same
thing in the file and in the parser's output: when a wrapped paragraph is joined, the whole
paragraph goes on its first line and the lines it absorbed are left empty.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009\u3000"), " ")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")

_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")

# Typing and OCR slips seen in plan documents, each fixed only in a context where the
# intended word is certain.
_SLIPS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"\b([Pp])h[ầâấa]n\s+[đd][ầấâa]u(?=\s*(?:\d|đạt|giảm|tăng|có|duy|đến|trên|dưới"
            r"|tỷ|tỉ|100|hoàn|không|xây|thực|để|[:,]))"
        ),
        r"\1hấn đấu",
    ),
    (re.compile(r"\b([Pp])h[âa]n\s+[đd]ấu\b"), r"\1hấn đấu"),
    (
        re.compile(r"\b(trẻ(?:\s+em)?(?:\s+sơ\s+sinh)?)\s+(?:để|đẽ|dẻ|đê|đề)\s+sống\b"),
        r"\1 đẻ sống",
    ),
    (re.compile(r"\b([Tt])ỉ\s+(lệ|suất)\b"), r"\1ỷ \2"),
    (re.compile(r"%o\b|‰o|o/oo"), "‰"),
    (re.compile(r"\b(năm|đến|vào)(20\d\d)\b"), r"\1 \2"),
    (re.compile(r"(\d)\s+%"), r"\1%"),
    (re.compile(r"\b([Dd])uy\s+tri\b"), r"\1uy trì"),
]

_MARKER = re.compile(
    r"^(?:[-+•*●▪◦]\s|[a-zđ]\)\s*|\(?\d+(?:\.\d+)*[.)]\s|[IVXLC]+[.)]\s|Chỉ tiêu\s+(?:số\s+)?\d"
    r"|CHỈ TIÊU|Mục tiêu\s+\d|MỤC TIÊU|Điều\s+\d|PHỤ LỤC|Phụ lục|Nơi nhận|STT\b)"
)
# Markers that start a new item even after a full-width line ("- Chỉ tiêu", "a) Mục tiêu").
_DASH_ITEM = re.compile(r"^[-+•]\s+[A-ZĐÀ-Ỹ]")
_STRONG_MARKER = re.compile(
    r"^(?:[a-zđ]\)\s+[A-ZĐÀ-Ỹ]|[IVXLC]+\.\s+[A-ZĐÀ-Ỹ]|Chỉ tiêu\s+\d"
    r"|\d{1,2}\.\s+[A-ZĐÀ-Ỹ])"
)
_TERMINAL = re.compile(r"(?:[.;:!?]|\./\.)\s*$")
_FUNCTION_WORD_END = re.compile(
    r"\b(?:của|và|các|có|với|cho|về|trong|để|là|được|những|tại|theo|từ|đến|trên|dưới|hoặc"
    r"|nhằm|thuộc|bị|giữa|như)\s*$"
)


@dataclass(frozen=True)
class NormalisedText:
    """Normalised lines (1-based numbering matches the source) and the joined spans."""

    lines: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def clean_line(line: str) -> str:
    """Unicode, markup and slip fixes for one line; tabs (table cells) are kept."""
    line = unicodedata.normalize("NFC", line)
    line = line.translate(_INVISIBLE).translate(_SPACES).translate(_DASHES)
    if "<" in line and ">" in line:
        line = re.sub(r"<br\s*/?>", " ", line, flags=re.IGNORECASE)
        line = _HTML_TAG.sub(" ", line)
    if "&" in line:
        line = html.unescape(line).translate(_SPACES)
    if _MD_TABLE_RULE.match(line) and "|" in line:
        return ""
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        line = "\t".join(cells)
    line = _MD_HEADING.sub("", line)
    if "*" in line or "__" in line:
        line = re.sub(r"^\s*\*\s+", "- ", line)
        line = _MD_EMPHASIS.sub("", line)
    for pattern, replacement in _SLIPS:
        line = pattern.sub(replacement, line)
    line = re.sub(r"[ \r\f\v]+", " ", line)
    if "\t" in line:
        line = "\t".join(cell.strip() for cell in line.split("\t"))
        return line.rstrip("\t ") if not line.strip("\t ") else line.rstrip(" ")
    return line.strip()


def normalise_text(raw: str) -> NormalisedText:
    """Normalise the whole text and unwrap hard-wrapped paragraphs."""
    lines = [clean_line(line) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return NormalisedText(_unwrap(lines))


def _is_table(line: str) -> bool:
    return "\t" in line


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped document was wrapped at, or None if it is not wrapped."""
    # Prose lines only: table cells printed one per line (PDF) would hide the wrap.
    lengths = sorted(len(line) for line in lines if len(line) >= 20 and not _is_table(line))
    if len(lengths) < 8:
        return None
    width = lengths[int(0.97 * (len(lengths) - 1))]
    if width > 140 or width < 30:
        return None
    long_lines = sum(1 for length in lengths if length >= 0.7 * width)
    if long_lines < 0.3 * len(lengths):
        return None
    return width


def _should_join(current: str, nxt: str, width: int | None, across_blank: bool) -> bool:
    if not current or not nxt or _is_table(current) or _is_table(nxt):
        return False
    next_marker = bool(_MARKER.match(nxt))
    first = nxt[0]
    if first.islower() and not next_marker:
        return True
    if _FUNCTION_WORD_END.search(current) and not next_marker:
        return True
    if across_blank or width is None:
        return False
    terminal = bool(_TERMINAL.search(current))
    first_word = nxt.split(" ", 1)[0]
    if len(current) + 1 + len(first_word) > width:
        if _DASH_ITEM.match(nxt):
            # "Lao động\n- Thương binh" is a wrap; "a) Mục tiêu 1 ...\n- Chỉ tiêu" is a new item.
            return not (terminal or _MARKER.match(current))
        return not (next_marker and terminal) and not _STRONG_MARKER.match(nxt)
    return not terminal and not next_marker and len(current) >= 0.6 * width


def _unwrap(lines: list[str]) -> list[str]:
    width = _wrap_width(lines)
    out = list(lines)
    i = 0
    count = len(out)
    while i < count:
        if not out[i] or _is_table(out[i]):
            i += 1
            continue
        j = i + 1
        while j < count:
            if out[j]:
                nxt, across = out[j], False
                target = j
            elif j + 1 < count and out[j + 1] and not out[j]:
                nxt, across = out[j + 1], True
                target = j + 1
            else:
                break
            if not _should_join(out[i], nxt, width, across):
                break
            out[i] = out[i] + " " + nxt
            for k in range(j, target + 1):
                out[k] = ""
            j = target + 1
        i = j
    return out
