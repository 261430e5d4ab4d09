"""Benchmark of administrative units on the database named by TREEM_DATABASE_URL (which must be
empty or disposable): load time of the whole reference file, then p50/p95 of name search and
subtree queries over the full table. Prints one JSON object."""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treem.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection

from treem.geo import reference, selectors
from treem.geo.models import Level, Unit, Version

QUERIES = [
    "dong da",
    "ba dinh",
    "nha trang",
    "cam lam",
    "phuoc",
    "tan an",
    "hoa binh",
    "an phu",
    "xa long",
    "thanh xuan",
    "vinh",
    "son tra",
    "phu quoc",
    "ea",
    "quang",
]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p95_ms": round(p95 * 1000, 3),
        "n": len(ordered),
    }


def timed(func: Callable[[], Any], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def main() -> None:
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    summary = reference.load_reference()
    first_load = time.perf_counter() - start
    start = time.perf_counter()
    reference.load_reference()
    reload = time.perf_counter() - start
    rng = random.Random(7)
    provinces = list(Unit.objects.filter(version=Version.CURRENT, level=Level.PROVINCE))
    legacy_districts = list(Unit.objects.filter(level=Level.DISTRICT))
    nation = Unit.objects.get(code="VN")

    def search() -> None:
        selectors.unit_search(rng.choice(QUERIES), limit=20)

    def province_subtree() -> None:
        list(selectors.unit_subtree(rng.choice(provinces)).values_list("id", flat=True))

    def district_subtree() -> None:
        list(selectors.unit_subtree(rng.choice(legacy_districts)).values_list("id", flat=True))

    def nation_count() -> None:
        selectors.unit_subtree(nation).filter(level=Level.COMMUNE).count()

    def ancestors() -> None:
        selectors.unit_ancestors(rng.choice(provinces))

    result = {
        "vendor": connection.vendor,
        "units": Unit.objects.count(),
        "units_created": summary.created,
        "load_seconds": round(first_load, 3),
        "reload_seconds": round(reload, 3),
        "name_search": timed(search, 300),
        "subtree_province_ids": timed(province_subtree, 300),
        "subtree_legacy_district_ids": timed(district_subtree, 300),
        "subtree_nation_commune_count": timed(nation_count, 100),
        "ancestors": timed(ancestors, 300),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
