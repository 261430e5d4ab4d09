"""Helpers of the plans working pages: service errors onto form fields, hidden objects as
404."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.http import Http404, HttpRequest

from treem.core.errors import Forbidden, Invalid, NotFound, TreemError
from treem.org import scope
from treem.org.models import User
from treem.plans import access
from treem.plans.models import MeasurementState, Plan, PlanStatus
from treem.plans.selectors.plans import plan_get
from treem.web.shortcuts import acting_user

T = TypeVar("T")
F = TypeVar("F", bound=forms.BaseForm)

STATE_BADGES = {
    MeasurementState.DRAFT: ("nháp", "text-bg-secondary"),
    MeasurementState.SUBMITTED: ("đã gửi", "text-bg-warning"),
    MeasurementState.APPROVED: ("đã duyệt", "text-bg-success"),
}


def place_error(form: forms.BaseForm, exc: TreemError) -> None:
    """Put a service error on the field its details name; the whole message goes on the
    first such field (it names the row and the fix), further fields get their own hint."""
    details = exc.details if isinstance(exc, Invalid) else {}
    fields = [name for name in details if name in form.fields]
    if not fields:
        form.add_error(None, exc.message)
        return
    # full_clean() errors: one message per field, the overall message is their sum.
    per_field = exc.message == " ".join(str(v) for v in details.values())
    for index, name in enumerate(fields):
        text = str(details[name]) if per_field or index else exc.message
        form.add_error(name, text)


def mark_invalid(form: F) -> F:
    """Bootstrap's red outline and aria-invalid on the inputs whose field has an error."""
    if not form.is_bound:
        return form
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            attrs["aria-invalid"] = "true"
    return form


def attempt(form: forms.BaseForm, call: Callable[[], T], *, hide: bool = True) -> T | None:
    """Run a service for a form: business errors go onto the form. A refusal is a 404 when
    the object must stay hidden (`hide`), else a message like any other error."""
    try:
        return call()
    except Forbidden as exc:
        if hide:
            raise Http404(exc.message) from None
        form.add_error(None, exc.message)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except TreemError as exc:
        place_error(form, exc)
    return None


def found(call: Callable[[], T]) -> T:
    """A selector's NotFound as the 404 page."""
    try:
        return call()
    except NotFound as exc:
        raise Http404(exc.message) from None


STATUS_BADGES = {
    PlanStatus.DRAFT: "text-bg-secondary",
    PlanStatus.ACTIVE: "text-bg-success",
    PlanStatus.CLOSED: "text-bg-light border",
}


def reader(request: HttpRequest) -> User:
    """The signed-in user, if they follow plans at all (collaborators do not)."""
    user = acting_user(request)
    if not scope.has_role(user, access.READ_ROLES):
        raise Http404("Trang dành cho người theo dõi kế hoạch vì trẻ em.")
    return user


def plan_or_404(request: HttpRequest, pk: int) -> tuple[User, Plan]:
    user = reader(request)
    return user, found(lambda: plan_get(user, pk))


def planner_or_404(request: HttpRequest, pk: int) -> tuple[User, Plan]:
    """A plan the user may change; others get 404 (the page is not theirs)."""
    user, plan = plan_or_404(request, pk)
    if not access.can_plan(user, plan.unit):
        raise Http404("Bạn không quản lý kế hoạch này.")
    return user, plan
