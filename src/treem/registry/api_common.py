"""Pieces shared by the registry API's viewsets: field names, commune and village lookups."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from treem.core.errors import Invalid, NotFound
from treem.geo.models import Level, Unit
from treem.geo.selectors import unit_get

# Services name the commune `unit` (or `to_unit`); the API calls it `commune`.
API_FIELD_NAMES = {"unit": "commune", "to_unit": "commune"}


@contextmanager
def api_fields() -> Iterator[None]:
    """Re-raise a service's `Invalid` with its details keyed by the API's field names."""
    try:
        yield
    except Invalid as exc:
        exc.details = {
            API_FIELD_NAMES.get(name, name): message or exc.message
            for name, message in exc.details.items()
        }
        raise


def commune_by_code(code: str, field: str = "commune") -> Unit:
    """A current commune by code; a legacy code's message names its successors."""
    try:
        unit = unit_get(code.strip())
    except NotFound as exc:
        raise Invalid(exc.message, details={field: exc.message}) from None
    if unit.level != Level.COMMUNE:
        message = f"Mã '{code}' là của {unit.full_name}, không phải một xã/phường."
        raise Invalid(message, details={field: message})
    return unit


def village_by_id(pk: int | None) -> Unit | None:
    if pk is None:
        return None
    village = Unit.objects.filter(pk=pk, level=Level.VILLAGE).first()
    if village is None:
        message = f"Không có thôn/tổ dân phố id {pk}."
        raise Invalid(message, details={"village": message})
    return village
