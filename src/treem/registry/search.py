"""Finding children by name, ID number or caregiver, with filters.

Names are matched on the accent-free key (`fold`), so "nguyen thi huong" finds "Nguyễn Thị
Hương". Typos are tolerated: on PostgreSQL every word typed may be one typo away from a word of
the name, found through a word-level index (`search_pg.py`), ranked by pg_trgm's word
similarity; on SQLite the `similar` lookup narrows candidates by shared 3-letter pieces and the
ranking below does the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils import timezone

from treem.core.text import fold
from treem.registry.models import Caregiver, Child, CircumstanceEpisode
from treem.registry.models.child import CHILD_AGE_LIMIT
from treem.registry.models.choices import LifeStatus

# Name parts so common that they do not narrow a search, nor are worth a typo search.
COMMON_PARTS = frozenset(
    """nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly
    thi van""".split()  # noqa: SIM905  (a word list reads better as text)
)
SQLITE_CANDIDATES = 5000
_ID_LIKE = re.compile(r"^[\d\s.\-]{9,}$")


@dataclass
class Filters:
    query: str = ""
    caregiver: str = ""
    sex: str = ""
    group: str = ""
    unit_path: str = ""
    status: str = ""  # active | over_age | moved_away | deceased | "" (all)
    age_min: int | None = None
    age_max: int | None = None
    birth_registered: bool | None = None
    on: dt.date = field(default_factory=timezone.localdate)
    # The subtrees (unit paths) the searcher may see, from `access.read_roots`: the queryset is
    # already scoped; these only let the name index narrow by place (PostgreSQL).
    within: tuple[str, ...] = ()


def _birth_bounds(on: dt.date, age_min: int | None, age_max: int | None) -> Q:
    condition = Q()
    if age_min is not None:
        condition &= Q(birth_date__lte=_years_before(on, age_min))
    if age_max is not None:
        condition &= Q(birth_date__gt=_years_before(on, age_max + 1))
    return condition


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def apply_filters(qs: QuerySet[Child], filters: Filters) -> QuerySet[Child]:
    """Everything but the free-text name query (which also decides ordering)."""
    on = filters.on
    if filters.sex:
        qs = qs.filter(sex=filters.sex)
    if filters.unit_path:
        qs = qs.filter(unit_path__prefix=filters.unit_path)
    if filters.birth_registered is not None:
        qs = qs.filter(birth_registered=filters.birth_registered)
    qs = qs.filter(_birth_bounds(on, filters.age_min, filters.age_max))
    cutoff = _years_before(on, CHILD_AGE_LIMIT)
    if filters.status == "active":
        qs = qs.filter(life_status=LifeStatus.LIVING, birth_date__gt=cutoff)
    elif filters.status == "over_age":
        qs = qs.filter(life_status=LifeStatus.LIVING, birth_date__lte=cutoff)
    elif filters.status in (LifeStatus.MOVED_AWAY, LifeStatus.DECEASED):
        qs = qs.filter(life_status=filters.status)
    if filters.group:
        open_episode = CircumstanceEpisode.objects.filter(
            child=OuterRef("pk"), group=filters.group, started_on__lte=on
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        qs = qs.filter(Exists(open_episode))
    if filters.caregiver:
        qs = qs.filter(Exists(_caregiver_match(filters.caregiver).filter(child=OuterRef("pk"))))
    return qs


def _caregiver_match(text: str) -> QuerySet[Caregiver]:
    digits = re.sub(r"\D", "", text)
    if digits and len(digits) >= 9:
        if len(digits) == 12:
            return Caregiver.objects.filter(personal_id=digits)
        phone = "0" + digits[2:] if digits.startswith("84") else digits
        return Caregiver.objects.filter(phone=phone)
    key = fold(text)
    if connection.vendor == "postgresql":
        from treem.registry.search_pg import caregivers_named  # needs django.contrib.postgres

        return caregivers_named(key)
    qs = Caregiver.objects.all()
    for word in key.split():
        qs = qs.filter(name_key__contains=word)
    return qs


def search(qs: QuerySet[Child], filters: Filters, *, limit: int | None = None) -> Any:
    """Children matching `filters`, best first. Returns a queryset when no name is given (or on
    PostgreSQL), a ranked list on SQLite."""
    qs = apply_filters(qs, filters)
    query = filters.query.strip()
    if not query:
        return qs.order_by("full_name", "birth_date", "pk")
    if _ID_LIKE.match(query):
        return qs.filter(personal_id=re.sub(r"\D", "", query)).order_by("pk")
    key = fold(query)
    if connection.vendor == "postgresql":
        from treem.registry.search_pg import search_names  # needs django.contrib.postgres

        roots = (filters.unit_path,) if filters.unit_path else filters.within
        return search_names(qs, key, COMMON_PARTS, roots=roots)
    exact = Q()
    for word in key.split():
        exact &= Q(name_key__contains=word)
    return _rank_sqlite(qs, key, exact, limit or 200)


def _rank_sqlite(qs: QuerySet[Child], key: str, exact: Q, limit: int) -> list[Child]:
    words = key.split()
    rare = [w for w in words if w not in COMMON_PARTS] or words
    # Names holding every word come first, so that the cap on candidates never drops an exact
    # match in favour of a name that merely shares some 3-letter pieces (a province has tens of
    # thousands of those).
    holds_every_word = ExpressionWrapper(exact, output_field=BooleanField())
    candidates = (
        qs.filter(exact | Q(name_key__similar=" ".join(rare)))
        .order_by(OrderBy(holds_every_word, descending=True))
        .values_list("pk", "name_key")[:SQLITE_CANDIDATES]
    )
    ranked = sorted(
        ((word_similarity(key, name), pk) for pk, name in candidates), key=lambda p: -p[0]
    )
    ids = [pk for score, pk in ranked if score >= 0.5][:limit]
    order = {pk: i for i, pk in enumerate(ids)}
    full = list(qs.filter(pk__in=ids).select_related("unit", "village"))
    return sorted(full, key=lambda c: order[c.pk])


def _trigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def word_similarity(query: str, target: str) -> float:
    """How much of the query's trigrams the target contains (like pg_trgm's word_similarity,
    simplified): 1.0 when every query word appears, lower with each typo."""
    wanted = _trigrams(query)
    if not wanted:
        return 0.0
    return len(wanted & _trigrams(target)) / len(wanted)
