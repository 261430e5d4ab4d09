"""A paginator that reads a page and the list's totals in one query.

A ranked search must find and order every match before it can return the first page, so the
separate `COUNT(*)` a paginator normally runs repeats the whole search. Here the page query also
carries the totals as window aggregates over the same rows (`COUNT(*) OVER ()`), and the count
is taken from the first row. Use it for lists that are sorted on something no index provides
(the child list and search); for a list an index can return in order, the window would make the
database read every row for a page it could have stopped early.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Aggregate, Count, QuerySet, Window

TOTAL = "_page_total"


class WindowTotalsPaginator(Paginator):
    """`totals` (name → aggregate) are computed with the page and exposed as `.totals`."""

    def __init__(
        self, object_list: Any, per_page: int, *, totals: Mapping[str, Aggregate] | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(object_list, per_page, **kwargs)
        self.totals_wanted = dict(totals or {})
        self.totals: dict[str, int] | None = None

    def page(self, number: Any) -> Page:
        if not isinstance(self.object_list, QuerySet) or "count" in self.__dict__:
            return super().page(number)
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Số trang phải là số nguyên.") from None
        if wanted < 1:
            raise EmptyPage("Số trang phải từ 1 trở lên.")
        bottom = (wanted - 1) * self.per_page
        windows = {
            TOTAL: Window(Count("*")),
            **{
                f"_page_{name}": Window(aggregate) for name, aggregate in self.totals_wanted.items()
            },
        }
        end = bottom + self.per_page + self.orphans
        rows = list(self.object_list.annotate(**windows)[bottom:end])
        if not rows:
            return super().page(number)  # past the end, or nothing at all: the usual path
        first = rows[0]
        self.__dict__["count"] = getattr(first, TOTAL)  # the cached_property's slot
        self.totals = {name: getattr(first, f"_page_{name}") for name in self.totals_wanted}
        number = self.validate_number(wanted)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(rows[: top - bottom], number, self)
