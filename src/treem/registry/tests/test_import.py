"""The spreadsheet import: happy path, idempotency, interruption and every kind of bad input."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from treem.core.errors import Invalid
from treem.core.models import AuditEvent
from treem.geo.models import Level, Succession, Unit, Version
from treem.registry.importing import pipeline
from treem.registry.importing.pipeline import import_file
from treem.registry.importing.writer import ChunkWriter
from treem.registry.models import Caregiver, Child, CircumstanceEpisode, ImportRun
from treem.registry.tests.helpers import (
    COMMUNE_A,
    COMMUNE_B,
    HEADER,
    row,
    sample_rows,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def report_lines(run: ImportRun) -> list[dict[str, str]]:
    with open(run.error_report, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def state() -> set[tuple[Any, ...]]:
    return set(
        Child.objects.values_list("full_name", "birth_date", "personal_id", "unit_id", "sex")
    )


def test_import_creates_children_with_caregivers_and_groups(tmp_path: Path) -> None:
    data = [
        row(
            name="  nguyễn  thị HƯƠNG ",
            pid="056318000123",
            **{
                "Họ tên mẹ": "Lê Thị Lan",
                "Hoàn cảnh đặc biệt": "a; d",
                "Số điện thoại": "+84 912 345 678",
            },
        ),
        row(name="Phạm Văn Bình", born="2019-03-01", sex="nam"),
    ]
    run = import_file(write_csv(tmp_path / "a.csv", data))
    assert run.summary()["created"] == 2 and run.errors == 0
    child = Child.objects.get(personal_id="056318000123")
    assert child.full_name == "Nguyễn Thị Hương"
    assert child.name_key == "nguyen thi huong"
    assert child.contact_phone == "0912345678"
    assert child.unit.code == COMMUNE_A and child.unit_path == child.unit.path
    assert Caregiver.objects.get(child=child).full_name == "Lê Thị Lan"
    assert set(CircumstanceEpisode.objects.filter(child=child).values_list("group", flat=True)) == {
        "a",
        "d",
    }
    assert Child.objects.get(full_name="Phạm Văn Bình").birth_date == dt.date(2019, 3, 1)


def test_reimport_same_file_changes_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", sample_rows(30))
    import_file(path)
    before = state()
    again = import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)
    assert state() == before


def test_overlapping_file_updates_and_keeps_history(tmp_path: Path) -> None:
    rows = sample_rows(10)
    import_file(write_csv(tmp_path / "a.csv", rows))
    rows[3]["Số điện thoại"] = "0987654321"
    run = import_file(write_csv(tmp_path / "b.csv", [*rows[2:], *sample_rows(12)[10:]]))
    assert (run.created, run.updated, run.unchanged) == (2, 1, 7)
    child = Child.objects.get(personal_id=rows[3]["Số định danh cá nhân"])
    event = AuditEvent.objects.get(object_type="registry.child", object_id=str(child.pk))
    assert event.changes == {"contact_phone": ["", "0987654321"]}
    assert "dòng" in event.reason


def test_match_without_id_uses_name_birth_date_and_commune(tmp_path: Path) -> None:
    import_file(write_csv(tmp_path / "a.csv", [row(name="Hồ Văn Tú", sex="Nam")]))
    run = import_file(
        write_csv(
            tmp_path / "b.csv",
            [row(name="HỒ VĂN TÚ", sex="Nam", **{"Thẻ BHYT": "TE1560123456789"})],
        )
    )
    assert (run.created, run.updated) == (0, 1)
    assert Child.objects.get().health_insurance_no == "TE1560123456789"


def test_killed_import_rerun_ends_like_one_clean_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "a.csv", sample_rows(25))
    monkeypatch.setattr(pipeline, "CHUNK", 10)
    original = ChunkWriter.write
    calls = {"n": 0}

    def dying(self: ChunkWriter, rows: list[Any]) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process is killed while writing the second chunk
        return original(self, rows)

    monkeypatch.setattr(ChunkWriter, "write", dying)
    with pytest.raises(KeyboardInterrupt):
        import_file(path)
    assert Child.objects.count() == 10
    monkeypatch.setattr(ChunkWriter, "write", original)
    rerun = import_file(path)
    assert (rerun.created, rerun.unchanged) == (15, 10)
    after_rerun = state()
    Child.objects.all().delete()
    import_file(path)
    assert state() == after_rerun


def test_dry_run_counts_but_writes_nothing(tmp_path: Path) -> None:
    run = import_file(write_csv(tmp_path / "a.csv", sample_rows(12)), dry_run=True)
    assert run.created == 12 and run.dry_run
    assert Child.objects.count() == 0


def test_cli_prints_json_summary_last(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "a.csv", [*sample_rows(3), row(born="31/02/2015")])
    call_command("registry", "import", str(path))
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["rows"] == 4 and summary["created"] == 3 and summary["errors"] == 1
    assert set(summary) >= {"rows", "created", "updated", "unchanged", "errors", "error_report"}
    assert Path(summary["error_report"]).exists()


def test_cli_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("registry", "import", str(tmp_path / "missing.csv"))
    assert exit_info.value.code == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("values", "column", "words"),
    [
        ({"born": "31/02/2015"}, "Ngày sinh", "không có thật"),
        ({"born": "05/09/2099"}, "Ngày sinh", "tương lai"),
        ({"born": "05/09/2001"}, "Ngày sinh", "16 tuổi"),
        ({"born": "09/25/2015"}, "Ngày sinh", "tháng/ngày/năm"),
        ({"born": "hôm qua"}, "Ngày sinh", "Không đọc được"),
        ({"sex": "Nam", "pid": "056318000123"}, "Số định danh cá nhân", "giới tính nữ"),
        ({"pid": "056317000123"}, "Số định danh cá nhân", "năm sinh 2017"),
        ({"pid": "05631800012"}, "Số định danh cá nhân", "12 chữ số"),
        ({"commune": "99999"}, "Mã xã", "Không có xã/phường"),
        ({"sex": "X"}, "Giới tính", "Không nhận ra giới tính"),
        ({"name": "Nguyễn Văn 3"}, "Họ và tên", "chữ số"),
        ({"Dân tộc": "Martian"}, "Dân tộc", "Không nhận ra dân tộc"),
        ({"Số điện thoại": "12345"}, "Số điện thoại", "không đúng dạng"),
        ({"Hoàn cảnh đặc biệt": "a;z"}, "Hoàn cảnh đặc biệt", "'z'"),
    ],
)
def test_bad_row_is_reported_with_column_and_fix(
    tmp_path: Path, values: dict[str, str], column: str, words: str
) -> None:
    kwargs = {k: v for k, v in values.items() if k in ("name", "born", "sex", "pid", "commune")}
    extra = {k: v for k, v in values.items() if k not in kwargs}
    run = import_file(write_csv(tmp_path / "a.csv", [row(**kwargs, **extra), *sample_rows(2)]))
    assert (run.created, run.errors) == (2, 1)
    problem = next(p for p in report_lines(run) if p["Mức độ"] == "Lỗi")
    assert problem["Dòng"] == "2" and problem["Cột"] == column
    assert words in problem["Vấn đề"], problem
    assert problem["Cách sửa"]


def test_unknown_province_prefix_is_only_a_warning(tmp_path: Path) -> None:
    run = import_file(write_csv(tmp_path / "a.csv", [row(pid="999318000123")]))
    assert (run.created, run.errors, run.warnings) == (1, 0, 1)


def test_duplicate_rows_in_one_file_are_reported(tmp_path: Path) -> None:
    rows = sample_rows(3)
    run = import_file(write_csv(tmp_path / "a.csv", [*rows, rows[1]]))
    assert (run.created, run.errors) == (3, 1)
    assert "trùng với dòng 3" in report_lines(run)[0]["Vấn đề"]


def test_duplicate_rows_across_chunks_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK", 2)
    rows = sample_rows(5)
    run = import_file(write_csv(tmp_path / "a.csv", [*rows, rows[0]]))
    assert (run.created, run.errors) == (5, 1)


def test_legacy_commune_code_maps_through_successions(tmp_path: Path) -> None:
    whole = Succession.objects.filter(
        predecessor__version=Version.LEGACY,
        predecessor__level=Level.COMMUNE,
        successor__province_code="56",
    ).values_list("predecessor__code", flat=True)
    counts: dict[str, int] = {}
    for code in Succession.objects.filter(
        predecessor__code__in=list(whole), predecessor__version=Version.LEGACY
    ).values_list("predecessor__code", flat=True):
        counts[code] = counts.get(code, 0) + 1
    single = next(code for code, n in counts.items() if n == 1)
    split = next(code for code, n in counts.items() if n > 1)
    run = import_file(
        write_csv(
            tmp_path / "a.csv",
            [row(commune=single), row(name="Lê Văn Tám", sex="Nam", commune=split)],
        ),
        legacy_codes=True,
    )
    assert (run.created, run.errors) == (1, 1)
    problems = report_lines(run)
    assert any("đã được chia cho nhiều xã/phường mới" in p["Vấn đề"] for p in problems)
    assert any("nay là" in p["Vấn đề"] and p["Mức độ"] == "Cảnh báo" for p in problems)


def test_commune_by_current_or_legacy_name(tmp_path: Path) -> None:
    data = [
        {**row(), "Mã xã": "", "Xã/Phường": "Phường Nha Trang", "Tỉnh/Thành phố": "Khánh Hòa"},
        {
            **row(name="Đỗ Văn Nam", sex="Nam"),
            "Mã xã": "",
            "Xã/Phường": "nha trang",
            "Tỉnh/Thành phố": "Tỉnh Khánh Hoà",
        },
        {
            **row(name="Đỗ Văn Bắc", sex="Nam"),
            "Mã xã": "",
            "Xã/Phường": "Không Có",
            "Tỉnh/Thành phố": "Khánh Hòa",
        },
    ]
    run = import_file(write_csv(tmp_path / "a.csv", data))
    assert run.created == 2 and run.errors == 1
    assert set(Child.objects.values_list("unit__code", flat=True)) == {COMMUNE_A}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    data = [row(name="Nguyễn Thị Hương"), row(name="Trần Đức Thắng", sex="Nam")]
    run = import_file(write_csv(tmp_path / "a.csv", data, encoding=encoding, delimiter=";"))
    assert run.created == 2, report_lines(run)
    assert set(Child.objects.values_list("full_name", flat=True)) == {
        "Nguyễn Thị Hương",
        "Trần Đức Thắng",
    }


def test_legacy_font_text_is_converted(tmp_path: Path) -> None:
    from treem.registry.importing import legacy_fonts

    names = ["Nguyễn Thị Hương", "Trần Đức Thắng", "Lê Thị Thủy", "Phạm Quốc Bảo"]
    # A file typed in a legacy font has every cell in that font, headers included.
    data = [
        {
            legacy_fonts.encode(key, "tcvn3"): legacy_fonts.encode(value, "tcvn3")
            for key, value in row(
                name=name,
                sex="Nam" if "Đức" in name or "Quốc" in name else "Nữ",
                born=f"0{i + 1}/01/2016",
            ).items()
        }
        for i, name in enumerate(names)
    ]
    run = import_file(write_csv(tmp_path / "a.csv", data))
    assert run.created == 4, report_lines(run)
    assert set(Child.objects.values_list("full_name", flat=True)) == set(names)
    assert any("TCVN3" in p["Vấn đề"] for p in report_lines(run))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    with pytest.raises(Invalid):
        import_file(path)
    assert Child.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        (",".join(HEADER).encode(), "no_rows"),
        ("Họ và tên,Giới tính\nAn,Nam\n".encode(), "missing_columns"),
    ],
)
def test_unusable_files_fail_cleanly(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(content)
    with pytest.raises(Invalid) as error:
        import_file(path)
    assert error.value.code == code
    assert Child.objects.count() == 0
    if code == "missing_columns":
        assert "Ngày sinh" in error.value.message and "Mã xã" in error.value.message


def test_xlsx_with_dates_and_formulas(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [
            HEADER[:6],
            ["Nguyễn Văn An", dt.datetime(2017, 4, 3), "Nam", "", "Kinh", COMMUNE_A],
            ["Nguyễn Văn Bé", "=DATE(2017,4,3)", "Nam", "", "Kinh", COMMUNE_A],
            ["Nguyễn Thị Cúc", 42900, "Nữ", "", "Tày", int(COMMUNE_A)],
        ],
    )
    run = import_file(path)
    assert (run.created, run.errors) == (2, 1)
    assert "công thức" in report_lines(run)[0]["Vấn đề"]
    assert Child.objects.get(full_name="Nguyễn Văn An").birth_date == dt.date(2017, 4, 3)
    assert Child.objects.get(full_name="Nguyễn Thị Cúc").ethnicity == "02"


def test_truncated_xlsx_is_refused(tmp_path: Path) -> None:
    full = write_xlsx(
        tmp_path / "full.xlsx", [HEADER[:6], *[["An", "01/01/2017", "Nam", "", "", COMMUNE_A]] * 50]
    )
    path = tmp_path / "cut.xlsx"
    path.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    with pytest.raises(Invalid) as error:
        import_file(path)
    assert error.value.code == "broken_xlsx"
    assert Child.objects.count() == 0


def test_officer_cannot_import_rows_of_another_commune(tmp_path: Path, cast: Any) -> None:
    data = [row(), row(name="Lê Văn Tý", sex="Nam", commune=COMMUNE_B)]
    run = import_file(write_csv(tmp_path / "a.csv", data), actor=cast.officer_a)
    assert (run.created, run.errors) == (1, 1)
    assert "không có quyền" in report_lines(run)[0]["Vấn đề"]


def test_commune_option_restricts_rows(tmp_path: Path) -> None:
    commune = Unit.objects.get(version=Version.CURRENT, code=COMMUNE_A)
    data = [{k: v for k, v in row().items() if k != "Mã xã"}]
    run = import_file(write_csv(tmp_path / "a.csv", data), commune=commune)
    assert run.created == 1
    run = import_file(write_csv(tmp_path / "b.csv", [row(commune=COMMUNE_B)]), commune=commune)
    assert run.errors == 1
