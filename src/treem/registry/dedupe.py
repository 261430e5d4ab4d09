"""Finding records that are probably the same child.

Candidates come from blocking, so the scan stays linear: records are read in date-of-birth
order (one index scan, streamed), and within one date only records sharing a blocking key are
compared: the accent-free given name, the family name with the given name's first letter, or
the ID number. A pair is scored on name similarity (diacritics and typos tolerated), place
and sex; pairs an officer dismissed as different children are skipped.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any

from django.db.models import Count, Max, Min, QuerySet

from treem.geo.models import Unit
from treem.registry.models import Child, DuplicateDismissal

FIELDS = ("pk", "full_name", "name_key", "birth_date", "sex", "personal_id", "unit_id",
          "province_code", "unit_path")  # fmt: skip
MIN_SCORE = 0.75  # pairs scored lower are not proposed
WINDOW = 50_000  # records read per query, about
# Records in two provinces score at most 0.85 − 0.15 unless their full names are identical
# (`score_pair`): from this threshold up, fuzzy comparisons can stay inside one province.
CROSS_PROVINCE_FLOOR = 0.75


@dataclass(frozen=True)
class Record:
    pk: int
    full_name: str
    name_key: str
    birth_date: dt.date
    sex: str
    personal_id: str | None
    unit_id: int
    province_code: str
    unit_path: str


@dataclass
class Pair:
    first: Record
    second: Record
    score: float
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "first": self.first.pk,
            "second": self.second.pk,
            "first_name": self.first.full_name,
            "second_name": self.second.full_name,
            "birth_date": self.first.birth_date.isoformat(),
            "score": round(self.score, 3),
            "reasons": self.reasons,
        }


def record_of(child: Child) -> Record:
    """The scan's view of one loaded record, to score a pair an officer chose by hand."""
    return Record(*(getattr(child, name) for name in FIELDS))


def name_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@lru_cache(maxsize=1 << 16)
def _letters(key: str) -> Counter[str]:
    return Counter(key)


def _similarity_at_least(a: str, b: str, floor: float) -> float | None:
    """`name_similarity(a, b)`, or None when it is below `floor`. Most pairs a scan compares
    are far apart; difflib's own upper bounds (lengths, then letter counts, here from cached
    counts) settle them without building a matcher, which dominates a scan of a million
    records. The bounds are computed as difflib computes its ratios, so results are equal."""
    if a == b:
        return 1.0
    total = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / total < floor:
        return None
    small, large = sorted((_letters(a), _letters(b)), key=len)
    common = sum(min(n, large[letter]) for letter, n in small.items())
    if 2.0 * common / total < floor:
        return None
    similarity = name_similarity(a, b)
    return similarity if similarity >= floor else None


def score_pair(a: Record, b: Record) -> Pair | None:
    if a.personal_id and b.personal_id:
        if a.personal_id == b.personal_id:
            return Pair(a, b, 1.0, [f"Cùng số định danh {a.personal_id}"])
        return None  # two different ID numbers: two children, whatever the names say
    if a.birth_date != b.birth_date:
        return None
    similarity = _similarity_at_least(a.name_key, b.name_key, 0.75)
    if similarity is None:
        return None
    reasons = [f"Cùng ngày sinh {a.birth_date:%d/%m/%Y}"]
    if a.full_name == b.full_name:
        reasons.append("Trùng họ tên")
        score = 0.9
    elif a.name_key == b.name_key:
        reasons.append("Họ tên chỉ khác dấu")
        score = 0.85
    else:
        reasons.append(f"Họ tên gần giống ({similarity:.0%})")
        score = 0.6 + 0.25 * (similarity - 0.75) / 0.25
    if a.unit_id == b.unit_id:
        reasons.append("Cùng xã/phường")
        score += 0.08
    elif a.province_code == b.province_code:
        reasons.append("Cùng tỉnh, khác xã/phường")
    else:
        reasons.append("Khác tỉnh")
        score -= 0.15
    if a.sex != b.sex:
        reasons.append("Khác giới tính")
        score -= 0.2
    return Pair(a, b, max(0.0, min(score, 0.99)), reasons)


def _blocking_keys(record: Record, *, nationwide: bool) -> list[tuple[str, str, str]]:
    """Keys of the blocks the record is compared within. A pair in two provinces loses 0.15
    (`score_pair`), so at the usual thresholds only an identical full name (0.90 − 0.15) can
    still be proposed: the fuzzy blocks then stay inside one province, which divides a national
    scan's comparisons by the number of provinces, and one nationwide block per full name keeps
    those pairs."""
    words = record.name_key.split()
    if not words:
        return []
    place = "" if nationwide else record.province_code
    keys = [("given", place, words[-1]), ("family", place, f"{words[0]} {words[-1][:1]}")]
    if not nationwide:
        keys.append(("name", "", record.full_name))
    return keys


