"""Helpers shared by views: run a service and turn its errors into what people see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

from treem.core.errors import Forbidden, TreemError
from treem.org.models import User

T = TypeVar("T")
F = TypeVar("F", bound=forms.BaseForm)


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind @login_required."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def run_service(form: forms.BaseForm, call: Callable[[], T]) -> T | None:
    """Call a service; a business error becomes a form error, a scope error a 404."""
    try:
        return call()
    except Forbidden as exc:
        raise Http404(exc.message) from None
    except TreemError as exc:
        form.add_error(None, exc.message)
        return None


def paginate(
    request: HttpRequest, items: Any, per_page: int = 50, *, paginator: Any = Paginator,
    **options: Any,
) -> tuple[Page, str]:  # fmt: skip
    """A page of `items` and the query string (without `page`) for the pagination links."""
    page = paginator(items, per_page, **options).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    base = params.urlencode()
    return page, (base + "&") if base else ""


def bootstrap(form: F) -> F:
    """Give every widget Bootstrap's class (checkboxes and selects get their own)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form
