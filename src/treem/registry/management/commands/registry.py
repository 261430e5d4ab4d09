"""`treem registry import FILE [--dry-run] [--commune CODE]` and
`treem registry duplicates [--commune CODE]`."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from treem.core.errors import TreemError
from treem.geo.selectors import unit_get
from treem.org.models import User


class Command(BaseCommand):
    help = "Cơ sở dữ liệu trẻ em: nhập tệp, tìm hồ sơ trùng."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Nhập danh sách trẻ em từ tệp CSV hoặc XLSX.")
        imp.add_argument("file", help="Đường dẫn tệp .csv hoặc .xlsx.")
        imp.add_argument("--dry-run", action="store_true", help="Kiểm tra, không ghi dữ liệu.")
        imp.add_argument("--commune", help="Mã xã/phường (hiện hành) mà tệp thuộc về.")
        imp.add_argument(
            "--legacy-codes", action="store_true", help="Cột 'Mã xã' dùng mã trước 01/7/2025."
        )
        imp.add_argument("--user", help="Tên đăng nhập của người nhập (để ghi nhật ký).")
        dup = sub.add_parser("duplicates", help="Tìm hồ sơ có thể trùng nhau.")
        dup.add_argument("--commune", help="Chỉ quét một xã/phường (mã hiện hành).")
        dup.add_argument("--min-score", type=float, default=0.75, help="Điểm tối thiểu (0–1).")
        dup.add_argument("--limit", type=int, default=1000, help="Số cặp in ra tối đa.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import":
                self._import(options)
            else:
                self._duplicates(options)
        except TreemError as exc:
            self.stderr.write(f"Lỗi: {exc.message}")
            sys.exit(2)

    @staticmethod
    def _user(username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise TreemError(f"Không có người dùng '{username}'.")
        return user

    def _import(self, options: dict[str, Any]) -> None:
        from treem.registry.cli_progress import ProgressBar
        from treem.registry.importing.pipeline import import_file

        commune = unit_get(options["commune"]) if options["commune"] else None
        bar = ProgressBar("Đang nhập" if not options["dry_run"] else "Đang kiểm tra")
        try:
            run = import_file(
                options["file"],
                actor=self._user(options["user"]),
                commune=commune,
                dry_run=options["dry_run"],
                legacy_codes=options["legacy_codes"],
                progress=bar.update,
            )
        except FileNotFoundError:
            raise TreemError(f"Không tìm thấy tệp '{options['file']}'.") from None
        finally:
            bar.finish()
        if run.message:
            self.stderr.write(run.message)
        self.stdout.write(json.dumps(run.summary(), ensure_ascii=False))

    def _duplicates(self, options: dict[str, Any]) -> None:
        from treem.registry.dedupe import scan

        commune = unit_get(options["commune"]) if options["commune"] else None
        found = 0
        for pair in scan(unit=commune, min_score=options["min_score"]):
            if found < options["limit"]:
                self.stdout.write(json.dumps(pair.as_dict(), ensure_ascii=False))
            found += 1
        self.stderr.write(f"Tìm thấy {found} cặp hồ sơ có thể trùng.")
