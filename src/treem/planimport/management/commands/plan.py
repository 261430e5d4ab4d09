"""`treem plan parse FILE --json`: read a plan document and print the draft plan as JSON."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from treem.planimport.parsing.errors import PlanParseError
from treem.planimport.parsing.extract import parse_file


class Command(BaseCommand):
    help = "Đọc văn bản kế hoạch (.txt, .md, .docx, .pdf) thành bản nháp kế hoạch."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="action", required=True)
        parse = subcommands.add_parser("parse", help="Phân tích một tệp kế hoạch.")
        parse.add_argument("file", help="Đường dẫn tệp kế hoạch.")
        parse.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "parse":
            self._parse(options["file"], as_json=options["json"])

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
