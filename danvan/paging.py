"""Pagination for lists that reach a million rows.

Django's Paginator counts with a full COUNT on every request and reads page N with
OFFSET (N-1)×size, so the last page of a million rows walks a million rows. This one:

- takes the total from `stats.cache.cached_count` (counted once per data version and filter);
- reads a page in the second half of the list backwards: the reversed ordering with a small
  OFFSET from the end, then the rows turned round. The last page costs what the first does.
  The orderings used with it end with the primary key, so the reverse is exact.
"""

from functools import cached_property

from django.core.paginator import Paginator


class LargeListPaginator(Paginator):
    @cached_property
    def count(self):
        from stats.cache import cached_count

        return cached_count(self.object_list)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if bottom > self.count // 2 and queryset.ordered:
            rows = list(queryset.reverse()[self.count - top : self.count - bottom])
            rows.reverse()
        else:
            rows = queryset[bottom:top]
        return self._get_page(rows, number, self)
