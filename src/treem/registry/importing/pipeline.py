"""The import, end to end: read → check headers → detect legacy fonts → validate each row →
write in chunks → report. The CLI, the web job and the demo loader all call `import_file` or
`import_rows`.

Each chunk commits on its own, so a killed import keeps what it wrote, and running it again
matches those rows instead of adding them twice. A dry run does all the same work inside one
transaction and rolls it back, so its counts are exactly those of the real run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, reset_queries, transaction
from django.utils import timezone

from treem.core.audit import audit_write
from treem.core.errors import Invalid, TreemError
from treem.geo.models import Unit
from treem.registry.importing import bulk, legacy_fonts, stream
from treem.registry.importing.communes import Commune, CommuneResolver
from treem.registry.importing.headers import map_headers
from treem.registry.importing.readers import Table
from treem.registry.importing.report import ErrorReport
from treem.registry.importing.rows import CleanRow, RowProblem, RowReader
from treem.registry.importing.writer import ChunkWriter
from treem.registry.models import ImportRun
from treem.registry.services.common import require_commune, require_write

CHUNK = 10000  # rows per transaction: fewer commits and round trips, memory still flat
BACKGROUND = True  # validate in a second thread while the main thread writes (see `stream`)
FONT_SAMPLE_ROWS = 200
FONT_NAMES = {"tcvn3": "TCVN3 (ABC, phông .Vn)", "vni": "VNI (phông VNI-)"}
ProgressCallback = Callable[[int, int | None], None]


class _Rollback(Exception):
    """Raised at the end of a dry run to undo its writes."""


@dataclass(slots=True)
class _Batch:
    """One chunk as the validating side hands it over: the rows it read, the clean ones, and
    the report lines of its rows in row order; `error` stops the import after these."""

    rows: int = 0
    clean: list[CleanRow] = field(default_factory=list)
    notes: list[RowProblem] = field(default_factory=list)
    error: BaseException | None = None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(partial(handle.read, 1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    path: str | Path,
    *,
    actor: Any = None,
    commune: Unit | None = None,
    dry_run: bool = False,
    legacy_codes: bool = False,
    source_name: str | None = None,
    progress: ProgressCallback | None = None,
    today: dt.date | None = None,
) -> ImportRun:
    """Import a CSV/XLSX file; returns the finished `ImportRun` with counts and report path.
    A file that cannot be read at all raises `Invalid` and leaves no records behind."""
    path = Path(path)
    if commune is not None:
        require_commune(commune)
        require_write(actor, commune)
    run = _start(actor, source_name or path.name, commune, dry_run, _sha256(path))
    table = None
    try:
        table = Table(path)
        total = table.total
        engine = _Engine(run, actor, commune, legacy_codes, today or timezone.localdate())

        def report(_rows: int) -> None:
            if progress is not None and table is not None:
                progress(table.done(), total)

        engine.run(table.header, table.rows, report)
    except TreemError as exc:
        _fail(run, exc.message)
        raise
    finally:
        if table is not None:
            table.close()
    return run


def import_rows(
    rows: Iterable[dict[str, Any]],
    *,
    actor: Any = None,
    source_name: str,
    dry_run: bool = False,
    progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Import rows given as dicts keyed by the template's headers (the demo-data generator)."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise Invalid("Không có dòng dữ liệu nào.", code="no_rows")
    header = list(first)
    numbered = (
        (number, [row.get(name, "") for name in header])
        for number, row in enumerate(itertools.chain([first], iterator), start=2)
    )
    run = _start(actor, source_name, None, dry_run, "")
    engine = _Engine(run, actor, None, False, timezone.localdate())
    try:
        engine.run(header, numbered, lambda done: progress and progress(done, None))
    except TreemError as exc:
        _fail(run, exc.message)
        raise
    return run.summary()


def _start(actor: Any, name: str, commune: Unit | None, dry_run: bool, sha: str) -> ImportRun:
    with transaction.atomic():
        run = ImportRun.objects.create(
            source_name=name[:255],
            sha256=sha,
            actor=actor,
            unit=commune,
            unit_path=commune.path if commune else "",
            dry_run=dry_run,
        )
        audit_write(
            actor=actor,
            action="registry.import.start",
            obj=run,
            unit=commune,
            changes={"file": name, "dry_run": dry_run},
        )
    return run


def _fail(run: ImportRun, message: str) -> None:
    run.status = ImportRun.Status.FAILED
    run.message = message[:500]
    run.finished_at = timezone.now()
    run.save()


class _Engine:
    def __init__(
        self,
        run: ImportRun,
        actor: Any,
        commune: Unit | None,
        legacy_codes: bool,
        today: dt.date,
    ) -> None:
        self.run_row = run
        self.actor = actor
        self.commune = commune
        self.resolver = CommuneResolver(legacy_codes=legacy_codes)
        self.writer = ChunkWriter(run, actor, restrict_to=commune)
        self.today = today
        self.report = ErrorReport(str(run.pk))
        run.error_report = str(self.report.path)

    def run(
        self,
        header: list[Any],
        rows: Iterator[tuple[int, list[Any]]],
        progress: Callable[[int], None],
    ) -> None:
        try:
            sample, rows = _peek(rows, FONT_SAMPLE_ROWS)
            font = _detect_font(header, sample)
            convert = partial(legacy_fonts.convert, encoding=font) if font else None
            if convert is not None:
                header = [convert(cell) if isinstance(cell, str) else cell for cell in header]
            headers = map_headers(header, commune_given=self.commune is not None)
            default = self._default_commune()
            reader = RowReader(
                headers, self.resolver, default_commune=default, today=self.today, convert=convert
            )
            self.resolver.preload(names="commune_name" in headers.positions)
            if headers.ignored:
                self.run_row.message = "Bỏ qua các cột không dùng: " + ", ".join(headers.ignored)
            if font:
                self._note(
                    f"Tệp được gõ bằng phông {FONT_NAMES[font]}; đã chuyển sang Unicode. Hãy "
                    "kiểm tra lại vài họ tên sau khi nhập."
                )
            with bulk.import_settings():
                if self.run_row.dry_run:
                    try:
                        with transaction.atomic():
                            self._process(reader, rows, progress)
                            raise _Rollback
                    except _Rollback:
                        pass
                else:
                    self._process(reader, rows, progress)
            if self.run_row.rows == 0:
                raise Invalid("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào.", code="no_rows")
        finally:
            self.report.close()
        self._finish()

    def _note(self, text: str) -> None:
        self.report.add(RowProblem(0, "", "", text, "", is_error=False))

    def _default_commune(self) -> Commune | None:
        if self.commune is None:
            return None
        return self.resolver.by_id(self.commune.pk)

    def _process(
        self,
        reader: RowReader,
        rows: Iterator[tuple[int, list[Any]]],
        progress: Callable[[int], None],
    ) -> None:
        run = self.run_row
        batches = _batches(reader, rows, CHUNK)
        if BACKGROUND:
            batches = stream.in_background(batches)
        with contextlib.closing(batches):  # stops the reading thread if a write fails
            for batch in batches:
                run.rows += batch.rows
                for problem in batch.notes:
                    self.report.add(problem)
                if batch.error is not None:
                    raise batch.error
                self._flush(batch.clean)
                progress(run.rows)

    def _flush(self, chunk: list[CleanRow]) -> None:
        if not chunk:
            return
        with transaction.atomic():
            result = self.writer.write(chunk)
        run = self.run_row
        run.created += result.created
        run.updated += result.updated
        run.unchanged += result.unchanged
        for problem in result.problems:
            self.report.add(problem)
        ImportRun.objects.filter(pk=run.pk).update(
            rows=run.rows, created=run.created, updated=run.updated, unchanged=run.unchanged
        )
        _forget_queries()

    def _finish(self) -> None:
        run = self.run_row
        run.errors = self.report.error_rows
        run.warnings = self.report.warnings
        run.status = ImportRun.Status.DONE
        run.finished_at = timezone.now()
        with transaction.atomic():
            run.save()
            audit_write(
                actor=self.actor,
                action="registry.import.finish",
                obj=run,
                unit=self.commune,
                changes=run.summary(),
            )


def _forget_queries() -> None:
    """With DEBUG on (the default outside production) Django keeps the last 9,000 queries with
    their parameters, and a chunk's matching queries carry all of its keys: keeping them would
    make memory grow with the file. Left alone while a test captures queries."""
    if settings.DEBUG and not connection.force_debug_cursor:
        reset_queries()


def _batches(
    reader: RowReader, rows: Iterator[tuple[int, list[Any]]], size: int
) -> Generator[_Batch, None, None]:
    """Chunks of `size` clean rows (the last one may be smaller or empty). An error while
    reading ends the batches with one that carries it, after the lines of the rows before."""
    batch = _Batch()
    try:
        for number, cells in rows:
            if _blank(cells):
                continue
            batch.rows += 1
            result = reader.read(number, cells)
            if isinstance(result, list):
                batch.notes += result
                continue
            batch.notes += result.warnings
            batch.clean.append(result)
            if len(batch.clean) >= size:
                yield batch
                batch = _Batch()
    except Exception as exc:  # raised by the consumer, in the main thread
        batch.error = exc
    yield batch


def _blank(cells: list[Any]) -> bool:
    try:
        return not "".join(cells).strip()  # text cells (every CSV row): one join
    except TypeError:
        return not any(cell not in (None, "") and str(cell).strip() for cell in cells)


def _peek(
    rows: Iterator[tuple[int, list[Any]]], count: int
) -> tuple[list[tuple[int, list[Any]]], Iterator[tuple[int, list[Any]]]]:
    sample = list(itertools.islice(rows, count))
    return sample, itertools.chain(sample, rows)


def _detect_font(header: list[Any], sample: list[tuple[int, list[Any]]]) -> str | None:
    """A file typed in a legacy font shows it in every text cell, headers included."""
    texts = [cell for cell in header if isinstance(cell, str) and cell]
    texts += [cell for _number, cells in sample for cell in cells if isinstance(cell, str) and cell]
    return legacy_fonts.detect_many(texts)
