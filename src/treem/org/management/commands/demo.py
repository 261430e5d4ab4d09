"""`treem demo`: load reference units and demo accounts, then print the accounts."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from treem.org.demo import DEMO_PASSWORD, load_demo
from treem.org.roles import Role


class Command(BaseCommand):
    help = "Tạo dữ liệu trình diễn: đơn vị hành chính, cơ quan và một tài khoản cho mỗi vai trò."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        accounts = load_demo()
        self.stdout.write(f"\nTài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD})\n")
        self.stdout.write(f"{'Tên đăng nhập':<15} {'Vai trò':<45} Địa bàn\n")
        for account, unit in accounts:
            self.stdout.write(
                f"{account.username:<15} {Role(account.role).label:<45} {unit.full_name}\n"
            )
        self.stdout.write("\nMở http://127.0.0.1:8000 để đăng nhập.\n")
