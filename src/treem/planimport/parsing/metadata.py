"""Document metadata: number and symbol, issue date, issuer, title, documents implemented."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_SYMBOL = r"[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*(?:/[A-ZĐ][A-ZĐ0-9-]*)?"
_DOC_NUMBER = re.compile(rf"\b\d{{1,6}}[a-z]?(?:/|-){_SYMBOL}")
_NUMBER_LINE = re.compile(rf"^Số(?:\s+hiệu)?\s*[:.]?\s*(?P<raw>[^\s/]*\s*/\s*{_SYMBOL})\s*$")
_OWN_REFERENCE = re.compile(
    r"(?:Kèm theo|kèm theo)\s+Kế hoạch\s+số\s+(?P<raw>[^\n]*?/\s*KH-[A-ZĐ0-9-]+)\s*"
    r"(?:,\s*)?ngày\s+(?P<date>[^)]*?\d{4})"
)
_DATE_NUMERIC = re.compile(r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})")
_DATE_WORDS = re.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
_PLACE_DATE = re.compile(
    r"^[^\t,]{2,40},\s*ngày\s+(?P<d>\d{0,2})\s*tháng\s+(?P<m>\d{0,2})\s*năm"
    r"\s+(?P<y>\d{4})"
)
_ISSUER_SENTENCE = re.compile(
    r"(?P<body>Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND)\s+(?P<level>tỉnh|thành phố|huyện|quận"
    r"|thị xã|xã|phường)\s+(?P<name>(?:[A-ZĐÀ-Ỹ][^\s,.;()]*\s+){1,4}?)ban hành"
)
_LEVELS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG")
_IMPLEMENTS = re.compile(
    r"(?P<kind>Kế hoạch|Quyết định|Chỉ thị|Nghị quyết|Chương trình|Thông tư|Nghị định|Công văn"
    r"|Hướng dẫn|Kết luận)\s+số\s+(?P<number>\d{1,6}[a-z]?(?:/|-)"
    rf"{_SYMBOL}),?\s*(?:ngày\s+(?P<date>\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*\d{{4}}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?(?:\s+của\s+(?P<issuer>[^,;()]+?)"
    r"(?=\s+(?:về|ban hành|phê duyệt|triển khai|thực hiện)\b|[,;()]|$))?",
    re.IGNORECASE,
)
_PERIOD = re.compile(r"giai\s+đoạn\s+(?P<start>20\d\d)\s*-\s*(?P<end>20\d\d)", re.IGNORECASE)


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """ "13/08/2024" or "ngày 24 tháng 4 năm 2025" → ISO date."""
    match = _DATE_NUMERIC.search(text) or _DATE_WORDS.search(text)
    return _iso(match.group("d"), match.group("m"), match.group("y")) if match else None


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _preamble_end(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if re.match(r"^I[.)]\s", line):
            return index
    return min(len(lines), 40)


def extract_metadata(lines: list[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    warnings: list[dict[str, Any]] = []
    head_end = _preamble_end(lines)
    head = lines[:head_end]
    number, symbol, issued_on, issued_year = None, None, None, None

    for index, line in enumerate(head):
        stripped = line.strip()
        match = _NUMBER_LINE.match(stripped)
        if not match and stripped in ("Số hiệu", "Số:") and index + 1 < len(head):
            match = _NUMBER_LINE.match("Số: " + head[index + 1].strip())
        if match and number is None and symbol is None:
            number, symbol = _split_number(match.group("raw"), index + 1, warnings)
        if stripped == "Ngày ban hành" and index + 1 < len(head) and issued_on is None:
            issued_on = parse_date(head[index + 1])
        place = _PLACE_DATE.match(stripped)
        if place and issued_on is None:
            issued_year = int(place.group("y"))
            if place.group("d") and place.group("m"):
                issued_on = _iso(place.group("d"), place.group("m"), place.group("y"))
    if number is None and lines:
        first = re.match(rf"^Kế hoạch\s+(?:số\s+)?(?P<num>{_DOC_NUMBER.pattern})", lines[0])
        if first:
            number, symbol = _split_number(first.group("num"), 1, warnings)
    for index, line in enumerate(lines):
        own = _OWN_REFERENCE.search(line)
        if not own:
            continue
        if number is None and symbol is None:
            number, symbol = _split_number(own.group("raw"), index + 1, warnings)
        if issued_on is None:
            issued_on = parse_date(own.group("date"))
        break
    if issued_on:
        issued_year = int(issued_on[:4])

    title_index, title = _title(head)
    body = " ".join(line for line in lines if line and not _is_caps(line) and "\t" not in line)
    if title and _is_caps(title):
        title = recase(title, body)
    issuer = _issuer(lines, head)
    preamble = head[title_index:] if title_index is not None else head
    implements = _implements(preamble, number, body)
    period = _PERIOD.search(" ".join(head))
    document = {
        "number": number,
        "symbol": symbol,
        "issued_on": issued_on,
        "issued_year": issued_year,
        "issuer": issuer,
        "title": title,
        "implements": implements,
        "draft": any(line.strip().upper() == "DỰ THẢO" for line in head),
        "period": (
            {"start": int(period.group("start")), "end": int(period.group("end"))}
            if period
            else None
        ),
    }
    return document, warnings


def _split_number(
    raw: str, line_no: int, warnings: list[dict[str, Any]]
) -> tuple[str | None, str | None]:
    raw = re.sub(r"\s+", "", raw)
    match = re.fullmatch(rf"(?P<num>\d{{1,6}}[a-z]?)?/(?P<sym>{_SYMBOL})", raw)
    if match and match.group("num"):
        return f"{match.group('num')}/{match.group('sym')}", match.group("sym")
    if re.fullmatch(_DOC_NUMBER.pattern, raw):
        return raw, raw.split("/", 1)[-1]
    symbol = raw.rsplit("/", 1)[-1] if "/" in raw else None
    if raw.strip("/") != (symbol or ""):
        warnings.append(
            {
                "line": line_no,
                "kind": "unreadable_number",
                "message": f"document number «{raw}» at line {line_no} is unreadable; "
                "enter it by hand",
            }
        )
    return None, symbol


def _title(head: list[str]) -> tuple[int | None, str | None]:
    for index, line in enumerate(head):
        if line.strip() in ("KẾ HOẠCH", "KẾ HOẠCH HÀNH ĐỘNG"):
            for offset in range(index + 1, min(index + 6, len(head))):
                candidate = head[offset].strip()
                if candidate:
                    # A PDF may have joined the first preamble sentence to the title.
                    cut = re.search(r"\s(?:Thực hiện|Căn cứ|Theo đề nghị|Xét đề nghị)\s", candidate)
                    if cut:
                        candidate = candidate[: cut.start()]
                    return offset, candidate.rstrip(". ")
    return None, None


def recase(caps: str, body: str) -> str:
    """Give an all-capitals title the casing its phrases have in the body text."""
    tokens = caps.split()
    body_lower = body.lower()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i + 1, -1):
            phrase = " ".join(tokens[i:j]).lower()
            found = _find_cased(body, body_lower, phrase)
            if found >= 0 and len(body_lower) == len(body):
                out.append(body[found : found + len(phrase)])
                i = j
                break
        else:
            token = tokens[i]
            out.append(token if any(ch.isdigit() for ch in token) else token.lower())
            i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _find_cased(body: str, body_lower: str, phrase: str) -> int:
    """First occurrence of phrase in the body that is not itself written in capitals."""
    start = body_lower.find(phrase)
    while start >= 0:
        if not _is_caps(body[start : start + len(phrase)]):
            return start
        start = body_lower.find(phrase, start + 1)
    return -1


def _issuer(lines: list[str], head: list[str]) -> str | None:
    for line in head + lines:
        match = _ISSUER_SENTENCE.search(line)
        if match:
            body = (
                "Ủy ban nhân dân"
                if match.group("body") in ("UBND", "Ủy ban nhân dân")
                else ("Hội đồng nhân dân")
            )
            return f"{body} {match.group('level')} {match.group('name').strip()}"
    for index, line in enumerate(head[:-1]):
        if line.strip() == "ỦY BAN NHÂN DÂN":
            place = head[index + 1].strip()
            for level in _LEVELS:
                if place.startswith(level + " "):
                    name = place[len(level) + 1 :].title()
                    return f"Ủy ban nhân dân {level.lower()} {name}"
    return None


def _implements(preamble: list[str], own_number: str | None, body: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    # Mixed-case lines first: they carry the proper casing of issuers' names.
    for line in sorted(preamble, key=_is_caps):
        if _is_caps(line) and len(line) < 20:
            continue
        for match in _IMPLEMENTS.finditer(line):
            number = match.group("number")
            key = number.upper()
            if key in seen or number == own_number or "TTR" in key:
                continue
            seen.add(key)
            issuer = match.group("issuer")
            found.append(
                {
                    "kind": match.group("kind").capitalize(),
                    "number": number,
                    "issued_on": parse_date(match.group("date") or ""),
                    "issuer": _issuer_case(issuer.strip(), body) if issuer else None,
                }
            )
    return found


def _issuer_case(issuer: str, body: str) -> str:
    return recase(issuer, body) if _is_caps(issuer) else issuer
