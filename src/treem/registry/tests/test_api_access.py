"""Every registry endpoint: the owner is served, another commune gets 404, anonymous 401/403."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from treem.geo.models import Unit
from treem.org.models import User
from treem.registry.models import Child
from treem.registry.services.children import child_register
from treem.registry.services.episodes import episode_open, risk_flag_add
from treem.registry.services.merges import child_merge
from treem.registry.services.proposals import proposal_create
from treem.web.testing.access import AccessCase, AccessTestMixin

ANY = None  # lists open to every signed-in user (empty outside their area): no outsider
OWNER, OUTSIDER = "canbo.a", "canbo.b"  # officers of communes A and B
COLLABORATOR = "ctv.a"


def _commune_a() -> Unit:
    return Unit.objects.get(version="current", code="22366")


def _make_child() -> Child:
    return child_register(
        actor=None,
        unit=_commune_a(),
        data={"full_name": "Nguyễn Thị Hương", "sex": "F", "birth_date": dt.date(2018, 9, 5)},
    )


def _child() -> dict:
    return {"pk": _make_child().pk}


def _episode() -> dict:
    child = _make_child()
    episode = episode_open(actor=None, child=child, group="d", started_on=dt.date(2020, 1, 1))
    return {"pk": child.pk, "episode_id": episode.pk}


def _risk() -> dict:
    child = _make_child()
    flag = risk_flag_add(actor=None, child=child, kind="dropout", started_on=dt.date(2024, 1, 1))
    return {"pk": child.pk, "risk_id": flag.pk}


def _proposal() -> dict:
    proposal = proposal_create(
        actor=User.objects.get(username=COLLABORATOR),
        kind="register",
        unit=_commune_a(),
        data={"full_name": "Lê Văn Tám", "sex": "M", "birth_date": dt.date(2019, 2, 3)},
    )
    return {"pk": proposal.pk}


def _pair() -> tuple[Child, Child]:
    """One child registered twice in commune A (the second time without accents)."""
    return _make_child(), child_register(
        actor=None,
        unit=_commune_a(),
        data={"full_name": "Nguyen Thi Huong", "sex": "F", "birth_date": dt.date(2018, 9, 5)},
    )


def _merge() -> dict:
    keep, drop = _pair()
    return {"pk": child_merge(actor=None, survivor=keep, merged=drop).pk}


def _days_ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def _api(name: str, url_name: str, **options: Any) -> AccessCase:
    options.setdefault("owner", OWNER)
    options.setdefault("outsider", OUTSIDER)
    return AccessCase(name, f"api:{url_name}", api=True, **options)


class TestRegistryApi(AccessTestMixin):
    cases = [
        _api("child_list", "child-list", outsider=ANY),
        _api(
            "child_create",
            "child-list",
            method="post",
            data={
                "full_name": "Lê Văn Tám",
                "sex": "M",
                "birth_date": "2019-02-03",
                "commune": "22366",
            },
            ok_status=(201,),
        ),
        _api("child_detail", "child-detail", kwargs=_child),
        _api("child_history", "child-history", kwargs=_child),
        _api(
            "child_move",
            "child-move",
            kwargs=_child,
            method="post",
            data={"commune": "22453", "moved_on": _days_ago(10), "reason": "Theo gia đình"},
        ),
        _api(
            "child_caregiver",
            "child-caregivers",
            kwargs=_child,
            method="post",
            data={"relation": "father", "full_name": "Lê Văn Bảy"},
        ),
        _api(
            "circumstance_open",
            "child-circumstances",
            kwargs=_child,
            method="post",
            data={"group": "d", "started_on": "2020-01-01"},
            ok_status=(201,),
        ),
        _api(
            "circumstance_close",
            "child-circumstance-close",
            kwargs=_episode,
            method="post",
            data={"ended_on": "2021-01-01"},
        ),
        _api(
            "risk_add",
            "child-risks",
            kwargs=_child,
            method="post",
            data={"kind": "dropout", "started_on": "2024-01-01"},
            ok_status=(201,),
        ),
        _api(
            "risk_close",
            "child-risk-close",
            kwargs=_risk,
            method="post",
            data={"ended_on": "2024-06-01"},
        ),
        _api(
            "support_add",
            "child-supports",
            kwargs=_child,
            method="post",
            data={"kind": "cash", "given_on": "2024-01-01", "amount": "300000"},
            ok_status=(201,),
        ),
        _api("proposal_list", "proposal-list", owner=COLLABORATOR, outsider=ANY),
        _api(
            "proposal_create",
            "proposal-list",
            owner=COLLABORATOR,
            method="post",
            data={
                "kind": "register",
                "commune": "22366",
                "data.full_name": "Lê Văn Tám",
                "data.sex": "M",
                "data.birth_date": "2019-02-03",
            },
            ok_status=(201,),
        ),
        _api("proposal_detail", "proposal-detail", kwargs=_proposal, owner=COLLABORATOR),
        _api("proposal_detail_officer", "proposal-detail", kwargs=_proposal),
        _api("proposal_accept", "proposal-accept", kwargs=_proposal, method="post"),
        _api(
            "proposal_reject",
            "proposal-reject",
            kwargs=_proposal,
            method="post",
            data={"note": "Sai ngày sinh"},
        ),
        # Every officer scans their own area (B's is empty of A's pairs); naming A is a 404.
        _api("duplicate_list", "duplicate-list", outsider=ANY),
        _api("duplicate_list_commune", "duplicate-list", data={"commune": "22366"}),
        _api("merge_undo", "merge-undo", kwargs=_merge, method="post"),
    ]


# Merge and dismiss name both records in the body, which must exist before the request (the
# mixin's `data` is fixed): the same three checks, written out.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "expected"),
    [(OWNER, (201,)), (OUTSIDER, (404,)), (COLLABORATOR, (404,)), (None, (401, 403))],
)
def test_duplicate_merge_access(username: str | None, expected: tuple[int, ...]) -> None:
    keep, drop = _pair()
    response = _client(username).post(
        reverse("api:duplicate-merge"), {"keep": keep.pk, "drop": drop.pk}, format="json"
    )
    assert response.status_code in expected
    assert username == OWNER or "error" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "expected"),
    [(OWNER, (200,)), (OUTSIDER, (404,)), (COLLABORATOR, (404,)), (None, (401, 403))],
)
def test_duplicate_dismiss_access(username: str | None, expected: tuple[int, ...]) -> None:
    first, second = _pair()
    response = _client(username).post(
        reverse("api:duplicate-dismiss"), {"first": first.pk, "second": second.pk}, format="json"
    )
    assert response.status_code in expected
    assert username == OWNER or "error" in response.json()


def _client(username: str | None) -> APIClient:
    client = APIClient()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


# PATCH needs a JSON body, which the mixin's plain test client does not send: the same three
# checks, written out.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "expected"), [(OWNER, (200,)), (OUTSIDER, (404,)), (None, (401, 403))]
)
def test_child_update_access(username: str | None, expected: tuple[int, ...]) -> None:
    url = reverse("api:child-detail", kwargs=_child())
    client = APIClient()
    if username:
        client.force_login(User.objects.get(username=username))
    response = client.patch(url, {"school_name": "Trường Tiểu học Lộc Thọ"}, format="json")
    assert response.status_code in expected
    assert username == OWNER or "error" in response.json()
