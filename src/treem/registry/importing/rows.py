"""One spreadsheet row → the values of a child record, or the problems that stop it.

Most columns hold few distinct values (sex, date of birth, ethnicity, commune, village, yes/no,
even names), so each column's result is memoised per import run on the raw cell text. The caches
belong to the `RowReader`, which lives for one run: nothing carries over to a run with another
date, font, commune or user. Only text cells are memoised (1 and 1.0 from Excel read differently
as text), a cell that fails is not cached (every bad row gets its own report line), and a cache
that fills up is emptied, so memory stays flat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from treem.registry.domain import circumstances
from treem.registry.importing.communes import Commune, CommuneResolver
from treem.registry.importing.headers import HeaderMap
from treem.registry.importing.values import parse_date, parse_sex, parse_yes_no
from treem.registry.validation import (
    FieldProblem,
    check_birth_date,
    clean_ethnicity,
    clean_insurance,
    clean_name_key,
    clean_personal_id,
    clean_phone,
    clean_text,
    fast_nfc,
)

CACHE_SIZE = 8192  # entries per column: more than the distinct birth dates of sixteen years
# Columns whose values repeat. ID numbers never do; phones, card numbers and addresses rarely do
# but are often blank, and a miss costs one dict entry.
CACHED = {"full_name", "sex", "birth_date", "ethnicity", "birth_registered", "father", "mother"}
CACHED |= {"carer", "groups", "village", "commune_code", "commune_name", "by_code", "by_name"}
CACHED |= {"phone", "insurance", "address", "place"}  # place: the three commune cells together
# Raw cells picked from each row, in this order (a missing column reads as "").
PICKED = (
    "full_name", "sex", "birth_date", "ethnicity", "phone", "insurance", "birth_registered",
    "address", "father", "mother", "carer", "personal_id", "commune_code", "commune_name",
    "province_name", "groups", "village",
)  # fmt: skip
GROUPS_FIX = (
    "Ghi các chữ cái a, b, c, d, đ, e, g, h, i, k, l, m, n, o cách nhau bởi dấu chấm phẩy, "
    "ví dụ 'a;d'."
)
_MISS = object()
_ID, _GROUPS, _VILLAGE = (PICKED.index(name) for name in ("personal_id", "groups", "village"))
_CODE, _NAME, _PROVINCE = (
    PICKED.index(name) for name in ("commune_code", "commune_name", "province_name")
)


@dataclass(slots=True)
class RowProblem:
    row: int
    column: str
    value: str
    message: str
    fix: str
    is_error: bool = True


@dataclass(slots=True)
class CleanRow:
    row: int
    commune: Commune
    fields: dict[str, Any]  # Child fields the file gave a value for
    caregivers: dict[str, tuple[str, str]] = field(default_factory=dict)  # relation -> name, key
    groups: list[str] = field(default_factory=list)
    village: str = ""
    warnings: list[RowProblem] = field(default_factory=list)
    # (name key, date of birth, commune id): set from `fields` when none is given
    match_key: tuple[str, dt.date, int] = field(default=("", dt.date.min, 0))

    def __post_init__(self) -> None:
        if not self.match_key[0]:
            self.match_key = (self.fields["name_key"], self.fields["birth_date"], self.commune.id)


class RowReader:
    def __init__(
        self,
        headers: HeaderMap,
        communes: CommuneResolver,
        *,
        default_commune: Commune | None,
        today: dt.date,
        convert: Any = None,
    ) -> None:
        self.headers = headers
        self.communes = communes
        self.default_commune = default_commune
        self.today = today
        self.convert = convert  # legacy-font converter for text cells, when the file needs one
        self._positions = headers.positions
        # Cells are read from the row followed by blanks; a missing column reads the last blank.
        self._tail = [""] * (max(self._positions.values(), default=0) + 2)
        self._pick = itemgetter(*(self._positions.get(name, -1) for name in PICKED))
        self._caches: dict[str, dict[Any, Any]] = {name: {} for name in CACHED}
        self._groups_cache = self._caches["groups"]
        self._village_cache = self._caches["village"]
        # (values key, header field, cleaner, cache or None): the field checks in report
        # order, then the caregivers' names (checked after the ID number and the commune).
        self._steps = [
            self._step(key, name, clean)
            for key, name, clean in (
                ("full_name", "full_name", self._full_name),
                ("sex", "sex", self._sex),
                ("birth_date", "birth_date", self._birth_date),
                ("ethnicity", "ethnicity", self._ethnicity),
                ("contact_phone", "phone", self._phone),
                ("health_insurance_no", "insurance", self._insurance),
                ("birth_registered", "birth_registered", self._birth_registered),
                ("address", "address", self._address),
            )
        ]
        self._caregiver_steps = [
            self._step(relation, relation, self._caregiver(relation))
            for relation in ("father", "mother", "carer")
        ]

    def _step(
        self, key: str, name: str, clean: Callable[[Any], Any]
    ) -> tuple[str, int, Callable[[Any], Any], dict[Any, Any] | None]:
        return key, PICKED.index(name), clean, self._caches.get(name)

    # -- cells -----------------------------------------------------------------------------
    def _text(self, value: Any) -> Any:
        """The cell as the rules see it: text in NFC (after the legacy-font conversion)."""
        if isinstance(value, str):
            return fast_nfc(self.convert(value) if self.convert else value)
        return "" if value is None else value

    def _cell(self, cells: list[Any], name: str) -> Any:
        index = self._positions.get(name)
        if index is None or index >= len(cells):
            return ""
        return self._text(cells[index])

    def _memo(self, name: str, clean: Callable[[Any], Any], raw: Any) -> Any:
        """`clean(raw)`, from the column's cache when `raw` is text (or a tuple of texts);
        FieldProblem propagates and nothing is cached for it."""
        cache = self._caches.get(name)
        if cache is None or (type(raw) is not str and type(raw) is not tuple):
            return clean(raw)
        value = cache.get(raw, _MISS)
        if value is _MISS:
            value = clean(raw)
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            cache[raw] = value
        return value

    def _problem(self, number: int, problem: FieldProblem, cells: list[Any]) -> RowProblem:
        name = {"name_key": "full_name"}.get(problem.field, problem.field)
        column = self.headers.label(name) if name in self._positions else name
        value = str(self._cell(cells, name)) if name in self._positions else ""
        return RowProblem(number, column, value, problem.message, problem.fix, problem.is_error)

    # -- one row ---------------------------------------------------------------------------
    def read(self, number: int, cells: list[Any]) -> CleanRow | list[RowProblem]:
        try:
            formulas = "=" in "".join(cells)
        except TypeError:  # numbers, dates or empty cells from a spreadsheet
            formulas = True
        if formulas and (problems := _formulas(number, cells)):
            return problems
        picked = self._pick(cells + self._tail)
        problems = []
        values: dict[str, Any] = {}
        for key, index, clean, cache in self._steps:
            # `_memo` written out: this loop runs for every cell of every row.
            cell = picked[index]
            if cache is not None and type(cell) is str:
                value = cache.get(cell, _MISS)
                if value is not _MISS:
                    values[key] = value
                    continue
            try:
                value = clean(cell)
            except FieldProblem as problem:
                problems.append(self._problem(number, problem, cells))
                continue
            if cache is not None and type(cell) is str:
                if len(cache) >= CACHE_SIZE:
                    cache.clear()
                cache[cell] = value
            values[key] = value
        warnings: list[RowProblem] = []
        if "sex" in values and "birth_date" in values:
            try:
                number_id, id_warnings = clean_personal_id(
                    str(self._text(picked[_ID])),
                    sex=values["sex"],
                    birth_date=values["birth_date"],
                )
                values["personal_id"] = number_id
                warnings += [self._problem(number, w, cells) for w in id_warnings]
            except FieldProblem as problem:
                problems.append(self._problem(number, problem, cells))
        commune, note = self._place(number, picked, cells, problems)
        if note:
            warnings.append(RowProblem(number, "Mã xã", "", note, "", is_error=False))
        caregivers: dict[str, tuple[str, str]] = {}
        for relation, index, clean, cache in self._caregiver_steps:
            cell = picked[index]
            caregiver: Any = cache.get(cell, _MISS) if cache and type(cell) is str else _MISS
            if caregiver is _MISS:
                try:
                    caregiver = self._memo(relation, clean, cell)
                except FieldProblem as problem:
                    problems.append(self._problem(number, problem, cells))
                    continue
            if caregiver[0]:
                caregivers[relation] = caregiver
        cell = picked[_GROUPS]
        found: Any = self._groups_cache.get(cell, _MISS) if type(cell) is str else _MISS
        groups, unknown = self._memo("groups", self._groups, cell) if found is _MISS else found
        if unknown:
            problems.append(
                RowProblem(
                    number,
                    self.headers.label("groups"),
                    ", ".join(unknown),
                    f"Không có nhóm hoàn cảnh đặc biệt '{', '.join(unknown)}'.",
                    GROUPS_FIX,
                )
            )
        if problems or commune is None:
            return problems
        name, key = values.pop("full_name")
        fields = {"full_name": name}
        for field_name, value in values.items():
            if value != "" and value is not None:
                fields[field_name] = value
        fields["name_key"] = key
        cell = picked[_VILLAGE]
        village = self._village_cache.get(cell) if type(cell) is str else None
        if village is None:
            village = self._memo("village", self._village, cell)
        return CleanRow(
            number,
            commune,
            fields,
            caregivers,
            list(groups),
            village,
            warnings,
            (key, values["birth_date"], commune.id),
        )

    # -- columns: each takes the raw cell and returns the value or raises FieldProblem ------
    def _full_name(self, raw: Any) -> tuple[str, str]:
        return clean_name_key(str(self._text(raw)))

    def _sex(self, raw: Any) -> str:
        return parse_sex(self._text(raw))

    def _birth_date(self, raw: Any) -> dt.date:
        value = parse_date(self._text(raw), "birth_date", self.today)
        if value is None:
            raise FieldProblem("birth_date", "Chưa ghi ngày sinh.", "Ghi ngày sinh của trẻ.")
        check_birth_date(value, self.today, new_record=True)
        return value

    def _ethnicity(self, raw: Any) -> str:
        text = str(self._text(raw))
        return clean_ethnicity(text) if text.strip() else ""

    def _phone(self, raw: Any) -> str:
        return clean_phone(str(self._text(raw)), "phone")

    def _insurance(self, raw: Any) -> str:
        return clean_insurance(str(self._text(raw)))

    def _birth_registered(self, raw: Any) -> bool | None:
        return parse_yes_no(self._text(raw), "birth_registered")

    def _address(self, raw: Any) -> str:
        return clean_text(str(self._text(raw)), 300, "address")

    def _caregiver(self, column: str) -> Callable[[Any], tuple[str, str]]:
        def clean(raw: Any) -> tuple[str, str]:
            text = str(self._text(raw))
            return clean_name_key(text, column) if text.strip() else ("", "")

        return clean

    def _groups(self, raw: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
        known, unknown = circumstances.parse_letters(str(self._text(raw)))
        return tuple(known), tuple(unknown)

    def _village(self, raw: Any) -> str:
        return str(self._text(raw))

    def _stripped(self, raw: Any) -> str:
        return str(self._text(raw)).strip()

    def _place(
        self, number: int, raw: tuple[Any, ...], cells: list[Any], problems: list[RowProblem]
    ) -> tuple[Commune | None, str | None]:
        """`_commune`, memoised on the three commune cells when they are text and resolve."""
        key = raw[_CODE], raw[_NAME], raw[_PROVINCE]
        text = type(key[0]) is str and type(key[1]) is str and type(key[2]) is str
        cache = self._caches["place"]
        if text and (found := cache.get(key)) is not None:
            return found
        before = len(problems)
        found = self._commune(number, raw, cells, problems)
        if text and found[0] is not None and len(problems) == before:
            if len(cache) >= CACHE_SIZE:
                cache.clear()
            cache[key] = found
        return found

    def _commune(
        self, number: int, raw: tuple[Any, ...], cells: list[Any], problems: list[RowProblem]
    ) -> tuple[Commune | None, str | None]:
        code = self._memo("commune_code", self._stripped, raw[_CODE])
        name = self._memo("commune_name", self._stripped, raw[_NAME])
        try:
            if code:
                return self._memo("by_code", self.communes.by_code, code)
            if name:
                province = str(self._text(raw[_PROVINCE]))
                return self._memo("by_name", self._by_name, (name, province))
        except FieldProblem as problem:
            problems.append(self._problem(number, problem, cells))
            return None, None
        if self.default_commune is not None:
            return self.default_commune, None
        problems.append(
            RowProblem(number, "Mã xã", "", "Chưa ghi xã/phường của trẻ.", "Ghi cột 'Mã xã'.")
        )
        return None, None

    def _by_name(self, key: tuple[str, str]) -> tuple[Commune, str | None]:
        return self.communes.by_name(*key)


def _formulas(number: int, cells: list[Any]) -> list[RowProblem]:
    return [
        RowProblem(
            number, "", cell[:60], "Ô có công thức, không phải giá trị.",
            "Sao chép và dán giá trị (Paste Values) trước khi nhập.",
        )
        for cell in cells
        if isinstance(cell, str) and cell.startswith("=")
    ]  # fmt: skip
