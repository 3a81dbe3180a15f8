"""Reads of the ledger, always starting from the user's scope."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Sum
from django.utils import timezone

from .choices import RequestState, Use
from .models import Allocation, AllocationRequest, Expenditure, ReversalRequest


def balance_column():
    """What `Allocation.balance` says, as a column: neither passed down, nor held for a
    pass-down awaiting approval, nor spent."""
    return F("amount") - F("passed_down") - F("held") - F("spent")


def _with_left(allocations):
    return allocations.alias(left=balance_column())


def with_balance(allocations):
    """Allocations with money left (`Allocation.balance` > 0)."""
    return _with_left(allocations).filter(left__gt=0)


def idle(allocations, *, today: datetime.date | None = None):
    """Allocations older than FUNDS_IDLE_DAYS with most of their money still unspent."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.FUNDS_IDLE_DAYS)
    share = Decimal(str(settings.FUNDS_IDLE_SHARE))
    return _with_left(allocations).filter(allocated_on__lte=cutoff, left__gt=F("amount") * share)


def spent_by_use(allocation: Allocation) -> list[tuple[str, Decimal]]:
    """Net spending of an allocation per use (reversals included): one grouped query."""
    rows = dict(
        Expenditure.objects.filter(allocation=allocation)
        .values_list("use")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return [(use.label, rows.get(use.value, Decimal("0"))) for use in Use if use.value in rows]


def allocation_tree(*, appropriation, user):
    """The batch's allocations in the user's scope, in tree order, with their depth."""
    allocations = list(
        Allocation.objects.visible_to(user)
        .filter(appropriation=appropriation)
        .select_related("organization")
        .order_by("organization__path", "pk")
    )
    levels = {}
    for allocation in allocations:
        allocation.level = levels.get(allocation.parent_id, -1) + 1
        levels[allocation.pk] = allocation.level
    return allocations


def pending_allocation_requests(user):
    """Allocations awaiting a second person's approval, in the user's scope. Their money is
    held on the batch or allocation they come from, and counts nowhere as allocated: an
    `Allocation` row exists only once approved."""
    return (
        AllocationRequest.objects.visible_to(user)
        .filter(state=RequestState.PENDING)
        .select_related("organization", "requested_by", "appropriation")
    )


def reversal_requests(user):
    """Every request to reverse an entry in the user's scope, newest first, with who asked
    and who decided."""
    return ReversalRequest.objects.visible_to(user).select_related(
        "entry", "requested_by", "decided_by", "reversal"
    )
