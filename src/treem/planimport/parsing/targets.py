"""Read the target values of one clause: value, comparator, unit, year, range.

A clause is one sub-target sentence such as "giảm tỷ suất tử vong trẻ sơ sinh trên 1.000 trẻ
đẻ sống dưới 9,5 vào năm 2025 và dưới 9 vào năm 2030". The reader masks what only looks like
a number (ages, dates, document numbers, "trên 1.000 trẻ đẻ sống"), finds values and years,
and binds each value to its year(s) and comparator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numbers import NUMBER_PATTERN, parse_number

_NUM = NUMBER_PATTERN
_PER_PHRASE = re.compile(
    r"(?:trên|/)\s*(?P<base>1\.000|1000|100\.000|100000|10\.000|10000)"
    r"(?:\s+(?:trẻ(?:\s+em)?(?:\s+(?:đẻ|sinh)\s+sống)?|ca\s+(?:đẻ|sinh)\s+sống|dân))?",
    re.IGNORECASE,
)
_PER_BASE = {
    "1.000": "per_1000",
    "1000": "per_1000",
    "100.000": "per_100000",
    "100000": "per_100000",
    "10.000": "per_10000",
    "10000": "per_10000",
}
_MASKS = [
    re.compile(r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}"),  # dates
    re.compile(r"\d+\s*/\s*[A-ZĐ][\w-]*(?:/[\w-]+)*"),  # document numbers 23/QĐ-TTg
    re.compile(r"(?:Chỉ tiêu|chỉ tiêu|CHỈ TIÊU|Mục tiêu|mục tiêu)\s*(?:số\s*)?\d+"),
    re.compile(
        rf"(?:(?:từ|dưới|trên|đủ|đến)\s+)?(?:{_NUM})(?:\s*(?:-|đến|tới)\s*(?:{_NUM}))?"
        r"\s*(?:tháng\s+)?tuổi(?:\s+trở\s+(?:lên|xuống))?"
    ),
    re.compile(rf"(?:{_NUM})\s*(?:loại|lần|giờ|ngày|tháng|buổi|tiết|mũi|liều)\b"),
    re.compile(rf"(?<!\d)(?:{_NUM})\s+năm\b(?!\s*(?:19|20)\d\d)"),
    # "giảm 5% so với năm 2023": the year of the baseline, not of the target.
    re.compile(r"so\s+với\s+(?:cùng\s+kỳ\s+)?(?:năm\s+)?(?:19|20)\d\d"),
]
_PERIOD = re.compile(
    r"(?:giai\s+đoạn|thời\s+kỳ|từ)?\s*(?:năm\s+)?(?P<start>20\d\d)\s*(?:-|đến|tới)\s*"
    r"(?:năm\s+)?(?P<end>20\d\d)"
)
_YEAR = re.compile(r"(?<![\d/.,])(20\d\d)(?![\d/])")
_UNIT_WORDS = r"%|‰|phần\s+(?:trăm|nghìn|ngàn)\b|/\s*1\.?000\b(?!\.)|/\s*100\.?000"
_VALUE = re.compile(
    rf"(?<![\w.,/])(?P<lo>{_NUM})\s*(?P<u1>{_UNIT_WORDS})?"
    rf"(?:\s*(?:-|đến|tới)\s*(?P<hi>{_NUM})\s*(?P<u2>{_UNIT_WORDS})?)?"
    r"(?!\w|/(?!\s*năm))"  # "3%/năm" is a yearly rate; "5/QĐ" is not a value
)
# "10 trẻ/1.000 trẻ đẻ sống": the noun before the slash is dropped (same length, so offsets
# into the clause stay true).
_NOUN_PER = re.compile(r"(?<=\d)(\s*(?:trẻ(?:\s+em)?|ca|trường\s+hợp)\s*)(?=/\s*1(?:00)?\.?000)")
# The baseline of "tăng từ 95% (năm 2020) lên 99%" / "giảm từ 12‰ xuống 10‰" is no target.
_BASELINE = re.compile(
    rf"\btừ\s+(?:mức\s+)?(?:{_NUM})\s*(?:{_UNIT_WORDS})?"
    r"(?:\s*\(?\s*(?:vào\s+|của\s+|trong\s+)?(?:năm\s+)?(?:19|20)\d\d\s*\)?)?"
    r"(?=\s*,?\s*(?:lên|xuống)\b)",
    re.IGNORECASE,
)
_COUNT_NOUN = re.compile(
    r"^\s*(?:trẻ|em|vụ|cuộc|xã|phường|trường|điểm|mô hình|người|trường hợp|hộ|cơ sở|nhóm"
    r"|câu lạc bộ|lượt|đơn vị|huyện|thôn|ấp|bản)\b"
)
_SUFFIX_CUES = [
    (re.compile(r"^\s*trở\s+lên"), ">="),
    (re.compile(r"^\s*trở\s+xuống"), "<="),
]
# (pattern, comparator, must touch the value)
_CUES: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"≥|>="), ">=", True),
    (re.compile(r"≤|<="), "<=", True),
    (re.compile(r"(?<![<>])<(?!=)"), "<", True),
    (re.compile(r"(?<![<>])>(?!=)"), ">", True),
    (re.compile(r"(?<!\w)(?:nhiều\s+)?hơn(?:\s+mức)?"), ">", True),
    (re.compile(r"(?<!\w)ít\s+hơn"), "<", True),
    (re.compile(r"không\s+(?:vượt\s+)?quá|tối\s+đa|không\s+cao\s+hơn"), "<=", False),
    (
        re.compile(r"không\s+dưới|không\s+thấp\s+hơn|không\s+ít\s+hơn|ít\s+nhất|tối\s+thiểu"),
        ">=",
        False,
    ),
    (re.compile(r"xuống(?:\s+(?:còn|mức))*\s+dưới|còn\s+dưới|thấp\s+hơn"), "<", False),
    (re.compile(r"(?<!không )dưới(?:\s+mức)?"), "<", True),
    (re.compile(r"xuống(?:\s+(?:còn|mức))*|(?<!\w)còn(?:\s+mức)?"), "<=", False),
    (re.compile(r"(?:đạt\s+)?trên(?:\s+mức)?|cao\s+hơn|vượt"), ">", True),
    (
        re.compile(
            r"đạt(?:\s+(?:mức|tỷ\s+lệ|tối\s+thiểu))?|phấn\s+đấu|duy\s+trì|giữ\s+vững"
            r"|(?:tăng|nâng)(?:\s+\S+){0,8}?\s+lên|bảo\s+đảm|đảm\s+bảo"
        ),
        ">=",
        False,
    ),
    (re.compile(r"(?<!\w)(?:là|bằng|ở\s+mức)"), "=", True),
    (
        re.compile(r"giảm(?:\s+(?:thêm|bình\s+quân|trung\s+bình|ít\s+nhất))?(?:\s+từ)?"),
        "reduce_by",
        True,
    ),
    (re.compile(r"giảm"), "<=", False),
    (re.compile(r"tăng(?:\s+thêm)?(?:\s+từ)?"), "increase_by", True),
]
_PER_YEAR = re.compile(r"(?:mỗi|hằng|hàng|một)\s+năm|/\s*năm|bình\s+quân\s+năm")
_FOLLOWED_BY_YEAR = re.compile(
    r"[\s,]*(?:(?:vào|đến|trong|tới|cuối|hết|năm|trẻ|em)\s+)*(?:giai\s+đoạn\s+)?20\d\d"
)
_MAINTAIN = re.compile(r"duy\s+trì|giữ\s+vững|giữ\s+ổn\s+định")


@dataclass
class Value:
    value: float | int | None
    comparator: str
    unit: str | None
    start: int
    end: int
    range: tuple[float | int, float | int] | None = None
    years: list[int] = field(default_factory=list)
    period_start: int | None = None
    per_year: bool = False
    context: str = ""


@dataclass
class ClauseResult:
    values: list[Value]
    leftovers: list[str]


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _unit_of(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.replace(" ", "").lower()
    if raw in ("%", "phầntrăm"):
        return "%"
    if raw in ("‰", "/1.000", "/1000", "phầnnghìn", "phầnngàn"):
        return "per_1000"
    return "per_100000"


def _comparator(window: str, fallback: str | None) -> str | None:
    """The comparator named by the cue nearest to the value at the end of window."""
    best: tuple[int, int, str] | None = None
    for pattern, comparator, touching in _CUES:
        for match in pattern.finditer(window):
            if touching and window[match.end() :].strip():
                continue
            key = (match.end(), match.end() - match.start(), comparator)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else fallback


def read_clause(clause: str) -> ClauseResult:
    """Find the target values of one clause with their years and comparators."""
    work = clause
    per_units = [
        _PER_BASE[m.group("base")]
        for m in _PER_PHRASE.finditer(work)
        if not work[m.end() : m.end() + 1].isdigit()
    ]
    per_hint = per_units[0] if per_units else None
    work = _PER_PHRASE.sub(
        lambda m: " " * len(m.group(0)) if m.group(0).lower().startswith("trên") else m.group(0),
        work,
    )
    work = _NOUN_PER.sub(lambda m: " " * len(m.group(1)), work)
    for pattern in [*_MASKS, _BASELINE]:
        work = _mask(work, pattern)

    periods: list[tuple[int, int, int, int]] = []
    for match in _PERIOD.finditer(work):
        periods.append(
            (match.start(), match.end(), int(match.group("start")), int(match.group("end")))
        )
    work_no_period = work
    for start, end, _, _ in periods:
        work_no_period = work_no_period[:start] + " " * (end - start) + work_no_period[end:]
    years = [(m.start(), m.end(), int(m.group(1))) for m in _YEAR.finditer(work_no_period)]
    work_values = _YEAR.sub(lambda m: " " * len(m.group(0)), work_no_period)

    values: list[Value] = []
    leftovers: list[str] = []
    previous: Value | None = None
    for match in _VALUE.finditer(work_values):
        lo = parse_number(match.group("lo"))
        hi = parse_number(match.group("hi")) if match.group("hi") else None
        unit = _unit_of(match.group("u1")) or _unit_of(match.group("u2"))
        after = work_values[match.end() : match.end() + 40]
        window_start = previous.end if previous else 0
        window = clause[window_start : match.start()]
        cue = _comparator(window.lower(), None)
        touching_cue = cue is not None and not window.rstrip().endswith(",")
        followed_by_year = bool(_FOLLOWED_BY_YEAR.match(work, match.end()))
        if unit is None:
            if _COUNT_NOUN.match(after):
                unit = "count"
            elif per_hint and (followed_by_year or touching_cue):
                unit = per_hint
            elif previous is not None and (followed_by_year or touching_cue):
                unit = previous.unit
            elif followed_by_year and cue is not None:
                unit = "count"
        if unit is None:
            leftovers.append(clause[match.start() : match.end()].strip())
            continue
        comparator = cue or (previous.comparator if previous else ">=")
        for pattern, suffix_cmp in _SUFFIX_CUES:
            if pattern.match(clause[match.end() :]):
                comparator = suffix_cmp
        around = window[-25:] + " " + clause[match.end() : match.end() + 20]
        per_year = bool(_PER_YEAR.search(around))
        if per_year and comparator == "<=" and "giảm" in window.lower():
            comparator = "reduce_by"
        value = Value(
            lo,
            comparator,
            unit,
            match.start(),
            match.end(),
            range=(lo, hi) if hi is not None else None,
            per_year=per_year,
            context=clause[match.end() : match.end() + 40],
        )
        values.append(value)
        previous = value

    for position, value in enumerate(values):
        prev_end = values[position - 1].end if position else 0
        next_start = values[position + 1].start if position + 1 < len(values) else len(clause)
        value.context = clause[value.end : next_start] + " | " + clause[prev_end : value.start]
    maintains = _maintain_events(clause, work_values, values, years)
    _bind_years(clause, values, years, periods, maintains)
    values.extend(maintains)
    values.sort(key=lambda v: v.start)
    return ClauseResult(values, leftovers)


def _maintain_events(
    clause: str, work_values: str, values: list[Value], years: list[tuple[int, int, int]]
) -> list[Value]:
    """ "duy trì đến năm 2030" with no number: a maintain target with no value."""
    events: list[Value] = []
    for match in _MAINTAIN.finditer(clause.lower()):
        following_year = next((y for y in years if y[0] >= match.end()), None)
        if following_year is None:
            continue
        between = [v for v in values if match.end() <= v.start < following_year[0]]
        if between:
            continue
        prev_unit = next((v.unit for v in reversed(values) if v.start < match.start()), None)
        unit = prev_unit or next((v.unit for v in values), None) or "%"
        events.append(
            Value(
                None,
                "maintain",
                unit,
                following_year[0],
                following_year[1],
                context=clause[match.start() : following_year[1]],
            )
        )
    return events


def _year_runs(clause: str, years: list[tuple[int, int, int]]) -> list[tuple[int, int, list[int]]]:
    runs: list[tuple[int, int, list[int]]] = []
    for start, end, year in years:
        if runs and re.fullmatch(
            r"[\s,]*(?:và|hoặc|,)?\s*(?:năm)?\s*", clause[runs[-1][1] : start]
        ):
            runs[-1] = (runs[-1][0], end, runs[-1][2] + [year])
        else:
            runs.append((start, end, [year]))
    return runs


def _bind_years(
    clause: str,
    values: list[Value],
    years: list[tuple[int, int, int]],
    periods: list[tuple[int, int, int, int]],
    maintains: list[Value],
) -> None:
    runs = _year_runs(clause, years)
    maintain_starts = {m.start for m in maintains}
    for maintain in maintains:
        maintain.years = [next(y for s, _, y in years if s == maintain.start)]
    events: list[tuple[int, str, object]] = [(v.start, "value", v) for v in values]
    events += [(r[0], "run", r) for r in runs if r[0] not in maintain_starts]
    events += [(p[0], "period", p) for p in periods]
    events.sort(key=lambda e: e[0])
    pending: list[Value] = []
    forward: list[int] | None = None
    fresh_forward = False
    for index, (_, kind, item) in enumerate(events):
        if kind == "value":
            assert isinstance(item, Value)
            if forward is not None and fresh_forward:
                item.years = list(forward)
                fresh_forward = False
            else:
                pending.append(item)
            continue
        later_value = any(k == "value" for _, k, _ in events[index + 1 :])
        if kind == "period":
            assert isinstance(item, tuple)
            _, _, first, last = item
            if pending:
                for value in pending:
                    value.years, value.period_start = [last], first
                pending = []
            continue
        assert isinstance(item, tuple)
        _, _, run_years = item
        if pending:
            for value in pending:
                value.years = list(run_years)
            pending = []
            forward = None
        elif later_value:
            forward, fresh_forward = list(run_years), True
    all_years = [y for _, _, y in years]
    for value in pending:
        if forward is not None:
            value.years = list(forward)
        elif periods:
            value.years, value.period_start = [periods[-1][3]], periods[-1][2]
        elif value.per_year and all_years:
            value.years = [max(all_years)]
