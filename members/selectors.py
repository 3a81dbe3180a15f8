"""Reads of the member registers that other apps show as figures."""

import datetime

from django.db import connections
from django.db.models import Count, Q, QuerySet

from .models import Post, PostAssignment


def members_on_duty(*, posts: QuerySet[Post], day: datetime.date, by: str | None = None):
    """在岗党员: distinct members assigned, on `day`, to a post that is itself active that day.

    The one definition behind the dashboard and the pre-filled status report (notice §4:
    党员先锋岗、示范岗、责任区), so a member on two posts counts once. Without `by`, one
    number; with `by` (a lookup from the assignment, e.g. "post__township"), a dict from
    each value of that lookup to its count.
    """
    assignments = _on_duty(posts, day)
    if by is None:
        return assignments.values("member").distinct().count()
    rows = assignments.values_list(by).annotate(n=Count("member", distinct=True)).order_by()
    return dict(rows)


def _on_duty(posts: QuerySet[Post], day: datetime.date) -> QuerySet[PostAssignment]:
    active = Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    return PostAssignment.objects.filter(active, post__in=posts.filter(active))


def members_on_duty_breakdown(*, posts: QuerySet[Post], day: datetime.date):
    """`members_on_duty` in all, by post kind and by township, as the dashboard shows them:
    (total, {kind: n}, {township: n}). On PostgreSQL one pass over the assignments
    (GROUPING SETS) instead of three, each still counting a member once."""
    assignments = _on_duty(posts, day)
    if connections[assignments.db].vendor != "postgresql":
        return (
            members_on_duty(posts=posts, day=day),
            members_on_duty(posts=posts, day=day, by="post__kind"),
            members_on_duty(posts=posts, day=day, by="post__township"),
        )
    sql, params = assignments.values_list(
        "post__kind", "post__township", "member"
    ).query.sql_with_params()
    total, by_kind, by_township = 0, {}, {}
    with connections[assignments.db].cursor() as cursor:
        cursor.execute(
            "SELECT kind, township, GROUPING(kind), GROUPING(township), COUNT(DISTINCT member) "
            f"FROM ({sql}) AS on_duty(kind, township, member) "
            "GROUP BY GROUPING SETS ((kind), (township), ())",
            params,
        )
        for kind, township, no_kind, no_township, n in cursor.fetchall():
            if no_kind and no_township:
                total = n
            elif no_township:
                by_kind[kind] = n
            else:
                by_township[township] = n
    return total, by_kind, by_township
