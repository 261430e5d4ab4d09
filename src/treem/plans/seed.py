"""Loading the national catalogue and the national plan (QĐ 23/QĐ-TTg) from `plans/data/`.

Both loaders are idempotent and take model classes so the data migration can pass its
historical models. The catalogue goes in by migration (it needs nothing else); the national
plan needs the nation unit, so `treem indicators seed` (run by `treem demo` and after
`treem geo load`) creates it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOGUE_FIELDS = (
    "number",
    "part",
    "name",
    "short_name",
    "group",
    "unit",
    "direction",
    "numerator",
    "denominator",
    "lead_sector",
    "statistic_code",
    "source",
    "computation",
    "sort_order",
)


def _read(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def load_catalogue(indicator_model: Any) -> int:
    """Create or refresh the national items; a province's own items are left alone."""
    changed = 0
    for item in _read("catalogue.json")["indicators"]:
        wanted = {name: item[name] for name in CATALOGUE_FIELDS}
        current = indicator_model.objects.filter(code=item["code"], province_code="").first()
        if current is None:
            indicator_model.objects.create(code=item["code"], **wanted)
            changed += 1
        elif any(getattr(current, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(current, k, v)
            current.save()
            changed += 1
    return changed


def national_plan_data() -> dict[str, Any]:
    return _read("national_plan.json")


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load_national_plan(
    plan_model: Any, target_model: Any, indicator_model: Any, nation: Any
) -> Any:
    """The national plan with its targets; existing targets are brought in line with the file."""
    data = national_plan_data()
    head = data["plan"]
    plan = plan_model.objects.filter(number=head["number"], unit=nation).first()
    if plan is None:
        plan = plan_model.objects.create(
            number=head["number"],
            title=head["title"],
            issuer=head["issuer"],
            issued_on=head["issued_on"],
            first_year=head["first_year"],
            last_year=head["last_year"],
            unit=nation,
            unit_path=nation.path,
            province_code="",
            status="active",
        )
    indicators = {i.code: i for i in indicator_model.objects.filter(province_code="")}
    for row in data["targets"]:
        target_model.objects.update_or_create(
            plan=plan,
            indicator=indicators[row["indicator"]],
            year=row["year"],
            defaults={
                "comparator": row["comparator"],
                "value": _decimal(row["value"]),
                "value_high": _decimal(row.get("value_high")),
                "unit": row["unit"],
            },
        )
    return plan
