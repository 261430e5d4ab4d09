"""The crosswalk between the legacy and current structures used by roll-ups."""

from __future__ import annotations

import pytest

from treem.geo.crosswalk import common_path, counterparts
from treem.geo.models import Level, Succession, Unit, Version


def test_common_path_is_taken_piece_by_piece() -> None:
    assert common_path({"c/01/00004/", "c/01/00008/"}) == "c/01/"
    assert common_path({"c/01/00004/"}) == "c/01/00004/"
    assert common_path({"c/01/", "c/79/"}) == "c/"
    assert common_path(set()) == ""


def test_counterparts_follow_merges_splits_and_districts() -> None:
    units = [
        (1, "current", "c/", None),
        (2, "current", "c/10/", 1),
        (3, "current", "c/10/00100/", 2),
        (4, "current", "c/10/00200/", 2),
        (5, "current", "c/10/00100/00100-001/", 3),  # a village
        (10, "legacy", "l/20/", None),
        (11, "legacy", "l/20/200/", 10),  # a district: no succession of its own
        (12, "legacy", "l/20/200/02001/", 11),  # merged whole into 00100
        (13, "legacy", "l/20/200/02002/", 11),  # split between 00100 and 00200
    ]
    links = [(10, 2), (12, 3), (13, 3), (13, 4)]
    result = counterparts(units, links)
    assert result[12] == "c/10/00100/"
    assert result[13] == "c/10/"  # split: only the province wholly contains it
    assert result[11] == "c/10/"
    assert result[10] == "c/10/"
    assert result[3] == "l/20/200/"  # both predecessors lay in one legacy district
    assert result[4] == "l/20/200/02002/"
    assert result[5] == result[3]  # villages follow their commune


@pytest.mark.django_db
def test_the_reference_data_maps_every_legacy_commune_into_the_current_structure() -> None:
    legacy = Unit.objects.filter(version=Version.LEGACY, level=Level.COMMUNE)
    assert not legacy.filter(counterpart_path="").exists()
    assert legacy.exclude(counterpart_path__startswith="c/").count() == 0
    whole = Succession.objects.filter(
        partly=False, predecessor__level=Level.COMMUNE
    ).select_related("predecessor", "successor")[:50]
    for link in whole:
        if link.predecessor.successions.count() == 1:
            assert link.predecessor.counterpart_path == link.successor.path
