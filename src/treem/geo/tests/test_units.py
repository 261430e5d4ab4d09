from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from treem.core.errors import Forbidden, Invalid, NotFound
from treem.geo import reference, selectors, services
from treem.geo.models import Level, Unit, Version
from treem.geo.selectors import LegacyUnit

pytestmark = pytest.mark.django_db


def test_stats_match_the_official_structure() -> None:
    stats = reference.stats()
    assert stats["provinces"] == 34
    assert stats["communes"] == 3321
    assert stats["legacy_provinces"] == 63
    assert stats["legacy_districts"] == 696
    assert stats["legacy_communes"] == 10035
    assert stats["successions"] > 10035


def test_second_load_changes_nothing() -> None:
    summary = reference.load_reference()
    assert summary.created == 0
    assert summary.updated == 0
    assert summary.successions_created == 0
    assert summary.successions_removed == 0
    assert summary.unchanged == 14149


def test_reused_code_means_different_units_before_and_after_reorganisation() -> None:
    before = selectors.unit_get("00004", on=dt.date(2025, 6, 30))
    after = selectors.unit_get("00004", on=dt.date(2025, 7, 1))
    assert before.full_name == "Phường Trúc Bạch"
    assert after.full_name == "Phường Ba Đình"
    assert before.version == Version.LEGACY and after.version == Version.CURRENT


def test_search_ignores_accents_and_case() -> None:
    found = selectors.unit_search("dong da", level=Level.COMMUNE)
    assert any(u.full_name == "Phường Đống Đa" for u in found)
    assert selectors.unit_search("ĐỐNG ĐA", level=Level.COMMUNE)[0].name == "Đống Đa"


def test_search_puts_exact_name_first() -> None:
    found = selectors.unit_search("nha trang")
    assert found[0].full_name == "Phường Nha Trang"


def test_subtree_of_a_province_holds_its_communes_only() -> None:
    khanh_hoa = selectors.unit_get("56")
    communes = selectors.unit_subtree(khanh_hoa).filter(level=Level.COMMUNE)
    assert (
        communes.count()
        == Unit.objects.filter(
            version=Version.CURRENT, level=Level.COMMUNE, province_code="56"
        ).count()
    )
    assert not communes.exclude(province_code="56").exists()


def test_prefix_lookup_uses_an_index_friendly_form() -> None:
    sql = str(Unit.objects.filter(path__prefix="c/56/").query)
    if connection.vendor == "postgresql":
        assert "LIKE" in sql
    else:
        assert ">=" in sql and "<" in sql and "LIKE" not in sql


def test_ancestors_run_from_nation_to_parent() -> None:
    commune = selectors.unit_get("22366")
    assert [u.level for u in selectors.unit_ancestors(commune)] == ["nation", "province"]


def test_legacy_commune_split_in_two_lists_both_successors_as_partial() -> None:
    legacy = selectors.unit_get("00016", version=Version.LEGACY)
    successions = list(legacy.successions.all())
    assert len(successions) >= 2
    assert all(s.partly for s in successions)


def test_legacy_code_where_current_expected_names_its_successors() -> None:
    legacy_only = (
        Unit.objects.filter(version=Version.LEGACY, level=Level.COMMUNE)
        .exclude(code__in=Unit.objects.filter(version=Version.CURRENT).values("code"))
        .first()
    )
    assert legacy_only is not None
    with pytest.raises(LegacyUnit) as info:
        selectors.unit_get(legacy_only.code)
    successor = selectors.unit_successors(legacy_only)[0]
    assert successor.full_name in info.value.message
    assert "01/7/2025" in info.value.message


def test_unknown_code_is_not_found_with_a_hint() -> None:
    with pytest.raises(NotFound) as info:
        selectors.unit_get("99999")
    assert "99999" in info.value.message and "5 chữ số" in info.value.message


def test_officer_adds_a_village_to_own_commune(cast) -> None:
    commune = selectors.unit_get("22366")
    village = services.village_create(
        actor=cast.officer_a, commune=commune, name="Phước Hải", kind="to_dan_pho"
    )
    assert village.path.startswith(commune.path)
    assert village.full_name == "Tổ dân phố Phước Hải"
    assert selectors.unit_search("phuoc hai", level=Level.VILLAGE)[0] == village


def test_officer_cannot_add_a_village_to_another_commune(cast) -> None:
    with pytest.raises(Forbidden):
        services.village_create(
            actor=cast.officer_b, commune=selectors.unit_get("22366"), name="Xóm Mới", kind="thon"
        )


def test_duplicate_village_name_is_refused_accent_insensitively(cast) -> None:
    commune = selectors.unit_get("22366")
    services.village_create(actor=cast.officer_a, commune=commune, name="Hòa Bình", kind="thon")
    with pytest.raises(Invalid, match="đã có"):
        services.village_create(actor=cast.officer_a, commune=commune, name="hoa binh", kind="thon")


def test_village_cannot_be_added_under_a_legacy_commune(cast) -> None:
    legacy = Unit.objects.filter(version=Version.LEGACY, level=Level.COMMUNE).first()
    with pytest.raises(Invalid, match="hiện hành"):
        services.village_create(actor=cast.national_admin, commune=legacy, name="X", kind="thon")
