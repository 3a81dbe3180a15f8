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


def whole_table_count(queryset) -> tuple[int, bool] | None:
    """(rows, estimated) of `queryset` if it is its whole table on PostgreSQL, in the one
    query a count would cost: the planner's estimate when it says more than
    LIST_ESTIMATE_FROM, else the exact count (the sub-select runs only then). None for
    anything else, which is counted as usual."""
    query = getattr(queryset, "query", None)
    if query is None or query.where or query.distinct or query.combinator:
        return None
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    table = queryset.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN reltuples >= %s THEN reltuples::bigint "
            f"ELSE (SELECT COUNT(*) FROM {connection.ops.quote_name(table)}) END, "
            "reltuples >= %s FROM pg_class WHERE oid = %s::regclass",
            [settings.LIST_ESTIMATE_FROM, settings.LIST_ESTIMATE_FROM, table],
        )
        rows, estimated = cursor.fetchone()
    return rows, estimated


class EstimatingPage(Page):
    def has_next(self):
        if self.paginator.estimated:
            return len(self.object_list) == self.paginator.per_page
        return super().has_next()


class EstimatingPaginator(Paginator):
    estimated = False

    @cached_property
    def count(self):
        counted = whole_table_count(self.object_list)
        if counted is None:
            return super().count
        rows, self.estimated = counted
        return rows

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
