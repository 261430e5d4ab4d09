"""The import's fast paths: per-run caches that must not leak between runs, set-based matching
queries that use their indexes, bulk updates, and results that do not depend on chunk size."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from treem.geo.models import Level, Succession, Version
from treem.registry.importing import matching, pipeline, stream
from treem.registry.importing.bulk import prepare_constant, update
from treem.registry.importing.communes import CommuneResolver
from treem.registry.importing.headers import map_headers
from treem.registry.importing.pipeline import import_file
from treem.registry.importing.rows import CleanRow, RowReader
from treem.registry.models import Child, ImportRun
from treem.registry.tests.factories import commune, make_child
from treem.registry.tests.helpers import COMMUNE_A, COMMUNE_B, HEADER, row, sample_rows, write_csv
from treem.registry.tests.test_import import report_lines, state

pytestmark = pytest.mark.django_db


def reader(today: dt.date = dt.date(2026, 1, 1), *, legacy: bool = False) -> RowReader:
    return RowReader(
        map_headers(HEADER, commune_given=False),
        CommuneResolver(legacy_codes=legacy),
        default_commune=None,
        today=today,
    )


def cells(**values: Any) -> list[Any]:
    """One row's cells in HEADER order: `row()` arguments, or values by header."""
    arguments = ("name", "born", "sex", "pid", "commune")
    data: dict[str, Any] = row(**{k: v for k, v in values.items() if k in arguments})
    data.update({k: v for k, v in values.items() if k not in arguments})
    return [data[name] for name in HEADER]


# -- caches belong to one run ----------------------------------------------------------------
def test_date_cache_does_not_carry_over_to_a_run_with_another_date() -> None:
    born = "05/09/2010"  # 15 on 1/1/2026, 16 on 1/1/2027
    first, later = reader(dt.date(2026, 1, 1)), reader(dt.date(2027, 1, 1))
    assert isinstance(first.read(2, cells(born=born)), CleanRow)
    problems = later.read(2, cells(born=born))
    assert isinstance(problems, list) and "16 tuổi" in problems[0].message
    assert isinstance(first.read(3, cells(born=born)), CleanRow)


def test_commune_cache_does_not_carry_over_between_legacy_and_current_codes() -> None:
    legacy = (
        Succession.objects.filter(
            predecessor__version=Version.LEGACY,
            predecessor__level=Level.COMMUNE,
            successor__code=COMMUNE_A,
        )
        .values_list("predecessor__code", flat=True)
        .first()
    )
    assert legacy is not None
    assert isinstance(reader(legacy=False).read(2, cells(commune=legacy)), list)
    mapped = reader(legacy=True).read(2, cells(commune=legacy))
    assert isinstance(mapped, CleanRow) and mapped.commune.code == COMMUNE_A


def test_a_bad_value_is_reported_on_every_row_that_has_it() -> None:
    current = reader()
    for number in range(2, 7):
        problems = current.read(number, cells(**{"Dân tộc": "Martian", "Giới tính": "X"}))
        assert isinstance(problems, list)
        assert [p.column for p in problems] == ["Giới tính", "Dân tộc"]
        assert {p.row for p in problems} == {number}


def test_spreadsheet_numbers_are_not_confused_with_text() -> None:
    current = reader()
    results = [current.read(2, cells(**{"Dân tộc": value})) for value in ("5", 5, 5.0, "5")]
    assert [r.fields["ethnicity"] if isinstance(r, CleanRow) else None for r in results] == [
        "05",
        "05",
        None,  # 5.0 reads as '5.0', as before: not a code
        "05",
    ]


def test_cached_rows_do_not_share_lists() -> None:
    current = reader()
    first = current.read(2, cells(**{"Hoàn cảnh đặc biệt": "a;d"}))
    second = current.read(3, cells(name="Lê Văn Tám", sex="Nam", **{"Hoàn cảnh đặc biệt": "a;d"}))
    assert isinstance(first, CleanRow) and isinstance(second, CleanRow)
    first.groups.append("k")
    assert second.groups == ["a", "d"]


def test_permission_answers_do_not_carry_over_to_another_user(tmp_path: Path, cast: Any) -> None:
    path = write_csv(tmp_path / "b.csv", [row(name="Lê Văn Tý", sex="Nam", commune=COMMUNE_B)])
    refused = import_file(path, actor=cast.officer_a)
    assert (refused.created, refused.errors) == (0, 1)
    accepted = import_file(path, actor=cast.officer_b)
    assert (accepted.created, accepted.errors) == (1, 0)
    again = import_file(path, actor=cast.officer_a)
    assert (again.unchanged, again.errors) == (0, 1)
    assert "không có quyền" in report_lines(again)[0]["Vấn đề"]


