"""Clients, children and request bodies shared by the registry API tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from rest_framework.test import APIClient

from treem.geo.models import Unit
from treem.org.models import User
from treem.registry.domain import idnumber
from treem.registry.models import Child
from treem.registry.services.children import child_register

COMMUNE_A = "22366"  # Phường Nha Trang
COMMUNE_B = "22453"  # Xã Cam Lâm
CHILDREN = "/api/v1/children/"
PROPOSALS = "/api/v1/proposals/"


def client_for(user: User) -> APIClient:
    # A fresh user object per client: memberships are cached on the object.
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def born_aged(years: int) -> dt.date:
    """A birth date giving `years` full years today (100 days past the birthday)."""
    return timezone.localdate() - dt.timedelta(days=365 * years + 100)


def make_child(
    name: str = "Nguyễn Thị Hương",
    sex: str = "F",
    born: dt.date = dt.date(2018, 9, 5),
    commune: str = COMMUNE_A,
    serial: int | None = None,
    **data: Any,
) -> Child:
    unit = Unit.objects.get(version="current", code=commune)
    pid = idnumber.make("056", sex, born.year, serial) if serial is not None else None
    return child_register(
        actor=None,
        unit=unit,
        data={"full_name": name, "sex": sex, "birth_date": born, "personal_id": pid, **data},
    )


def payload(**overrides: Any) -> dict[str, Any]:
    body = {
        "full_name": "nguyễn thị  hương",
        "sex": "F",
        "birth_date": "2018-09-05",
        "personal_id": idnumber.make("056", "F", 2018, 123),
        "commune": COMMUNE_A,
        "birth_registered": True,
        "caregivers": [{"relation": "mother", "full_name": "Trần Thị Mai", "phone": "0912345678"}],
    }
    body.update(overrides)
    return body


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]
