"""Every change to users, memberships, agencies and role policies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from treem.core.audit import audit_write, diff, snapshot
from treem.core.errors import Forbidden, Invalid
from treem.core.text import fold, nfc
from treem.geo.models import Level, Unit, Version
from treem.org import scope
from treem.org.models import Agency, AgencySuccession, Membership, RoleSecurityPolicy, User
from treem.org.roles import LEVEL_LABELS, ROLE_LEVELS, ROLES_NEEDING_AGENCY, Role

AGENCY_FIELDS = ["name", "short_name", "kind", "valid_from", "valid_to"]
USER_FIELDS = ["full_name", "email", "phone", "is_active"]


def _require_admin_of(actor: Any, unit: Unit) -> None:
    if actor is not None and not scope.can_administer(actor, unit):
        raise Forbidden(f"Bạn không có quyền quản trị tại {unit.full_name}.")


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise Invalid(f"Mật khẩu chưa đạt yêu cầu: {_messages(exc)}") from None


def check_role_fits_unit(role: str, unit: Unit, agency: Agency | None) -> None:
    """A commune role on a province, or an agency reporter without an agency, is refused."""
    role_label = Role(role).label
    if unit.version != Version.CURRENT:
        raise Invalid(
            f"{unit.full_name} là đơn vị trước 01/7/2025, đã không còn; hãy phân quyền trên đơn "
            "vị hiện hành."
        )
    allowed = ROLE_LEVELS[role]
    if unit.level not in allowed:
        levels = ", ".join(LEVEL_LABELS[Level(level)] for level in allowed)
        raise Invalid(
            f"Vai trò '{role_label}' không áp dụng cho {unit.full_name} "
            f"({LEVEL_LABELS[Level(unit.level)]}); vai trò này chỉ gán ở {levels}."
        )
    if role in ROLES_NEEDING_AGENCY and agency is None:
        raise Invalid(f"Vai trò '{role_label}' cần chọn cơ quan mà người dùng báo cáo thay mặt.")
    if agency is not None and not unit.path.startswith(agency.unit.path):
        raise Invalid(f"{agency.name} không thuộc địa bàn {unit.full_name}.")


def membership_create(
    *,
    actor: Any,
    user: User,
    unit: Unit,
    role: str,
    agency: Agency | None = None,
    valid_from: dt.date | None = None,
) -> Membership:
    _require_admin_of(actor, unit)
    check_role_fits_unit(role, unit, agency)
    with transaction.atomic():
        if Membership.objects.filter(user=user, unit=unit, role=role, agency=agency).exists():
            raise Invalid(f"{user} đã có vai trò '{Role(role).label}' tại {unit.full_name}.")
        membership = Membership(user=user, unit=unit, role=role, agency=agency)
        if valid_from:
            membership.valid_from = valid_from
        membership.full_clean()
        membership.save()
        audit_write(
            actor=actor,
            action="org.membership.create",
            obj=membership,
            unit=unit,
            changes={"user": user.username, "role": role, "agency": agency and agency.name},
        )
    scope.forget(user)
    return membership


def membership_end(*, actor: Any, membership: Membership, on: dt.date, reason: str) -> Membership:
    _require_admin_of(actor, membership.unit)
    if on < membership.valid_from:
        raise Invalid("Ngày kết thúc không được trước ngày bắt đầu phân quyền.")
    with transaction.atomic():
        membership.valid_to = on
        membership.full_clean()
        membership.save(update_fields=["valid_to"])
        audit_write(
            actor=actor,
            action="org.membership.end",
            obj=membership,
            unit=membership.unit,
            changes={"valid_to": on.isoformat()},
            reason=reason,
        )
    scope.forget(membership.user)
    return membership


def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    full_name: str,
    unit: Unit,
    role: str,
    agency: Agency | None = None,
    email: str = "",
    phone: str = "",
) -> User:
    """A user always starts with one membership, so that some administrator can see them."""
    _require_admin_of(actor, unit)
    check_role_fits_unit(role, unit, agency)
    username = username.strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise Invalid(f"Tên đăng nhập '{username}' đã có người dùng; hãy chọn tên khác.")
    user = User(username=username, full_name=nfc(full_name), email=email.strip(), phone=phone)
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.full_clean()
        user.save()
        audit_write(actor=actor, action="org.user.create", obj=user, unit=unit)
        membership_create(actor=actor, user=user, unit=unit, role=role, agency=agency)
    return user


def user_update(
    *, actor: Any, user: User, full_name: str, email: str, phone: str, is_active: bool
) -> User:
    if not scope.users_visible_to(actor).filter(pk=user.pk).exists():
        raise Forbidden("Bạn không thể sửa người dùng này.")
    if actor == user and not is_active:
        raise Invalid("Bạn không thể tự khóa tài khoản của mình; hãy nhờ một quản trị khác.")
    with transaction.atomic():
        before = snapshot(user, USER_FIELDS)
        user.full_name, user.email, user.phone = nfc(full_name), email.strip(), phone.strip()
        user.is_active = is_active
        user.full_clean()
        user.save()
        audit_write(
            actor=actor,
            action="org.user.update",
            obj=user,
            changes=diff(user, before, USER_FIELDS),
        )
    return user


def user_set_password(*, actor: Any, user: User, password: str) -> None:
    if actor != user and not scope.users_visible_to(actor).filter(pk=user.pk).exists():
        raise Forbidden("Bạn không thể đặt mật khẩu cho người dùng này.")
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_write(actor=actor, action="org.user.set_password", obj=user)


def agency_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    unit: Unit,
    short_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Agency:
    _require_admin_of(actor, unit)
    if unit.version != Version.CURRENT and valid_to is None:
        raise Invalid(
            f"{unit.full_name} đã không còn từ 01/7/2025: cơ quan gắn với đơn vị cũ phải có ngày "
            "kết thúc hoạt động."
        )
    name = nfc(name)
    with transaction.atomic():
        if Agency.objects.filter(unit=unit, search_key=fold(name)).exists():
            raise Invalid(f"{unit.full_name} đã có cơ quan '{name}'.")
        agency = Agency(
            name=name,
            short_name=nfc(short_name),
            kind=kind,
            unit=unit,
            search_key=fold(name),
            valid_from=valid_from,
            valid_to=valid_to,
        )
        try:
            agency.full_clean()
        except ValidationError as exc:
            raise Invalid(_messages(exc)) from None
        agency.save()
        audit_write(actor=actor, action="org.agency.create", obj=agency, unit=unit)
    return agency


def agency_update(*, actor: Any, agency: Agency, **fields: Any) -> Agency:
    _require_admin_of(actor, agency.unit)
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise Invalid(f"Không sửa được các trường: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        before = snapshot(agency, AGENCY_FIELDS)
        for name, value in fields.items():
            setattr(
                agency, name, nfc(value) if isinstance(value, str) and name != "kind" else value
            )
        agency.search_key = fold(agency.name)
        try:
            agency.full_clean()
        except ValidationError as exc:
            raise Invalid(_messages(exc)) from None
        agency.save()
        audit_write(
            actor=actor,
            action="org.agency.update",
            obj=agency,
            unit=agency.unit,
            changes=diff(agency, before, AGENCY_FIELDS),
        )
    return agency


def agency_succeed(
    *, actor: Any, predecessor: Agency, successor: Agency, effective_on: dt.date, scope_text: str
) -> AgencySuccession:
    """Record that `successor` took over (part of) `predecessor`'s work; the predecessor's
    activity ends the day before unless it continues with other duties (partial scope)."""
    _require_admin_of(actor, predecessor.unit)
    _require_admin_of(actor, successor.unit)
    if predecessor == successor:
        raise Invalid("Cơ quan không thể kế thừa chính nó.")
    with transaction.atomic():
        succession = AgencySuccession(
            predecessor=predecessor,
            successor=successor,
            effective_on=effective_on,
            scope=nfc(scope_text),
        )
        try:
            succession.full_clean()
        except ValidationError as exc:
            raise Invalid(_messages(exc)) from None
        succession.save()
        if not scope_text and predecessor.valid_to is None:
            predecessor.valid_to = effective_on - dt.timedelta(days=1)
            predecessor.save(update_fields=["valid_to"])
        audit_write(
            actor=actor,
            action="org.agency.succeed",
            obj=succession,
            unit=predecessor.unit,
            changes={"successor": successor.name, "effective_on": effective_on.isoformat()},
        )
    return succession


def role_policy_set(*, actor: Any, role: str, require_two_factor: bool) -> RoleSecurityPolicy:
    if not scope.is_national_admin(actor):
        raise Forbidden("Chỉ quản trị hệ thống cấp quốc gia được đổi chính sách bảo mật.")
    with transaction.atomic():
        policy, created = RoleSecurityPolicy.objects.get_or_create(role=role)
        if not created and policy.require_two_factor == require_two_factor:
            return policy
        policy.require_two_factor = require_two_factor
        policy.save()
        audit_write(
            actor=actor,
            action="org.role_policy.set",
            obj=policy,
            changes={"role": role, "require_two_factor": require_two_factor},
        )
    return policy
