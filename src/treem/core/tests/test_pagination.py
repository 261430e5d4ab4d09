"""The paginator that reads a page and its totals in one query."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from treem.core.pagination import WindowTotalsPaginator
from treem.geo.models import Unit

pytestmark = pytest.mark.django_db
TOTALS = {"in_khanh_hoa": Count("pk", filter=Q(path__startswith="c/56/"))}


def communes() -> Any:
    return Unit.objects.filter(version="current", level="commune").order_by("name", "pk")


def test_a_page_and_its_totals_come_from_one_query() -> None:
    expected = Paginator(communes(), 25).page(3)
    paginator = WindowTotalsPaginator(communes(), 25, totals=TOTALS)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(3)
        assert paginator.count == expected.paginator.count
        assert paginator.num_pages == expected.paginator.num_pages
    assert len(queries) == 1
    assert [u.pk for u in page] == [u.pk for u in expected]
    assert page.has_next() and page.has_previous()
    assert paginator.totals == communes().aggregate(**TOTALS)


def test_the_last_page_takes_its_orphans() -> None:
    count = communes().count()
    per_page = 40
    last = -(-count // per_page)
    orphans = count - (last - 1) * per_page  # the rows of the last page: fold them back
    paginator = WindowTotalsPaginator(communes(), per_page, orphans=orphans)
    page = paginator.page(last - 1)
    assert not page.has_next()
    assert page.end_index() == count
    assert len(page) == per_page + orphans


def test_pages_past_the_end_and_bad_numbers_fall_back_as_django_does() -> None:
    paginator = WindowTotalsPaginator(communes(), 25)
    assert paginator.get_page("abc").number == 1
    assert paginator.get_page(10**6).number == paginator.num_pages
    empty = WindowTotalsPaginator(communes().none(), 25, totals=TOTALS)
    assert empty.get_page(1).number == 1
    assert empty.count == 0 and empty.totals is None


def test_a_list_that_is_not_a_queryset_is_paginated_as_usual() -> None:
    paginator = WindowTotalsPaginator(list(range(95)), 10)
    assert list(paginator.page(10)) == list(range(90, 95))
    assert paginator.totals is None
