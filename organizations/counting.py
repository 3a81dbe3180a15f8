"""How many rows a list has, without counting a county's whole table on every page.

A county-wide list with no filter is the whole table: counting it is a full scan (600,000
front-line records took 100 ms at scale 10, on every page). For such a list on PostgreSQL,
once the table holds more than `LIST_ESTIMATE_FROM` rows, the planner's own row estimate
(`pg_class.reltuples`, kept by ANALYZE and autovacuum) stands in for COUNT(*) and the page
says 约. Any filter, a township's or a branch's scope, a smaller table, or SQLite: counted
exactly, as before.

An estimate may be a little off, so a page past it is not refused (it shows what is there,
or nothing), and a full page always offers the next one.
"""

from functools import cached_property

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.translation import gettext as _


def table_estimate(queryset) -> int | None:
    """The planner's estimate of the rows of `queryset`'s table, if `queryset` is that
    whole table, on PostgreSQL, and larger than LIST_ESTIMATE_FROM; else None."""
    query = getattr(queryset, "query", None)
    if query is None or query.where or query.distinct or query.combinator:
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    if row is None or row[0] < settings.LIST_ESTIMATE_FROM:
        return None  # never analyzed (-1), or small enough to count
    return row[0]


class EstimatingPage(Page):
    def has_next(self):
        if self.paginator.estimated:
            return len(self.object_list) == self.paginator.per_page
        return super().has_next()


class EstimatingPaginator(Paginator):
    estimated = False

    @cached_property
    def count(self):
        estimate = table_estimate(self.object_list)
        if estimate is None:
            return super().count
        self.estimated = True
        return estimate

    def validate_number(self, number):
        """With an estimate, any page from 1 on: past the end it is empty."""
        if not (self.count and self.estimated):
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("页码必须是整数。")) from None
        if number < 1:
            raise EmptyPage(_("页码不能小于 1。"))
        return number

    def page(self, number):
        """With an estimate, a whole page of whatever is there (Django would stop the last
        page at the estimated count)."""
        if not (self.count and self.estimated):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)

    def _get_page(self, *args, **kwargs):
        return EstimatingPage(*args, **kwargs)
