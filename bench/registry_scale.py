"""The child registry at scale, on the database named by TREEM_DATABASE_URL (disposable).

For each size in TREEM_BENCH_SCALE_CHILDREN (comma-separated, default 20000), load that many
synthetic children straight into the tables (`registry_scale_data.load`: the demo-data
generator's rows with the importer's keys, near-duplicates included), then measure:

- name search through `search.search` on `selectors.children_visible_to(user)`, exactly as the
  API list does (the first page of 50, and that page with the list's count, which the API's
  paginator reads in one query), for a province specialist (the largest province) and a
  commune officer (the largest commune), with names of children in their area typed four
  ways: exact, without accents, with one typo, and family + given name only. p50/p95 per user
  and per way, and how often a child of that name is on the first page;
- the duplicate scan of every record through `dedupe.scan()` (what `treem registry
  duplicates` runs): seconds and pairs.

SQLite skips sizes above TREEM_BENCH_SCALE_SQLITE_MAX (default 1000000). TREEM_BENCH_SCALE_
QUERIES sets the queries per way and user (default 25). Load averages are recorded before and
after each size. TREEM_BENCH_SCALE_REUSE=1 keeps rows already loaded for a size (to re-measure
after a change); TREEM_BENCH_SCALE_LOAD_ONLY=1 only loads; TREEM_BENCH_SCALE_SCAN_MAX=N skips
the duplicate scan above N children. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treem.settings")

import django

django.setup()

import registry_scale_data as data
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from treem.core.pagination import WindowTotalsPaginator
from treem.geo import reference
from treem.geo.models import Unit
from treem.org.models import Membership, User
from treem.org.roles import Role
from treem.registry import access, selectors
from treem.registry.dedupe import scan
from treem.registry.models import Caregiver, Child
from treem.registry.search import Filters, search

SIZES = [int(s) for s in os.environ.get("TREEM_BENCH_SCALE_CHILDREN", "20000").split(",") if s]
SQLITE_MAX = int(os.environ.get("TREEM_BENCH_SCALE_SQLITE_MAX", "1000000"))
QUERIES = int(os.environ.get("TREEM_BENCH_SCALE_QUERIES", "25"))
SCAN_MAX = int(os.environ.get("TREEM_BENCH_SCALE_SCAN_MAX", "0"))  # 0: scan at every size
LOAD_ONLY = os.environ.get("TREEM_BENCH_SCALE_LOAD_ONLY", "") == "1"
REUSE = os.environ.get("TREEM_BENCH_SCALE_REUSE", "") == "1"  # keep rows of the same size
PAGE = 50  # the API's page size


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def empty_tables() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(data.TABLES)} RESTART IDENTITY CASCADE")
        else:
            for table in reversed(data.TABLES):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def users() -> dict[str, Any]:
    """A province specialist of the largest province and an officer of its largest commune."""
    province_code = data.PROVINCES[0][0]
    province = Unit.objects.get(version="current", level="province", code=province_code)
    commune_id = (
        Child.objects.filter(province_code=province.province_code)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("unit_id", flat=True)[:1]
        .get()
    )
    made = {}
    for label, unit, role in (
        ("province", province, Role.SPECIALIST),
        ("commune", Unit.objects.get(pk=commune_id), Role.COMMUNE_OFFICER),
    ):
        user, _ = User.objects.get_or_create(username=f"scale-{label}")
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
        made[label] = User.objects.get(pk=user.pk)  # fresh: no cached memberships
    return made


def typo(key: str, rng: random.Random) -> str:
    """Two neighbouring letters of one word swapped (the commonest typing slip)."""
    words = key.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 3]
    if not candidates:
        return key
    i = rng.choice(candidates)
    word = words[i]
    j = rng.randrange(0, len(word) - 1)
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)


def queries(user: Any, rng: random.Random) -> list[tuple[str, str, str]]:
    """(way, query, name key of the child it was made from), QUERIES per way."""
    visible = selectors.children_visible_to(user)
    top = visible.order_by("-pk").values_list("pk", flat=True)[:1].get()
    names: list[tuple[str, str]] = []
    while len(names) < QUERIES * 4:
        ids = [rng.randrange(1, top + 1) for _ in range(2000)]
        names += list(visible.filter(pk__in=ids).values_list("full_name", "name_key"))
    rng.shuffle(names)
    out = []
    for i, (full_name, key) in enumerate(names[: QUERIES * 4]):
        way = ("exact", "no_accents", "typo", "family_given")[i % 4]
        words = key.split()
        query = {
            "exact": full_name,
            "no_accents": key,
            "typo": typo(key, rng),
            "family_given": f"{words[0]} {words[-1]}",
        }[way]
        out.append((way, query, key))
    return out


def run_search(user: Any, query: str) -> tuple[float, float, list[str]]:
    """Seconds for the first page alone, seconds for the first page with the list's count as
    the API list runs it (`WindowTotalsPaginator`: one query for both), and the page's keys.
    The API's way runs first, so that it is not helped by pages the other one just read."""
    filters = Filters(query=query, status="", within=access.read_roots(user))
    connection.queries_log.clear()
    started = time.perf_counter()
    found = search(selectors.children_visible_to(user), filters)
    paginator = WindowTotalsPaginator(found, PAGE)
    counted = paginator.page(1)
    both_s = time.perf_counter() - started
    started = time.perf_counter()
    found = search(selectors.children_visible_to(user), filters)
    page = list(found[:PAGE])
    page_s = time.perf_counter() - started
    assert paginator.count >= len(counted) == len(page)
    return page_s, both_s, [child.name_key for child in page]


