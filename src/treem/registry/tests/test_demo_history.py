"""The demo's imported children get a past: episodes started before the demo year and support
in it, so the demo dashboard's 2025 figures of indicators 8a and 8b are not zero."""

from __future__ import annotations

import pytest

from treem.plans.computed.refresh import indicators_recompute
from treem.plans.domain.periods import Period
from treem.plans.models import Measurement
from treem.registry.demo import LATEST_START, backdate_imported_episodes
from treem.registry.importing.pipeline import import_rows
from treem.registry.models import CircumstanceEpisode, SupportRecord
from treem.registry.synthetic.generator import generate

pytestmark = pytest.mark.django_db


def test_imported_episodes_start_in_the_past_and_most_children_are_assisted() -> None:
    import_rows(generate(600, "56", seed=11), source_name="demo.csv")
    episodes = CircumstanceEpisode.objects.filter(child__province_code="56")
    assert episodes.exists()
    moved = backdate_imported_episodes("56")
    assert moved > 0
    for episode in episodes.select_related("child"):
        if episode.child.birth_date <= LATEST_START:
            assert episode.child.birth_date <= episode.started_on <= LATEST_START
    children = set(episodes.values_list("child_id", flat=True))
    supported = set(SupportRecord.objects.values_list("child_id", flat=True))
    assert supported <= children and len(supported) >= 0.6 * len(children)
    assert all(d.year == 2025 for d in SupportRecord.objects.values_list("given_on", flat=True))
    # Run again: the same history, no second support.
    first = sorted(episodes.values_list("pk", "started_on"))
    backdate_imported_episodes("56")
    assert sorted(episodes.values_list("pk", "started_on")) == first
    assert SupportRecord.objects.count() == len(supported)

    indicators_recompute(actor=None, period=Period(2025))
    share = Measurement.objects.filter(indicator__code="8a", period="2025", numerator__gt=0)
    assert share.exists()
    assisted = Measurement.objects.filter(indicator__code="8b", period="2025", numerator__gt=0)
    assert assisted.exists()