def test_commune_option_does_not_carry_over_to_the_next_run(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "b.csv", [row(commune=COMMUNE_B)])
    assert import_file(path, commune=commune(COMMUNE_A)).errors == 1
    assert import_file(path).created == 1


# -- results do not depend on chunking --------------------------------------------------------
def test_chunk_size_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = sample_rows(14)
    data = [*rows, rows[3], row(born="31/02/2015"), {**rows[5], "Số điện thoại": "0987654321"}]
    path = write_csv(tmp_path / "a.csv", data)

    def outcome() -> tuple[Any, ...]:
        run = import_file(path)
        problems = sorted((p["Dòng"], p["Vấn đề"]) for p in report_lines(run))
        return run.summary()["created"], run.errors, run.unchanged, problems, state()

    monkeypatch.setattr(pipeline, "CHUNK", 4)
    small = outcome()
    Child.objects.all().delete()
    monkeypatch.setattr(pipeline, "CHUNK", 2000)
    assert outcome() == small


# -- matching ---------------------------------------------------------------------------------
def test_existing_fields_line_up_with_the_selected_columns() -> None:
    names = [Child._meta.get_field(name).attname for name in matching.FIELDS]  # type: ignore[union-attr]
    assert list(matching.Existing._fields) == ["pk", *names[1:]]


def test_matching_finds_exact_keys_and_skips_merged_records() -> None:
    born = dt.date(2018, 9, 5)
    live = make_child(personal_id="056318000123", born=born)
    elsewhere = make_child(code=COMMUNE_B, born=born)  # same name and date, another commune
    merged = make_child(name="Trần Văn Bé", sex="M", born=born, personal_id="056218000124")
    Child.objects.filter(pk=merged.pk).update(merged_into=live)
    by_key = matching.by_key([(live.name_key, born, live.unit_id)] * 2)
    assert [child.pk for child in by_key] == [live.pk]
    assert by_key[0].birth_date == born and by_key[0].birth_registered is None
    assert matching.by_key([(live.name_key, born, elsewhere.unit_id)])[0].pk == elsewhere.pk
    found = matching.by_personal_id(["056318000123", "056218000124", "999999999999"])
    assert [child.pk for child in found] == [live.pk]
    assert matching.by_key([]) == matching.by_personal_id([]) == []


def _plan(sql: str, params: list[Any]) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(line for (line,) in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(line[-1]) for line in cursor.fetchall())


def test_matching_queries_probe_the_indexes(monkeypatch: pytest.MonkeyPatch) -> None:
    captured: list[tuple[str, list[Any]]] = []
    original = matching._rows

    def spy(sql: str, params: list[Any]) -> list[matching.Existing]:
        captured.append((sql, params))
        return original(sql, params)

    monkeypatch.setattr(matching, "_rows", spy)
    matching.by_key([("nguyen thi huong", dt.date(2018, 9, 5), commune().pk)])
    matching.by_personal_id(["056318000123"])
    key_plan, id_plan = (_plan(sql, params) for sql, params in captured)
    # One index probe per key, never a full scan. Which index the planner takes for a key on a
    # table of a few rows depends on statistics earlier tests left (by commune is as cheap as
    # by name there); the benchmark shows the plan at scale.
    for plan in (key_plan, id_plan):
        assert "Seq Scan on registry_child" not in plan and "SCAN c" not in plan, plan
        assert "Index" in plan or "USING" in plan, plan
    assert "child_personal_id_unique" in id_plan, id_plan


# -- bulk update ------------------------------------------------------------------------------
def test_bulk_update_sets_uuid_and_numbers_and_the_last_row_wins() -> None:
    first, second = make_child(), make_child(name="Trần Văn Bé", sex="M")
    run = ImportRun.objects.create(source_name="x.csv")
    value = prepare_constant(Child, "import_run", run.pk)
    with transaction.atomic():
        update(Child, ["import_run", "import_row"], [(first.pk, value, 5), (second.pk, value, 6)])
        update(Child, ["import_row"], [(first.pk, 7), (first.pk, 8)])
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.import_run_id, first.import_row) == (run.pk, 8)
    assert (second.import_run_id, second.import_row) == (run.pk, 6)
    assert isinstance(first.import_run_id, uuid.UUID)


