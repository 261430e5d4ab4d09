"""Pieces shared by the plans API: unit and indicator look-ups by code, and the rule for
refusals.

Refusals: a unit or record the caller cannot read answers 404 (as everywhere in the API). One
they can read but may not change (a commune officer and the province's plan, a reporter and
the approval of a figure) answers 403 with the service's Vietnamese reason, which names what
is missing — hiding something the caller has just read would only confuse them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from treem.core.errors import Forbidden, Invalid, NotFound, TreemError
from treem.geo.models import Unit as GeoUnit
from treem.geo.models import Version
from treem.geo.selectors import unit_get
from treem.plans import access
from treem.plans.models import Indicator
from treem.plans.selectors.plans import indicators_visible_to


class Refused(TreemError):
    """The caller sees the object but may not do this (403, with the reason)."""

    code = "forbidden"
    http_status = 403


@contextmanager
def refusals_explained() -> Iterator[None]:
    """Re-raise a service's `Forbidden` as a 403 that keeps its message: use only around
    writes on objects the caller has already been shown."""
    try:
        yield
    except Forbidden as exc:
        raise Refused(exc.message, details=exc.details) from None


def refusals_for(user: Any, unit: GeoUnit) -> AbstractContextManager[None]:
    """For writes naming a unit: explained inside the caller's area, hidden (404) outside."""
    return refusals_explained() if access.can_read(user, unit) else nullcontext()


def one_of(values: dict[str, str], raw: str, param: str) -> str:
    if raw not in values:
        allowed = ", ".join(values)
        message = f"Tham số {param}='{raw}' không hợp lệ; dùng một trong: {allowed}."
        raise Invalid(message, details={param: message})
    return raw


def unit_by_code(code: str, field: str, *, version: str = Version.CURRENT) -> GeoUnit:
    """A unit by code in the given structure; an unknown code is a 400 naming `field` (a
    legacy code asked as current names its successors)."""
    try:
        return unit_get(code.strip(), version=Version(version))
    except NotFound as exc:
        raise Invalid(exc.message, code=exc.code, details={field: exc.message}) from None


def readable_unit(user: Any, code: str, field: str, *, version: str = Version.CURRENT) -> GeoUnit:
    """A unit the caller may read figures of; any other is a 404 (units outside the caller's
    area are not shown, as records are not)."""
    return ensure_readable(user, unit_by_code(code, field, version=version), field)


def ensure_readable(user: Any, unit: GeoUnit, field: str) -> GeoUnit:
    if not access.can_read(user, unit):
        raise NotFound(
            f"Không tìm thấy {unit.full_name} (mã {unit.code}) trong địa bàn của bạn.",
            details={field: unit.code},
        )
    return unit


def indicator_by_code(user: Any, code: str, field: str = "indicator") -> Indicator:
    found = indicators_visible_to(user).filter(code=code.strip()).first()
    if found is None:
        message = f"Không có chỉ tiêu mã '{code}' trong danh mục (xem GET /api/v1/indicators/)."
        raise Invalid(message, details={field: message})
    return found


def version_param(raw: str | None, field: str = "version") -> str:
    value = (raw or Version.CURRENT).strip()
    return one_of({v: v for v in Version.values}, value, field)
