"""Demo data: one province with two communes, agencies of each level and one account per role.

Used by `treem demo` (and so by `make demo`) and by the browser tests. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from treem.geo import reference
from treem.geo.models import Level, Unit, Version
from treem.geo.services import village_create
from treem.org import services
from treem.org.models import Agency, AgencyKind, Membership, User
from treem.org.roles import Role

DEMO_PASSWORD = "treem-demo-2025"  # noqa: S105 - printed on purpose: demo accounts only
PROVINCE_CODE = "56"  # Khánh Hòa, the province of two of the seed plans
COMMUNE_A_CODE = "22366"  # Phường Nha Trang
COMMUNE_B_CODE = "22453"  # Xã Cam Lâm (fallbacks below if the codes ever change)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit: str  # "province", "A", "B" or "nation"
    agency_kind: str | None = None


ACCOUNTS = [
    DemoAccount("ctv.a", "Lê Thị Hoa", Role.COLLABORATOR, "A"),
    DemoAccount("canbo.a", "Nguyễn Thị Lan", Role.COMMUNE_OFFICER, "A"),
    DemoAccount("canbo.b", "Trần Văn Minh", Role.COMMUNE_OFFICER, "B"),
    DemoAccount("chutich.a", "Phạm Văn Hùng", Role.COMMUNE_CHAIRMAN, "A"),
    DemoAccount("baocao.yte", "Võ Thị Mai", Role.AGENCY_REPORTER, "province", AgencyKind.HEALTH),
    DemoAccount("chuyenvien", "Đặng Quốc Bảo", Role.SPECIALIST, "province"),
    DemoAccount("giamsat", "Huỳnh Thị Thu", Role.SUPERVISOR, "province"),
    DemoAccount("lanhdao", "Ngô Văn Thành", Role.LEADER, "province"),
    DemoAccount("quantri.tinh", "Bùi Minh Tuấn", Role.SYSADMIN, "province"),
    DemoAccount("quantri", "Quản trị hệ thống", Role.SYSADMIN, "nation"),
]


def _pick_commune(province: Unit, preferred: str, exclude: set[int]) -> Unit:
    unit = Unit.objects.filter(
        version=Version.CURRENT, code=preferred, province_code=province.code
    ).first()
    if unit is None or unit.pk in exclude:
        unit = (
            Unit.objects.filter(parent=province, level=Level.COMMUNE)
            .exclude(pk__in=exclude)
            .order_by("code")
            .first()
        )
    assert unit is not None
    return unit


def _agency(name: str, kind: str, unit: Unit, valid_to: dt.date | None = None) -> Agency:
    existing = Agency.objects.filter(unit=unit, name=name).first()
    return existing or services.agency_create(
        actor=None, name=name, kind=kind, unit=unit, valid_to=valid_to
    )


@transaction.atomic
def load_demo() -> list[tuple[DemoAccount, Unit]]:
    if not Unit.objects.filter(level=Level.PROVINCE).exists():
        reference.load_reference()
    nation = Unit.objects.get(version=Version.CURRENT, code=reference.NATION_CODE)
    province = Unit.objects.get(version=Version.CURRENT, code=PROVINCE_CODE)
    commune_a = _pick_commune(province, COMMUNE_A_CODE, set())
    commune_b = _pick_commune(province, COMMUNE_B_CODE, {commune_a.pk})
    units = {"nation": nation, "province": province, "A": commune_a, "B": commune_b}
    for number in ("1", "2"):
        if not Unit.objects.filter(parent=commune_a, name=number).exists():
            village_create(actor=None, commune=commune_a, name=number, kind="to_dan_pho")

    labour = _agency(
        "Sở Lao động – Thương binh và Xã hội tỉnh Khánh Hòa",
        AgencyKind.LABOUR,
        province,
        valid_to=dt.date(2025, 2, 28),
    )
    health = _agency("Sở Y tế tỉnh Khánh Hòa", AgencyKind.HEALTH, province)
    for name, kind in [
        ("Sở Giáo dục và Đào tạo tỉnh Khánh Hòa", AgencyKind.EDUCATION),
        ("Sở Tư pháp tỉnh Khánh Hòa", AgencyKind.JUSTICE),
        ("Công an tỉnh Khánh Hòa", AgencyKind.POLICE),
        ("Tỉnh Đoàn Khánh Hòa", AgencyKind.YOUTH_UNION),
    ]:
        _agency(name, kind, province)
    _agency(f"Ủy ban nhân dân {commune_a.full_name}", AgencyKind.UBND, commune_a)
    _agency(f"Ủy ban nhân dân {commune_b.full_name}", AgencyKind.UBND, commune_b)
    if not labour.successions.filter(successor=health).exists():
        services.agency_succeed(
            actor=None,
            predecessor=labour,
            successor=health,
            effective_on=dt.date(2025, 3, 1),
            scope_text="quản lý nhà nước về trẻ em",
        )
    agencies = {AgencyKind.HEALTH: health}

    created = []
    for account in ACCOUNTS:
        unit = units[account.unit]
        agency = agencies.get(account.agency_kind) if account.agency_kind else None  # type: ignore[call-overload]
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = services.user_create(
                actor=None,
                username=account.username,
                password=DEMO_PASSWORD,
                full_name=account.full_name,
                unit=unit,
                role=account.role,
                agency=agency,
            )
        elif not Membership.objects.filter(user=user, role=account.role, unit=unit).exists():
            services.membership_create(
                actor=None, user=user, unit=unit, role=account.role, agency=agency
            )
        created.append((account, unit))
    from treem.plans.services.plans import national_plan_seed

    national_plan_seed(actor=None)
    return created
