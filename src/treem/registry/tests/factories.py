"""Children for tests, made through the services like real ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

from treem.geo.models import Unit, Version
from treem.registry.models import Child
from treem.registry.services.children import child_register

COMMUNE_A = "22366"
COMMUNE_B = "22453"


def commune(code: str = COMMUNE_A) -> Unit:
    return Unit.objects.get(version=Version.CURRENT, code=code)


def make_child(
    *, code: str = COMMUNE_A, name: str = "Nguyễn Thị Hương", born: dt.date | None = None,
    sex: str = "F", **data: Any,
) -> Child:  # fmt: skip
    return child_register(
        actor=None,
        unit=commune(code),
        data={"full_name": name, "sex": sex, "birth_date": born or dt.date(2018, 9, 5), **data},
        caregivers=[{"relation": "mother", "full_name": "Lê Thị Lan", "phone": "0912345678"}],
    )
