"""The error report: one CSV line per problem (row, column, value, message, how to fix),
written as the import goes so memory stays flat."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings

from treem.core.spreadsheet import neutralise
from treem.registry.importing.rows import RowProblem

HEADER = ["Dòng", "Cột", "Giá trị", "Mức độ", "Vấn đề", "Cách sửa"]


def reports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports" / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


class ErrorReport:
    def __init__(self, name: str) -> None:
        self.path = reports_dir() / f"{name}.csv"
        # utf-8-sig: Excel opens a BOM-marked CSV as UTF-8 and shows Vietnamese correctly.
        self._file = self.path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file)
        self._writer.writerow(HEADER)
        self.errors = 0
        self.warnings = 0
        self._last_error_row = 0
        self.error_rows = 0

    def add(self, problem: RowProblem) -> None:
        if problem.is_error:
            self.errors += 1
            # Rows arrive in order, so counting changes of row number counts rows with errors
            # without remembering them all.
            if problem.row != self._last_error_row:
                self.error_rows += 1
                self._last_error_row = problem.row
        else:
            self.warnings += 1
        self._writer.writerow(
            [
                problem.row or "",
                neutralise(problem.column),
                neutralise(problem.value),
                "Lỗi" if problem.is_error else "Cảnh báo",
                neutralise(problem.message),
                neutralise(problem.fix),
            ]
        )

    def close(self) -> None:
        self._file.close()
