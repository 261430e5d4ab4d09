"""`treem plan parse FILE --json`: read a plan document and print the draft plan as JSON.
`treem plan import FILE --unit CODE [--user USERNAME] [--parent PLAN_NUMBER] [--confirm]`:
store it as a draft for review (and with --confirm, create the plan); a JSON summary last."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from treem.core.errors import TreemError
from treem.planimport.parsing.errors import PlanParseError
from treem.planimport.parsing.extract import parse_file


class Command(BaseCommand):
    help = "Đọc văn bản kế hoạch (.txt, .md, .docx, .pdf) thành bản nháp kế hoạch."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="action", required=True)
        parse = subcommands.add_parser("parse", help="Phân tích một tệp kế hoạch.")
        parse.add_argument("file", help="Đường dẫn tệp kế hoạch.")
        parse.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
        load = subcommands.add_parser(
            "import", help="Đọc tệp kế hoạch thành bản đọc chờ rà soát (và tạo kế hoạch)."
        )
        load.add_argument("file", help="Đường dẫn tệp kế hoạch.")
        load.add_argument("--unit", required=True, help="Mã đơn vị hành chính (tỉnh hoặc xã).")
        load.add_argument("--user", help="Tên đăng nhập của người nhập (mặc định: hệ thống).")
        load.add_argument("--parent", help="Số, ký hiệu của kế hoạch cấp trên được thực hiện.")
        load.add_argument("--number", help="Số, ký hiệu của văn bản khi tệp không ghi (dự thảo).")
        load.add_argument("--confirm", action="store_true", help="Tạo luôn kế hoạch từ bản đọc.")
        load.add_argument(
            "--activate", action="store_true", help="Cùng --confirm: đưa kế hoạch vào thực hiện."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "parse":
            self._parse(options["file"], as_json=options["json"])
        elif options["action"] == "import":
            self._import(options)

    def _parse(self, path: str, *, as_json: bool) -> None:
        try:
            result = parse_file(path)
        except PlanParseError as exc:
            self.stderr.write(f"Lỗi: {exc}")
            sys.exit(2)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(summary(result))

    def _import(self, options: dict[str, Any]) -> None:
        from treem.core import context
        from treem.planimport.cli import import_plan

        token = context.activate(context.RequestContext(channel="cli"))
        try:
            result = import_plan(
                options["file"],
                unit_code=options["unit"],
                username=options.get("user"),
                parent_number=options.get("parent"),
                number=options.get("number"),
                confirm=options["confirm"],
                activate=options["activate"],
            )
        except TreemError as exc:
            self.stderr.write(f"Lỗi: {exc.message}")
            sys.exit(2)
        finally:
            context.deactivate(token)
        self.stdout.write(json.dumps(result, ensure_ascii=False))


def summary(result: dict[str, Any]) -> str:
    document = result["document"]
    lines = [
        f"Văn bản: {document.get('number') or '(chưa có số)'} — {document.get('title') or ''}",
        f"Chỉ tiêu: {len(result['targets'])} giá trị mục tiêu",
        f"Phân công: {len(result['assignments'])} dòng; nhiệm vụ: {len(result['tasks'])}",
        f"Báo cáo: {len(result['reporting'])} mốc",
        f"Cảnh báo: {len(result['warnings'])}",
    ]
    if result.get("budget"):
        lines.append(
            f"Kinh phí: {len(result['budget']['lines'])} dòng, "
            f"{len(result['budget']['problems'])} vấn đề"
        )
    return "\n".join(lines)


def build_parser() -> ArgumentParser:  # pragma: no cover - convenience for documentation
    return Command().create_parser("treem", "plan")
