"""Reporting regime: periodic deadlines ("Định kỳ 6 tháng (trước ngày 15/6), năm (trước ngày
15/12)") and ad-hoc reports ("đột xuất", "khi có vướng mắc … kịp thời báo cáo")."""

from __future__ import annotations

import re
from typing import Any

from .sections import split_sentences

_REPORT = re.compile(r"báo\s+cáo|phản\s+ánh", re.IGNORECASE)
_PERIOD = re.compile(
    r"(?P<semi>(?:0?6|sáu)\s+tháng(?:\s+(?:đầu\s+năm|cuối\s+năm))?|bán\s+niên|giữa\s+năm)"
    r"|(?P<quarter>(?:hằng|hàng|mỗi)\s+quý|định\s+kỳ\s+quý|\bquý\b)"
    r"|(?P<annual>(?:hằng|hàng|mỗi|cả)\s+năm|cuối\s+năm|\bnăm\b(?!\s*(?:20\d\d|\d))"
    r"(?!\s+(?:học|tới|sau)\b)(?!\s+trước\b(?!\s+ngày)))",
    re.IGNORECASE,
)
_DUE = re.compile(
    r"(?:trước|chậm\s+nhất(?:\s+(?:là|vào))?|không\s+muộn\s+hơn|hạn)\s*(?:ngày\s*)?"
    r"(?P<d>\d{1,2})\s*(?:/|-|\s+tháng\s+)\s*(?P<m>\d{1,2})(?!\s*/\s*\d)(?!\d)",
    re.IGNORECASE,
)
_ADHOC = re.compile(
    r"đột\s+xuất|khi\s+có\s+yêu\s+cầu|theo\s+yêu\s+cầu|vướng\s+mắc|phát\s+sinh|khi\s+cần\s+thiết",
    re.IGNORECASE,
)
_TO = re.compile(
    r"(?:(?:báo\s+cáo|phản\s+ánh|gửi)(?:\s+kết\s+quả(?:\s+thực\s+hiện)?(?:\s+(?:Kế hoạch|kế hoạch"
    r"))?(?:\s+này)?)?\s+(?:về|gửi\s+về|gửi|lên|cho)?\s*)"
    r"(?P<to>(?:Ủy ban|UBND|Sở|Bộ|Phòng|Ban|Văn phòng|Thường trực|Tỉnh ủy|Huyện ủy|Cục|Trung tâm"
    r"|Chủ tịch|Hội đồng)[^.;]*?)"
    r"(?=\s*(?:trước\s+ngày|trước\s+\d|chậm\s+nhất|để|theo\s+quy\s+định|định\s+kỳ|[.;]|,\s*(?:"
    r"trước|chậm|đồng\s+thời))|\s*$)",
)

_TO_LOOSE = re.compile(r"(?:gửi\s+về|về|gửi|lên)\s+(?P<to>" + _TO.pattern.split("(?P<to>", 1)[1])


def extract_reporting(lines: list[str], target_lines: set[int]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for line_no, line in enumerate(lines, start=1):
        if not line or "\t" in line or line_no in target_lines or not _REPORT.search(line):
            continue
        for _, sentence in split_sentences(line):
            if not _REPORT.search(sentence):
                continue
            found.extend(_periodic(sentence, line_no))
            adhoc = _adhoc(sentence, line_no)
            if adhoc:
                found.append(adhoc)
    return found


def _recipient(sentence: str) -> str | None:
    match = _TO.search(sentence) or _TO_LOOSE.search(sentence)
    if not match:
        return None
    best = re.sub(r"\s+", " ", match.group("to").strip(" ,"))
    if best.count("(") > best.count(")"):
        best += ")"
    return best


def _kind(match: re.Match[str]) -> str:
    if match.group("semi"):
        return "semiannual"
    return "quarterly" if match.group("quarter") else "annual"


def _periodic(sentence: str, line_no: int) -> list[dict[str, Any]]:
    dues = [
        m
        for m in _DUE.finditer(sentence)
        if 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31
    ]
    if not dues:
        return []
    kinds = [(_kind(m), m.start()) for m in _PERIOD.finditer(sentence)]
    pairs: list[tuple[str, re.Match[str], bool]] = []
    if len(kinds) == len(dues):
        pairs = [(kind, due, False) for (kind, _), due in zip(kinds, dues, strict=True)]
    else:
        previous_end = 0
        for position, due in enumerate(dues):
            own = [kind for kind, pos in kinds if previous_end <= pos < due.start()]
            later = [kind for kind, pos in kinds if pos >= due.end()]
            if own:
                pairs.append((own[-1], due, False))
            elif position > 0 or not kinds:
                pairs.append((_guess_period(int(due.group("m")), len(dues)), due, True))
            else:
                pairs.append(((later or [k for k, _ in kinds])[0], due, False))
            previous_end = due.end()
    to = _recipient(sentence)
    return [
        {
            "period": kind,
            "due_day": int(due.group("d")),
            "due_month": int(due.group("m")),
            "to": to,
            "line": line_no,
            "period_inferred": inferred,
            "text": sentence.strip()[:300],
        }
        for kind, due, inferred in pairs
    ]


def _guess_period(month: int, count: int) -> str:
    if count > 1 and month <= 8:
        return "semiannual"
    return "annual"


def _adhoc(sentence: str, line_no: int) -> dict[str, Any] | None:
    match = _ADHOC.search(sentence)
    if not match:
        return None
    tail = sentence[match.start() :]
    if not _REPORT.search(tail) and not _REPORT.search(sentence[: match.start()][-60:]):
        return None
    to = _recipient(tail) or _recipient(sentence)
    return {
        "period": "adhoc",
        "due_day": None,
        "due_month": None,
        "to": to,
        "line": line_no,
        "period_inferred": False,
        "text": sentence.strip()[:300],
    }
