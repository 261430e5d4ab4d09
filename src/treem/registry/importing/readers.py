"""Streaming rows out of CSV and XLSX files, one row at a time, whatever the file's size."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from treem.core.errors import Invalid
from treem.registry.importing.decoding import open_text, sniff_delimiter

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


class CountingReader(io.RawIOBase):
    """Passes reads through and counts bytes, so a progress bar needs no second pass."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.consumed += len(data)
        return len(data)


class Table:
    """The header row and an iterator of (row number, cells); `done()` reports progress in the
    same unit as `total` (bytes for CSV, rows for XLSX)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total: int | None = None
        self.encoding = ""
        self._close: list[Any] = []
        suffix = path.suffix.lower()
        if path.stat().st_size == 0:
            raise Invalid("Tệp trống, không có dữ liệu.", code="empty_file")
        if suffix in XLSX_SUFFIXES:
            self.header, self.rows = self._open_xlsx()
        elif suffix in CSV_SUFFIXES:
            self.header, self.rows = self._open_csv()
        else:
            raise Invalid(
                f"Không đọc được tệp '{path.name}': chỉ nhận tệp .csv hoặc .xlsx.",
                code="unsupported_file",
            )

    def close(self) -> None:
        for item in self._close:
            item.close()

    def done(self) -> int:
        return self._counter.consumed if self._counter else self._row

    def _open_csv(self) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
        binary = self.path.open("rb")
        self._close.append(binary)
        self.total = self.path.stat().st_size
        self._counter: CountingReader | None = CountingReader(binary)
        buffered = io.BufferedReader(self._counter, buffer_size=1 << 16)
        text, self.encoding = open_text(buffered)
        first = text.readline()
        if not first.strip():
            raise Invalid("Tệp không có dòng tiêu đề ở dòng đầu tiên.", code="empty_file")
        delimiter = sniff_delimiter(first)
        header = next(csv.reader([first], delimiter=delimiter))
        reader = csv.reader(text, delimiter=delimiter)

        def rows() -> Iterator[tuple[int, list[Any]]]:
            for number, cells in enumerate(reader, start=2):
                self._row = number
                yield number, cells

        self._row = 1
        return header, rows()

    def _open_xlsx(self) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
        from openpyxl import load_workbook

        self._counter = None
        self._row = 1
        try:
            book = load_workbook(self.path, read_only=True, data_only=False)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise _broken(self.path, exc) from None
        self._close.append(book)
        sheet = book.worksheets[0]
        self.total = sheet.max_row if sheet.max_row and sheet.max_row > 1 else None
        self.encoding = "xlsx"
        iterator = sheet.iter_rows(values_only=True)
        try:
            header = list(next(iterator))
        except StopIteration:
            raise Invalid("Tệp trống, không có dữ liệu.", code="empty_file") from None
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise _broken(self.path, exc) from None

        def rows() -> Iterator[tuple[int, list[Any]]]:
            number = 1
            try:
                for number, cells in enumerate(iterator, start=2):
                    self._row = number
                    yield number, list(cells)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
                raise _broken(self.path, exc, after=number) from None

        return header, rows()


def _broken(path: Path, exc: Exception, after: int | None = None) -> Invalid:
    where = f" sau dòng {after}" if after else ""
    return Invalid(
        f"Tệp Excel '{path.name}' bị hỏng{where} ({exc.__class__.__name__}). Mở tệp bằng "
        "Excel, lưu lại dạng .xlsx rồi tải lên lại.",
        code="broken_xlsx",
    )
