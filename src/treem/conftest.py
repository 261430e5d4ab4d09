"""Shared test set-up: reference units loaded once per test database, the demo cast of named
users, and the browser fixtures."""

from __future__ import annotations

from typing import Any

import pytest

from treem.org.models import User

IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Every test database starts with the official units and the demo cast (one province,
    two communes, one account per role), loaded once per session."""
    from treem.org.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()
        outsider_province = _other_province_admin()
        assert outsider_province is not None


def _other_province_admin() -> User:
    """An administrator of another province (Hà Nội), to prove cross-province isolation."""
    from treem.geo.models import Unit
    from treem.org import services
    from treem.org.demo import DEMO_PASSWORD

    user = User.objects.filter(username="quantri.hanoi").first()
    if user is None:
        hanoi = Unit.objects.get(version="current", code="01")
        user = services.user_create(
            actor=None,
            username="quantri.hanoi",
            password=DEMO_PASSWORD,
            full_name="Quản trị Hà Nội",
            unit=hanoi,
            role="sysadmin",
        )
    return user


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = IMMEDIATE_TASKS


class Cast:
    """The named users of the demo set-up (see treem.org.demo)."""

    def __getattr__(self, name: str) -> User:
        usernames = {
            "collaborator_a": "ctv.a",
            "officer_a": "canbo.a",
            "officer_b": "canbo.b",
            "chairman_a": "chutich.a",
            "reporter": "baocao.yte",
            "specialist": "chuyenvien",
            "supervisor": "giamsat",
            "leader": "lanhdao",
            "province_admin": "quantri.tinh",
            "national_admin": "quantri",
            "other_province_admin": "quantri.hanoi",
        }
        return User.objects.get(username=usernames[name])


@pytest.fixture
def cast(db: Any) -> Cast:
    return Cast()
