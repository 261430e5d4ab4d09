"""One spreadsheet row → the values of a child record, or the problems that stop it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from treem.core.text import nfc
from treem.registry.domain import circumstances
from treem.registry.importing.communes import Commune, CommuneResolver
from treem.registry.importing.headers import HeaderMap
from treem.registry.importing.values import parse_date, parse_sex, parse_yes_no
from treem.registry.validation import (
    FieldProblem,
    check_birth_date,
    clean_ethnicity,
    clean_insurance,
    clean_name,
    clean_personal_id,
    clean_phone,
    clean_text,
    name_key,
)


@dataclass
class RowProblem:
    row: int
    column: str
    value: str
    message: str
    fix: str
    is_error: bool = True


@dataclass
class CleanRow:
    row: int
    commune: Commune
    fields: dict[str, Any]  # Child fields the file gave a value for
    caregivers: dict[str, str] = field(default_factory=dict)  # relation -> name
    groups: list[str] = field(default_factory=list)
    village: str = ""
    warnings: list[RowProblem] = field(default_factory=list)

    @property
    def match_key(self) -> tuple[str, dt.date, int]:
        return (self.fields["name_key"], self.fields["birth_date"], self.commune.id)


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

    def _cell(self, cells: list[Any], name: str) -> Any:
        index = self.headers.positions.get(name)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        if isinstance(value, str):
            value = nfc(self.convert(value) if self.convert else value)
        return "" if value is None else value

    def _problem(self, number: int, problem: FieldProblem, cells: list[Any]) -> RowProblem:
        name = {"name_key": "full_name"}.get(problem.field, problem.field)
        column = self.headers.label(name) if name in self.headers.positions else name
        value = str(self._cell(cells, name)) if name in self.headers.positions else ""
        return RowProblem(number, column, value, problem.message, problem.fix, problem.is_error)

    def read(self, number: int, cells: list[Any]) -> CleanRow | list[RowProblem]:
        problems: list[RowProblem] = []
        for cell in cells:
            if isinstance(cell, str) and cell.startswith("="):
                problems.append(
                    RowProblem(
                        number, "", cell[:60], "Ô có công thức, không phải giá trị.",
                        "Sao chép và dán giá trị (Paste Values) trước khi nhập.",
                    )
                )  # fmt: skip
        if problems:
            return problems
        values: dict[str, Any] = {}
        steps = [
            ("full_name", lambda: clean_name(str(self._cell(cells, "full_name")))),
            ("sex", lambda: parse_sex(self._cell(cells, "sex"))),
            ("birth_date", lambda: self._birth_date(cells)),
            ("ethnicity", lambda: self._ethnicity(cells)),
            ("contact_phone", lambda: clean_phone(str(self._cell(cells, "phone")), "phone")),
            ("health_insurance_no", lambda: clean_insurance(str(self._cell(cells, "insurance")))),
            ("birth_registered", lambda: parse_yes_no(
                self._cell(cells, "birth_registered"), "birth_registered")),
            ("address", lambda: clean_text(str(self._cell(cells, "address")), 300, "address")),
        ]  # fmt: skip
        for name, step in steps:
            try:
                values[name] = step()
            except FieldProblem as problem:
                problems.append(self._problem(number, problem, cells))
        warnings: list[RowProblem] = []
        if "sex" in values and "birth_date" in values:
            try:
                number_id, id_warnings = clean_personal_id(
                    str(self._cell(cells, "personal_id")),
                    sex=values["sex"],
                    birth_date=values["birth_date"],
                )
                values["personal_id"] = number_id
                warnings += [self._problem(number, w, cells) for w in id_warnings]
            except FieldProblem as problem:
                problems.append(self._problem(number, problem, cells))
        commune, note = self._commune(number, cells, problems)
        if note:
            warnings.append(RowProblem(number, "Mã xã", "", note, "", is_error=False))
        caregivers = self._caregivers(number, cells, problems)
        groups, unknown = circumstances.parse_letters(str(self._cell(cells, "groups")))
        if unknown:
            problems.append(
                RowProblem(
                    number,
                    self.headers.label("groups"),
                    ", ".join(unknown),
                    f"Không có nhóm hoàn cảnh đặc biệt '{', '.join(unknown)}'.",
                    "Ghi các chữ cái a, b, c, d, đ, e, g, h, i, k, l, m, n, o cách nhau bởi "
                    "dấu chấm phẩy, ví dụ 'a;d'.",
                )
            )
        if problems or commune is None:
            return problems
        return CleanRow(
            row=number,
            commune=commune,
            fields=self._fields(values),
            caregivers=caregivers,
            groups=groups,
            village=str(self._cell(cells, "village")),
            warnings=warnings,
        )

    def _ethnicity(self, cells: list[Any]) -> str:
        raw = str(self._cell(cells, "ethnicity"))
        return clean_ethnicity(raw) if raw.strip() else ""

    def _birth_date(self, cells: list[Any]) -> dt.date:
        value = parse_date(self._cell(cells, "birth_date"), "birth_date", self.today)
        if value is None:
            raise FieldProblem("birth_date", "Chưa ghi ngày sinh.", "Ghi ngày sinh của trẻ.")
        check_birth_date(value, self.today, new_record=True)
        return value

    def _commune(
        self, number: int, cells: list[Any], problems: list[RowProblem]
    ) -> tuple[Commune | None, str | None]:
        code = str(self._cell(cells, "commune_code")).strip()
        name = str(self._cell(cells, "commune_name")).strip()
        try:
            if code:
                return self.communes.by_code(code)
            if name:
                return self.communes.by_name(name, str(self._cell(cells, "province_name")))
        except FieldProblem as problem:
            problems.append(self._problem(number, problem, cells))
            return None, None
        if self.default_commune is not None:
            return self.default_commune, None
        problems.append(
            RowProblem(number, "Mã xã", "", "Chưa ghi xã/phường của trẻ.", "Ghi cột 'Mã xã'.")
        )
        return None, None

    def _caregivers(
        self, number: int, cells: list[Any], problems: list[RowProblem]
    ) -> dict[str, str]:
        found: dict[str, str] = {}
        for column, relation in (("father", "father"), ("mother", "mother"), ("carer", "carer")):
            raw = str(self._cell(cells, column))
            if not raw.strip():
                continue
            try:
                found[relation] = clean_name(raw, column)
            except FieldProblem as problem:
                problems.append(self._problem(number, problem, cells))
        return found

    @staticmethod
    def _fields(values: dict[str, Any]) -> dict[str, Any]:
        fields = {name: value for name, value in values.items() if value not in ("", None)}
        fields["name_key"] = name_key(values["full_name"])
        return fields
