from __future__ import annotations

import datetime as dt

import pytest

from treem.core.errors import Forbidden, Invalid
from treem.core.models import AuditEvent
from treem.geo.selectors import unit_get
from treem.org import scope, selectors, services
from treem.org.models import Agency, AgencyKind, User

pytestmark = pytest.mark.django_db


def test_commune_role_on_a_province_is_refused_in_vietnamese(cast) -> None:
    with pytest.raises(Invalid) as info:
        services.membership_create(
            actor=cast.province_admin, user=cast.leader, unit=unit_get("56"), role="commune_officer"
        )
    assert "chỉ gán ở cấp xã" in info.value.message
    assert "Tỉnh Khánh Hòa" in info.value.message


def test_agency_reporter_needs_an_agency(cast) -> None:
    with pytest.raises(Invalid, match="cần chọn cơ quan"):
        services.membership_create(
            actor=cast.province_admin, user=cast.leader, unit=unit_get("56"), role="agency_reporter"
        )


def test_membership_on_a_legacy_unit_is_refused(cast) -> None:
    from treem.geo.models import Unit, Version

    legacy = Unit.objects.filter(version=Version.LEGACY, level="province").first()
    with pytest.raises(Invalid, match="trước 01/7/2025"):
        services.check_role_fits_unit("specialist", legacy, None)


def test_province_admin_cannot_grant_roles_in_another_province(cast) -> None:
    with pytest.raises(Forbidden):
        services.membership_create(
            actor=cast.other_province_admin, user=cast.leader, unit=unit_get("56"), role="leader"
        )


def test_user_create_writes_user_membership_and_audit_together(cast) -> None:
    user = services.user_create(
        actor=cast.province_admin,
        username="Moi.Nguoi",
        password="mat-khau-rat-dai-123",
        full_name="người  mới",
        unit=unit_get("22453"),
        role="commune_officer",
    )
    assert user.username == "moi.nguoi"
    assert user.memberships.get().unit.code == "22453"
    actions = set(
        AuditEvent.objects.filter(object_id__in=[str(user.pk)]).values_list("action", flat=True)
    )
    assert "org.user.create" in actions
    assert user.check_password("mat-khau-rat-dai-123")
    assert user.password.startswith("argon2")


def test_failed_user_create_leaves_nothing_behind(cast) -> None:
    before = User.objects.count(), AuditEvent.objects.count()
    with pytest.raises(Invalid):
        services.user_create(
            actor=cast.province_admin,
            username="x.y",
            password="mat-khau-rat-dai-123",
            full_name="X",
            unit=unit_get("56"),
            role="collaborator",
        )
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_weak_password_is_refused_with_reason(cast) -> None:
    with pytest.raises(Invalid, match="Mật khẩu chưa đạt"):
        services.user_create(
            actor=cast.province_admin,
            username="yeu",
            password="123",
            full_name="Yếu",
            unit=unit_get("56"),
            role="leader",
        )


def test_officer_sees_own_and_higher_agencies_not_other_provinces(cast) -> None:
    hanoi_agency = services.agency_create(
        actor=cast.other_province_admin,
        name="Sở Y tế Hà Nội",
        kind=AgencyKind.HEALTH,
        unit=unit_get("01"),
    )
    visible = selectors.agency_list(cast.officer_a)
    assert visible.filter(name="Sở Y tế tỉnh Khánh Hòa").exists()
    assert not visible.filter(pk=hanoi_agency.pk).exists()


def test_province_admin_sees_only_users_of_the_province(cast) -> None:
    visible = set(selectors.user_list(cast.province_admin).values_list("username", flat=True))
    assert {"canbo.a", "canbo.b", "lanhdao"} <= visible
    assert "quantri.hanoi" not in visible


def test_commune_officer_scope_is_the_commune(cast) -> None:
    assert scope.covers(cast.officer_a, unit_get("22366"))
    assert not scope.covers(cast.officer_a, unit_get("22453"))
    assert scope.covers(cast.specialist, unit_get("22453"))


def test_ended_membership_no_longer_grants_scope(cast) -> None:
    membership = cast.officer_b.memberships.get()
    services.membership_end(
        actor=cast.province_admin,
        membership=membership,
        on=dt.date(2020, 1, 1) if membership.valid_from.year < 2020 else membership.valid_from,
        reason="nghỉ hưu",
    )
    membership.refresh_from_db()
    assert membership.valid_to is not None


def test_labour_department_child_affairs_pass_to_health(cast) -> None:
    labour = Agency.objects.get(kind=AgencyKind.LABOUR, unit__code="56")
    succession = labour.successions.get()
    assert succession.successor.kind == AgencyKind.HEALTH
    assert succession.effective_on == dt.date(2025, 3, 1)
    assert not labour.active_on(dt.date(2025, 7, 1))


def test_agency_end_before_start_is_refused(cast) -> None:
    with pytest.raises(Invalid):
        services.agency_create(
            actor=cast.province_admin,
            name="Trung tâm CTXH",
            kind=AgencyKind.SOCIAL_SERVICE,
            unit=unit_get("56"),
            valid_from=dt.date(2025, 1, 1),
            valid_to=dt.date(2024, 1, 1),
        )


def test_two_factor_policy_only_by_national_admin(cast) -> None:
    with pytest.raises(Forbidden):
        services.role_policy_set(
            actor=cast.province_admin, role="sysadmin", require_two_factor=True
        )
    policy = services.role_policy_set(
        actor=cast.national_admin, role="sysadmin", require_two_factor=True
    )
    assert policy.require_two_factor


def test_admin_cannot_lock_themselves_out(cast) -> None:
    admin = cast.province_admin
    with pytest.raises(Invalid, match="tự khóa"):
        services.user_update(
            actor=admin, user=admin, full_name="A", email="", phone="", is_active=False
        )


def test_admin_locks_a_user_of_the_province_and_it_is_audited(cast) -> None:
    officer = cast.officer_b
    services.user_update(
        actor=cast.province_admin,
        user=officer,
        full_name=officer.full_name,
        email="",
        phone="",
        is_active=False,
    )
    officer.refresh_from_db()
    assert not officer.is_active
    event = AuditEvent.objects.filter(action="org.user.update", object_id=str(officer.pk)).get()
    assert event.changes["is_active"] == [True, False]


def test_unchanged_role_policy_writes_no_audit_row(cast) -> None:
    services.role_policy_set(actor=cast.national_admin, role="leader", require_two_factor=True)
    count = AuditEvent.objects.filter(action="org.role_policy.set").count()
    services.role_policy_set(actor=cast.national_admin, role="leader", require_two_factor=True)
    assert AuditEvent.objects.filter(action="org.role_policy.set").count() == count
