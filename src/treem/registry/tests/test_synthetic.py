"""The synthetic child-data generator and `treem demo-data children` (no database needed, except
the last test, which loads generated rows through the import)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands

from treem.core.text import fold
from treem.registry.domain import circumstances, ethnicities, idnumber
from treem.registry.synthetic import populations
from treem.registry.synthetic.generator import (
    COLUMNS,
    ChildGenerator,
    UnknownProvince,
    generate,
    province_reference,
    provinces,
    typo,
    write_csv,
)

TODAY = dt.date(2026, 1, 1)
COUNT = 20_000
BHYT = re.compile(r"[A-Z]{2}\d{13}")
PREFIXES = {prefix for prefix, _ in populations.PHONE_PREFIXES}


def parse_date(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


def age(born: dt.date, today: dt.date = TODAY) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def first_word(name: str) -> str:
    return fold(name).split(" ")[0]


def last_word(name: str) -> str:
    return fold(name).split(" ")[-1]


def phone_digits(text: str) -> str:
    digits = idnumber.clean(text)
    return "0" + digits[3:] if digits.startswith("+84") else digits


@pytest.fixture(scope="module")
def khanh_hoa() -> tuple[ChildGenerator, list[dict[str, str]]]:
    generator = ChildGenerator("56", 7, today=TODAY)
    return generator, list(generator.rows(COUNT))


def test_rows_have_exactly_the_template_columns_in_order() -> None:
    for row in generate(200, "56", 1, today=TODAY):
        assert tuple(row) == COLUMNS
        assert all(isinstance(value, str) for value in row.values())


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    first = list(generate(2000, "56", 42, today=TODAY))
    assert first == list(generate(2000, "56", 42, today=TODAY))
    assert first != list(generate(2000, "56", 43, today=TODAY))
    # Unaffected by the global random state.
    random.seed(0)
    assert first == list(generate(2000, "56", 42, today=TODAY))


def test_every_field_is_valid(khanh_hoa: tuple[ChildGenerator, list[dict[str, str]]]) -> None:
    _, rows = khanh_hoa
    communes = set(province_reference("56").communes)
    ethnic_names = set(ethnicities.NAMES.values())
    for row in rows:
        born = parse_date(row["Ngày sinh"])
        assert 0 <= age(born) <= 15 and born <= TODAY
        assert row["Giới tính"] in ("Nam", "Nữ")
        sex = "M" if row["Giới tính"] == "Nam" else "F"
        if row["Số định danh cá nhân"]:
            number = idnumber.clean(row["Số định danh cá nhân"])
            assert idnumber.check(number, sex=sex, birth_date=born) == [], row
        assert row["Mã xã"] in communes
        assert row["Dân tộc"] in ethnic_names
        assert row["Thôn/Tổ dân phố"].split(" ")[0] in ("Thôn", "Tổ", "Xóm", "Buôn", "Làng")
        assert row["Họ và tên"] and row["Họ và tên"] == row["Họ và tên"].strip()
        if row["Số điện thoại"]:
            digits = phone_digits(row["Số điện thoại"])
            assert len(digits) == 10 and digits[:3] in PREFIXES, row["Số điện thoại"]
        known, unknown = circumstances.parse_letters(row["Hoàn cảnh đặc biệt"])
        assert not unknown and ";".join(known) == row["Hoàn cảnh đặc biệt"]
        assert row["Đăng ký khai sinh"] in ("Có", "Không")
        if row["Thẻ BHYT"]:
            assert BHYT.fullmatch(row["Thẻ BHYT"]), row["Thẻ BHYT"]
        if not row["Họ tên cha"] and not row["Họ tên mẹ"]:
            assert row["Người chăm sóc"]


def test_rates_are_realistic(khanh_hoa: tuple[ChildGenerator, list[dict[str, str]]]) -> None:
    _, rows = khanh_hoa

    def share(predicate: Callable[[dict[str, str]], object]) -> float:
        return sum(1 for row in rows if predicate(row)) / len(rows)

    assert 0.25 <= share(lambda r: r["Họ và tên"].startswith("Nguyễn ")) <= 0.45
    assert 0.03 <= share(lambda r: r["Hoàn cảnh đặc biệt"]) <= 0.09
    assert 0.01 <= share(lambda r: "d" in r["Hoàn cảnh đặc biệt"].split(";")) <= 0.03
    assert 0.95 <= share(lambda r: r["Đăng ký khai sinh"] == "Có") <= 1.0
    assert 0.80 <= share(lambda r: r["Số định danh cá nhân"]) <= 0.93
    assert 0.80 <= share(lambda r: r["Số điện thoại"]) <= 0.90
    assert 0.80 <= share(lambda r: r["Dân tộc"] == "Kinh") <= 0.95
    assert 0.50 <= share(lambda r: r["Giới tính"] == "Nam") <= 0.55
    ages = Counter(age(parse_date(row["Ngày sinh"])) for row in rows)
    assert set(ages) == set(range(16))
    assert all(0.04 <= ages[year] / len(rows) <= 0.085 for year in range(16))
    under6 = [r for r in rows if age(parse_date(r["Ngày sinh"])) < 6]
    assert sum(r["Thẻ BHYT"].startswith("TE1") for r in under6) / len(under6) > 0.85
    # Most IDs carry the code of a legacy province that became Khánh Hòa (56, 58).
    prefixes = Counter(r["Số định danh cá nhân"][:3] for r in rows if r["Số định danh cá nhân"])
    assert (prefixes["056"] + prefixes["058"]) / prefixes.total() >= 0.97
    assert prefixes["058"] > 0


def test_minority_names_follow_their_patterns() -> None:
    rows = list(generate(3000, "66", 5, today=TODAY))  # Đắk Lắk: Ê-đê
    ede = [r for r in rows if r["Dân tộc"] == "Ê-đê"]
    assert len(ede) > 200
    for row in ede:
        prefix = "y " if row["Giới tính"] == "Nam" else "h'"
        assert fold(row["Họ và tên"]).startswith(prefix)
        if row["Họ tên mẹ"]:  # matrilineal: the child bears the mother's clan name
            # (sorted letters: near-duplicates may have two letters swapped)
            assert sorted(last_word(row["Họ và tên"])) == sorted(last_word(row["Họ tên mẹ"]))
    hmong = [r for r in generate(2000, "11", 5, today=TODAY) if r["Dân tộc"] == "Hmông"]
    assert len(hmong) > 400
    for row in hmong:
        if row["Họ tên cha"]:
            assert sorted(first_word(row["Họ và tên"])) == sorted(first_word(row["Họ tên cha"]))
            assert row["Họ tên mẹ"].split(" ")[0] != row["Họ tên cha"].split(" ")[0]


@pytest.mark.parametrize("province", sorted(populations.ETHNIC_MIX))
def test_every_current_province_works(province: str) -> None:
    reference = province_reference(province)
    assert reference.communes and len(reference.legacy_provinces) == len(reference.communes)
    assert set(reference.legacy_provinces) <= idnumber.LEGACY_PROVINCE_CODES
    rows = list(generate(300, province, 1, today=TODAY))
    assert {row["Mã xã"] for row in rows} <= set(reference.communes)
    kinh = sum(row["Dân tộc"] == "Kinh" for row in rows) / len(rows)
    expected = 1 - sum(share for _, share in populations.ETHNIC_MIX[province]) / 100
    assert abs(kinh - expected) < 0.1


def test_provinces_table_matches_reference_file() -> None:
    assert set(provinces()) == set(populations.ETHNIC_MIX)
    assert len(provinces()) == 34


def test_near_duplicates(khanh_hoa: tuple[ChildGenerator, list[dict[str, str]]]) -> None:
    generator, rows = khanh_hoa
    assert 0.006 * COUNT <= generator.near_duplicates <= 0.015 * COUNT
    earlier: dict[tuple[str, str, str], str] = {}
    found = 0
    for row in rows:
        if not (row["Họ tên cha"] and row["Họ tên mẹ"]):
            continue  # "father unknown, mother Nguyễn Thị Lan" is not specific enough
        key = (row["Ngày sinh"], row["Họ tên cha"], row["Họ tên mẹ"])
        original = earlier.get(key)
        if original is not None and original != row["Họ và tên"]:
            # Same letters once folded: a lost diacritic or two swapped letters.
            assert sorted(fold(original)) == sorted(fold(row["Họ và tên"])), (original, row)
            found += 1
        earlier.setdefault(key, row["Họ và tên"])
    assert 0.85 * generator.near_duplicates <= found <= generator.near_duplicates + 5
    assert generate(500, "56", 1, today=TODAY, near_duplicate_rate=0) is not None
    none = ChildGenerator("56", 1, today=TODAY, near_duplicate_rate=0)
    assert sum(1 for _ in none.rows(2000)) == 2000 and none.near_duplicates == 0


@pytest.mark.parametrize(
    "name", ["Nguyễn Thị Hương", "Đặng Văn Bình", "Giàng A Páo", "H'Hen Niê", "Lo Van An"]
)
def test_typo_changes_the_name_but_keeps_it_recognisable(name: str) -> None:
    rng = random.Random(3)
    for _ in range(50):
        changed = typo(name, rng)
        assert changed != name
        assert sorted(fold(changed)) == sorted(fold(name)) or changed == name + name[-1]


def test_generation_streams_in_constant_memory() -> None:
    generator = ChildGenerator("56", 1, today=TODAY)  # reference tables cached outside the window
    tracemalloc.start()
    try:
        count = sum(1 for _ in generate(200_000, "56", 2, today=TODAY))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200_000 and generator.days > 5000
    assert peak < 5 * 1024 * 1024, peak


def test_invalid_arguments() -> None:
    with pytest.raises(UnknownProvince):
        generate(10, "99", 1)
    with pytest.raises(UnknownProvince):
        generate(10, "001", 1)  # a legacy-style code
    with pytest.raises(ValueError):
        generate(-1, "56", 1)
    with pytest.raises(ValueError):
        generate(10, "56", 1, near_duplicate_rate=2)


def test_default_today_is_the_current_date() -> None:
    assert ChildGenerator("56", 1).today == dt.date.today()


def test_write_csv_quotes_only_when_needed() -> None:
    plain = dict.fromkeys(COLUMNS, "x")
    tricky = {**plain, "Họ và tên": 'Lê "Bé", Na', "Người chăm sóc": "a\nb"}
    out = io.StringIO()
    assert write_csv([plain, tricky, plain], out) == 3
    parsed = list(csv.reader(io.StringIO(out.getvalue())))
    assert parsed[0] == list(COLUMNS)
    assert parsed[2][0] == 'Lê "Bé", Na' and parsed[2][9] == "a\nb"
    assert parsed[1] == parsed[3] == ["x"] * len(COLUMNS)
    assert write_csv([], io.StringIO()) == 0


def test_command_name_has_a_hyphen_and_is_found() -> None:
    assert get_commands()["demo-data"] == "treem.registry"


def test_command_writes_csv_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "children.csv"
    err = io.StringIO()
    args = ["--count", "50", "--province", "56", "--seed", "3", "--today", "2026-01-01"]
    call_command("demo-data", "children", *args, "--out", str(path), stderr=err)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        written = list(reader)
    assert written == list(generate(50, "56", 3, today=TODAY))
    assert "Đã ghi 50 trẻ em" in err.getvalue()


def test_command_writes_csv_to_stdout() -> None:
    out = io.StringIO()
    call_command(
        "demo-data", "children", "--count", "5", "--province", "1", "--out", "-", stdout=out,
        stderr=io.StringIO(),
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--province", "99"], "56 Khánh Hòa"),
        (["--province", "56", "--count", "0"], "--count"),
    ],
)
def test_command_rejects_bad_arguments(args: list[str], message: str) -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("demo-data", "children", *args, "--out", "-", stderr=err)
    assert exit_info.value.code == 2
    assert message in err.getvalue()


@pytest.mark.django_db
def test_command_without_out_loads_rows_through_the_import() -> None:
    # No deliberate near-duplicates: the import would (rightly) reject them as duplicates.
    out = io.StringIO()
    call_command(
        "demo-data", "children", "--count", "30", "--province", "56", "--seed", "1",
        "--near-duplicates", "0", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    summary = json.loads(out.getvalue())
    assert summary["rows"] == 30 and summary["created"] == 30
    assert summary["errors"] == 0
    if summary["error_report"]:  # the import writes an (empty) report; do not leave it behind
        Path(summary["error_report"]).unlink(missing_ok=True)
