"""A reusable proof that every page and endpoint keeps objects inside their owner's scope.

Subclass `AccessTestMixin`, list `AccessCase`s and the mixin generates three tests per case:
the owner gets a success, a user outside the object's scope gets 404 (never 403: the object's
existence is not revealed), and an anonymous request is sent to the login page (web) or gets
401/403 (API). Later apps reuse it for every new page and endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from treem.org.models import User


@dataclass(frozen=True)
class AccessCase:
    name: str
    url_name: str
    kwargs: Callable[[], dict[str, Any]] = field(default=lambda: {})
    owner: str = ""  # username who may see it
    outsider: str | None = ""  # username who must get 404; None for pages open to all
    api: bool = False
    method: str = "get"
    data: dict[str, Any] | None = None
    ok_status: tuple[int, ...] = (200,)


def _client_for(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _request(client: Client, case: AccessCase) -> Any:
    url = reverse(case.url_name, kwargs=case.kwargs())
    call = getattr(client, case.method)
    return call(url, case.data or {}, HTTP_ACCEPT="application/json" if case.api else "text/html")


def _owner_is_served(case: AccessCase) -> None:
    response = _request(_client_for(case.owner), case)
    assert response.status_code in case.ok_status, (case.name, response.status_code)


def _outsider_gets_404(case: AccessCase) -> None:
    assert case.outsider, case.name
    response = _request(_client_for(case.outsider), case)
    assert response.status_code == 404, (case.name, response.status_code)


def _anonymous_is_refused(case: AccessCase) -> None:
    response = _request(Client(), case)
    if case.api:
        assert response.status_code in (401, 403), (case.name, response.status_code)
        assert "error" in response.json()
    else:
        assert response.status_code == 302, (case.name, response.status_code)
        assert response["Location"].startswith(reverse("web:login"))


def _make_test(check: Callable[[AccessCase], None], cases: list[AccessCase]) -> Any:
    # A fresh function per subclass: pytest marks are stored on the function object.
    def test(self: Any, case: AccessCase) -> None:
        check(case)

    test.__name__ = check.__name__.lstrip("_")
    marked = pytest.mark.django_db(test)
    return pytest.mark.parametrize("case", cases, ids=[c.name for c in cases])(marked)


class AccessTestMixin:
    cases: list[AccessCase] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.test_owner_is_served = _make_test(_owner_is_served, cls.cases)  # type: ignore[attr-defined]
        # Pages open to every signed-in user (outsider=None) have no outsider to test.
        scoped = [case for case in cls.cases if case.outsider is not None]
        cls.test_outsider_gets_404 = _make_test(_outsider_gets_404, scoped)  # type: ignore[attr-defined]
        cls.test_anonymous_is_refused = _make_test(_anonymous_is_refused, cls.cases)  # type: ignore[attr-defined]
