"""`treem demo-data children --count N --province CODE [--seed S] [--out FILE.csv|-]`.

With --out, writes synthetic children as a CSV in the import template (streaming, no database).
Without it, loads them through the registry import and prints the import summary as JSON.
(The file name has a hyphen so that the command is `demo-data`; Django imports it by name.)
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from treem.core.errors import TreemError
from treem.registry.synthetic.generator import ChildGenerator, provinces, write_csv


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Sinh dữ liệu mẫu (giả lập) để trình diễn và thử tải."
    requires_system_checks: list[str] = []  # works without a database

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        children = sub.add_parser("children", help="Danh sách trẻ em giả lập theo mẫu nhập.")
        children.add_argument("--count", type=int, default=100, help="Số trẻ em (mặc định 100).")
        children.add_argument(
            "--province", required=True, help="Mã tỉnh/thành phố hiện hành (2 chữ số, vd. 56)."
        )
        children.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên.")
        children.add_argument(
            "--out", help="Ghi ra tệp CSV ('-' = màn hình) thay vì nạp vào cơ sở dữ liệu."
        )
        children.add_argument(
            "--today", type=dt.date.fromisoformat, help="Ngày tính tuổi (YYYY-MM-DD)."
        )
        children.add_argument(
            "--near-duplicates",
            type=float,
            default=0.01,
            help="Tỷ lệ hồ sơ gần trùng cố ý (0–1, mặc định 0,01).",
        )
        children.add_argument(
            "--dry-run", action="store_true", help="Khi nạp: chỉ kiểm tra, không ghi."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        province = (options["province"] or "").strip().zfill(2)
        if province not in provinces():
            listing = ", ".join(f"{code} {name}" for code, name in sorted(provinces().items()))
            self._fail(
                f"Không có tỉnh/thành phố hiện hành mã '{options['province']}'. Mã tỉnh gồm 2 "
                f"chữ số: {listing}. Danh mục đầy đủ xem tại trang Đơn vị hành chính (/don-vi/) "
                "hoặc bằng lệnh `treem geo stats` sau khi `treem geo load`."
            )
        if options["count"] < 1:
            self._fail("--count phải lớn hơn hoặc bằng 1.")
        if not 0 <= options["near_duplicates"] <= 1:
            self._fail("--near-duplicates phải nằm trong khoảng 0–1.")
        generator = ChildGenerator(
            province,
            options["seed"],
            today=options["today"],
            near_duplicate_rate=options["near_duplicates"],
        )
        rows = generator.rows(options["count"])
        started = time.perf_counter()
        out = options["out"]
        if out is None:
            self._import(rows, province, options)
            return
        if out == "-":
            written = write_csv(rows, self.stdout)
        else:
            try:
                with open(out, "w", encoding="utf-8-sig", newline="") as handle:
                    written = write_csv(rows, handle)
            except OSError as exc:
                self._fail(f"Không ghi được tệp '{out}': {exc.strerror or exc}.")
        seconds = time.perf_counter() - started
        self.stderr.write(
            f"Đã ghi {_number(written)} trẻ em ({generator.reference.name}, trong đó "
            f"{_number(generator.near_duplicates)} hồ sơ gần trùng) vào "
            f"{'màn hình' if out == '-' else out} trong {f'{seconds:.1f}'.replace('.', ',')} giây "
            f"({_number(round(written / max(seconds, 1e-9)))} dòng/giây)."
        )

    def _import(self, rows: Any, province: str, options: dict[str, Any]) -> None:
        try:
            from treem.registry.importing.pipeline import import_rows
        except ImportError:
            self._fail(
                "Chức năng nhập dữ liệu chưa sẵn sàng trong bản cài đặt này. Hãy dùng --out "
                "TỆP.csv để ghi dữ liệu mẫu ra tệp."
            )
        from treem.registry.cli_progress import ProgressBar

        bar = ProgressBar("Đang kiểm tra" if options["dry_run"] else "Đang nạp")
        source = f"demo-data children tỉnh {province} seed {options['seed']}"
        try:
            summary = import_rows(
                rows,
                actor=None,
                source_name=source,
                dry_run=options["dry_run"],
                progress=bar.update,
            )
        except TreemError as exc:
            self._fail(exc.message)
        finally:
            bar.finish()
        self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"Lỗi: {message}")
        sys.exit(2)
