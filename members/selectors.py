"""Reads of the member registers that other apps show as figures."""

import datetime

from django.db.models import Count, Q, QuerySet

from .models import Post, PostAssignment


def members_on_duty(*, posts: QuerySet[Post], day: datetime.date, by: str | None = None):
    """在岗党员: distinct members assigned, on `day`, to a post that is itself active that day.

    The one definition behind the dashboard and the pre-filled status report (notice §4:
    党员先锋岗、示范岗、责任区), so a member on two posts counts once. Without `by`, one
    number; with `by` (a lookup from the assignment, e.g. "post__township"), a dict from
    each value of that lookup to its count.
    """
    active = Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    assignments = PostAssignment.objects.filter(active, post__in=posts.filter(active))
    if by is None:
        return assignments.values("member").distinct().count()
    rows = assignments.values_list(by).annotate(n=Count("member", distinct=True)).order_by()
    return dict(rows)