def measure_search(user: Any, rng: random.Random) -> dict[str, Any]:
    by_way: dict[str, dict[str, list[Any]]] = {}
    all_page, all_both = [], []
    work = queries(user, rng)
    run_search(user, work[0][1])  # warm the user's memberships and the connection
    for way, query, key in work:
        page_s, both_s, keys = run_search(user, query)
        bucket = by_way.setdefault(way, {"page": [], "both": [], "found": []})
        bucket["page"].append(page_s)
        bucket["both"].append(both_s)
        wanted = key if way != "family_given" else " ".join(query.split())
        bucket["found"].append(
            any(k == wanted for k in keys)
            if way != "family_given"
            else any(k.split()[0] == wanted.split()[0] and k.split()[-1] == wanted.split()[-1]
                     for k in keys)
        )  # fmt: skip
        all_page.append(page_s)
        all_both.append(both_s)
    return {
        "queries": len(work),
        "first_page": percentiles(all_page),
        "page_and_count": percentiles(all_both),
        "by_way": {
            way: {
                "first_page": percentiles(b["page"]),
                "page_and_count": percentiles(b["both"]),
                "name_on_first_page": f"{sum(b['found'])}/{len(b['found'])}",
            }
            for way, b in by_way.items()
        },
        "examples": [q for _, q, _ in work[:8]],
    }


def measure(size: int) -> dict[str, Any]:
    result: dict[str, Any] = {"children_requested": size, "load_average_before": load_average()}
    if REUSE and abs(Child.objects.count() - size) < size * 0.02:
        result["load"] = "reused"
    else:
        empty_tables()
        result["load"] = data.load(size, seed=7)
    result["children"] = Child.objects.count()
    result["caregivers"] = Caregiver.objects.count()
    if LOAD_ONLY:
        return result
    rng = random.Random(size)
    for label, user in users().items():
        result[f"scope_{label}"] = selectors.children_visible_to(user).count()
        result[f"search_{label}"] = measure_search(user, rng)
    if not SCAN_MAX or size <= SCAN_MAX:
        started = time.perf_counter()
        pairs = sum(1 for _ in scan())
        result["duplicate_scan_s"] = round(time.perf_counter() - started, 1)
        result["duplicate_pairs"] = pairs
    result["load_average_after"] = load_average()
    return result


def main() -> None:
    started_load = load_average()
    call_command("migrate", verbosity=0)
    reference.load_reference()
    sizes = [n for n in SIZES if connection.vendor == "postgresql" or n <= SQLITE_MAX]
    results = []
    for size in sizes:
        results.append(measure(size))
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "sizes": sizes,
                "skipped_sizes": [n for n in SIZES if n not in sizes],
                "load_average_start": started_load,
                "load_average_end": load_average(),
                "results": results,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
