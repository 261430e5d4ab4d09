"""Synthetic children for demos and load tests, as rows of the import template.

Everything random comes from one `random.Random(seed)`, so a seed always yields the same rows;
rows stream out of a generator and only small tables (communes, names, dates) are kept, so memory
does not grow with `count`. Reference data comes from the geo CSV files, not the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import operator
import random
import unicodedata
from bisect import bisect
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, Protocol

from treem.registry.domain import circumstances, ethnicities
from treem.registry.synthetic import names as N
from treem.registry.synthetic import populations as P
from treem.registry.synthetic import styles as S
from treem.registry.synthetic.populations import (
    ProvinceReference,
    UnknownProvince,
    province_reference,
    provinces,
)

COLUMNS: tuple[str, ...] = (
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Dân tộc",
    "Mã xã",
    "Thôn/Tổ dân phố",
    "Họ tên cha",
    "Họ tên mẹ",
    "Người chăm sóc",
    "Số điện thoại",
    "Hoàn cảnh đặc biệt",
    "Đăng ký khai sinh",
    "Thẻ BHYT",
)
MAX_AGE = 15
RESERVOIR_SIZE = 1000
__all__ = [
    "COLUMNS",
    "ChildGenerator",
    "ProvinceReference",
    "UnknownProvince",
    "generate",
    "province_reference",
    "provinces",
    "typo",
    "write_csv",
]


def _cumulative(weights: Iterable[float]) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


def _table(items: Iterable[tuple[str, float]]) -> tuple[list[str], list[float]]:
    pairs = list(items)
    return [value for value, _ in pairs], _cumulative(weight for _, weight in pairs)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


_LETTER_ORDER = {letter: i for i, letter in enumerate(circumstances.LETTERS)}


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(name: str, rng: random.Random) -> str:
    """A realistic misspelling: no diacritics at all, one mark lost, or two letters swapped."""
    roll = rng.random()
    if roll < 0.4:
        result = _strip_marks(name)
        if result != name:
            return result
    marked = [i for i, ch in enumerate(name) if _strip_marks(ch) != ch]
    if roll < 0.75 and marked:
        i = rng.choice(marked)
        decomposed = unicodedata.normalize("NFD", name[i])
        if len(decomposed) > 1:
            drop = rng.randrange(1, len(decomposed))
            letter = unicodedata.normalize("NFC", decomposed[:drop] + decomposed[drop + 1 :])
        else:  # đ
            letter = _strip_marks(name[i])
        return name[:i] + letter + name[i + 1 :]
    pairs = [
        i
        for i in range(len(name) - 1)
        if name[i].isalpha() and name[i + 1].isalpha() and name[i] != name[i + 1]
    ]
    if not pairs:
        return name + name[-1]
    i = rng.choice(pairs)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


class ChildGenerator:
    """Deterministic stream of synthetic children for one current province."""

    def __init__(
        self,
        province: str,
        seed: int,
        *,
        today: dt.date | None = None,
        near_duplicate_rate: float = 0.01,
    ) -> None:
        if not 0 <= near_duplicate_rate <= 1:
            raise ValueError("near_duplicate_rate must be between 0 and 1")
        self.reference = ref = province_reference(province)
        self.rng = rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.today = today or dt.date.today()
        self.near_duplicate_rate = near_duplicate_rate
        self.near_duplicates = 0  # emitted so far (for tests and summaries)
        self.commune_index = {code: i for i, code in enumerate(ref.communes)}
        self.commune_cum = _cumulative(rng.uniform(0.4, 2.0) for _ in ref.communes)
        self.hamlets = tuple(P.hamlets(rng, province, kind) for kind in ref.kinds)
        mix = [("01", 100 - sum(share for _, share in P.ETHNIC_MIX[province]))]
        mix += sorted(P.ETHNIC_MIX[province])
        self.ethnic_cum = _cumulative(share for _, share in mix)
        region = P.region(province)
        self.ethnic = [
            (
                ethnicities.NAMES[code],
                N.Namer(S.STYLES.get(code, S.DEFAULT_STYLE), rng, region),
                code != ethnicities.KINH,
            )
            for code, _ in mix
        ]
        # Dates of birth, newest first: index = age in days. Children are 0..MAX_AGE years old.
        oldest = _years_before(self.today, MAX_AGE + 1) + dt.timedelta(days=1)
        self.days = (self.today - oldest).days + 1
        self.under6 = (self.today - _years_before(self.today, 6)).days
        self.under10 = (self.today - _years_before(self.today, 10)).days
        mids: dict[int, tuple[str, str]] = {}  # year -> ID digits 4-6 for (male, female)
        self.dates: list[tuple[str, str, str]] = []
        for offset in range(self.days):
            day = self.today - dt.timedelta(days=offset)
            if day.year not in mids:
                digit = (day.year // 100 - 19) * 2  # 1900s: 0/1, 2000s: 2/3, 2100s: 4/5
                yy = day.year % 100
                mids[day.year] = (f"{digit}{yy:02d}", f"{digit + 1}{yy:02d}")
            self.dates.append((f"{day.day:02d}/{day.month:02d}/{day.year}", *mids[day.year]))
        self.phone_prefix = _table(P.PHONE_PREFIXES)
        self.groups_old = _table(P.CIRCUMSTANCE_WEIGHTS)
        self.groups_young = _table(
            [(g, w) for g, w in P.CIRCUMSTANCE_WEIGHTS if g not in P.YOUNG_EXCLUDED]
        )
        self.bhyt_older = _table(P.BHYT_OLDER)
        self.bhyt_minority = _table(P.BHYT_OLDER_MINORITY)

    def _pick(self, table: tuple[list[str], list[float]]) -> str:
        values, cumulative = table
        return values[bisect(cumulative, self.rng.random() * cumulative[-1], 0, len(values) - 1)]

    def _circumstances(self, offset: int) -> str:
        table = self.groups_young if offset < self.under10 else self.groups_old
        first = self._pick(table)
        if self.rng.random() >= P.SECOND_GROUP_RATE:
            return first
        second = first
        while second == first:
            second = self._pick(table)
        return ";".join(sorted((first, second), key=_LETTER_ORDER.__getitem__))

    def _phone(self, style: float) -> str:
        rnd = self.rng.random
        prefixes, cumulative = self.phone_prefix
        prefix = prefixes[bisect(cumulative, rnd() * cumulative[-1], 0, len(prefixes) - 1)]
        number = f"{prefix}{int(rnd() * 1e7):07d}"
        if style < 0.8:
            return number
        if style < 0.92:
            return f"{number[:4]} {number[4:7]} {number[7:]}"
        if style < 0.97:
            return "+84" + number[1:]
        return f"+84 {number[1:4]} {number[4:7]} {number[7:]}"

    def _near_duplicate(self, reservoir: deque[dict[str, str]]) -> dict[str, str]:
        """An earlier child entered again: misspelt name, same date of birth and parents, often
        by the neighbouring commune and without the ID number."""
        rng = self.rng
        source = reservoir[int(rng.random() * len(reservoir))]
        row = dict(source)
        row["Họ và tên"] = typo(source["Họ và tên"], rng)
        if rng.random() < 0.3:
            commune = self.reference.neighbours[self.commune_index[source["Mã xã"]]]
            row["Mã xã"] = self.reference.communes[commune]
            row["Thôn/Tổ dân phố"] = rng.choice(self.hamlets[commune])
        if rng.random() < 0.85:
            row["Số định danh cá nhân"] = ""
        if rng.random() < 0.5:
            row["Số điện thoại"] = ""
        if rng.random() < 0.5:
            row["Thẻ BHYT"] = ""
        self.near_duplicates += 1
        return row

    def rows(self, count: int) -> Iterator[dict[str, str]]:
        """`count` rows. The last 1,000 rows are kept to copy near-duplicates from: read them,
        do not modify them in place."""
        if count < 0:
            raise ValueError("count must not be negative")
        return self._rows(count)

    def _rows(self, count: int) -> Iterator[dict[str, str]]:
        # The hot loop: locals instead of attributes, one random() per decision where possible.
        rnd = self.rng.random
        ref = self.reference
        communes, legacy, other = ref.communes, ref.legacy_provinces, ref.other_legacy
        commune_cum, commune_hi = self.commune_cum, len(self.commune_cum) - 1
        commune_total = commune_cum[-1]
        ethnic, ethnic_cum = self.ethnic, self.ethnic_cum
        ethnic_hi, ethnic_total = len(ethnic_cum) - 1, ethnic_cum[-1]
        hamlets, dates, days = self.hamlets, self.dates, self.days
        under6, infant = self.under6, P.INFANT_DAYS
        mother_unknown = P.MOTHER_UNKNOWN_RATE
        father_unknown = mother_unknown + P.FATHER_UNKNOWN_RATE
        with_caregiver = father_unknown + P.CAREGIVER_RATE
        id_other, id_rate = P.ID_RATE * P.ID_OTHER_PROVINCE_RATE, P.ID_RATE
        reservoir: deque[dict[str, str]] = deque(maxlen=RESERVOIR_SIZE)
        dup_rate = self.near_duplicate_rate
        for _ in range(count):
            if reservoir and rnd() < dup_rate:
                yield self._near_duplicate(reservoir)
                continue
            male = rnd() < P.MALE_SHARE
            offset = int(rnd() * days)
            dob, mid_male, mid_female = dates[offset]
            ci = bisect(commune_cum, rnd() * commune_total, 0, commune_hi)
            ethnic_name, namer, minority = ethnic[
                bisect(ethnic_cum, rnd() * ethnic_total, 0, ethnic_hi)
            ]
            groups = self._circumstances(offset) if rnd() < P.CIRCUMSTANCE_RATE else ""
            families, family_cum = namer.family_table
            family_total, family_hi = family_cum[-1], len(families) - 1
            father_family = families[bisect(family_cum, rnd() * family_total, 0, family_hi)]
            mother_family = families[bisect(family_cum, rnd() * family_total, 0, family_hi)]
            if namer.exogamous:
                while mother_family == father_family:
                    mother_family = namer.family()
            # Family situation: one draw; "both unknown" only through abandonment (group b).
            situation = rnd()
            if "b" in groups:
                father = mother = ""
            else:
                father = (
                    ""
                    if mother_unknown <= situation < father_unknown
                    else namer.parent(father_family, True)
                )
                mother = "" if situation < mother_unknown else namer.parent(mother_family, False)
            # Fathers pass on the family name, except in matrilineal groups or when unknown.
            from_mother = namer.matrilineal or (mother and not father)
            name = namer.child(mother_family if from_mother else father_family, male)
            if situation < with_caregiver or (groups and groups[0] in "abc"):
                # A grandparent: grandfathers share the family name of the parent they are
                # named through (the father unless unknown); grandmothers have their own.
                if rnd() < 0.35:
                    caregiver = namer.elder(father_family if father else mother_family, True)
                else:
                    caregiver = namer.elder(namer.family(), False)
            else:
                caregiver = ""
            rate = P.REGISTERED_MINORITY if minority else P.REGISTERED_KINH
            registered = rnd() < (rate * P.REGISTERED_INFANT if offset < infant else rate)
            origin = legacy[ci]
            roll = rnd()
            if registered and roll < id_rate:
                prefix = other[int(roll / id_other * len(other))] if roll < id_other else origin
                mid = mid_male if male else mid_female
                id_number = f"{prefix}{mid}{int(rnd() * 1e6):06d}"
            else:
                id_number = ""
            if offset < under6:
                covered = P.BHYT_UNDER6 if registered else P.BHYT_UNDER6_UNREGISTERED
                bhyt_kind = "TE1" if rnd() < covered else ""
            elif groups and rnd() < 0.3:
                bhyt_kind = P.BHYT_PROTECTED
            else:
                bhyt_kind = self._pick(self.bhyt_minority if minority else self.bhyt_older)
            if bhyt_kind:
                area = origin[1:]
                bhyt = f"{bhyt_kind}{area}{area}{int(rnd() * 1e8):08d}"
            else:
                bhyt = ""
            commune_hamlets = hamlets[ci]
            phone = rnd()
            row = {
                "Họ và tên": name,
                "Ngày sinh": dob,
                "Giới tính": "Nam" if male else "Nữ",
                "Số định danh cá nhân": id_number,
                "Dân tộc": ethnic_name,
                "Mã xã": communes[ci],
                "Thôn/Tổ dân phố": commune_hamlets[int(rnd() * len(commune_hamlets))],
                "Họ tên cha": father,
                "Họ tên mẹ": mother,
                "Người chăm sóc": caregiver,
                "Số điện thoại": self._phone(phone / P.PHONE_RATE) if phone < P.PHONE_RATE else "",
                "Hoàn cảnh đặc biệt": groups,
                "Đăng ký khai sinh": "Có" if registered else "Không",
                "Thẻ BHYT": bhyt,
            }
            reservoir.append(row)
            yield row


def generate(
    count: int,
    province: str,
    seed: int,
    *,
    today: dt.date | None = None,
    near_duplicate_rate: float = 0.01,
) -> Iterator[dict[str, str]]:
    """`count` synthetic children of `province` (current 2-digit code) as import-template rows
    keyed by `COLUMNS`. Raises UnknownProvince / ValueError at once, not on first iteration."""
    generator = ChildGenerator(province, seed, today=today, near_duplicate_rate=near_duplicate_rate)
    return generator.rows(count)


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def write_csv(rows: Iterable[dict[str, str]], out: Writable) -> int:
    """Write a header of `COLUMNS` and the rows; returns the number of rows. Open files with
    encoding="utf-8-sig" and newline="" so that Excel recognises UTF-8."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    values = operator.itemgetter(*COLUMNS)
    separators = len(COLUMNS) - 1
    iterator = iter(rows)
    written = 0
    # 1,000 rows at a time in C-level loops; the csv module only for a batch that needs quoting
    # (it costs more than generating the rows).
    while batch := list(map(values, islice(iterator, 1000))):
        count = len(batch)
        chunk = "\r\n".join(map(",".join, batch))
        if (
            chunk.count(",") == separators * count
            and '"' not in chunk
            and chunk.count("\n") == chunk.count("\r") == count - 1
        ):
            out.write(chunk + "\r\n")
        else:
            writer.writerows(batch)
        written += count
    return written
