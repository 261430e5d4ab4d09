"""Every page and endpoint: owner served, outsider 404, anonymous to login / 401-403."""

from __future__ import annotations

from treem.core.models import Job
from treem.org.models import Agency, Membership, User
from treem.web.testing.access import AccessCase, AccessTestMixin

ANY = None  # pages open to every signed-in user: no outsider


def _health() -> dict:
    return {"pk": Agency.objects.get(name="Sở Y tế tỉnh Khánh Hòa").pk}


def _officer_a() -> dict:
    return {"pk": User.objects.get(username="canbo.a").pk}


def _officer_a_membership() -> dict:
    return {"pk": Membership.objects.get(user__username="canbo.a").pk}


def _job() -> dict:
    owner = User.objects.get(username="quantri")
    return {"pk": Job.objects.create(kind="geo.load", title="t", owner=owner).pk}


def _commune(code: str) -> dict:
    return {"version": "current", "code": code}


class TestWebPages(AccessTestMixin):
    cases = [
        AccessCase("home", "web:home", owner="canbo.a", outsider=ANY),
        AccessCase("account", "web:account", owner="canbo.a", outsider=ANY),
        AccessCase("two_factor", "web:two_factor", owner="canbo.a", outsider=ANY),
        AccessCase("unit_list", "geo:unit_list", owner="canbo.a", outsider=ANY),
        AccessCase(
            "unit_detail",
            "geo:unit_detail",
            lambda: _commune("22366"),
            owner="canbo.a",
            outsider=ANY,
        ),
        AccessCase(
            "village_create",
            "geo:unit_detail",
            lambda: _commune("22366"),
            owner="canbo.a",
            outsider="canbo.b",
            method="post",
            data={"kind": "thon", "name": "Thôn Kiểm Thử"},
            ok_status=(302,),
        ),
        AccessCase("geo_reference", "geo:reference", owner="quantri", outsider="quantri.tinh"),
        AccessCase("agency_list", "org:agency_list", owner="canbo.a", outsider=ANY),
        AccessCase(
            "agency_detail", "org:agency_detail", _health, owner="canbo.a", outsider="quantri.hanoi"
        ),
        AccessCase(
            "agency_edit",
            "org:agency_edit",
            _health,
            owner="quantri.tinh",
            outsider="quantri.hanoi",
        ),
        AccessCase("agency_create", "org:agency_create", owner="quantri.tinh", outsider="canbo.a"),
        AccessCase("user_list", "org:user_list", owner="quantri.tinh", outsider="canbo.a"),
        AccessCase("user_create", "org:user_create", owner="quantri.tinh", outsider="canbo.b"),
        AccessCase(
            "user_detail",
            "org:user_detail",
            _officer_a,
            owner="quantri.tinh",
            outsider="quantri.hanoi",
        ),
        AccessCase(
            "membership_end",
            "org:membership_end",
            _officer_a_membership,
            owner="quantri.tinh",
            outsider="quantri.hanoi",
            method="post",
            data={"on": "31/12/2030", "reason": "chuyển công tác"},
            ok_status=(302,),
        ),
        AccessCase("role_policies", "org:role_policies", owner="quantri", outsider="quantri.tinh"),
        AccessCase("audit_list", "core:audit_list", owner="quantri.tinh", outsider="canbo.a"),
        AccessCase("job_detail", "core:job_detail", _job, owner="quantri", outsider="quantri.tinh"),
    ]


class TestApiEndpoints(AccessTestMixin):
    cases = [
        AccessCase("me", "api:me", owner="canbo.a", outsider=ANY, api=True),
        AccessCase("unit_list", "api:unit-list", owner="canbo.a", outsider=ANY, api=True),
        AccessCase(
            "unit_detail",
            "api:unit-detail",
            lambda: {"code": "22366"},
            owner="canbo.a",
            outsider=ANY,
            api=True,
        ),
        AccessCase(
            "unit_subtree",
            "api:unit-subtree",
            lambda: {"code": "56"},
            owner="canbo.a",
            outsider=ANY,
            api=True,
        ),
        AccessCase(
            "unit_ancestors",
            "api:unit-ancestors",
            lambda: {"code": "22366"},
            owner="canbo.a",
            outsider=ANY,
            api=True,
        ),
        AccessCase(
            "unit_successors",
            "api:unit-successors",
            lambda: {"code": "00004"},
            owner="canbo.a",
            outsider=ANY,
            api=True,
        ),
        AccessCase("agency_list", "api:agency-list", owner="canbo.a", outsider=ANY, api=True),
        AccessCase(
            "agency_detail",
            "api:agency-detail",
            _health,
            owner="canbo.a",
            outsider="quantri.hanoi",
            api=True,
        ),
        AccessCase("schema", "schema", owner="canbo.a", outsider=ANY, api=True),
        AccessCase("docs", "api-docs", owner="canbo.a", outsider=ANY),
    ]