def _pairs_in_group(
    group: list[Record], *, nationwide: bool = True
) -> Iterator[tuple[Record, Record]]:
    blocks: dict[tuple[str, str, str], list[Record]] = {}
    for record in group:
        for key in _blocking_keys(record, nationwide=nationwide):
            blocks.setdefault(key, []).append(record)
    seen: set[tuple[int, int]] = set()
    for members in blocks.values():
        for a, b in combinations(members, 2):
            pair = (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)
            if pair not in seen:
                seen.add(pair)
                yield a, b


def _records(qs: QuerySet[Child]) -> Iterator[Record]:
    for values in qs.order_by("birth_date", "pk").values_list(*FIELDS).iterator(chunk_size=5000):
        yield Record(*values)


def _records_by_date(qs: QuerySet[Child]) -> Iterator[Record]:
    """All records in (birth date, pk) order, read a window of birth dates (about WINDOW
    records) at a time. One ordered cursor over the whole table walks the date index and
    fetches rows in random order (minutes at a million records); a large window is one scan in
    table order and a sort, and memory stays bounded by one window's records."""
    bounds = qs.aggregate(first=Min("birth_date"), last=Max("birth_date"), n=Count("pk"))
    if not bounds["n"]:
        return
    span = (bounds["last"] - bounds["first"]).days + 1
    days = max(1, min(span, span * WINDOW // bounds["n"]))
    start = bounds["first"]
    while start <= bounds["last"]:
        end = start + dt.timedelta(days=days)
        window = qs.filter(birth_date__gte=start, birth_date__lt=end)
        for values in window.order_by("birth_date", "pk").values_list(*FIELDS):
            yield Record(*values)
        start = end


def scan(
    *,
    unit: Unit | None = None,
    queryset: QuerySet[Child] | None = None,
    min_score: float = MIN_SCORE,
) -> Iterator[Pair]:
    """Likely duplicates among live records, best evidence first within each birth date.
    With `unit`, pairs must involve a child of that unit; the other record may be anywhere in
    the same province (a child registered twice in neighbouring communes)."""
    qs = queryset if queryset is not None else Child.objects.all()
    qs = qs.filter(merged_into__isnull=True)
    if unit is not None:
        qs = qs.filter(province_code=unit.province_code)
    dismissed = _dismissed()
    group: list[Record] = []
    for record in _records_by_date(qs):
        if group and record.birth_date != group[0].birth_date:
            yield from _score_group(group, unit, min_score, dismissed)
            group = []
        group.append(record)
    if group:
        yield from _score_group(group, unit, min_score, dismissed)
    yield from _same_id_pairs(qs, unit, dismissed)


def _score_group(
    group: list[Record], unit: Unit | None, min_score: float, dismissed: set[tuple[int, int]]
) -> Iterator[Pair]:
    if len(group) < 2:
        return
    found = []
    for a, b in _pairs_in_group(group, nationwide=min_score < CROSS_PROVINCE_FLOOR):
        if unit is not None and unit.pk not in (a.unit_id, b.unit_id):
            continue
        if (min(a.pk, b.pk), max(a.pk, b.pk)) in dismissed:
            continue
        pair = score_pair(a, b)
        if pair is not None and pair.score >= min_score and pair.score < 1.0:
            found.append(pair)
    yield from sorted(found, key=lambda p: -p.score)


def _same_id_pairs(
    qs: QuerySet[Child], unit: Unit | None, dismissed: set[tuple[int, int]]
) -> Iterator[Pair]:
    """Same ID number in two live records can only come from data loaded around the unique
    rule (e.g. restored backups); report them with full confidence."""
    shared = (
        qs.exclude(personal_id__isnull=True)
        .values("personal_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("personal_id")
    )
    records = list(_records(qs.filter(personal_id__in=shared)))
    by_id: dict[str, list[Record]] = {}
    for record in records:
        by_id.setdefault(record.personal_id or "", []).append(record)
    for members in by_id.values():
        for a, b in combinations(members, 2):
            if unit is not None and unit.pk not in (a.unit_id, b.unit_id):
                continue
            if (min(a.pk, b.pk), max(a.pk, b.pk)) not in dismissed:
                pair = score_pair(a, b)
                if pair is not None:
                    yield pair


def _dismissed() -> set[tuple[int, int]]:
    return set(DuplicateDismissal.objects.values_list("first_id", "second_id"))
