"""Pagination for lists that reach a million rows.

Django's Paginator counts with a full COUNT on every request and reads page N with
OFFSET (N-1)×size, so the last page of a million rows walks a million rows. This one:

- with `cap`, counts at most `cap` + 1 rows (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`), the
  way healthchecks caps its admin paginator: nobody reads the exact total of a million, and
  past `cap` the list says "hơn 10.000" and offers `cap` rows (filter to narrow it). Counting
  ten thousand index entries costs a few milliseconds whatever the table's size, so the count
  needs no cache. Without `cap` (the reviewer's queue, whose total is a progress figure) the
  count is exact;
- reads a page in the second half of an exactly counted list backwards: the reversed ordering
  with a small OFFSET from the end, then the rows turned round. The last page costs what the
  first does. The orderings used with it end with the primary key, so the reverse is exact. A
  capped list's end is not known, so its pages are read forwards (at most `cap` rows deep);
- deep in a list read forwards (from DEFERRED_FROM rows on), reads the page's ids in a
  subquery and then those rows, in the same query: the OFFSET then walks the ordering's index
  only, not every joined row before the page (181 ms → a few ms for page 400 of the province's
  list at 100.000 models), and a deep page costs as many queries as a first one.
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db.models.query import ModelIterable

# From this many rows deep, a forward read fetches the page's ids first (see above).
DEFERRED_FROM = 1000


class LargeListPaginator(Paginator):
    def __init__(self, object_list, per_page, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self):
        queryset = self.object_list.order_by()
        if self.cap is None:
            return queryset.count()
        return queryset[: self.cap + 1].count()

    @cached_property
    def capped(self):
        """True when there are more rows than `cap`: `count` is then `cap`."""
        return self.cap is not None and self._counted > self.cap

    @cached_property
    def count(self):
        return self.cap if self.capped else self._counted

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if not self.capped and bottom > self.count // 2 and queryset.ordered:
            rows = list(queryset.reverse()[self.count - top : self.count - bottom])
            rows.reverse()
        elif bottom >= DEFERRED_FROM and queryset._iterable_class is ModelIterable:
            # One query either way: the page's ids in a subquery, then those rows in order.
            rows = queryset.filter(pk__in=queryset.values("pk")[bottom:top])
        else:
            rows = queryset[bottom:top]
        return self._get_page(rows, number, self)
