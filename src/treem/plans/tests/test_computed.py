"""Registry-derived figures (8a, 8b, 14) as of a date, against hand-counted expectations.

The same cast of children serves every test; the hand counts are in each test. Both query
paths (all communes, and the few communes of a refresh) must agree on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from treem.plans.computed.refresh import indicators_recompute
from treem.plans.computed.registry import CommuneFigures, registry_figures
from treem.plans.domain.periods import Period
from treem.plans.models import Measurement
from treem.registry.models import Child
from treem.registry.services.children import child_register, child_update
from treem.registry.services.episodes import episode_close, episode_open, support_add
from treem.registry.services.merges import child_merge
from treem.registry.services.moves import child_move
from treem.registry.tests.factories import COMMUNE_B, commune, make_child

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def cast_of_children() -> dict[str, Child]:
    """Nine children of commune A (one of whom moves to B), each testing one rule."""
    kids = {
        # In an open episode since 2024, supported in February 2025.
        "special_supported": make_child(name="Trần Văn An", born=D(2018, 9, 5)),
        # Under 5 on 30/06/2025, one registered and one not.
        "young_registered": make_child(
            name="Lê Thị Bình", born=D(2022, 1, 1), birth_registered=True
        ),
        "young_unregistered": make_child(
            name="Phạm Văn Cường", born=D(2021, 5, 1), birth_registered=False
        ),
        # Lived in A, moved to B on 01/03/2025.
        "moved": make_child(name="Hoàng Thị Dung", born=D(2015, 1, 1)),
        # Died on 15/01/2025.
        "deceased": make_child(name="Vũ Văn Em", born=D(2016, 1, 1)),
        # In an episode from 2023 that ended on 31/03/2025.
        "episode_ended": make_child(name="Đặng Thị Giang", born=D(2014, 2, 2)),
        # In an open episode, supported only in November 2024.
        "supported_before": make_child(name="Bùi Văn Hải", born=D(2017, 7, 7)),
        # Turned 16 on 01/01/2025 (registered while still 15).
        "aged_out": child_register(
            actor=None,
            unit=commune(),
            data={"full_name": "Đỗ Thị Khánh", "sex": "F", "birth_date": D(2009, 1, 1)},
            on=D(2024, 6, 1),
        ),
        # A duplicate record merged into the first child.
        "merged": make_child(name="Trần Văn Ân", born=D(2019, 1, 1)),
    }
    episode_open(actor=None, child=kids["special_supported"], group="a", started_on=D(2024, 3, 1))
    support_add(
        actor=None, child=kids["special_supported"], kind="allowance", given_on=D(2025, 2, 10)
    )
    child_move(actor=None, child=kids["moved"], to_unit=commune(COMMUNE_B), moved_on=D(2025, 3, 1))
    child_update(
        actor=None,
        child=kids["deceased"],
        data={"life_status": "deceased", "life_status_on": D(2025, 1, 15)},
    )
    ended = episode_open(
        actor=None, child=kids["episode_ended"], group="d", started_on=D(2023, 1, 1)
    )
    episode_close(actor=None, episode=ended, ended_on=D(2025, 3, 31))
    episode_open(actor=None, child=kids["supported_before"], group="c", started_on=D(2024, 5, 1))
    support_add(actor=None, child=kids["supported_before"], kind="cash", given_on=D(2024, 11, 20))
    child_merge(actor=None, survivor=kids["special_supported"], merged=kids["merged"])
    return kids


def figures(as_of: dt.date, start: dt.date, units: list[int] | None = None) -> dict[str, tuple]:
    """{commune code: (children, special, assisted, under5, under5 registered)}."""
    a, b = commune(), commune(COMMUNE_B)
    names = {a.pk: "A", b.pk: "B"}
    rows = registry_figures(as_of=as_of, period_start=start, unit_ids=units)
    return {names[f.unit_id]: _counts(f) for f in rows}


def _counts(f: CommuneFigures) -> tuple[int, int, int, int, int]:
    return (f.children, f.special, f.assisted, f.under5, f.under5_registered)


def both_paths(as_of: dt.date, start: dt.date) -> dict[str, tuple]:
    everything = figures(as_of, start)
    assert figures(as_of, start, [commune().pk, commune(COMMUNE_B).pk]) == everything
    return everything


def test_mid_2025_counts_who_lives_where_who_is_special_and_who_got_support(
    cast_of_children: dict[str, Child],
) -> None:
    # A: special_supported, young ×2, episode_ended, supported_before (5 children); moved
    # lives in B; deceased, aged_out and merged do not count. Special: special_supported and
    # supported_before (the other episode ended); assisted in 2025: special_supported only.
    assert both_paths(D(2025, 6, 30), D(2025, 1, 1)) == {"A": (5, 2, 1, 2, 1), "B": (1, 0, 0, 0, 0)}


def test_before_the_move_and_the_death_the_old_commune_still_counts_them(
    cast_of_children: dict[str, Child],
) -> None:
    # On 31/12/2024: moved and deceased still in A, aged_out is 15, episode_ended is open;
    # support in the second half of 2024 went to supported_before only.
    assert both_paths(D(2024, 12, 31), D(2024, 7, 1)) == {"A": (8, 3, 1, 2, 1)}


def test_support_outside_the_period_does_not_make_a_child_assisted(
    cast_of_children: dict[str, Child],
) -> None:
    # A period starting in 2024 takes in the November 2024 support too.
    assert both_paths(D(2025, 6, 30), D(2024, 7, 1))["A"][2] == 2
    assert both_paths(D(2025, 6, 30), D(2025, 3, 1))["A"][2] == 0


def test_an_episode_counts_up_to_and_including_its_last_day(
    cast_of_children: dict[str, Child],
) -> None:
    assert both_paths(D(2025, 3, 31), D(2025, 1, 1))["A"][1] == 3
    assert both_paths(D(2025, 4, 1), D(2025, 1, 1))["A"][1] == 2


def test_under_five_is_measured_on_the_date_asked(cast_of_children: dict[str, Child]) -> None:
    # On 01/05/2026 the child born 01/05/2021 has turned 5.
    assert both_paths(D(2026, 5, 1), D(2026, 1, 1))["A"][3:] == (1, 1)


def test_no_communes_asked_gives_no_figures(cast_of_children: dict[str, Child]) -> None:
    assert registry_figures(as_of=D(2025, 6, 30), period_start=D(2025, 1, 1), unit_ids=[]) == []


def test_recompute_writes_ratios_from_the_figures(cast_of_children: dict[str, Child]) -> None:
    summary = indicators_recompute(actor=None, period=Period(2025, 1))
    assert (summary.communes, summary.written) == (2, 4)  # B: no special child, no under-5
    rows = {
        (m.indicator.code, m.unit_id): (m.numerator, m.denominator, m.value)
        for m in Measurement.objects.filter(period="2025S1").select_related("indicator")
    }
    a, b = commune().pk, commune(COMMUNE_B).pk
    assert rows[("8a", a)] == (Decimal(2), Decimal(5), Decimal("40.00"))
    assert rows[("8b", a)] == (Decimal(1), Decimal(2), Decimal("50.00"))
    assert rows[("14", a)] == (Decimal(1), Decimal(2), Decimal("50.00"))
    assert rows[("8a", b)] == (Decimal(0), Decimal(1), Decimal("0.00"))
    assert ("8b", b) not in rows and ("14", b) not in rows
