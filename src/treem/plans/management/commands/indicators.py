"""`treem indicators seed | compute | refresh`: the national catalogue and plan, and the
registry-derived figures."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from treem.core.errors import TreemError
from treem.plans.computed.refresh import indicators_recompute, refresh_pending
from treem.plans.domain.periods import Period, PeriodError
from treem.plans.services.plans import national_plan_seed


class Command(BaseCommand):
    help = "Danh mục chỉ tiêu, kế hoạch quốc gia và các chỉ tiêu tự tính."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("seed", help="Nạp danh mục 24 chỉ tiêu và kế hoạch QĐ 23/QĐ-TTg.")
        compute = sub.add_parser("compute", help="Tính lại chỉ tiêu 8a, 8b, 14 cho các kỳ.")
        compute.add_argument("periods", nargs="+", help="Kỳ: 2025, 2025S1, 2025S2 …")
        sub.add_parser("refresh", help="Cập nhật các xã có thay đổi từ lần tính trước.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "seed":
                plan = national_plan_seed(actor=None)
                self.stdout.write(
                    f"Kế hoạch quốc gia {plan.number}: {plan.targets.count()} chỉ tiêu."
                )
            elif options["action"] == "compute":
                for code in options["periods"]:
                    summary = indicators_recompute(actor=None, period=Period.parse(code))
                    self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
            else:
                changed = refresh_pending()
                self.stdout.write(json.dumps(changed.as_dict() if changed else None))
        except (TreemError, PeriodError) as exc:
            raise CommandError(str(exc)) from None
