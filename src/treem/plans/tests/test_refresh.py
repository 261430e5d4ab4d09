"""Registry changes reach the computed indicators through the audit-log feed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from treem.plans.computed.refresh import refresh_pending
from treem.plans.domain.periods import period_of
from treem.plans.models import Measurement, RefreshMark
from treem.registry.services.episodes import episode_open
from treem.registry.tests.factories import commune, make_child

pytestmark = pytest.mark.django_db


def _figure(code: str, where_code: str) -> Measurement | None:
    period = period_of(timezone.localdate()).code
    return Measurement.objects.filter(
        indicator__code=code, unit=commune(where_code), period=period
    ).first()


def test_a_registered_child_and_a_new_episode_reach_the_indicators_of_their_commune() -> None:
    refresh_pending()  # catch up with whatever earlier set-up left in the log
    young = timezone.localdate() - dt.timedelta(days=400)
    make_child(name="Trần Văn An", born=young, birth_registered=True)
    child = make_child(name="Lê Thị Bình", born=young, birth_registered=False)
    summary = refresh_pending()
    assert summary is not None
    registered = _figure("14", "22366")
    assert registered is not None
    assert (registered.numerator, registered.denominator) == (Decimal(1), Decimal(2))
    assert registered.origin == "computed" and registered.state == "approved"
    assert _figure("8a", "22366").numerator == 0  # type: ignore[union-attr]

    episode_open(actor=None, child=child, group="a", started_on=young + dt.timedelta(days=30))
    refresh_pending()
    assert _figure("8a", "22366").numerator == 1  # type: ignore[union-attr]


def test_nothing_new_in_the_log_means_nothing_to_do_and_the_mark_moves_forward() -> None:
    refresh_pending()
    mark = RefreshMark.objects.get(feed="registry").last_audit_id
    assert refresh_pending() is None
    make_child(name="Phạm Thu Hà", born=timezone.localdate() - dt.timedelta(days=800))
    refresh_pending()
    assert RefreshMark.objects.get(feed="registry").last_audit_id > mark
