"""`treem geo load` (idempotent) and `treem geo stats` (one JSON object)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from treem.geo import reference, services


class Command(BaseCommand):
    help = "Đơn vị hành chính: nạp dữ liệu tham chiếu (load) hoặc in số lượng (stats)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load", help="Nạp/cập nhật đơn vị hành chính từ tệp tham chiếu")
        sub.add_parser("stats", help="In số lượng đơn vị đã nạp (JSON)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "load":
            started = time.perf_counter()
            summary = services.geo_load_reference(actor=None)
            result = {**summary.as_dict(), "seconds": round(time.perf_counter() - started, 2)}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(json.dumps(reference.stats()))