def test_bulk_update_keeps_dates_booleans_and_blanks() -> None:
    child = make_child(birth_registered=True)
    with transaction.atomic():
        update(
            Child,
            ["birth_date", "birth_registered", "contact_phone", "personal_id"],
            [(child.pk, dt.date(2019, 1, 2), False, "", None)],
        )
    child.refresh_from_db()
    assert (child.birth_date, child.birth_registered) == (dt.date(2019, 1, 2), False)
    assert (child.contact_phone, child.personal_id) == ("", None)


def test_imported_values_are_stored_like_the_orm_stores_them(tmp_path: Path) -> None:
    """SQLite gets dates and booleans through the driver's adapters now: same storage."""
    import_file(write_csv(tmp_path / "a.csv", [row(name="Hồ Văn Tú", sex="Nam")]))
    by_form = make_child(birth_registered=True, born=dt.date(2018, 9, 5))
    imported = Child.objects.get(full_name="Hồ Văn Tú")
    raw = "quote({})" if connection.vendor == "sqlite" else "{}"
    columns = ", ".join(raw.format(c) for c in ("birth_date", "birth_registered"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {columns} FROM registry_child WHERE id IN (%s, %s)",  # noqa: S608
            [by_form.pk, imported.pk],
        )
        stored = {pk: values for pk, *values in cursor.fetchall()}
    assert stored[imported.pk] == stored[by_form.pk]
    run = ImportRun.objects.get()
    assert imported.birth_registered is True and imported.import_run_id == run.pk


def test_update_writes_the_audit_row_the_orm_path_wrote(tmp_path: Path, cast: Any) -> None:
    from treem.core import context
    from treem.core.models import AuditEvent

    rows = sample_rows(3)
    import_file(write_csv(tmp_path / "a.csv", rows), actor=cast.officer_a)
    rows[1] = {**rows[1], "Số điện thoại": "0987654321", "Họ tên mẹ": "Lê Thị Lan"}
    token = context.activate(context.RequestContext(ip="10.1.2.3", channel="web"))
    try:
        run = import_file(write_csv(tmp_path / "b.csv", rows), actor=cast.officer_a)
    finally:
        context.deactivate(token)
    assert (run.updated, run.unchanged) == (1, 2)
    child = Child.objects.get(personal_id=rows[1]["Số định danh cá nhân"])
    event = AuditEvent.objects.get(action="registry.child.import_update")
    assert (event.object_type, event.object_id, event.object_repr) == (
        "registry.child",
        str(child.pk),
        str(child),
    )
    assert (event.actor, event.actor_label) == (cast.officer_a, "canbo.a")
    assert (event.kind, event.ip, event.channel) == ("write", "10.1.2.3", "web")
    assert (event.unit_path, event.province_code) == (child.unit_path, child.province_code)
    assert event.changes == {"contact_phone": ["", "0987654321"]}
    assert event.reason == "Nhập từ tệp b.csv, dòng 3" and event.at is not None
    assert (child.contact_phone, child.import_run_id, child.import_row) == ("0987654321", run.pk, 3)
    assert child.caregivers.get().full_name == "Lê Thị Lan"


def test_debug_query_log_does_not_grow_with_the_file(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = True
    monkeypatch.setattr(pipeline, "CHUNK", 3)
    import_file(write_csv(tmp_path / "a.csv", sample_rows(30)))
    assert len(connection.queries) < 15  # the last chunk's and the finish, not all ten chunks'


# -- the validating thread ---------------------------------------------------------------------
def test_background_items_arrive_in_order_then_the_error() -> None:
    def items() -> Any:
        yield from range(5)
        raise ValueError("broken")

    received = []
    with pytest.raises(ValueError, match="broken"):
        for item in stream.in_background(items()):
            received.append(item)
    assert received == [0, 1, 2, 3, 4]


def test_background_producer_stops_when_the_consumer_does() -> None:
    produced = []

    def items() -> Any:
        for number in range(1000):
            produced.append(number)
            yield number

    batches = stream.in_background(items())
    assert next(batches) == 0
    batches.close()  # joins the thread
    assert len(produced) <= 2 + stream.DEPTH
    assert not [t for t in threading.enumerate() if t.name == "treem-import-read"]
