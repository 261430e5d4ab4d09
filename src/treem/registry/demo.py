"""Demo history for the synthetic children that `treem demo` imports.

An import knows a child's special circumstances but not since when, so it opens each episode
on the day of the import. For the demo that would leave every past year of indicators 8a and 8b
at zero: the demo instead spreads the episodes' start over the years before, and records the
support most of those children received in the demo year, so the dashboard shows 2025 as a
province would have it. Deterministic for a seed; demo data only, never run on real records.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from treem.registry.models import CircumstanceEpisode, SupportRecord

IMPORTED = "Nhập từ tệp"
EARLIEST_START = dt.date(2021, 1, 1)
LATEST_START = dt.date(2025, 6, 30)
SUPPORTED_SHARE = 0.85  # of children in special circumstances, assisted in the demo year
SUPPORT_KINDS = [
    (SupportRecord.Kind.ALLOWANCE, Decimal(540_000)),
    (SupportRecord.Kind.HEALTH, None),
    (SupportRecord.Kind.EDUCATION, Decimal(1_500_000)),
    (SupportRecord.Kind.IN_KIND, Decimal(300_000)),
]


def backdate_imported_episodes(province_code: str, *, year: int = 2025, seed: int = 2025) -> int:
    """Give the imported episodes of the province plausible past start dates and record support
    for most of their children in `year`. Returns how many episodes were moved."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    episodes = list(
        CircumstanceEpisode.objects.filter(
            child__province_code=province_code, source=IMPORTED, ended_on__isnull=True
        )
        .select_related("child")
        .order_by("pk")
    )
    already = set(
        SupportRecord.objects.filter(
            child__province_code=province_code, given_on__year=year
        ).values_list("child_id", flat=True)
    )
    supports: list[SupportRecord] = []
    seen: set[int] = set()
    moved = []
    for episode in episodes:
        first = max(episode.child.birth_date, EARLIEST_START)
        if first > LATEST_START:
            continue  # born after the window: the import's date is the only honest one
        moved.append(episode)
        episode.started_on = first + dt.timedelta(days=rng.randint(0, (LATEST_START - first).days))
        if episode.child_id in seen:
            continue
        seen.add(episode.child_id)
        # Drawn for every child, so a second run makes the same choices and adds nothing.
        assisted = rng.random() < SUPPORTED_SHARE
        kind, amount = rng.choice(SUPPORT_KINDS)
        given_on = dt.date(year, rng.randint(7, 12), rng.randint(1, 28))
        if assisted and episode.child_id not in already:
            supports.append(
                SupportRecord(
                    child_id=episode.child_id,
                    kind=kind,
                    amount=amount,
                    given_on=given_on,
                    provider="Phòng Văn hóa - Xã hội",
                )
            )
    with transaction.atomic():
        CircumstanceEpisode.objects.bulk_update(moved, ["started_on"], batch_size=1000)
        SupportRecord.objects.bulk_create(supports, batch_size=1000)
    return len(moved)
