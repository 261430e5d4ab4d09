"""`treem demo`: load reference units and demo accounts, then print the accounts."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from treem.org.demo import DEMO_PASSWORD, PROVINCE_CODE, load_demo
from treem.org.roles import Role

DEMO_CHILDREN = 20_000


class Command(BaseCommand):
    help = "Tạo dữ liệu trình diễn: đơn vị hành chính, cơ quan và một tài khoản cho mỗi vai trò."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        accounts = load_demo()
        self._children()
        self._plans()
        self.stdout.write(f"\nTài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD})\n")
        self.stdout.write(f"{'Tên đăng nhập':<15} {'Vai trò':<45} Địa bàn\n")
        for account, unit in accounts:
            self.stdout.write(
                f"{account.username:<15} {Role(account.role).label:<45} {unit.full_name}\n"
            )
        self.stdout.write("\nMở http://127.0.0.1:8000 để đăng nhập.\n")

    def _children(self) -> None:
        """About 20,000 synthetic children in the demo province, loaded through the real
        import (so the demo shows its matching and its error report). Skipped once loaded."""
        from treem.registry.demo import backdate_imported_episodes
        from treem.registry.importing.pipeline import import_rows
        from treem.registry.models import Child
        from treem.registry.synthetic.generator import generate

        if Child.objects.filter(province_code=PROVINCE_CODE).exists():
            return
        self.stdout.write("Đang tạo khoảng 20.000 trẻ em trình diễn (mất khoảng nửa phút)...\n")
        summary = import_rows(
            generate(DEMO_CHILDREN, PROVINCE_CODE, seed=2025),
            source_name="du-lieu-trinh-dien.csv",
        )
        backdate_imported_episodes(PROVINCE_CODE)
        self.stdout.write(
            f"Đã nạp {summary['created']} trẻ em; {summary['errors']} dòng gần trùng được báo "
            "trong báo cáo lỗi (cố ý, để thử chức năng tìm hồ sơ trùng).\n"
        )

    def _plans(self) -> None:
        """A provincial plan and figures for the dashboard (skipped once loaded)."""
        from treem.plans.demo import load_plans_demo

        self.stdout.write("Đang tạo kế hoạch và số liệu chỉ tiêu trình diễn...\n")
        plan = load_plans_demo()
        self.stdout.write(f"Kế hoạch {plan.number}: {plan.title}\n")
