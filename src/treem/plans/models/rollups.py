"""A cache of measurement sums per province for fast national and provincial roll-ups.

Rule 5 of ARCHITECTURE.md: cache only when a benchmark shows the need. bench/plans.py showed
it: a national dashboard (35 indicators × nation and 34 provinces × 6 years) summed ~1.5 M
commune rows per view, seconds on PostgreSQL and tens of seconds on SQLite, where the goal
is 100 ms.

Invalidation rule: database triggers (see `treem.plans.computed.rollup_cache`) add each
inserted, updated or deleted measurement row's difference to its sums in the writer's own
transaction, whoever writes (services, bulk upserts, imports, a DBA). Changes that move
rows between provinces (a unit's path, counterpart, version or level), TRUNCATE and bulk
loads that bypass triggers mark everything dirty (`RollupDirty`); the next roll-up then
rebuilds all sums before reading. A roll-up never reads a stale sum.
"""

from __future__ import annotations

from django.db import models


class RollupSummary(models.Model):
    """Σ numerator, Σ denominator and row count of the measurements of one indicator, period
    and state whose effective path in `version` starts with `prefix` (the first five
    characters: a province path, or the nation path for rows counted only nationally),
    per level and version of the units the rows were recorded against. `numerators` and
    `denominators` count the non-empty parts (a sum of none is None, as in SQL)."""

    indicator_id = models.BigIntegerField()
    period = models.CharField(max_length=7)
    state = models.CharField(max_length=10)
    version = models.CharField(max_length=8)
    prefix = models.CharField(max_length=8)
    level = models.CharField(max_length=10)
    source_version = models.CharField(max_length=8)
    numerator = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    denominator = models.DecimalField(max_digits=20, decimal_places=2, default=0)
    numerators = models.IntegerField(default=0)
    denominators = models.IntegerField(default=0)
    row_count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "version",
                    "indicator_id",
                    "period",
                    "state",
                    "prefix",
                    "level",
                    "source_version",
                ],
                name="rollup_summary_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.version} {self.prefix}"


class RollupDirty(models.Model):
    """A mark that summary rows must be rebuilt before use; indicator 0 with an empty period
    (the only mark written today) means every slice."""

    indicator_id = models.BigIntegerField()
    period = models.CharField(max_length=7, blank=True)
    touched = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator_id", "period"], name="rollup_dirty_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period}"
